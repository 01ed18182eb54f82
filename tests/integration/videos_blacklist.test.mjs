// Video blocks ("blacklist") (PeerTube: controllers/api/videos/blacklist.ts, validators/videos/
// video-blacklist.ts, lib/video-blacklist.ts, models/video/video-blacklist.ts, validators/shared/videos.ts
// checkCanSeeVideo → checkCanSeeUserAuthVideo: a blocked video requires auth, and only its owner or a
// user with MANAGE_VIDEO_BLACKLIST may see it; videos-id-list-query-builder.ts whereNotBlacklisted):
//   - POST /videos/{id}/blacklist { reason? (2–300), unfederate? } by moderators/admins → 204;
//     PUT to change the reason; DELETE to unblock (404 when not blocked);
//   - GET /videos/blacklist → { total, data: [{ id, createdAt, updatedAt, reason, unfederated, type, video }] }
//     with sort (default -id), search (video name), type (1 manual, 2 auto);
//   - a blocked video leaves every list, search and history; GET answers 401 anonymous, 403 to other users;
//     its owner and moderators still get it with blacklisted: true and blacklistedReason.
//   Issue 3 adds: its files are refused to those who may not see it.
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid, expectSchema } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser, ROLE } from './lib/auth.mjs'
import { media, sha256 } from './lib/media.mjs'
import { PRIVACY, uploadVideo, waitPublished, myChannel, getVideo, fetchUrl } from './lib/videos.mjs'
import fs from 'node:fs'

