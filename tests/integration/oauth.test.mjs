// OAuth2 as PeerTube does it (server/core/lib/auth/oauth.ts, controllers/api/users/token.ts):
// form-encoded POST /api/v1/users/token, password and refresh_token grants,
// errors answered with res.fail({ status: err.code, type: err.name }).
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { serverSuite, ROOT_PASSWORD, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { getClient, passwordGrant, refreshGrant, login, createUser } from './lib/auth.mjs'

serverSuite('oauth', {}, (ctx, it) => {
  it('GET /api/v1/oauth-clients/local gives the local client', async () => {
    const res = await ctx.api.get('/api/v1/oauth-clients/local')
    expectStatus(res, 200)
    const body = expectValid(res, undefined, 'get', '/api/v1/oauth-clients/local')
    // PeerTube's installer: client_id 32 chars of [a-z0-9], client_secret 32 alphanumerics
    assert.match(body.client_id, /^[a-z0-9]{32}$/)
    assert.match(body.client_secret, /^[a-zA-Z0-9]{32}$/)
    const again = await ctx.api.get('/api/v1/oauth-clients/local')
    assert.deepEqual(again.json, body, 'the local client is stable')
  })

  it('GET /api/v1/oauth-clients/local refuses a foreign Host header (403)', async () => {
    const res = await ctx.api.get('/api/v1/oauth-clients/local', { headers: { Host: 'evil.example.com:1234' } })
    expectProblem(res, 403)
  })

  it('password grant returns PeerTube token fields', async () => {
    const res = await passwordGrant(ctx.api, 'root', ROOT_PASSWORD)
    expectStatus(res, 200)
    const body = expectValid(res, undefined, 'post', '/api/v1/users/token')
    assert.equal(body.token_type, 'Bearer')
    assert.equal(typeof body.access_token, 'string')
    assert.equal(typeof body.refresh_token, 'string')
    assert.ok(body.access_token.length >= 32)
    assert.notEqual(body.access_token, body.refresh_token)
    // defaults: oauth2.token_lifetime.access_token '1 day', refresh_token '2 weeks'
    assert.ok(Math.abs(body.expires_in - 86400) <= 60, `expires_in ${body.expires_in}`)
    assert.ok(Math.abs(body.refresh_token_expires_in - 14 * 86400) <= 60, `refresh_token_expires_in ${body.refresh_token_expires_in}`)
    assert.equal(res.headers['cache-control'], 'no-store')
    assert.equal(res.headers.pragma, 'no-cache')
  })

  it('logs in with the e-mail or a differently-cased username', async () => {
    const name = 'mailer' + randomSuffix()
    await createUser(ctx.api, ctx.rootToken, { username: name, password: 'mail-pass-123', email: `${name}@example.org` })
    const byEmail = await passwordGrant(ctx.api, `${name}@example.org`, 'mail-pass-123')
    expectStatus(byEmail, 200, 'login by e-mail')
    const byUpper = await passwordGrant(ctx.api, name.toUpperCase(), 'mail-pass-123')
    expectStatus(byUpper, 200, 'login with upper-cased username')
    const meRes = await ctx.api.get('/api/v1/users/me', { token: byEmail.json.access_token })
    expectStatus(meRes, 200)
    assert.equal(meRes.json.username, name)
  })

  it('two logins give two independent sessions', async () => {
    const a = await login(ctx.api, 'root', ROOT_PASSWORD)
    const b = await login(ctx.api, 'root', ROOT_PASSWORD)
    assert.notEqual(a.access_token, b.access_token)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: a.access_token }), 200)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: b.access_token }), 200)
    expectStatus(await ctx.api.post('/api/v1/users/revoke-token', { token: a.access_token }), 200)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: a.access_token }), 401)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: b.access_token }), 200, 'the other session survives')
  })

  it('wrong password or unknown user → 400 invalid_grant', async () => {
    expectProblem(await passwordGrant(ctx.api, 'root', 'not-the-password'), 400, { code: 'invalid_grant' })
    expectProblem(await passwordGrant(ctx.api, 'nobody' + randomSuffix(), 'whatever-123'), 400, { code: 'invalid_grant' })
    expectProblem(await passwordGrant(ctx.api, 'root', ''), 400, { code: ['invalid_request', 'invalid_grant'] })
  })

  it('bad client credentials → 400 invalid_client', async () => {
    const client = await getClient(ctx.api)
    const bad = await ctx.api.post('/api/v1/users/token', {
      form: { client_id: client.client_id, client_secret: 'x'.repeat(32), grant_type: 'password', username: 'root', password: ROOT_PASSWORD }
    })
    expectProblem(bad, 400, { code: 'invalid_client' })
    const missing = await ctx.api.post('/api/v1/users/token', {
      form: { grant_type: 'password', username: 'root', password: ROOT_PASSWORD }
    })
    expectProblem(missing, 400, { code: 'invalid_client' })
  })

  it('missing or unknown grant_type, missing username, JSON body → 400', async () => {
    const client = await getClient(ctx.api)
    const base = { client_id: client.client_id, client_secret: client.client_secret }
    expectProblem(await ctx.api.post('/api/v1/users/token', { form: { ...base, username: 'root', password: ROOT_PASSWORD } }),
      400, { code: 'invalid_request' })
    expectProblem(await ctx.api.post('/api/v1/users/token', { form: { ...base, grant_type: 'client_credentials' } }),
      400, { code: 'unsupported_grant_type' })
    expectProblem(await ctx.api.post('/api/v1/users/token', { form: { ...base, grant_type: 'password', password: ROOT_PASSWORD } }),
      400, { code: 'invalid_request' })
    expectProblem(await ctx.api.post('/api/v1/users/token', { json: { ...base, grant_type: 'password', username: 'root', password: ROOT_PASSWORD } }),
      400, { code: 'invalid_request' })
  })

  it('bearer tokens: missing → 401 unauthorized_request, unknown → 401 invalid_token, malformed header → 400', async () => {
    // node-oauth2-server's UnauthorizedRequestError, passed through res.fail({ type: err.name })
    expectProblem(await ctx.api.get('/api/v1/users/me'), 401, { code: 'unauthorized_request' })
    expectProblem(await ctx.api.get('/api/v1/users/me', { token: 'f'.repeat(40) }), 401, { code: 'invalid_token' })
    expectProblem(await ctx.api.get('/api/v1/users/me', { headers: { Authorization: 'Bearer ' } }), [400, 401])
    expectProblem(await ctx.api.get('/api/v1/users/me', { headers: { Authorization: 'Basic cm9vdDpyb290' } }), 400, { code: 'invalid_request' })
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: ctx.rootToken }), 200)
  })

  it('refresh_token grant rotates both tokens', async () => {
    const first = await login(ctx.api, 'root', ROOT_PASSWORD)
    const res = await refreshGrant(ctx.api, first.refresh_token)
    expectStatus(res, 200)
    const second = expectValid(res, undefined, 'post', '/api/v1/users/token')
    assert.equal(second.token_type, 'Bearer')
    assert.notEqual(second.access_token, first.access_token)
    assert.notEqual(second.refresh_token, first.refresh_token)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: second.access_token }), 200, 'new access token works')
    // the old pair is revoked
    expectProblem(await ctx.api.get('/api/v1/users/me', { token: first.access_token }), 401)
    expectProblem(await refreshGrant(ctx.api, first.refresh_token), 400, { code: 'invalid_grant' })
    expectProblem(await refreshGrant(ctx.api, 'nope'), 400, { code: 'invalid_grant' })
    const client = await getClient(ctx.api)
    expectProblem(await ctx.api.post('/api/v1/users/token', {
      form: { client_id: client.client_id, client_secret: client.client_secret, grant_type: 'refresh_token' }
    }), 400, { code: 'invalid_request' })
  })

  it('POST /api/v1/users/revoke-token ends the session', async () => {
    const s = await login(ctx.api, 'root', ROOT_PASSWORD)
    expectProblem(await ctx.api.post('/api/v1/users/revoke-token'), 401)
    const res = await ctx.api.post('/api/v1/users/revoke-token', { token: s.access_token })
    expectStatus(res, 200)
    expectValid(res, undefined, 'post', '/api/v1/users/revoke-token')
    expectProblem(await ctx.api.get('/api/v1/users/me', { token: s.access_token }), 401, { code: 'invalid_token' })
    expectProblem(await refreshGrant(ctx.api, s.refresh_token), 400, { code: 'invalid_grant' })
  })

  it('hostile credentials do not break the token endpoint', async () => {
    const weird = ["root' OR '1'='1", 'root"--', '../../etc/passwd', '\u0000root', 'ŕöõţ', 'x'.repeat(5000), '%00', '{"$ne":null}']
    for (const w of weird) {
      const res = await passwordGrant(ctx.api, w, w)
      expectProblem(res, 400, { code: 'invalid_grant', what: `username ${JSON.stringify(w.slice(0, 20))}` })
    }
    const garbage = await ctx.api.post('/api/v1/users/token', { body: '%%%&&&===\u00ff', contentType: 'application/x-www-form-urlencoded' })
    assert.ok(garbage.status >= 400 && garbage.status < 500, garbage.describe())
    await expectServerUp(ctx.api)
  })
})

