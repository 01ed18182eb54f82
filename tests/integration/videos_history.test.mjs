// Watch history (PeerTube: controllers/api/videos/view.ts updateUserHistoryIfNeeded,
// controllers/api/users/my-history.ts, validators/users/user-history.ts,
// models/user/user-video-history.ts; PeerTube's own packages/tests/src/api/videos/videos-history.ts):
//   - POST /videos/{id}/views with currentTime by a logged-in user whose videosHistoryEnabled is true
//     upserts (user, video, currentTime);
//   - userHistory: { currentTime } in GET /videos/{id}, in /videos lists and in search, for that user only;
//   - GET /users/me/history/videos: the watched videos, last watched first (-updatedAt), `search`,
//     only videos the user may list (public, internal; not private, not blocked);
//   - DELETE /users/me/history/videos/{videoId} (numeric id) and POST /users/me/history/videos/remove
//     ({ beforeDate? }: everything, or what was watched before that date).
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, waitPublished, myChannel, getVideo } from './lib/videos.mjs'

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))

serverSuite('videos: watch history', {}, (ctx, it) => {
  let alice, bob, carol
  const v = {} // alpha, bravo, charlie, delta (public, 4 s, alice's)

  const view = (id, currentTime, token) => ctx.api.post(`/api/v1/videos/${id}/views`, { token, json: { currentTime } })

  async function watched (id, currentTime, token) {
    expectStatus(await view(id, currentTime, token), 204, `POST views ${id} currentTime=${currentTime}`)
    await sleep(20) // distinct updatedAt
  }

  async function history (token, query = '') {
    const res = await ctx.api.get(`/api/v1/users/me/history/videos${query ? '?' + query : ''}`, { token })
    expectStatus(res, 200, `GET /users/me/history/videos?${query}`)
    return expectValid(res, undefined, 'get', '/api/v1/users/me/history/videos')
  }

  const names = (l) => l.data.map(x => x.name)

  it('setup: four public videos; bob and carol watch', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    carol = await createUser(ctx.api, ctx.rootToken, { username: 'carol' + randomSuffix() })
    const channel = await myChannel(ctx.api, alice.token)
    for (const k of ['alpha', 'bravo', 'charlie', 'delta']) {
      const res = await uploadVideo(ctx.api, alice.token, { name: `history ${k}`, channelId: channel.id, privacy: PRIVACY.PUBLIC },
        { file: media.ofDuration(4) })
      v[k] = { ...res, details: await waitPublished(ctx.api, res.uuid, alice.token) }
    }
    const me = await ctx.api.getOk('/api/v1/users/me', { token: bob.token })
    assert.equal(me.videosHistoryEnabled, true, 'user.history.videos.enabled: history on by default')
  })

  it('no history yet: no userHistory anywhere, empty history list', async () => {
    const d = await getVideo(ctx.api, v.alpha.uuid, bob.token)
    assert.equal(d.userHistory, undefined, 'no userHistory before watching (PeerTube leaves it out)')
    const l = expectValid(await ctx.api.get('/api/v1/videos?count=100', { token: bob.token }), undefined, 'get', '/api/v1/videos')
    for (const x of l.data) assert.equal(x.userHistory, undefined)
    const h = await history(bob.token)
    assert.deepEqual([h.total, h.data], [0, []])
    expectProblem(await ctx.api.get('/api/v1/users/me/history/videos'), 401)
  })

  it('a logged-in view with currentTime records it: userHistory.currentTime in GET, lists and search', async () => {
    await watched(v.bravo.uuid, 3, bob.token)
    await watched(v.alpha.id, 1, bob.token)
    assert.deepEqual((await getVideo(ctx.api, v.alpha.uuid, bob.token)).userHistory, { currentTime: 1 })
    assert.deepEqual((await getVideo(ctx.api, v.bravo.shortUUID, bob.token)).userHistory, { currentTime: 3 })
    assert.equal((await getVideo(ctx.api, v.charlie.uuid, bob.token)).userHistory, undefined, 'not watched')
    assert.equal((await getVideo(ctx.api, v.alpha.uuid)).userHistory, undefined, 'anonymous: nobody\'s history')
    assert.equal((await getVideo(ctx.api, v.alpha.uuid, carol.token)).userHistory, undefined, 'another user: not bob\'s history')

    const anon = expectValid(await ctx.api.get('/api/v1/videos?count=100'), undefined, 'get', '/api/v1/videos')
    for (const x of anon.data) assert.equal(x.userHistory, undefined, 'anonymous lists carry no history')
    const l = expectValid(await ctx.api.get('/api/v1/videos?count=100', { token: bob.token }), undefined, 'get', '/api/v1/videos')
    const byName = Object.fromEntries(l.data.map(x => [x.name, x.userHistory]))
    assert.deepEqual(byName['history alpha'], { currentTime: 1 }, 'userHistory in /videos')
    assert.deepEqual(byName['history bravo'], { currentTime: 3 })
    assert.equal(byName['history charlie'], undefined)
  })

  it('userHistory in search results too', async () => {
    const s = expectValid(await ctx.api.get('/api/v1/search/videos?search=history&count=100', { token: bob.token }), undefined, 'get', '/api/v1/search/videos')
    const sByName = Object.fromEntries(s.data.map(x => [x.name, x.userHistory]))
    assert.deepEqual(sByName['history bravo'], { currentTime: 3 }, 'userHistory in search results')
    assert.equal(sByName['history delta'], undefined)
  })

  it('an anonymous view records nothing', async () => {
    await watched(v.delta.uuid, 2, undefined)
    assert.equal((await history(bob.token)).total, 2)
    assert.equal((await history(carol.token)).total, 0)
  })

  it('GET /users/me/history/videos: last watched first, Video objects, the user\'s own only', async () => {
    const h = await history(bob.token)
    assert.equal(h.total, 2)
    assert.deepEqual(names(h), ['history alpha', 'history bravo'])
    assert.deepEqual(h.data[0].userHistory, { currentTime: 1 }, 'userHistory in the history list')
    const c = await history(carol.token)
    assert.deepEqual([c.total, c.data], [0, []], 'carol has her own (empty) history')
    // watching again moves the video to the top and updates currentTime
    await watched(v.bravo.uuid, 4, bob.token)
    const again = await history(bob.token)
    assert.deepEqual(names(again), ['history bravo', 'history alpha'])
    assert.deepEqual(again.data[0].userHistory, { currentTime: 4 })
    assert.deepEqual((await getVideo(ctx.api, v.bravo.uuid, bob.token)).userHistory, { currentTime: 4 })
    // pagination and search
    const page = await history(bob.token, 'start=1&count=1')
    assert.deepEqual([names(page), page.total], [['history alpha'], 2])
    const found = await history(bob.token, 'search=bravo')
    assert.deepEqual([names(found), found.total], [['history bravo'], 1])
    const none = await history(bob.token, 'search=zulu')
    assert.deepEqual([none.data, none.total], [[], 0])
  })

  it('DELETE /users/me/history/videos/{videoId}: one element (numeric id; 400 otherwise); other users untouched', async () => {
    await watched(v.alpha.uuid, 2, carol.token)
    expectProblem(await ctx.api.delete(`/api/v1/users/me/history/videos/${v.alpha.id}`), 401)
    expectProblem(await ctx.api.delete(`/api/v1/users/me/history/videos/${v.alpha.uuid}`, { token: bob.token }), 400)
    const res = await ctx.api.delete(`/api/v1/users/me/history/videos/${v.alpha.id}`, { token: bob.token })
    expectStatus(res, 204)
    expectValid(res, undefined, 'delete', '/api/v1/users/me/history/videos/{videoId}')
    assert.deepEqual(names(await history(bob.token)), ['history bravo'])
    assert.equal((await getVideo(ctx.api, v.alpha.uuid, bob.token)).userHistory, undefined, 'userHistory gone with it')
    assert.deepEqual(names(await history(carol.token)), ['history alpha'], 'carol\'s history is hers')
    expectStatus(await ctx.api.delete('/api/v1/users/me/history/videos/999999', { token: bob.token }), 204, 'nothing to delete is fine')
  })

  it('POST /users/me/history/videos/remove { beforeDate }: what was watched before the date', async () => {
    await watched(v.charlie.uuid, 1, bob.token)
    await sleep(50)
    const beforeDate = new Date().toISOString()
    await sleep(50)
    await watched(v.delta.uuid, 2, bob.token)
    assert.deepEqual(names(await history(bob.token)), ['history delta', 'history charlie', 'history bravo'])
    expectProblem(await ctx.api.post('/api/v1/users/me/history/videos/remove', { token: bob.token, json: { beforeDate: 'yesterday' } }), 400,
      { invalidParams: ['beforeDate'] })
    expectProblem(await ctx.api.post('/api/v1/users/me/history/videos/remove', { json: { beforeDate } }), 401)
    const res = await ctx.api.post('/api/v1/users/me/history/videos/remove', { token: bob.token, json: { beforeDate } })
    expectStatus(res, 204)
    expectValid(res, undefined, 'post', '/api/v1/users/me/history/videos/remove')
    assert.deepEqual(names(await history(bob.token)), ['history delta'])
    assert.deepEqual(names(await history(carol.token)), ['history alpha'], 'other users untouched')
  })

  it('POST /users/me/history/videos/remove without beforeDate: everything', async () => {
    await watched(v.alpha.uuid, 1, bob.token)
    expectStatus(await ctx.api.post('/api/v1/users/me/history/videos/remove', { token: bob.token, json: {} }), 204)
    const h = await history(bob.token)
    assert.deepEqual([h.total, h.data], [0, []])
  })

  it('videosHistoryEnabled false (PUT /users/me): views are no longer recorded; true again: recorded', async () => {
    expectStatus(await ctx.api.put('/api/v1/users/me', { token: bob.token, json: { videosHistoryEnabled: false } }), 204)
    await watched(v.bravo.uuid, 2, bob.token)
    assert.equal((await history(bob.token)).total, 0)
    assert.equal((await getVideo(ctx.api, v.bravo.uuid, bob.token)).userHistory, undefined)
    expectStatus(await ctx.api.put('/api/v1/users/me', { token: bob.token, json: { videosHistoryEnabled: true } }), 204)
    await watched(v.bravo.uuid, 2, bob.token)
    assert.deepEqual(names(await history(bob.token)), ['history bravo'])
  })

  it('a watched video that becomes private leaves the history list of others (listed like /videos)', async () => {
    await watched(v.charlie.uuid, 3, bob.token)
    assert.deepEqual(names(await history(bob.token)), ['history charlie', 'history bravo'])
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.charlie.id}`, { token: alice.token, json: { privacy: PRIVACY.PRIVATE } }), 204)
    const h = await history(bob.token)
    assert.deepEqual(names(h), ['history bravo'], 'a private video of another user is not listed')
    assert.equal(h.total, 1, 'nor counted')
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.charlie.id}`, { token: alice.token, json: { privacy: PRIVACY.INTERNAL } }), 204)
    assert.deepEqual(names(await history(bob.token)), ['history charlie', 'history bravo'], 'internal videos are listed for users')
  })

  it('a deleted video leaves every history', async () => {
    expectStatus(await ctx.api.delete(`/api/v1/videos/${v.bravo.id}`, { token: alice.token }), 204)
    assert.deepEqual(names(await history(bob.token)), ['history charlie'])
    await expectServerUp(ctx.api)
  })
})