serverSuite('videos: blocks (blacklist)', {}, (ctx, it) => {
  let alice, bob, mod, aliceChannel
  const v = {} // b1 (3 s), b2 (2 s), b3 (5 s), free (4 s)
  const files = {}

  const block = (id, token, json = {}) => ctx.api.post(`/api/v1/videos/${id}/blacklist`, { token, json })
  const unblock = (id, token) => ctx.api.delete(`/api/v1/videos/${id}/blacklist`, { token })
  const blUrl = (q = '') => `/api/v1/videos/blacklist${q ? '?' + q : ''}`

  async function blocklist (query = '', token = mod.token) {
    const res = await ctx.api.get(blUrl(query), { token })
    expectStatus(res, 200, `GET ${blUrl(query)}`)
    const body = expectValid(res, undefined, 'get', '/api/v1/videos/blacklist')
    for (const b of body.data) expectSchema('Video', b.video, 'VideoBlacklist.video')
    return body
  }

  async function uuidsOf (url, token, spec) {
    const res = await ctx.api.get(url, { token })
    expectStatus(res, 200, `GET ${url}`)
    const body = expectValid(res, undefined, 'get', spec)
    return { uuids: body.data.map(x => x.uuid), total: body.total, body, text: res.text }
  }

  it('setup: alice\'s four public videos, a moderator; bob watches b3', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    mod = await createUser(ctx.api, ctx.rootToken, { username: 'mod' + randomSuffix(), role: ROLE.MODERATOR })
    aliceChannel = await myChannel(ctx.api, alice.token)
    const defs = { b1: ['blocked one', 3], b2: ['blocked two', 2], b3: ['blocked three', 5], free: ['free video', 4] }
    for (const [k, [name, seconds]] of Object.entries(defs)) {
      const file = media.ofDuration(seconds)
      files[k] = fs.readFileSync(file)
      const res = await uploadVideo(ctx.api, alice.token, { name, channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC, description: `about ${name}` }, { file })
      v[k] = { ...res, details: await waitPublished(ctx.api, res.uuid, alice.token) }
      assert.equal(v[k].details.blacklisted, false, 'VideoDetails.blacklisted is false for a video never blocked')
      assert.equal(v[k].details.blacklistedReason, null)
    }
    expectStatus(await ctx.api.post(`/api/v1/videos/${v.b3.uuid}/views`, { token: bob.token, json: { currentTime: 2 } }), 204)
    const h = expectValid(await ctx.api.get('/api/v1/users/me/history/videos', { token: bob.token }), undefined, 'get', '/api/v1/users/me/history/videos')
    assert.deepEqual(h.data.map(x => x.uuid), [v.b3.uuid])
  })

  it('POST blacklist is for moderators and admins: anonymous 401, users (even the owner) 403; bad input 400; unknown 404', async () => {
    expectProblem(await block(v.b1.uuid, undefined, { reason: 'nope' }), 401)
    expectProblem(await block(v.b1.uuid, bob.token, { reason: 'nope' }), 403)
    expectProblem(await block(v.b1.uuid, alice.token, { reason: 'nope' }), 403, { what: 'the owner cannot block her video' })
    expectProblem(await block(v.b1.uuid, mod.token, { reason: 'x' }), 400, { invalidParams: ['reason'] })
    expectProblem(await block(v.b1.uuid, mod.token, { reason: 'x'.repeat(301) }), 400, { invalidParams: ['reason'] })
    expectProblem(await block(v.b1.uuid, mod.token, { unfederate: 'maybe' }), 400, { invalidParams: ['unfederate'] })
    expectProblem(await block('00000000-0000-4000-8000-000000000000', mod.token, { reason: 'spam' }), 404)
    expectProblem(await block(999999, mod.token, { reason: 'spam' }), 404)
    assert.equal((await blocklist()).total, 0, 'nothing was blocked')
    assert.equal((await getVideo(ctx.api, v.b1.uuid)).blacklisted, false)
  })

  it('a moderator blocks: 204; GET /videos/blacklist shows PeerTube\'s VideoBlacklist', async () => {
    const before = Date.now()
    const res = await block(v.b1.uuid, mod.token, { reason: 'spam content', unfederate: true })
    expectStatus(res, 204)
    expectValid(res, undefined, 'post', '/api/v1/videos/{id}/blacklist')
    const l = await blocklist()
    assert.equal(l.total, 1)
    const b = l.data[0]
    assert.ok(Number.isInteger(b.id), 'id')
    assert.equal(b.reason, 'spam content')
    assert.equal(b.unfederated, true)
    assert.equal(b.type, 1, 'VideoBlacklistType.MANUAL')
    assert.ok(Date.parse(b.createdAt) >= before - 2000, `createdAt ${b.createdAt}`)
    assert.ok(Date.parse(b.updatedAt) >= before - 2000, `updatedAt ${b.updatedAt}`)
    assert.equal(b.video.id, v.b1.id)
    assert.equal(b.video.uuid, v.b1.uuid)
    assert.equal(b.video.name, 'blocked one')
  })

  it('GET /videos/blacklist: anonymous 401, users 403, admins 200', async () => {
    expectProblem(await ctx.api.get(blUrl()), 401)
    expectProblem(await ctx.api.get(blUrl(), { token: bob.token }), 403)
    expectProblem(await ctx.api.get(blUrl(), { token: alice.token }), 403)
    assert.equal((await blocklist('', ctx.rootToken)).total, 1)
  })

  it('a blocked video: GET 401 anonymous, 403 other users; the owner and moderators get it with blacklisted, blacklistedReason', async () => {
    for (const id of [v.b1.id, v.b1.uuid, v.b1.shortUUID]) {
      const anon = await ctx.api.get(`/api/v1/videos/${id}`)
      expectProblem(anon, 401)
      assert.ok(!anon.text.includes('blocked one'), 'the refusal does not leak the name')
      expectProblem(await ctx.api.get(`/api/v1/videos/${id}`, { token: bob.token }), 403)
    }
    for (const token of [alice.token, mod.token, ctx.rootToken]) {
      const d = await getVideo(ctx.api, v.b1.uuid, token)
      assert.equal(d.blacklisted, true)
      assert.equal(d.blacklistedReason, 'spam content')
    }
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.b1.uuid}/description`), 401)
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.b1.uuid}/description`, { token: bob.token }), 403)
  })

  it('a blocked video leaves /videos, account and channel lists (anonymous, users, even its owner)', async () => {
    for (const token of [undefined, bob.token, alice.token, mod.token]) {
      const who = token ? 'auth' : 'anonymous'
      const all = await uuidsOf('/api/v1/videos?count=100', token, '/api/v1/videos')
      assert.ok(!all.uuids.includes(v.b1.uuid), `/videos (${who})`)
      assert.equal(all.total, 3, `/videos total (${who})`)
      const acc = await uuidsOf(`/api/v1/accounts/${alice.username}/videos?count=100`, token, '/api/v1/accounts/{name}/videos')
      assert.ok(!acc.uuids.includes(v.b1.uuid), `account videos (${who})`)
      assert.equal(acc.total, 3)
      const ch = await uuidsOf(`/api/v1/video-channels/${aliceChannel.name}/videos?count=100`, token, '/api/v1/video-channels/{channelHandle}/videos')
      assert.ok(!ch.uuids.includes(v.b1.uuid), `channel videos (${who})`)
    }
    const anonText = (await ctx.api.get('/api/v1/videos?count=100')).text
    assert.ok(!anonText.includes(v.b1.uuid) && !anonText.includes('about blocked one'), 'nothing of it in the anonymous list')
  })

  it('a blocked video leaves search results', async () => {
    for (const token of [undefined, bob.token, alice.token, mod.token]) {
      const who = token ? 'auth' : 'anonymous'
      const s = await uuidsOf('/api/v1/search/videos?search=blocked&count=100', token, '/api/v1/search/videos')
      assert.ok(!s.uuids.includes(v.b1.uuid), `search (${who})`)
      assert.deepEqual(s.uuids.sort(), [v.b2.uuid, v.b3.uuid].sort(), `search finds the others (${who})`)
    }
  })

  it('its owner still lists it in /users/me/videos with blacklisted and blacklistedReason', async () => {
    const mine = await uuidsOf('/api/v1/users/me/videos?count=100', alice.token, '/api/v1/users/me/videos')
    assert.ok(mine.uuids.includes(v.b1.uuid))
    const b1 = mine.body.data.find(x => x.uuid === v.b1.uuid)
    assert.equal(b1.blacklisted, true)
    assert.equal(b1.blacklistedReason, 'spam content')
    const free = mine.body.data.find(x => x.uuid === v.free.uuid)
    assert.equal(free.blacklisted, false)
  })

  it('moderators see blocked videos in /videos with include=2 (VideoInclude.BLACKLISTED)', async () => {
    const l = await uuidsOf('/api/v1/videos?count=100&include=2', ctx.rootToken, '/api/v1/videos')
    assert.ok(l.uuids.includes(v.b1.uuid))
    assert.equal(l.total, 4)
    const b1 = l.body.data.find(x => x.uuid === v.b1.uuid)
    assert.equal(b1.blacklisted, true, 'include=2 adds blacklisted')
    assert.equal(b1.blacklistedReason, 'spam content')
  })

  it('its comments, rates and files follow: refused to others, allowed to the owner', async () => {
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.b1.uuid}/comment-threads`), 401)
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.b1.uuid}/comment-threads`, { token: bob.token }), 403)
    expectProblem(await ctx.api.post(`/api/v1/videos/${v.b1.uuid}/comment-threads`, { token: bob.token, json: { text: 'hi' } }), 403)
    expectStatus(await ctx.api.get(`/api/v1/videos/${v.b1.uuid}/comment-threads`, { token: alice.token }), 200)
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.b1.uuid}/rate`, { token: bob.token, json: { rating: 'like' } }), 403)

    const d = await getVideo(ctx.api, v.b1.uuid, alice.token)
    const f = d.files[0]
    assert.ok(f, 'the owner still gets the files')
    for (const url of [f.fileUrl, f.fileDownloadUrl]) {
      const anon = await fetchUrl(url)
      assert.ok([401, 403, 404].includes(anon.status), `${url} anonymously: refused (issue 3: blocked files only to who may see the video), got ${anon.status}`)
      assert.ok(!anon.body.includes(files.b1.subarray(0, 4096)), 'no video bytes in the refusal')
      const other = await fetchUrl(url, { token: bob.token })
      assert.ok([401, 403, 404].includes(other.status), `${url} as another user: refused, got ${other.status}`)
      const own = await fetchUrl(url, { token: alice.token })
      expectStatus(own, 200, `${url} as the owner`)
      assert.equal(sha256(own.body), sha256(files.b1))
    }
  })

  it('a blocked video leaves the history of those who watched it', async () => {
    expectStatus(await block(v.b3.uuid, ctx.rootToken, { reason: 'third block', unfederate: false }), 204)
    const h = expectValid(await ctx.api.get('/api/v1/users/me/history/videos', { token: bob.token }), undefined, 'get', '/api/v1/users/me/history/videos')
    assert.deepEqual([h.data, h.total], [[], 0])
  })

  it('without reason: reason null; the list sorts (default -id, name, -duration), searches and filters by type', async () => {
    expectStatus(await block(v.b2.id, mod.token), 204)
    assert.equal((await getVideo(ctx.api, v.b2.uuid, alice.token)).blacklistedReason, null)
    const l = await blocklist()
    assert.equal(l.total, 3)
    assert.deepEqual(l.data.map(b => b.video.uuid), [v.b2.uuid, v.b3.uuid, v.b1.uuid], 'default sort -id (last blocked first)')
    const b2 = l.data.find(b => b.video.uuid === v.b2.uuid)
    assert.equal(b2.reason, null)
    assert.equal(b2.unfederated, false, 'unfederate defaults to false')
    assert.equal(l.data.find(b => b.video.uuid === v.b3.uuid).unfederated, false)
    assert.deepEqual((await blocklist('sort=name')).data.map(b => b.video.name), ['blocked one', 'blocked three', 'blocked two'], 'sort=name')
    assert.deepEqual((await blocklist('sort=-duration')).data.map(b => b.video.uuid), [v.b3.uuid, v.b1.uuid, v.b2.uuid], 'sort=-duration')
    assert.deepEqual((await blocklist('sort=createdAt')).data.map(b => b.video.uuid), [v.b1.uuid, v.b3.uuid, v.b2.uuid], 'sort=createdAt')
    assert.deepEqual((await blocklist('count=1&start=1')).data.map(b => b.video.uuid), [v.b3.uuid], 'pagination')
    assert.equal((await blocklist('count=1')).total, 3)
    // search matches the video name (VideoBlacklistModel.listForApi: searchAttribute(search, 'name') on the video)
    assert.deepEqual((await blocklist('search=two')).data.map(b => b.video.uuid), [v.b2.uuid], 'search=two')
    assert.deepEqual((await blocklist('search=zulu')).data, [], 'search=zulu')
    assert.equal((await blocklist('type=1')).total, 3, 'type=1 manual')
    const auto = await blocklist('type=2')
    assert.deepEqual([auto.total, auto.data], [0, []], 'type=2 automatic')
    expectProblem(await ctx.api.get(blUrl('type=3'), { token: mod.token }), 400)
    expectProblem(await ctx.api.get(blUrl('sort=reason'), { token: mod.token }), 400)
  })

  it('PUT blacklist changes the reason (moderators; 404 when the video is not blocked; 400 bad reason)', async () => {
    const before = (await blocklist()).data.find(b => b.video.uuid === v.b1.uuid)
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.b1.uuid}/blacklist`, { token: bob.token, json: { reason: 'by bob' } }), 403)
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.b1.uuid}/blacklist`, { json: { reason: 'anonymous' } }), 401)
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.b1.uuid}/blacklist`, { token: mod.token, json: { reason: 'x' } }), 400, { invalidParams: ['reason'] })
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.free.uuid}/blacklist`, { token: mod.token, json: { reason: 'not blocked' } }), 404)
    await new Promise(resolve => setTimeout(resolve, 20))
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.b1.uuid}/blacklist`, { token: mod.token, json: { reason: 'updated reason' } }), 204)
    const after = (await blocklist()).data.find(b => b.video.uuid === v.b1.uuid)
    assert.equal(after.reason, 'updated reason')
    assert.equal(after.id, before.id, 'same block')
    assert.equal(after.unfederated, true, 'unfederated unchanged')
    assert.ok(Date.parse(after.updatedAt) > Date.parse(before.updatedAt), 'updatedAt moves')
    assert.equal((await getVideo(ctx.api, v.b1.uuid, alice.token)).blacklistedReason, 'updated reason')
  })

  it('DELETE blacklist unblocks (moderators; 404 when not blocked): the video is back everywhere, files served', async () => {
    expectProblem(await unblock(v.b1.uuid), 401)
    expectProblem(await unblock(v.b1.uuid, bob.token), 403)
    expectProblem(await unblock(v.b1.uuid, alice.token), 403)
    expectProblem(await unblock(v.free.uuid, mod.token), 404)
    const res = await unblock(v.b1.uuid, mod.token)
    expectStatus(res, 204)
    expectValid(res, undefined, 'delete', '/api/v1/videos/{id}/blacklist')
    expectProblem(await unblock(v.b1.uuid, mod.token), 404, { what: 'no longer blocked' })
    const d = await getVideo(ctx.api, v.b1.uuid)
    assert.equal(d.blacklisted, false)
    assert.equal(d.blacklistedReason, null)
    const all = await uuidsOf('/api/v1/videos?count=100', undefined, '/api/v1/videos')
    assert.deepEqual(all.uuids.sort(), [v.b1.uuid, v.free.uuid].sort())
    const f = d.files[0]
    const res2 = await fetchUrl(f.fileUrl)
    expectStatus(res2, 200, 'files served again')
    assert.equal(sha256(res2.body), sha256(files.b1))
    assert.deepEqual((await blocklist()).data.map(b => b.video.uuid), [v.b2.uuid, v.b3.uuid])
  })

  it('deleting a blocked video removes its block', async () => {
    expectStatus(await ctx.api.delete(`/api/v1/videos/${v.b2.id}`, { token: alice.token }), 204)
    const l = await blocklist()
    assert.deepEqual([l.total, l.data.map(b => b.video.uuid)], [1, [v.b3.uuid]])
    await expectServerUp(ctx.api)
  })
})
