// HTTP core: CORS on /api/*, HEAD, keep-alive, error format, body limits,
// malformed requests, path traversal, rate limits (PeerTube defaults and
// headers), graceful drain on SIGTERM.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { serverSuite, expectServerUp, ROOT_PASSWORD } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { request, rawExchange } from './lib/http.mjs'
import { login, passwordGrant, createUser } from './lib/auth.mjs'
import { makePng } from './lib/images.mjs'

serverSuite('http core', {}, (ctx, it) => {
  it('CORS: simple requests on /api/* allow any origin', async () => {
    const res = await ctx.api.get('/api/v1/config', { headers: { Origin: 'https://elsewhere.example' } })
    expectStatus(res, 200)
    assert.equal(res.headers['access-control-allow-origin'], '*')
    assert.match(res.headers['access-control-expose-headers'] || '', /retry-after/i, 'Retry-After is exposed')
    const err = await ctx.api.get('/api/v1/users/me', { headers: { Origin: 'https://elsewhere.example' } })
    expectStatus(err, 401)
    assert.equal(err.headers['access-control-allow-origin'], '*', 'errors carry CORS headers too')
  })

  it('CORS: preflight OPTIONS answers 204 with methods and requested headers', async () => {
    const res = await ctx.api.options('/api/v1/users/me', {
      headers: {
        Origin: 'https://elsewhere.example',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization,content-type'
      }
    })
    expectStatus(res, 204)
    assert.equal(res.headers['access-control-allow-origin'], '*')
    const methods = (res.headers['access-control-allow-methods'] || '').toUpperCase().split(/\s*,\s*/)
    for (const m of ['GET', 'HEAD', 'PUT', 'POST', 'DELETE']) assert.ok(methods.includes(m), `allow-methods ${methods}`)
    const allowed = (res.headers['access-control-allow-headers'] || '').toLowerCase()
    assert.ok(allowed.includes('authorization') && allowed.includes('content-type'), `allow-headers: ${allowed}`)
    assert.equal(res.body.length, 0)
  })

  it('HEAD answers like GET without a body', async () => {
    const get = await ctx.api.get('/api/v1/config')
    const head = await ctx.api.head('/api/v1/config')
    expectStatus(head, 200)
    assert.equal(head.body.length, 0)
    assert.equal(head.headers['content-type'], get.headers['content-type'])
    if (head.headers['content-length'] !== undefined) assert.equal(Number(head.headers['content-length']), get.body.length)
    expectStatus(await ctx.api.head('/api/v1/users/me'), 401)
  })

  it('keep-alive: one connection serves many requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const results = []
      for (let i = 0; i < 5; i++) results.push(await ctx.api.get('/api/v1/config', { agent }))
      for (const r of results) expectStatus(r, 200)
      assert.equal(results[0].reusedSocket, false)
      for (const r of results.slice(1)) assert.equal(r.reusedSocket, true, 'socket reused')
      for (const r of results) assert.notEqual((r.headers.connection || '').toLowerCase(), 'close')
      // an error response keeps the connection too
      const e = await ctx.api.get('/api/v1/users/me', { agent })
      expectStatus(e, 401)
      assert.equal(e.reusedSocket, true)
      const after = await ctx.api.get('/api/v1/config', { agent })
      assert.equal(after.reusedSocket, true)
    } finally {
      agent.destroy()
    }
  })

  it('pipelined requests are answered in order', async () => {
    const req = `GET /api/v1/config HTTP/1.1\r\nHost: ${ctx.server.host}\r\n\r\n`
    const last = `GET /api/v1/users/me HTTP/1.1\r\nHost: ${ctx.server.host}\r\nConnection: close\r\n\r\n`
    const { data } = await rawExchange(ctx.server.port, req + req + last, { waitMs: 3000 })
    // A response starts right after the previous body, which need not end in a newline.
    const statuses = [...data.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map(m => Number(m[1]))
    assert.deepEqual(statuses, [200, 200, 401], data.slice(0, 300))
  })

  it('unknown /api/v1 routes → 400 (as PeerTube), others → 404', async () => {
    const res = await ctx.api.get('/api/v1/this-does-not-exist')
    expectStatus(res, 400)
    expectStatus(await ctx.api.post('/api/v1/users/me/nothing-here', { token: ctx.rootToken, json: {} }), 400)
    expectStatus(await ctx.api.get('/api/v1/ping'), 200)
    assert.equal((await ctx.api.get('/api/v1/ping')).text, 'pong')
    expectStatus(await ctx.api.get('/lazy-static/not-a-kind/file.png'), 404)
  })

  it('errors use RFC 7807 application/problem+json', async () => {
    const res = await ctx.api.get('/api/v1/accounts/does_not_exist')
    const p = expectProblem(res, 404)
    assert.equal(typeof p.title, 'string')
    // validation errors carry invalid-params with express-validator's shape
    const v = await ctx.api.get('/api/v1/users/notanid', { token: ctx.rootToken })
    const pv = expectProblem(v, 400, { invalidParams: ['id'] })
    assert.equal(pv['invalid-params'].id.location, 'params')
    assert.equal(pv['invalid-params'].id.value, 'notanid')
  })

  it('malformed and mistyped JSON → 400, the server stays up', async () => {
    const bodies = ['{', '{"a":}', '[1,2', 'null', '"str"', '{"displayName": "\\ud800"}', '\u0000\u0001\u0002', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}']
    for (const b of bodies) {
      const res = await ctx.api.put('/api/v1/users/me', { token: ctx.rootToken, body: b, contentType: 'application/json' })
      assert.ok(res.status >= 200 && res.status < 500, `${JSON.stringify(b.slice(0, 20))}: ${res.describe()}`)
      if (res.status >= 400) expectProblem(res, res.status, { what: JSON.stringify(b.slice(0, 20)) })
    }
    // whatever was accepted is still served as valid JSON
    const meRes = await ctx.api.get('/api/v1/users/me', { token: ctx.rootToken })
    expectValid(meRes, undefined, 'get', '/api/v1/users/me')
    expectProblem(await ctx.api.put('/api/v1/users/me', { token: ctx.rootToken, body: '{', contentType: 'application/json' }), 400)
    expectProblem(await ctx.api.put('/api/v1/users/me', { token: ctx.rootToken, json: { autoPlayVideo: [true] } }), 400)
    // a body whose Content-Length is larger than what is sent: the request times out or fails, the server survives
    await rawExchange(ctx.server.port,
      `PUT /api/v1/users/me HTTP/1.1\r\nHost: ${ctx.server.host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":1}`, { waitMs: 500 })
    await expectServerUp(ctx.api)
  })

  it('JSON bodies over 500 kB → 413', async () => {
    const big = { displayName: 'x', description: 'y'.repeat(600 * 1024) }
    const res = await ctx.api.put('/api/v1/users/me', { token: ctx.rootToken, json: big })
    expectProblem(res, 413)
    // far too large: 413 or a closed connection, never a crash
    let huge = null
    try {
      huge = await request(ctx.api.base, 'POST', '/api/v1/users/register', {
        body: Buffer.alloc(64 * 1024 * 1024, 0x20), contentType: 'application/json', timeout: 20000
      })
    } catch (err) {
      assert.match(String(err.code || err.message), /ECONNRESET|EPIPE|socket hang up/i)
    }
    if (huge) expectStatus(huge, 413)
    await expectServerUp(ctx.api)
  })

  it('garbage on the wire → 400 or a closed connection, server up', async () => {
    const junk = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      `GET /api/v1/config HTTP/1.1\r\nHost: ${ctx.server.host}\r\nContent-Length: -5\r\n\r\n`,
      `GET /api/v1/config HTTP/1.1\r\nHost: ${ctx.server.host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `GET /api/v1/config HTTP/1.1\r\nHost: ${ctx.server.host}\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`,
      `GET /${'a'.repeat(64 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' // a TLS ClientHello
    ]
    for (const j of junk) {
      const { data } = await rawExchange(ctx.server.port, j, { waitMs: 1500 })
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data)
      if (m) assert.ok((Number(m[1]) >= 400 && Number(m[1]) < 500) || Number(m[1]) === 505, `${JSON.stringify(j.slice(0, 40))} → ${data.slice(0, 100)}`)
    }
    await expectServerUp(ctx.api)
  })

  it('path traversal never escapes the storage directories', async () => {
    // secrets next to and above the storage root
    const secret = 'SECRET-' + randomSuffix(12)
    fs.writeFileSync(path.join(ctx.server.dir, 'secret.txt'), secret)
    fs.writeFileSync(path.join(ctx.server.storageRoot, 'secret.txt'), secret)
    const targets = ['secret.txt', 'config.yaml', 'etc/passwd']
    const prefixes = ['/lazy-static/avatars/', '/lazy-static/banners/', '/static/web-videos/', '/static/streaming-playlists/hls/', '/']
    const encodings = [
      d => '../'.repeat(d),
      d => '..%2F'.repeat(d),
      d => '%2e%2e%2f'.repeat(d),
      d => '%2e%2e/'.repeat(d),
      d => '..%5C'.repeat(d),
      d => '%252e%252e%252f'.repeat(d),
      d => '....//'.repeat(d),
      d => '..%c0%af'.repeat(d),
      d => '%c0%ae%c0%ae/'.repeat(d)
    ]
    let tried = 0
    for (const prefix of prefixes) {
      for (const enc of encodings) {
        for (const depth of [1, 2, 3, 8]) {
          for (const target of targets) {
            const p = prefix + enc(depth) + target
            const res = await ctx.api.get(p)
            tried++
            assert.ok(!res.text.includes(secret), `${p} leaked a secret file`)
            assert.ok(!res.text.includes('root:x:0:0'), `${p} leaked /etc/passwd`)
            assert.ok(!res.text.includes('rates_limit'), `${p} leaked the config file`)
            // Under '/', unknown paths are web-client routes: index.html (200, HTML) is the right answer.
            const clientPage = prefix === '/' && res.status === 200 && /^text\/html/.test(res.headers['content-type'] || '')
            assert.ok(clientPage || (res.status >= 300 && res.status < 500), `${p} → ${res.status}`)
          }
        }
      }
    }
    for (const p of ['/lazy-static/avatars/%00', '/lazy-static/avatars/..', '/lazy-static/avatars/.', '/lazy-static/avatars/',
      '/lazy-static/avatars/%2e%2e', '/lazy-static/avatars/..;/secret.txt', '/lazy-static/avatars//etc/passwd']) {
      const res = await ctx.api.get(p)
      assert.ok(res.status >= 300 && res.status < 500, `${p} → ${res.describe()}`)
      assert.ok(!res.text.includes(secret) && !res.text.includes('root:x:0:0'))
    }
    assert.ok(tried > 500)
    await expectServerUp(ctx.api)
  })

  it('access log records requests', async () => {
    const marker = '/api/v1/config?marker=' + randomSuffix(10)
    expectStatus(await ctx.api.get(marker), 200)
    await sleep(300)
    const log = fs.readFileSync(ctx.server.logFile, 'utf8')
    assert.ok(log.includes(marker.split('?')[1]) || log.includes(marker), 'the request appears in the server output')
  })
})

