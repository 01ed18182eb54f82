// Rates and views.
// Rates (PeerTube: controllers/api/videos/rate.ts, middlewares/validators/videos/video-rates.ts,
// controllers/api/users/me.ts getUserVideoRating, controllers/api/accounts.ts listAccountRatings):
//   PUT /videos/{id}/rate { rating: like|dislike|none } → 204, likes/dislikes updated at once,
//   GET /users/me/videos/{id}/rating → { videoId, rating }, GET /accounts/{name}/ratings (own account).
// Views (controllers/api/videos/view.ts, validators/videos/video-view.ts, lib/views/*):
//   POST /videos/{id}/views { currentTime, viewEvent?, sessionId? } → 204. A viewer is identified by
//   sessionId (trust_viewer_session_id, default true) or else by its IP; `viewers` counts them live.
//   A view counts once the viewer watched enough (count_view_after, 10 s by default, or more than half
//   of a shorter video: duration / watchTime < 2), once per viewer per views.videos.view_expiration;
//   local views reach `views` when the buffer is flushed (views.videos.local_buffer_update_interval).
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, waitPublished, myChannel, getVideo } from './lib/videos.mjs'

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))
const PASSWORD = 'rates-video-password'
const VIEW_EXPIRATION_MS = 5000
const BUFFER_MS = 1000

