// Video lists: GET /api/v1/videos, /accounts/{name}/videos,
// /video-channels/{handle}/videos, /users/me/videos — every filter and sort of
// the first tranche checked against real data (models/video/sql/video/
// videos-id-list-query-builder.ts: ORDER BY <column> <dir>, "video"."id" ASC).
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, waitPublished, myChannel } from './lib/videos.mjs'

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))

serverSuite('videos: lists, filters and sorts', {}, (ctx, it) => {
  let alice, bob, aliceChannel, bobChannel
  // The data set; uploaded in this order (createdAt/publishedAt follow it).
  const V = {
    a1: { owner: 'alice', name: 'alpha video', category: 1, licence: 1, language: 'en', tags: ['alpha', 'beta'], seconds: 2, privacy: PRIVACY.PUBLIC },
    a2: { owner: 'alice', name: 'bravo video', category: 2, licence: 2, language: 'fr', tags: ['beta', 'gamma'], seconds: 5, privacy: PRIVACY.PUBLIC },
    a3: { owner: 'alice', name: 'charlie video', category: 1, licence: 3, tags: ['Gamma'], seconds: 3, privacy: PRIVACY.PUBLIC, nsfw: true },
    a4: { owner: 'alice', name: 'delta video', category: 5, licence: 1, language: 'en', seconds: 4, privacy: PRIVACY.PUBLIC, originallyPublishedAt: '2001-01-01T00:00:00.000Z' },
    a5: { owner: 'alice', name: 'echo private', category: 1, language: 'en', seconds: 2, privacy: PRIVACY.PRIVATE },
    a6: { owner: 'alice', name: 'foxtrot unlisted', category: 1, seconds: 2, privacy: PRIVACY.UNLISTED },
    a7: { owner: 'alice', name: 'golf internal', category: 1, tags: ['alpha'], seconds: 2, privacy: PRIVACY.INTERNAL },
    b1: { owner: 'bob', name: 'hotel video', category: 2, licence: 4, language: 'de', tags: ['alpha'], seconds: 1, privacy: PRIVACY.PUBLIC }
  }
  const keys = Object.keys(V)
  const byUuid = new Map()

  const keyOf = (item) => {
    const k = byUuid.get(item.uuid)
    assert.ok(k, `unknown video in a list: ${item.name} ${item.uuid}`)
    return k
  }

  // GET path?query; a count=100 default in `path` gives way to a count in `query`.
  function buildUrl (path, query) {
    if (/(^|&)count=/.test(query)) path = path.replace(/([?&])count=100(&|$)/, (m, a, b) => (b ? a : '')).replace(/[?&]$/, '')
    if (!query) return path
    return path + (path.includes('?') ? '&' : '?') + query
  }

  async function list (path, query = '', token, specPath) {
    const url = buildUrl(path, query)
    const res = await ctx.api.get(url, { token })
    expectStatus(res, 200, `GET ${url}`)
    return expectValid(res, undefined, 'get', specPath)
  }

  // Asserts the list holds exactly `expected` keys (order-free unless ordered=true) and total matches.
  async function expectList (path, specPath, query, token, expected, { ordered = false, total } = {}) {
    const body = await list(path, query, token, specPath)
    const got = body.data.map(keyOf)
    const what = `${buildUrl(path, query)} (${token ? 'auth' : 'anonymous'})`
    if (ordered) assert.deepEqual(got, expected, what)
    else assert.deepEqual([...got].sort(), [...expected].sort(), what)
    assert.equal(body.total, total ?? expected.length, `${what}: total`)
    return body
  }

  const videos = (q, token, expected, o) => expectList('/api/v1/videos?count=100', '/api/v1/videos', q, token, expected, o)

  it('setup: two users, eight videos with varied metadata', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    bobChannel = await myChannel(ctx.api, bob.token)
    for (const k of keys) {
      const v = V[k]
      const user = v.owner === 'alice' ? alice : bob
      const channel = v.owner === 'alice' ? aliceChannel : bobChannel
      const res = await uploadVideo(ctx.api, user.token, {
        name: v.name, channelId: channel.id, privacy: v.privacy, category: v.category, licence: v.licence, language: v.language,
        tags: v.tags, nsfw: v.nsfw, originallyPublishedAt: v.originallyPublishedAt
      }, { file: media.ofDuration(v.seconds) })
      const d = await waitPublished(ctx.api, res.uuid, user.token)
      assert.equal(d.duration, v.seconds, `${k} duration`)
      Object.assign(v, { id: res.id, uuid: res.uuid, createdAt: d.createdAt, publishedAt: d.publishedAt })
      byUuid.set(res.uuid, k)
      await sleep(30)
    }
  })

  it('GET /api/v1/videos anonymously: public, non-NSFW (default_nsfw_policy do_not_list) videos only', async () => {
    const body = await videos('', undefined, ['a1', 'a2', 'a4', 'b1'])
    const a1 = body.data.find(x => x.uuid === V.a1.uuid)
    assert.equal(a1.name, 'alpha video')
    assert.deepEqual(a1.category, { id: 1, label: 'Music' })
    assert.deepEqual(a1.privacy, { id: 1, label: 'Public' })
    assert.equal(a1.duration, 2)
    assert.equal(a1.isLocal, true)
    assert.equal(a1.account.name, alice.username)
    assert.equal(a1.channel.id, aliceChannel.id)
    assert.equal(a1.state, undefined, 'no state without include')
    assert.equal(a1.files, undefined, 'no files in lists')
  })

  it('nsfw=true / false / both', async () => {
    await videos('nsfw=true', undefined, ['a3'])
    await videos('nsfw=false', undefined, ['a1', 'a2', 'a4', 'b1'])
    await videos('nsfw=both', undefined, ['a1', 'a2', 'a3', 'a4', 'b1'])
  })

  it('categoryOneOf, licenceOneOf, languageOneOf (incl. _unknown)', async () => {
    await videos('nsfw=both&categoryOneOf=1', undefined, ['a1', 'a3'])
    await videos('nsfw=both&categoryOneOf=1&categoryOneOf=2', undefined, ['a1', 'a2', 'a3', 'b1'])
    await videos('categoryOneOf=18', undefined, [])
    await videos('nsfw=both&licenceOneOf=1', undefined, ['a1', 'a4'])
    await videos('licenceOneOf=2&licenceOneOf=4', undefined, ['a2', 'b1'])
    await videos('languageOneOf=en', undefined, ['a1', 'a4'])
    await videos('languageOneOf=fr&languageOneOf=de', undefined, ['a2', 'b1'])
    await videos('nsfw=both&languageOneOf=_unknown', undefined, ['a3'])
    await videos('nsfw=both&languageOneOf=en&languageOneOf=_unknown', undefined, ['a1', 'a3', 'a4'])
  })

  it('tagsOneOf and tagsAllOf (case-insensitive)', async () => {
    await videos('tagsOneOf=alpha', undefined, ['a1', 'b1'])
    await videos('nsfw=both&tagsOneOf=GAMMA', undefined, ['a2', 'a3'])
    await videos('nsfw=both&tagsOneOf=alpha&tagsOneOf=gamma', undefined, ['a1', 'a2', 'a3', 'b1'])
    await videos('tagsAllOf=beta&tagsAllOf=gamma', undefined, ['a2'])
    await videos('tagsAllOf=alpha&tagsAllOf=Beta', undefined, ['a1'])
    await videos('tagsAllOf=Alpha', undefined, ['a1', 'b1'])
    await videos('tagsAllOf=alpha&tagsAllOf=nothing', undefined, [])
    await videos('tagsOneOf=nothing', undefined, [])
  })

  it('isLocal=true / false', async () => {
    await videos('nsfw=both&isLocal=true', undefined, ['a1', 'a2', 'a3', 'a4', 'b1'])
    await videos('nsfw=both&isLocal=false', undefined, [])
  })

  it('filters combine (AND)', async () => {
    await videos('nsfw=both&categoryOneOf=1&tagsOneOf=gamma', undefined, ['a3'])
    await videos('languageOneOf=en&licenceOneOf=1&tagsOneOf=alpha', undefined, ['a1'])
  })

  it('privacyOneOf and include are for users with SEE_ALL_VIDEOS: 401 otherwise; admins get them', async () => {
    expectProblem(await ctx.api.get('/api/v1/videos?privacyOneOf=3'), 401)
    expectProblem(await ctx.api.get('/api/v1/videos?privacyOneOf=3', { token: alice.token }), 401)
    expectProblem(await ctx.api.get('/api/v1/videos?include=1'), 401)
    expectProblem(await ctx.api.get('/api/v1/videos?include=1', { token: bob.token }), 401)
    await videos('privacyOneOf=3', ctx.rootToken, ['a5'])
    await videos('privacyOneOf=2&privacyOneOf=4', ctx.rootToken, ['a6', 'a7'])
    await videos('nsfw=both&privacyOneOf=1&privacyOneOf=2&privacyOneOf=3&privacyOneOf=4&privacyOneOf=5', ctx.rootToken, keys)
    const withState = await videos('nsfw=both&include=1', ctx.rootToken, ['a1', 'a2', 'a3', 'a4', 'a7', 'b1'])
    for (const v of withState.data) assert.deepEqual(v.state, { id: 1, label: 'Published' }, 'include=1 (NOT_PUBLISHED_STATE) adds state')
  })

  it('logged-in users also see internal videos', async () => {
    await videos('', bob.token, ['a1', 'a2', 'a4', 'a7', 'b1'])
    await videos('tagsOneOf=alpha', bob.token, ['a1', 'a7', 'b1'])
  })

  it('skipCount=true omits total; start/count page the sorted list', async () => {
    const res = await ctx.api.get('/api/v1/videos?skipCount=true&sort=name')
    const body = expectValid(res, undefined, 'get', '/api/v1/videos')
    assert.equal(body.total, undefined, 'no total with skipCount=true')
    assert.deepEqual(body.data.map(keyOf), ['a1', 'a2', 'a4', 'b1'])
    // total is the count of the whole list, not of the page
    await videos('sort=name&start=1&count=2', undefined, ['a2', 'a4'], { ordered: true, total: 4 })
    await videos('sort=name&start=4&count=2', undefined, [], { ordered: true, total: 4 })
  })

  it('sorts: name, duration, createdAt, publishedAt, originallyPublishedAt and their descending variants', async () => {
    const all = ['a1', 'a2', 'a3', 'a4', 'b1'] // nsfw=both, anonymous; upload order
    const by = (f) => [...all].sort((x, y) => f(V[x], V[y]) || V[x].id - V[y].id)
    const page = async (sort, expected) => {
      const body = await list('/api/v1/videos?count=100&nsfw=both', `sort=${sort}`, undefined, '/api/v1/videos')
      assert.deepEqual(body.data.map(keyOf), expected, `sort=${sort}`)
    }
    await page('name', by((a, b) => a.name.localeCompare(b.name)))
    await page('-name', by((a, b) => b.name.localeCompare(a.name)))
    await page('duration', by((a, b) => a.seconds - b.seconds))
    await page('-duration', by((a, b) => b.seconds - a.seconds))
    await page('createdAt', all)
    await page('-createdAt', [...all].reverse())
    await page('publishedAt', all)
    await page('-publishedAt', [...all].reverse())
    const opa = (v) => Date.parse(v.originallyPublishedAt ?? v.publishedAt)
    await page('originallyPublishedAt', by((a, b) => opa(a) - opa(b)))
    await page('-originallyPublishedAt', by((a, b) => opa(b) - opa(a)))
    assert.equal(by((a, b) => opa(a) - opa(b))[0], 'a4', 'originallyPublishedAt 2001 comes first')
    // default sort: -publishedAt
    const def = await list('/api/v1/videos?count=100&nsfw=both', '', undefined, '/api/v1/videos')
    assert.deepEqual(def.data.map(keyOf), [...all].reverse(), 'default sort is -publishedAt')
  })

  it('sorts: views and likes (all equal here → ties broken by id ascending, both directions)', async () => {
    const byId = ['a1', 'a2', 'a3', 'a4', 'b1'].sort((x, y) => V[x].id - V[y].id)
    for (const sort of ['views', '-views', 'likes', '-likes']) {
      const body = await list('/api/v1/videos?count=100&nsfw=both', `sort=${sort}`, undefined, '/api/v1/videos')
      assert.deepEqual(body.data.map(keyOf), byId, `sort=${sort}`)
      for (const v of body.data) { assert.equal(v.views, 0); assert.equal(v.likes, 0) }
    }
  })

  it('bad list parameters → 400', async () => {
    const failures = []
    const check = async (q, token) => {
      try { expectProblem(await ctx.api.get(`/api/v1/videos?${q}`, { token }), 400, { what: q }) } catch (err) { failures.push(err.message.split('\n')[0]) }
    }
    for (const q of ['sort=-nope', 'sort=email', 'count=101', 'count=-1', 'start=-1', 'start=abc', 'categoryOneOf=abc', 'licenceOneOf=x',
      'nsfw=maybe', 'isLocal=maybe', 'skipCount=maybe', 'filter=local']) await check(q)
    await check('privacyOneOf=abc', ctx.rootToken)
    assert.deepEqual(failures, [], 'every bad parameter is a 400')
  })

  it('GET /api/v1/accounts/{name}/videos: the same rules, restricted to the account', async () => {
    const acc = (q, token, expected, o) => expectList(`/api/v1/accounts/${alice.username}/videos?count=100`, '/api/v1/accounts/{name}/videos', q, token, expected, o)
    await acc('', undefined, ['a1', 'a2', 'a4'])
    await acc('', alice.token, ['a1', 'a2', 'a4', 'a7'])
    await acc('nsfw=both&categoryOneOf=1', undefined, ['a1', 'a3'])
    await acc('tagsOneOf=alpha', bob.token, ['a1', 'a7'])
    await acc('languageOneOf=en&nsfw=both', undefined, ['a1', 'a4'])
    await acc('nsfw=both&sort=-duration', undefined, ['a2', 'a4', 'a3', 'a1'], { ordered: true })
    await acc('nsfw=both&sort=name&start=1&count=2', undefined, ['a2', 'a3'], { ordered: true, total: 4 })
    await expectList(`/api/v1/accounts/${alice.username}@${ctx.server.host}/videos?count=100`, '/api/v1/accounts/{name}/videos', '', undefined, ['a1', 'a2', 'a4'])
    await expectList(`/api/v1/accounts/${bob.username}/videos?count=100`, '/api/v1/accounts/{name}/videos', '', undefined, ['b1'])
    expectProblem(await ctx.api.get(`/api/v1/accounts/${alice.username}/videos?privacyOneOf=3`, { token: alice.token }), 401)
    expectProblem(await ctx.api.get('/api/v1/accounts/nobody_here/videos'), 404)
    expectProblem(await ctx.api.get(`/api/v1/accounts/${alice.username}/videos?sort=-nope`), 400)
  })

  it('GET /api/v1/video-channels/{handle}/videos: the same rules, restricted to the channel', async () => {
    const handle = aliceChannel.name
    const ch = (q, token, expected, o) => expectList(`/api/v1/video-channels/${handle}/videos?count=100`, '/api/v1/video-channels/{channelHandle}/videos', q, token, expected, o)
    await ch('', undefined, ['a1', 'a2', 'a4'])
    await ch('', bob.token, ['a1', 'a2', 'a4', 'a7'])
    await ch('nsfw=true', undefined, ['a3'])
    await ch('licenceOneOf=1', undefined, ['a1', 'a4'])
    await ch('tagsAllOf=beta&tagsAllOf=gamma', undefined, ['a2'])
    await ch('sort=createdAt', undefined, ['a1', 'a2', 'a4'], { ordered: true })
    const page = await list(`/api/v1/video-channels/${handle}/videos?count=1&sort=-createdAt`, '', undefined, '/api/v1/video-channels/{channelHandle}/videos')
    assert.deepEqual(page.data.map(keyOf), ['a4'])
    assert.equal(page.total, 3)
    await expectList(`/api/v1/video-channels/${handle}@${ctx.server.host}/videos?count=100`, '/api/v1/video-channels/{channelHandle}/videos', '', undefined, ['a1', 'a2', 'a4'])
    await expectList(`/api/v1/video-channels/${bobChannel.name}/videos?count=100`, '/api/v1/video-channels/{channelHandle}/videos', '', undefined, ['b1'])
    expectProblem(await ctx.api.get('/api/v1/video-channels/no_such_channel/videos'), 404)
  })

  it('GET /api/v1/users/me/videos: all my videos, every privacy and NSFW, with state; privacyOneOf allowed', async () => {
    const me = (q, expected, o) => expectList('/api/v1/users/me/videos?count=100', '/api/v1/users/me/videos', q, alice.token, expected, o)
    const body = await me('', ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'])
    for (const v of body.data) {
      assert.deepEqual(v.state, { id: 1, label: 'Published' }, 'my videos carry their state')
      assert.equal(typeof v.waitTranscoding, 'boolean')
    }
    await me('categoryOneOf=1', ['a1', 'a3', 'a5', 'a6', 'a7'])
    await me('tagsOneOf=alpha', ['a1', 'a7'])
    // listMyVideos(): { ...query, nsfw: null } — my own NSFW videos are always listed
    await me('nsfw=false', ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'])
    await me('sort=-name', ['a7', 'a6', 'a5', 'a4', 'a3', 'a2', 'a1'], { ordered: true })
    await me('sort=duration', ['a1', 'a5', 'a6', 'a7', 'a3', 'a4', 'a2'], { ordered: true })
    const page = await list('/api/v1/users/me/videos?sort=createdAt&start=2&count=2', '', alice.token, '/api/v1/users/me/videos')
    assert.deepEqual(page.data.map(keyOf), ['a3', 'a4'])
    assert.equal(page.total, 7)
    await expectList('/api/v1/users/me/videos?count=100', '/api/v1/users/me/videos', '', bob.token, ['b1'])
    expectProblem(await ctx.api.get('/api/v1/users/me/videos'), 401)
    expectProblem(await ctx.api.get('/api/v1/users/me/videos?sort=-nope', { token: alice.token }), 400)
    // commonVideosFiltersValidatorFactory({ allowPrivacyFilterForAllUsers: true }): privacyOneOf on my own videos
    await me('privacyOneOf=3', ['a5'])
    await me('privacyOneOf=2&privacyOneOf=4', ['a6', 'a7'])
    await expectServerUp(ctx.api)
  })
})