// Rate limits with PeerTube's keys. Each scenario uses its own loopback source
// address (127.0.0.x), so that their counters do not mix.
serverSuite('rate limits', {
  config: {
    rates_limit: {
      api: { window: '10 seconds', max: 6 },
      login: { window: '5 minutes', max: 3 },
      signup: { window: '5 minutes', max: 2 }
    }
  },
  loginRoot: false
}, (ctx, it) => {
  it('X-RateLimit-* headers count down, then 429 with Retry-After', async () => {
    const from = { localAddress: '127.0.0.11' }
    const seen = []
    for (let i = 0; i < 6; i++) {
      const res = await ctx.api.get('/api/v1/config', from)
      expectStatus(res, 200, `request ${i + 1}`)
      seen.push(res)
    }
    assert.equal(seen[0].headers['x-ratelimit-limit'], '6')
    assert.deepEqual(seen.map(r => Number(r.headers['x-ratelimit-remaining'])), [5, 4, 3, 2, 1, 0])
    const reset = Number(seen[0].headers['x-ratelimit-reset'])
    const now = Date.now() / 1000
    assert.ok(reset > now - 1 && reset <= now + 11, `X-RateLimit-Reset ${reset} is a UNIX time within the window`)

    const limited = await ctx.api.get('/api/v1/config', from)
    expectStatus(limited, 429)
    const retry = Number(limited.headers['retry-after'])
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 10, `Retry-After: ${limited.headers['retry-after']}`)
    assert.equal(limited.headers['x-ratelimit-remaining'], '0')

    // another client is not affected
    expectStatus(await ctx.api.get('/api/v1/config', { localAddress: '127.0.0.12' }), 200)
  })

  it('login attempts: rates_limit.login', async () => {
    const from = { localAddress: '127.0.0.13' }
    for (let i = 0; i < 3; i++) {
      expectProblem(await passwordGrant(ctx.api, 'root', 'bad-password', from), 400, { code: 'invalid_grant' })
    }
    expectStatus(await passwordGrant(ctx.api, 'root', ROOT_PASSWORD, from), 429)
    expectStatus(await passwordGrant(ctx.api, 'root', ROOT_PASSWORD, { localAddress: '127.0.0.14' }), 200)
  })

  it('signup: rates_limit.signup counts successful registrations only', async () => {
    const from = { localAddress: '127.0.0.15' }
    const reg = (username) => ctx.api.post('/api/v1/users/register', { json: { username, password: 'pass-12345', email: `${username}@example.com` }, ...from })
    expectProblem(await reg('Bad Name'), 400)
    expectStatus(await reg('rl' + randomSuffix()), [204, 200])
    expectStatus(await reg('rl' + randomSuffix()), [204, 200])
    expectStatus(await reg('rl' + randomSuffix()), 429)
  })

  it('administrators are not rate limited', async () => {
    const from = { localAddress: '127.0.0.16' }
    const t = await login(ctx.api, 'root', ROOT_PASSWORD, from)
    let limited = null
    for (let i = 0; i < 10 && !limited; i++) {
      const r = await ctx.api.get('/api/v1/config', from)
      if (r.status === 429) limited = r
    }
    assert.ok(limited, 'anonymous requests get limited')
    expectStatus(await ctx.api.get('/api/v1/config', { ...from, token: t.access_token }), 200, 'admin bypass')
    expectStatus(await ctx.api.get('/api/v1/users/me', { ...from, token: t.access_token }), 200, 'admin bypass')
  })
})

