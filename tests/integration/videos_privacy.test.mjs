// Privacy of videos on the first tranche's surfaces: lists, GET by id/UUID/short
// UUID, /description, and the video files (validators/shared/videos.ts
// checkCanSeeVideo, checkCanAccessVideoStaticFiles; video.requiresUserAuth()).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media, sha256 } from './lib/media.mjs'
import { PRIVACY, uploadVideo, getVideo, waitPublished, fetchUrl, myChannel } from './lib/videos.mjs'

const PASSWORD = 'correct horse battery'
const OTHER_PASSWORD = 'second-password'

serverSuite('videos: privacy', {}, (ctx, it) => {
  let alice, bob, aliceChannel
  const v = {} // public, unlisted, private, internal, password → { id, uuid, shortUUID, name, details }
  const landscape = media.landscape()
  const bytes = fs.readFileSync(landscape)

  const names = {
    public: 'privacy public video',
    unlisted: 'privacy unlisted video',
    private: 'privacy private video',
    internal: 'privacy internal video',
    password: 'privacy password video'
  }

  const get = (id, token, headers) => ctx.api.get(`/api/v1/videos/${id}`, { token, headers })
  const pw = (p) => ({ 'x-peertube-video-password': p })

  it('setup: alice uploads one video of each privacy', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    const privacies = { public: 1, unlisted: 2, private: 3, internal: 4, password: 5 }
    for (const [k, privacy] of Object.entries(privacies)) {
      const fields = { name: names[k], channelId: aliceChannel.id, privacy, description: `secret description of ${k}` }
      if (k === 'password') fields.videoPasswords = [PASSWORD, OTHER_PASSWORD]
      const res = await uploadVideo(ctx.api, alice.token, fields, { file: landscape })
      v[k] = { ...res, details: await waitPublished(ctx.api, res.uuid, alice.token) }
      assert.equal(v[k].details.privacy.id, privacy)
    }
  })

  it('lists: anonymous see public only; users see public + internal; nobody sees unlisted/private/password there', async () => {
    const anonymous = expectValid(await ctx.api.get('/api/v1/videos?count=100&nsfw=both'), undefined, 'get', '/api/v1/videos')
    assert.deepEqual(anonymous.data.map(x => x.name), [names.public])
    assert.equal(anonymous.total, 1)
    for (const token of [bob.token, alice.token, ctx.rootToken]) {
      const l = expectValid(await ctx.api.get('/api/v1/videos?count=100&nsfw=both', { token }), undefined, 'get', '/api/v1/videos')
      assert.deepEqual(l.data.map(x => x.name).sort(), [names.internal, names.public].sort())
      assert.equal(l.total, 2)
    }
    for (const [path, spec] of [[`/api/v1/accounts/${alice.username}/videos`, '/api/v1/accounts/{name}/videos'],
      [`/api/v1/video-channels/${aliceChannel.name}/videos`, '/api/v1/video-channels/{channelHandle}/videos']]) {
      const a = expectValid(await ctx.api.get(`${path}?count=100&nsfw=both`), undefined, 'get', spec)
      assert.deepEqual(a.data.map(x => x.name), [names.public], `${path} anonymous`)
      const b = expectValid(await ctx.api.get(`${path}?count=100&nsfw=both`, { token: bob.token }), undefined, 'get', spec)
      assert.deepEqual(b.data.map(x => x.name).sort(), [names.internal, names.public].sort(), `${path} as a user`)
      const own = expectValid(await ctx.api.get(`${path}?count=100&nsfw=both`, { token: alice.token }), undefined, 'get', spec)
      assert.deepEqual(own.data.map(x => x.name).sort(), [names.internal, names.public].sort(), `${path} as the owner`)
    }
    const mine = expectValid(await ctx.api.get('/api/v1/users/me/videos?count=100', { token: alice.token }), undefined, 'get', '/api/v1/users/me/videos')
    assert.deepEqual(mine.data.map(x => x.name).sort(), Object.values(names).sort(), 'the owner sees all in users/me/videos')
    const bobs = expectValid(await ctx.api.get('/api/v1/users/me/videos?count=100', { token: bob.token }), undefined, 'get', '/api/v1/users/me/videos')
    assert.equal(bobs.total, 0)
  })

  it('anonymous list responses carry nothing private', async () => {
    for (const url of ['/api/v1/videos?count=100&nsfw=both', `/api/v1/accounts/${alice.username}/videos?count=100&nsfw=both`,
      `/api/v1/video-channels/${aliceChannel.name}/videos?count=100&nsfw=both`]) {
      const text = (await ctx.api.get(url)).text
      for (const k of ['unlisted', 'private', 'internal', 'password']) {
        assert.ok(!text.includes(v[k].uuid), `${url} leaks the ${k} video uuid`)
        assert.ok(!text.includes(names[k]), `${url} leaks the ${k} video name`)
        assert.ok(!text.includes(`secret description of ${k}`), `${url} leaks the ${k} description`)
      }
      assert.ok(!text.includes(alice.email), `${url} leaks an email`)
      assert.ok(!text.includes(PASSWORD), `${url} leaks a video password`)
    }
  })

  it('public: anyone, by id, UUID and short UUID', async () => {
    for (const id of [v.public.id, v.public.uuid, v.public.shortUUID]) {
      const res = await get(id)
      const d = expectValid(res, undefined, 'get', '/api/v1/videos/{id}')
      assert.equal(d.name, names.public)
      assert.ok(!res.text.includes(alice.email), 'no email in an anonymous response')
      assert.ok(!/"(email|password|videoQuota|videoPasswords)"/.test(res.text), 'no private user field in an anonymous response')
    }
    expectStatus(await get(v.public.uuid, undefined, pw('whatever')), 200, 'a password header on a public video is ignored')
  })

  it('unlisted: anyone with the UUID or short UUID; by numeric id only its owner and admins (401 / 403 otherwise)', async () => {
    for (const id of [v.unlisted.uuid, v.unlisted.shortUUID]) {
      expectStatus(await get(id), 200, `anonymous by ${id}`)
      expectStatus(await get(id, bob.token), 200, `bob by ${id}`)
    }
    expectProblem(await get(v.unlisted.id), 401)
    expectProblem(await get(v.unlisted.id, bob.token), 403)
    expectStatus(await get(v.unlisted.id, alice.token), 200)
    expectStatus(await get(v.unlisted.id, ctx.rootToken), 200)
  })

  it('private: owner and admins only (anonymous 401, other user 403), whatever the id form', async () => {
    for (const id of [v.private.id, v.private.uuid, v.private.shortUUID]) {
      const anon = await get(id)
      expectProblem(anon, 401)
      assert.ok(!anon.text.includes(names.private), 'the refusal does not leak the name')
      expectProblem(await get(id, bob.token), 403)
      expectStatus(await get(id, alice.token), 200)
      expectStatus(await get(id, ctx.rootToken), 200)
    }
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.private.uuid}/description`), 401)
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.private.uuid}/description`, { token: bob.token }), 403)
    const d = await ctx.api.get(`/api/v1/videos/${v.private.uuid}/description`, { token: alice.token })
    assert.deepEqual(expectValid(d, undefined, 'get', '/api/v1/videos/{id}/description'), { description: 'secret description of private' })
  })

  it('internal: any logged-in user (anonymous 401)', async () => {
    for (const id of [v.internal.id, v.internal.uuid, v.internal.shortUUID]) {
      expectProblem(await get(id), 401)
      expectStatus(await get(id, bob.token), 200)
      expectStatus(await get(id, alice.token), 200)
    }
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.internal.uuid}/description`), 401)
  })

  // Anonymous without a password: PeerTube 7 answers 403 (checkCanSeePasswordProtectedVideo: res.fail 403
  // VIDEO_REQUIRES_PASSWORD), PeerTube 8 answers 401 (authenticateOrFail errorStatus 401); both carry the code.
  const NO_PASSWORD_ANON = [401, 403]

  it('password-protected: x-peertube-video-password, with PeerTube\'s status codes and error codes', async () => {
    const id = v.password.uuid
    expectProblem(await get(id), NO_PASSWORD_ANON, { code: 'video_requires_password' })
    expectProblem(await get(id, bob.token), 403, { code: 'video_requires_password' })
    expectProblem(await get(id, undefined, pw('wrong password')), 403, { code: 'incorrect_video_password' })
    expectProblem(await get(id, bob.token, pw('wrong password')), 403, { code: 'incorrect_video_password' })
    for (const p of [PASSWORD, OTHER_PASSWORD]) {
      const res = await get(id, undefined, pw(p))
      const d = expectValid(res, undefined, 'get', '/api/v1/videos/{id}')
      assert.equal(d.name, names.password)
      assert.deepEqual(d.privacy, { id: 5, label: 'Password protected' })
      assert.ok(!res.text.includes(PASSWORD) && !res.text.includes(OTHER_PASSWORD), 'passwords are never in the video JSON')
    }
    expectStatus(await get(v.password.shortUUID, undefined, pw(PASSWORD)), 200)
    expectStatus(await get(v.password.id, bob.token, pw(PASSWORD)), 200)
    const own = await get(id, alice.token)
    expectStatus(own, 200, 'the owner needs no password')
    assert.ok(!own.text.includes(PASSWORD), 'not even the owner gets the passwords in the video JSON')
    expectStatus(await get(id, ctx.rootToken), 200, 'an admin needs no password')
    expectProblem(await ctx.api.get(`/api/v1/videos/${id}/description`), NO_PASSWORD_ANON, { code: 'video_requires_password' })
    const desc = await ctx.api.get(`/api/v1/videos/${id}/description`, { headers: pw(PASSWORD) })
    assert.equal(expectValid(desc, undefined, 'get', '/api/v1/videos/{id}/description').description, 'secret description of password')
  })

  it('files of public and unlisted videos: public URL, served to anyone', async () => {
    for (const k of ['public', 'unlisted']) {
      const f = v[k].details.files[0]
      assert.ok(f.fileUrl.startsWith(`${ctx.server.url}/static/web-videos/`) && !f.fileUrl.includes('/private/'), `${k}: ${f.fileUrl}`)
      const res = await fetchUrl(f.fileUrl)
      expectStatus(res, 200, `${k} file anonymously`)
      assert.equal(sha256(res.body), sha256(bytes))
    }
  })

  it('files of private videos: under /static/web-videos/private/, only with the owner\'s or an admin\'s token', async () => {
    const f = v.private.details.files[0]
    assert.ok(f.fileUrl.startsWith(`${ctx.server.url}/static/web-videos/private/`), `private file URL: ${f.fileUrl}`)
    assert.ok(!f.fileDownloadUrl.includes('/private/'), `fileDownloadUrl has no /private/: ${f.fileDownloadUrl}`)
    for (const url of [f.fileUrl, f.fileDownloadUrl]) {
      const anon = await fetchUrl(url)
      expectStatus(anon, 401, `${url} anonymously`)
      assert.ok(!anon.body.includes(bytes.subarray(0, 4096)), 'no video bytes in the refusal')
      expectStatus(await fetchUrl(url, { token: bob.token }), 403, `${url} as another user`)
      expectStatus(await fetchUrl(url, { token: 'not-a-valid-token' }), 401, `${url} with a bad token`)
      const own = await fetchUrl(url, { token: alice.token })
      expectStatus(own, 200, `${url} as the owner`)
      assert.equal(sha256(own.body), sha256(bytes))
      expectStatus(await fetchUrl(url, { token: ctx.rootToken }), 200, `${url} as admin`)
    }
  })

  it('files of internal videos: any logged-in user; anonymous 401', async () => {
    const f = v.internal.details.files[0]
    assert.ok(f.fileUrl.startsWith(`${ctx.server.url}/static/web-videos/private/`), `internal file URL: ${f.fileUrl}`)
    expectStatus(await fetchUrl(f.fileUrl), 401)
    expectStatus(await fetchUrl(f.fileUrl, { token: bob.token }), 200)
  })

  it('files of password-protected videos: the password header, or the owner\'s token', async () => {
    const f = v.password.details.files[0]
    assert.ok(f.fileUrl.startsWith(`${ctx.server.url}/static/web-videos/private/`), `password file URL: ${f.fileUrl}`)
    expectStatus(await fetchUrl(f.fileUrl), NO_PASSWORD_ANON)
    expectStatus(await fetchUrl(f.fileUrl, { headers: pw('wrong') }), 403)
    expectStatus(await fetchUrl(f.fileUrl, { token: bob.token }), 403)
    const ok = await fetchUrl(f.fileUrl, { headers: pw(PASSWORD) })
    expectStatus(ok, 200)
    assert.equal(sha256(ok.body), sha256(bytes))
    expectStatus(await fetchUrl(f.fileUrl, { token: alice.token }), 200)
  })

  it('thumbnails of non-public videos are not listed anywhere anonymously (their paths only come from allowed GETs)', async () => {
    const text = (await ctx.api.get('/api/v1/videos?count=100&nsfw=both')).text
    for (const k of ['unlisted', 'private', 'internal', 'password']) {
      assert.ok(!text.includes(v[k].details.thumbnailPath), `${k} thumbnail path not in the anonymous list`)
    }
  })

  it('public → private: leaves the lists, the file moves under /private/ and the old URL stops serving', async () => {
    const oldUrl = v.public.details.files[0].fileUrl
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.public.id}`, { token: alice.token, json: { privacy: PRIVACY.PRIVATE } }), 204)
    const d = await getVideo(ctx.api, v.public.uuid, alice.token)
    assert.deepEqual(d.privacy, { id: 3, label: 'Private' })
    const list = expectValid(await ctx.api.get('/api/v1/videos?count=100&nsfw=both'), undefined, 'get', '/api/v1/videos')
    assert.equal(list.total, 0)
    expectProblem(await get(v.public.uuid), 401)
    const old = await fetchUrl(oldUrl)
    assert.ok([401, 403, 404].includes(old.status), `the public URL no longer serves the file (PeerTube: 404 once moved), got ${old.status}`)
    const newUrl = d.files[0].fileUrl
    assert.ok(newUrl.startsWith(`${ctx.server.url}/static/web-videos/private/`), newUrl)
    expectStatus(await fetchUrl(newUrl), 401)
    expectStatus(await fetchUrl(newUrl, { token: alice.token }), 200)
  })

  it('private → public sets publishedAt to now; internal → public keeps publishedAt (PeerTube)', async () => {
    const t0 = Date.now()
    const internalPublishedAt = v.internal.details.publishedAt
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.private.id}`, { token: alice.token, json: { privacy: PRIVACY.PUBLIC } }), 204)
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.internal.id}`, { token: alice.token, json: { privacy: PRIVACY.PUBLIC } }), 204)
    const p = await getVideo(ctx.api, v.private.uuid)
    const i = await getVideo(ctx.api, v.internal.uuid)
    assert.ok(Date.parse(p.publishedAt) >= t0 - 1000, `private → public: publishedAt ${p.publishedAt} >= now`)
    assert.equal(Date.parse(i.publishedAt), Date.parse(internalPublishedAt), 'internal → public: publishedAt unchanged')
    const f = p.files[0]
    assert.ok(!f.fileUrl.includes('/private/'), `public again: ${f.fileUrl}`)
    const res = await fetchUrl(f.fileUrl)
    expectStatus(res, 200)
    assert.equal(sha256(res.body), sha256(bytes))
    const list = expectValid(await ctx.api.get('/api/v1/videos?count=100&nsfw=both'), undefined, 'get', '/api/v1/videos')
    assert.deepEqual(list.data.map(x => x.uuid).sort(), [v.private.uuid, v.internal.uuid].sort())
  })

  it('switching to password-protected requires passwords; with them the password rules apply', async () => {
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.unlisted.id}`, { token: alice.token, json: { privacy: PRIVACY.PASSWORD_PROTECTED } }), 400)
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.unlisted.id}`, { token: alice.token, json: { privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: [] } }), 400)
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.unlisted.id}`, { token: alice.token, json: { privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: ['dup1', 'dup1'] } }), 400)
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.unlisted.id}`, { token: alice.token, json: { privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: ['new pass'] } }), 204)
    expectProblem(await get(v.unlisted.uuid), NO_PASSWORD_ANON, { code: 'video_requires_password' })
    expectStatus(await get(v.unlisted.uuid, undefined, pw('new pass')), 200)
    await expectServerUp(ctx.api)
  })
})
