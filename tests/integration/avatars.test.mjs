// Avatars and banners: multipart upload (field avatarfile / bannerfile), resized
// to PeerTube's ACTOR_IMAGES_SIZE, served from /lazy-static/avatars|banners/ by
// the static-file primitive (Range, ETag, Last-Modified, Cache-Control).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser, me } from './lib/auth.mjs'
import { makePng, imageInfo, JPEG_160, GIF_64, WEBP_96 } from './lib/images.mjs'

// PeerTube 7 avatar sizes are 48 and 120 (square); later versions add 600 and 1500.
const AVATAR_WIDTHS = [48, 120]
// Banners are 6:1, 1920x317 (later versions add 600x100).
const BANNER_SIZES = [[1920, 317]]

function walk (dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out
}

serverSuite('avatars and banners', {}, (ctx, it) => {
  let alice, bob, firstAvatars

  const pick = (token, parts, url = '/api/v1/users/me/avatar/pick') => ctx.api.post(url, { token, multipart: parts })
  const avatarPart = (data, filename = 'avatar.png', contentType = 'image/png') => [{ name: 'avatarfile', filename, contentType, data }]

  async function checkImages (images, kind) {
    for (const img of images) {
      assert.ok(img.path.startsWith(`/lazy-static/${kind}/`), `path ${img.path}`)
      assert.ok(!img.path.includes('..'))
      const res = await ctx.api.get(img.path)
      expectStatus(res, 200, `GET ${img.path}`)
      assert.match(res.headers['content-type'] || '', /^image\//, `${img.path} content-type`)
      const info = imageInfo(res.body)
      assert.ok(info, `${img.path} is an image`)
      assert.equal(info.width, img.width, `${img.path}: file width ${info.width} vs announced ${img.width}`)
      if (img.height !== undefined) assert.equal(info.height, img.height, `${img.path} height`)
    }
  }

  it('setup: two users', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
  })

  it('POST /api/v1/users/me/avatar/pick stores resized avatars', async () => {
    const res = await pick(alice.token, avatarPart(makePng(256, 256)))
    expectStatus(res, 200)
    const body = expectValid(res, undefined, 'post', '/api/v1/users/me/avatar/pick')
    const widths = body.avatars.map(a => a.width).sort((a, b) => a - b)
    for (const w of AVATAR_WIDTHS) assert.ok(widths.includes(w), `avatar widths ${widths} include ${w}`)
    await checkImages(body.avatars.map(a => ({ ...a, height: a.width })), 'avatars')
    firstAvatars = body.avatars

    const u = await me(ctx.api, alice.token)
    assert.deepEqual(u.account.avatars.map(a => a.path).sort(), body.avatars.map(a => a.path).sort())
    const acc = (await ctx.api.getOk(`/api/v1/accounts/${alice.username}`))
    assert.deepEqual(acc.avatars.map(a => a.path).sort(), body.avatars.map(a => a.path).sort())
  })

  it('accepts JPEG, GIF and WebP; non-square images are cropped to squares', async () => {
    for (const [img, name, type] of [[JPEG_160, 'a.jpg', 'image/jpeg'], [GIF_64, 'a.gif', 'image/gif'], [WEBP_96, 'a.webp', 'image/webp'], [{ data: makePng(300, 150) }, 'wide.png', 'image/png']]) {
      const res = await pick(bob.token, avatarPart(img.data, name, type))
      expectStatus(res, 200, name)
      const body = expectValid(res, undefined, 'post', '/api/v1/users/me/avatar/pick')
      await checkImages(body.avatars.map(a => ({ ...a, height: a.width })), 'avatars')
    }
  })

  it('avatar files are served with Range, ETag, Last-Modified and Cache-Control', async () => {
    assert.ok(firstAvatars, 'needs the avatar uploaded by the first test')
    const small = firstAvatars.find(a => a.width === 120)
    const full = await ctx.api.get(small.path)
    expectStatus(full, 200)
    const size = full.body.length
    assert.equal(Number(full.headers['content-length']), size)
    assert.ok(full.headers.etag, 'ETag')
    assert.ok(full.headers['last-modified'] && !Number.isNaN(Date.parse(full.headers['last-modified'])), 'Last-Modified')
    assert.match(full.headers['cache-control'] || '', /max-age=\d+/, 'Cache-Control max-age')
    assert.match(full.headers['accept-ranges'] || '', /bytes/)
    assert.equal(full.headers['access-control-allow-origin'], '*', '/lazy-static/* is CORS-enabled')

    const part = await ctx.api.get(small.path, { headers: { Range: 'bytes=0-9' } })
    expectStatus(part, 206)
    assert.equal(part.headers['content-range'], `bytes 0-9/${size}`)
    assert.deepEqual(part.body, full.body.subarray(0, 10))

    const mid = await ctx.api.get(small.path, { headers: { Range: `bytes=10-${size + 100}` } })
    expectStatus(mid, 206)
    assert.equal(mid.headers['content-range'], `bytes 10-${size - 1}/${size}`)
    assert.deepEqual(mid.body, full.body.subarray(10))

    const suffix = await ctx.api.get(small.path, { headers: { Range: 'bytes=-5' } })
    expectStatus(suffix, 206)
    assert.deepEqual(suffix.body, full.body.subarray(size - 5))

    const bad = await ctx.api.get(small.path, { headers: { Range: `bytes=${size + 10}-` } })
    expectStatus(bad, 416)
    assert.equal(bad.headers['content-range'], `bytes */${size}`)

    const cached = await ctx.api.get(small.path, { headers: { 'If-None-Match': full.headers.etag } })
    expectStatus(cached, 304)
    assert.equal(cached.body.length, 0)
    const since = await ctx.api.get(small.path, { headers: { 'If-Modified-Since': full.headers['last-modified'] } })
    expectStatus(since, 304)

    const head = await ctx.api.head(small.path)
    expectStatus(head, 200)
    assert.equal(Number(head.headers['content-length']), size)
    assert.equal(head.body.length, 0)

    expectStatus(await ctx.api.get('/lazy-static/avatars/does-not-exist.png'), 404)
  })

  it('bad avatar uploads → 4xx, the current avatar stays', async () => {
    assert.ok(firstAvatars, 'needs the avatar uploaded by the first test')
    const cases = [
      ['text as png', avatarPart(Buffer.from('this is not an image at all\n'.repeat(20)), 'evil.png', 'image/png')],
      ['text/plain', avatarPart(Buffer.from('hello'), 'hello.txt', 'text/plain')],
      ['html', avatarPart(Buffer.from('<html><script>alert(1)</script></html>'), 'x.html', 'text/html')],
      ['svg', avatarPart(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 'image/svg+xml')],
      ['truncated png', avatarPart(makePng(64, 64).subarray(0, 60))],
      ['empty file', avatarPart(Buffer.alloc(0))],
      ['wrong field name', [{ name: 'file', filename: 'a.png', contentType: 'image/png', data: makePng(64, 64) }]],
      ['no file', [{ name: 'something', data: 'else' }]]
    ]
    for (const [what, parts] of cases) {
      const res = await pick(alice.token, parts)
      assert.ok(res.status >= 400 && res.status < 500, `${what}: expected 4xx, got ${res.describe()}`)
      expectProblem(res, res.status, { what })
    }
    // not multipart at all
    expectProblem(await ctx.api.post('/api/v1/users/me/avatar/pick', { token: alice.token, json: { avatarfile: 'x' } }), 400)
    // a multipart body that never ends
    const broken = await ctx.api.post('/api/v1/users/me/avatar/pick', {
      token: alice.token,
      body: '--XYZ\r\nContent-Disposition: form-data; name="avatarfile"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG',
      contentType: 'multipart/form-data; boundary=XYZ'
    })
    assert.ok(broken.status >= 400 && broken.status < 500, `unterminated multipart: ${broken.describe()}`)
    // too large: PeerTube's limit is 4 MB (CONSTRAINTS_FIELDS.ACTORS.IMAGE.FILE_SIZE)
    const big = Buffer.concat([makePng(32, 32), Buffer.alloc(4 * 1024 * 1024 + 1024, 7)])
    const tooBig = await pick(alice.token, avatarPart(big, 'big.png'))
    assert.ok([400, 413].includes(tooBig.status), `4 MB+ avatar: ${tooBig.describe()}`)
    expectProblem(await pick(null, avatarPart(makePng(64, 64))), 401)

    const u = await me(ctx.api, alice.token)
    assert.deepEqual(u.account.avatars.map(a => a.path).sort(), firstAvatars.map(a => a.path).sort(), 'avatar unchanged')
    await checkImages(firstAvatars.map(a => ({ ...a, height: a.width })), 'avatars')
    await expectServerUp(ctx.api)
  })

  it('hostile file names are never used as paths', async () => {
    const marker = 'pwned' + randomSuffix(8)
    const names = [
      `../../../../../../tmp/${marker}.png`,
      `..%2F..%2F${marker}.png`,
      `/etc/${marker}.png`,
      `${marker}\u0000.png`,
      `a"b\\${marker}.png`,
      `${'x'.repeat(300)}.png`
    ]
    for (const filename of names) {
      const res = await pick(bob.token, avatarPart(makePng(64, 64), filename))
      assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `${JSON.stringify(filename).slice(0, 60)}: ${res.describe()}`)
      if (res.status === 200) {
        for (const a of res.json.avatars) {
          assert.ok(!a.path.includes(marker) && !a.path.includes('..'), `stored path ${a.path} comes from the client's file name`)
        }
      }
    }
    const found = walk(ctx.server.dir).filter(p => p.includes(marker))
    assert.deepEqual(found, [], 'no file named after the upload')
    assert.ok(!fs.existsSync(`/tmp/${marker}.png`) && !fs.existsSync(`/etc/${marker}.png`))
  })

  it('replacing an avatar removes the old files; DELETE removes the avatar', async () => {
    assert.ok(firstAvatars, 'needs the avatar uploaded by the first test')
    const res = await pick(alice.token, avatarPart(makePng(200, 200, { seed: 99 }), 'new.png'))
    expectStatus(res, 200)
    const now = res.json.avatars
    assert.deepEqual(now.map(a => a.path).filter(p => firstAvatars.some(f => f.path === p)), [], 'new file names')
    for (const old of firstAvatars) expectStatus(await ctx.api.get(old.path), 404, `old ${old.path}`)

    const del = await ctx.api.delete('/api/v1/users/me/avatar', { token: alice.token })
    expectStatus(del, [204, 200])
    if (del.status === 204) expectValid(del, undefined, 'delete', '/api/v1/users/me/avatar')
    assert.deepEqual((await me(ctx.api, alice.token)).account.avatars, [])
    for (const a of now) expectStatus(await ctx.api.get(a.path), 404, `deleted ${a.path}`)
    expectProblem(await ctx.api.delete('/api/v1/users/me/avatar'), 401)
  })

  it('channel avatar and banner', async () => {
    const handle = `${bob.username}_channel`
    const av = await pick(bob.token, avatarPart(makePng(128, 128)), `/api/v1/video-channels/${handle}/avatar/pick`)
    expectStatus(av, 200)
    const avBody = expectValid(av, undefined, 'post', '/api/v1/video-channels/{channelHandle}/avatar/pick')
    for (const w of AVATAR_WIDTHS) assert.ok(avBody.avatars.some(a => a.width === w), `channel avatar width ${w}`)
    await checkImages(avBody.avatars.map(a => ({ ...a, height: a.width })), 'avatars')

    const bn = await ctx.api.post(`/api/v1/video-channels/${handle}/banner/pick`, {
      token: bob.token, multipart: [{ name: 'bannerfile', filename: 'banner.png', contentType: 'image/png', data: makePng(1200, 200) }]
    })
    expectStatus(bn, 200)
    const bnBody = expectValid(bn, undefined, 'post', '/api/v1/video-channels/{channelHandle}/banner/pick')
    for (const [w] of BANNER_SIZES) assert.ok(bnBody.banners.some(b => b.width === w), `banner width ${w}`)
    await checkImages(bnBody.banners.map(b => ({ ...b, height: BANNER_SIZES.find(([w]) => w === b.width)?.[1] ?? Math.round(b.width / 6) })), 'banners')

    const ch = (await ctx.api.getOk(`/api/v1/video-channels/${handle}`))
    assert.deepEqual(ch.avatars.map(a => a.path).sort(), avBody.avatars.map(a => a.path).sort())
    assert.deepEqual(ch.banners.map(a => a.path).sort(), bnBody.banners.map(a => a.path).sort())

    // someone else's channel
    expectProblem(await pick(alice.token, avatarPart(makePng(64, 64)), `/api/v1/video-channels/${handle}/avatar/pick`), 403)
    expectProblem(await pick(alice.token, avatarPart(makePng(64, 64)), '/api/v1/video-channels/no_such_channel/avatar/pick'), 404)
    expectProblem(await ctx.api.post(`/api/v1/video-channels/${handle}/banner/pick`, {
      token: bob.token, multipart: [{ name: 'bannerfile', filename: 'x.png', contentType: 'image/png', data: Buffer.from('nope') }]
    }), 400)

    const delAv = await ctx.api.delete(`/api/v1/video-channels/${handle}/avatar`, { token: bob.token })
    expectStatus(delAv, 204)
    const delBn = await ctx.api.delete(`/api/v1/video-channels/${handle}/banner`, { token: bob.token })
    expectStatus(delBn, 204)
    const after = (await ctx.api.getOk(`/api/v1/video-channels/${handle}`))
    assert.deepEqual(after.avatars, [])
    assert.deepEqual(after.banners, [])
    for (const b of bnBody.banners) expectStatus(await ctx.api.get(b.path), 404)
  })
})