// Graceful drain: SIGTERM stops accepting, finishes in-flight requests, exits 0.
serverSuite('graceful shutdown', {}, (ctx, it) => {
  it('SIGTERM lets an in-flight request finish, then exits with code 0', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: 'drain' + randomSuffix() })
    const body = Buffer.from(JSON.stringify({ displayName: 'Drained', description: 'finished after SIGTERM' }))
    const inflight = new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: ctx.server.port,
        method: 'PUT',
        path: '/api/v1/users/me',
        agent: false,
        headers: { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json', 'Content-Length': body.length }
      }, res => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      })
      req.on('error', reject)
      req.write(body.subarray(0, 10))
      setTimeout(() => {
        ctx.server.expectingExit = true
        ctx.server.proc.kill('SIGTERM')
        setTimeout(() => req.end(body.subarray(10)), 500)
      }, 300)
    })
    const status = await inflight
    assert.equal(status, 204, 'the in-flight request completes')
    const exit = await Promise.race([ctx.server.exited, sleep(10000).then(() => 'timeout')])
    assert.deepEqual(exit, { code: 0, signal: null }, 'clean exit after SIGTERM')

    // the update was committed: start again and look
    await ctx.server.spawn()
    const t = await login(ctx.api, user.username, user.password)
    const me = await ctx.api.get('/api/v1/users/me', { token: t.access_token })
    assert.equal(expectValid(me, undefined, 'get', '/api/v1/users/me').account.displayName, 'Drained')
  })

  it('a request arriving after SIGTERM is refused or answered, never hung', async () => {
    const idle = await ctx.api.get('/api/v1/config')
    expectStatus(idle, 200)
    ctx.server.expectingExit = true
    ctx.server.proc.kill('SIGTERM')
    await sleep(200)
    try {
      const r = await request(ctx.api.base, 'GET', '/api/v1/config', { timeout: 3000 })
      assert.ok([200, 503].includes(r.status), r.describe())
    } catch (err) {
      assert.match(String(err.code || err.message), /ECONNREFUSED|ECONNRESET|socket hang up/)
    }
    const exit = await Promise.race([ctx.server.exited, sleep(10000).then(() => 'timeout')])
    assert.deepEqual(exit, { code: 0, signal: null })
    await ctx.server.spawn() // for the suite's own clean-up
  })
})