serverSuite('videos: rates and views', {
  config: {
    views: {
      videos: {
        local_buffer_update_interval: '1 second',
        view_expiration: '5 seconds'
      }
    }
  }
}, (ctx, it) => {
  let alice, bob, carol
  const v = {} // v1, v2, v3 (public, 4 s), priv, unl, pw

  const rate = (id, token, rating, headers) => ctx.api.put(`/api/v1/videos/${id}/rate`, { token, json: rating === undefined ? {} : { rating }, headers })
  const view = (id, body, { token, headers } = {}) => ctx.api.post(`/api/v1/videos/${id}/views`, { token, json: body, headers })

  async function counters (id) {
    const d = await getVideo(ctx.api, id, ctx.rootToken)
    return { likes: d.likes, dislikes: d.dislikes, views: d.views, viewers: d.viewers }
  }

  async function myRating (id, token) {
    const res = await ctx.api.get(`/api/v1/users/me/videos/${id}/rating`, { token })
    expectStatus(res, 200, `GET /users/me/videos/${id}/rating`)
    return expectValid(res, undefined, 'get', '/api/v1/users/me/videos/{videoId}/rating')
  }

  // views are buffered: poll until the expected figure shows (the buffer interval is 1 s here).
  async function expectViews (id, expected, { timeout = 6000 } = {}) {
    const deadline = Date.now() + timeout
    let c
    do {
      c = await counters(id)
      if (c.views === expected) return c
      await sleep(200)
    } while (Date.now() < deadline)
    assert.equal(c.views, expected, `video ${id}: views after the buffer flush`)
  }

  // A viewer watching [from, to] of a video: one event per second, as the player does.
  async function watch (id, from, to, opts = {}) {
    for (let t = from; t <= to; t++) {
      const res = await view(id, { currentTime: t, ...(opts.body || {}) }, opts)
      expectStatus(res, 204, `POST views currentTime=${t}`)
    }
  }

  it('setup: three public 4 s videos and one of each other privacy', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    carol = await createUser(ctx.api, ctx.rootToken, { username: 'carol' + randomSuffix() })
    const channel = await myChannel(ctx.api, alice.token)
    const defs = {
      v1: { name: 'rated one', privacy: PRIVACY.PUBLIC },
      v2: { name: 'rated two', privacy: PRIVACY.PUBLIC },
      v3: { name: 'rated three', privacy: PRIVACY.PUBLIC },
      priv: { name: 'rated private', privacy: PRIVACY.PRIVATE },
      unl: { name: 'rated unlisted', privacy: PRIVACY.UNLISTED },
      pw: { name: 'rated password', privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: [PASSWORD] }
    }
    for (const [k, d] of Object.entries(defs)) {
      const res = await uploadVideo(ctx.api, alice.token, { ...d, channelId: channel.id }, { file: media.ofDuration(4) })
      v[k] = { ...res, details: await waitPublished(ctx.api, res.uuid, alice.token) }
      assert.equal(v[k].details.duration, 4)
    }
    const c = await counters(v.v1.uuid)
    assert.deepEqual(c, { likes: 0, dislikes: 0, views: 0, viewers: 0 }, 'a new video: no likes, dislikes, views, viewers')
  })

  it('PUT rate like / dislike / none → 204; likes and dislikes follow at once', async () => {
    const res = await rate(v.v1.uuid, bob.token, 'like')
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/videos/{id}/rate')
    assert.deepEqual(await counters(v.v1.uuid), { likes: 1, dislikes: 0, views: 0, viewers: 0 })
    expectStatus(await rate(v.v1.uuid, bob.token, 'like'), 204, 'liking twice')
    assert.equal((await counters(v.v1.uuid)).likes, 1, 'one like per account')
    expectStatus(await rate(v.v1.id, bob.token, 'dislike'), 204, 'by numeric id')
    assert.deepEqual(await counters(v.v1.uuid), { likes: 0, dislikes: 1, views: 0, viewers: 0 }, 'like → dislike')
    expectStatus(await rate(v.v1.shortUUID, bob.token, 'none'), 204, 'by short UUID')
    assert.deepEqual(await counters(v.v1.uuid), { likes: 0, dislikes: 0, views: 0, viewers: 0 }, 'dislike → none')
  })

  it('PUT rate refuses: anonymous 401, bad rating 400, unknown video 404', async () => {
    expectProblem(await rate(v.v1.uuid, undefined, 'like'), 401)
    expectProblem(await rate(v.v1.uuid, bob.token, 'love'), 400, { invalidParams: ['rating'] })
    expectProblem(await rate(v.v1.uuid, bob.token, undefined), 400, { invalidParams: ['rating'] })
    expectProblem(await rate('00000000-0000-4000-8000-000000000000', bob.token, 'like'), 404)
    expectProblem(await rate(999999, bob.token, 'like'), 404)
    assert.deepEqual(await counters(v.v1.uuid), { likes: 0, dislikes: 0, views: 0, viewers: 0 })
  })

  it('rates follow the video\'s privacy (private: owner only; unlisted by UUID; password header)', async () => {
    expectProblem(await rate(v.priv.uuid, bob.token, 'like'), 403)
    expectStatus(await rate(v.priv.uuid, alice.token, 'like'), 204, 'the owner rates her private video')
    assert.equal((await counters(v.priv.uuid)).likes, 1)
    expectStatus(await rate(v.unl.uuid, bob.token, 'like'), 204, 'unlisted by UUID')
    expectProblem(await rate(v.unl.id, bob.token, 'like'), 403, { what: 'unlisted by numeric id' })
    expectProblem(await rate(v.pw.uuid, bob.token, 'like'), 403, { code: 'video_requires_password' })
    expectProblem(await rate(v.pw.uuid, bob.token, 'like', { 'x-peertube-video-password': 'nope' }), 403, { code: 'incorrect_video_password' })
    expectStatus(await rate(v.pw.uuid, bob.token, 'dislike', { 'x-peertube-video-password': PASSWORD }), 204)
    assert.equal((await counters(v.pw.uuid)).dislikes, 1)
  })

  it('GET /users/me/videos/{videoId}/rating → { videoId, rating } (none when unrated)', async () => {
    expectStatus(await rate(v.v2.uuid, bob.token, 'like'), 204)
    let r = await myRating(v.v2.uuid, bob.token)
    assert.deepEqual(r, { videoId: v.v2.id, rating: 'like' }, 'by UUID: videoId is the numeric id')
    r = await myRating(v.v2.id, bob.token)
    assert.deepEqual(r, { videoId: v.v2.id, rating: 'like' })
    assert.deepEqual(await myRating(v.v2.id, carol.token), { videoId: v.v2.id, rating: 'none' })
    assert.deepEqual(await myRating(v.pw.id, bob.token), { videoId: v.pw.id, rating: 'dislike' })
    assert.deepEqual(await myRating(v.v1.id, bob.token), { videoId: v.v1.id, rating: 'none' }, 'after rating none')
    expectProblem(await ctx.api.get(`/api/v1/users/me/videos/${v.v2.id}/rating`), 401)
    expectProblem(await ctx.api.get('/api/v1/users/me/videos/999999/rating', { token: bob.token }), 404)
  })

  it('GET /accounts/{name}/ratings: the account\'s own ratings only (401 / 403), { video, rating }, filter', async () => {
    // bob: v2 like (rated second), v1 like (rated last); pw dislike removed, unl like removed → only public videos here
    expectStatus(await rate(v.pw.uuid, bob.token, 'none', { 'x-peertube-video-password': PASSWORD }), 204)
    expectStatus(await rate(v.unl.uuid, bob.token, 'none'), 204)
    await sleep(20)
    expectStatus(await rate(v.v3.uuid, bob.token, 'dislike'), 204)
    const url = `/api/v1/accounts/${bob.username}/ratings`
    expectProblem(await ctx.api.get(url), 401)
    expectProblem(await ctx.api.get(url, { token: carol.token }), 403)
    const res = await ctx.api.get(url, { token: bob.token })
    expectStatus(res, 200)
    const all = expectValid(res, undefined, 'get', '/api/v1/accounts/{name}/ratings')
    assert.equal(all.total, 2)
    const byUuid = Object.fromEntries(all.data.map(x => [x.video.uuid, x.rating]))
    assert.deepEqual(byUuid, { [v.v2.uuid]: 'like', [v.v3.uuid]: 'dislike' })
    const likes = expectValid(await ctx.api.get(`${url}?rating=like`, { token: bob.token }), undefined, 'get', '/api/v1/accounts/{name}/ratings')
    assert.deepEqual(likes.data.map(x => x.video.uuid), [v.v2.uuid])
    assert.equal(likes.total, 1)
    expectProblem(await ctx.api.get(`${url}?rating=love`, { token: bob.token }), 400)
    const empty = expectValid(await ctx.api.get(`/api/v1/accounts/${carol.username}/ratings`, { token: carol.token }), undefined, 'get', '/api/v1/accounts/{name}/ratings')
    assert.deepEqual([empty.total, empty.data], [0, []])
  })

  it('sort=-likes / likes orders the lists by likes (ties by id)', async () => {
    // likes: v1 2 (bob, carol), v2 1 (bob), v3 0 (1 dislike)
    expectStatus(await rate(v.v1.uuid, bob.token, 'like'), 204)
    expectStatus(await rate(v.v1.uuid, carol.token, 'like'), 204)
    const ours = new Set([v.v1.uuid, v.v2.uuid, v.v3.uuid])
    const order = async (sort) => {
      const l = expectValid(await ctx.api.get(`/api/v1/videos?count=100&sort=${sort}`), undefined, 'get', '/api/v1/videos')
      return l.data.filter(x => ours.has(x.uuid))
    }
    const desc = await order('-likes')
    assert.deepEqual(desc.map(x => x.uuid), [v.v1.uuid, v.v2.uuid, v.v3.uuid], 'sort=-likes')
    assert.deepEqual(desc.map(x => [x.likes, x.dislikes]), [[2, 0], [1, 0], [0, 1]], 'likes/dislikes in the list')
    assert.deepEqual((await order('likes')).map(x => x.uuid), [v.v3.uuid, v.v2.uuid, v.v1.uuid], 'sort=likes')
  })

  it('POST views validates its body: currentTime required, 0 ≤ currentTime ≤ duration, viewEvent seek', async () => {
    expectProblem(await view(v.v3.uuid, { currentTime: 'abc' }), 400, { invalidParams: ['currentTime'] })
    expectProblem(await view(v.v3.uuid, { currentTime: -1 }), 400)
    expectProblem(await view(v.v3.uuid, { currentTime: 60 }), 400, { what: 'beyond the 4 s duration' })
    expectProblem(await view(v.v3.uuid, { currentTime: 1, viewEvent: 'jump' }), 400, { invalidParams: ['viewEvent'] })
    expectProblem(await view('00000000-0000-4000-8000-000000000000', { currentTime: 0 }), 404)
    expectProblem(await view(999999, { currentTime: 0 }), 404)
    const ok = await view(v.v3.uuid, { currentTime: 0 }, { headers: { 'X-Forwarded-For': '198.51.100.99' } })
    expectStatus(ok, 204)
    expectValid(ok, undefined, 'post', '/api/v1/videos/{id}/views')
    // body('currentTime').customSanitizer(toIntOrNull).isInt(): required (UserViewingVideo.required: [currentTime])
    expectProblem(await view(v.v3.uuid, {}), 400, { invalidParams: ['currentTime'] })
  })

  it('viewers: a viewer counts live at once; views only after enough watch time (more than half of a short video)', async () => {
    // anonymous viewer A (the test's own IP, no session id): 0 → 1 s watched of 4 s: a viewer, not yet a view
    await watch(v.v1.uuid, 0, 1)
    let c = await counters(v.v1.uuid)
    assert.equal(c.viewers, 1, 'one live viewer right after the first event')
    await sleep(BUFFER_MS * 2.5)
    c = await counters(v.v1.uuid)
    assert.equal(c.views, 0, '1 s of a 4 s video is not a view (duration / watchTime must be < 2)')
    // 0 → 3: 3 s watched of 4 s → one view, shown after the buffer flush
    await watch(v.v1.uuid, 2, 3)
    c = await expectViews(v.v1.uuid, 1)
    assert.equal(c.viewers, 1, 'still one viewer')
  })

  it('the same viewer does not count again within view_expiration, whatever it sends', async () => {
    await watch(v.v1.uuid, 0, 4, { body: { viewEvent: 'seek' } })
    await watch(v.v1.uuid, 0, 4)
    await sleep(BUFFER_MS * 2.5)
    assert.equal((await counters(v.v1.uuid)).views, 1, 'one view per viewer per expiration window')
  })

  it('another IP (X-Forwarded-For from the loopback proxy) is another viewer', async () => {
    await watch(v.v1.uuid, 0, 3, { headers: { 'X-Forwarded-For': '203.0.113.7' } })
    await expectViews(v.v1.uuid, 2)
    assert.equal((await counters(v.v1.uuid)).viewers, 2, 'two live viewers')
    // a logged-in viewer is a viewer like any other (identified by its session / IP, not its account)
    await watch(v.v2.uuid, 0, 3, { token: bob.token, headers: { 'X-Forwarded-For': '203.0.113.8' } })
    await expectViews(v.v2.uuid, 1)
    const l = expectValid(await ctx.api.get('/api/v1/videos?count=100'), undefined, 'get', '/api/v1/videos')
    assert.equal(l.data.find(x => x.uuid === v.v1.uuid).views, 2, 'views in the lists')
    assert.equal(l.data.find(x => x.uuid === v.v1.uuid).viewers, 2, 'viewers in the lists')
  })

  it('a sessionId in the body is another viewer (views.videos.trust_viewer_session_id, default true)', async () => {
    // VideoViewsManager.processLocalView: sessionId = body.sessionId when trusted, else sha256(secret + '-' + ip)
    const before = await counters(v.v1.uuid)
    const sessionId = 'a1b2c3d4-0000-4000-8000-' + Date.now().toString().padStart(12, '0').slice(-12)
    await watch(v.v1.uuid, 0, 3, { body: { sessionId } })
    const after = await expectViews(v.v1.uuid, before.views + 1)
    assert.equal(after.viewers, before.viewers + 1, 'one more live viewer')
    expectProblem(await view(v.v1.uuid, { currentTime: 1, sessionId: 'not valid!' }), 400, { invalidParams: ['sessionId'] })
  })

  it('after view_expiration the same viewer counts again', async () => {
    await sleep(VIEW_EXPIRATION_MS + 500)
    const before = await counters(v.v1.uuid)
    await watch(v.v1.uuid, 0, 3, { body: { viewEvent: 'seek' } })
    await expectViews(v.v1.uuid, before.views + 1)
  })

  it('PUT /videos/{id}/watching is the same endpoint (PeerTube keeps it as an alias of POST views)', async () => {
    const res = await ctx.api.put(`/api/v1/videos/${v.v3.uuid}/watching`, { json: { currentTime: 1 } })
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/videos/{id}/watching')
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.v3.uuid}/watching`, { json: {} }), 400)
  })

  it('sort=-views orders by views; -trending / -hot / -best answer valid lists', async () => {
    const ours = new Set([v.v1.uuid, v.v2.uuid, v.v3.uuid])
    // as a logged-in user: `best` takes the user's history into account
    const list = async (sort) => {
      const l = expectValid(await ctx.api.get(`/api/v1/videos?count=100&sort=${sort}`, { token: carol.token }), undefined, 'get', '/api/v1/videos')
      return l.data.filter(x => ours.has(x.uuid))
    }
    const byViews = await list('-views')
    assert.deepEqual(byViews.map(x => x.uuid), [v.v1.uuid, v.v2.uuid, v.v3.uuid], 'sort=-views')
    const counts = byViews.map(x => x.views)
    assert.ok(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] === 0, `views decreasing: ${counts}`)
    assert.deepEqual((await list('views')).map(x => x.uuid), [v.v3.uuid, v.v2.uuid, v.v1.uuid], 'sort=views')
    for (const sort of ['-trending', '-hot', '-best']) {
      const l = await list(sort)
      assert.equal(l.length, 3, `${sort} lists every video`)
    }
    await expectServerUp(ctx.api)
  })
})