// Token lifetimes come from oauth2.token_lifetime.* (PeerTube key names).
serverSuite('oauth token lifetimes', {
  config: { oauth2: { token_lifetime: { access_token: '2 seconds', refresh_token: '5 seconds' } } }
}, (ctx, it) => {
  it('expired access tokens → 401 invalid_token; expired refresh tokens → 400 invalid_grant', async () => {
    const a = await login(ctx.api, 'root', ROOT_PASSWORD)
    const b = await login(ctx.api, 'root', ROOT_PASSWORD)
    assert.ok(a.expires_in <= 2 && a.expires_in >= 0, `expires_in ${a.expires_in}`)
    assert.ok(a.refresh_token_expires_in <= 5 && a.refresh_token_expires_in >= 3, `refresh_token_expires_in ${a.refresh_token_expires_in}`)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: a.access_token }), 200)

    await sleep(2600)
    expectProblem(await ctx.api.get('/api/v1/users/me', { token: a.access_token }), 401, { code: 'invalid_token' })
    // the refresh token is still valid: it gives a fresh access token
    const r = await refreshGrant(ctx.api, a.refresh_token)
    expectStatus(r, 200, 'refresh before the refresh token expires')
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: r.json.access_token }), 200)

    await sleep(5200 - 2600 + 300)
    expectProblem(await refreshGrant(ctx.api, b.refresh_token), 400, { code: 'invalid_grant' })
  })
})
