// Search: GET /api/v1/search/videos (text on name, tags and description, the
// filters of /videos, sort -match, privacy), URL searches, and
// GET /api/v1/search/video-channels (display name, handle, URL)
// (controllers/api/search/search-videos.ts, search-video-channels.ts;
// validators/search.ts; models/video/sql/video/videos-id-list-query-builder.ts whereSearch()).
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, waitPublished, myChannel } from './lib/videos.mjs'

const ALL_PRIVACIES = 'privacyOneOf=1&privacyOneOf=2&privacyOneOf=3&privacyOneOf=4&privacyOneOf=5'

serverSuite('search', {}, (ctx, it) => {
  let alice, bob, aliceChannel, studio
  const v = {} // key → { id, uuid, shortUUID, name }
  const studioName = 'aurora_studio_' + randomSuffix(4)

  const searchRaw = (query, token) => ctx.api.get(`/api/v1/search/videos?${query}`, { token })
  const search = async (query, token) => {
    const res = await searchRaw(query, token)
    expectStatus(res, 200, `search/videos?${query}`)
    const body = expectValid(res, undefined, 'get', '/api/v1/search/videos')
    return { body, res, names: body.data.map(x => x.name) }
  }
  const q = (text) => `search=${encodeURIComponent(text)}`
  const sorted = (a) => [...a].sort()
  const searchChannels = async (query, token) => {
    const res = await ctx.api.get(`/api/v1/search/video-channels?${query}`, { token })
    expectStatus(res, 200, `search/video-channels?${query}`)
    return expectValid(res, undefined, 'get', '/api/v1/search/video-channels')
  }

  it('setup: users, a second channel, videos of every privacy', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    const ch = await ctx.api.post('/api/v1/video-channels', { token: alice.token, json: { name: studioName, displayName: 'Borealis Studio Productions' } })
    expectStatus(ch, 200, 'create channel')
    studio = ch.json.videoChannel

    const specs = {
      exact: { name: 'Aurora', tags: ['sky'], category: 1, language: 'en', file: media.ofDuration(2) },
      long: { name: 'Aurora borealis over the northern mountains in winter', category: 2, language: 'fr', file: media.ofDuration(5), channelId: studio.id },
      fox: { name: 'The quick brown fox jumps', tags: ['Kayak', 'river'], description: 'Filmed near the glacier lagoon at dawn' },
      cafe: { name: 'Café crème tutorial' },
      nsfw: { name: 'Aurora after dark', nsfw: true },
      priv: { name: 'Aurora private rehearsal', privacy: PRIVACY.PRIVATE },
      internal: { name: 'Aurora internal meeting', privacy: PRIVACY.INTERNAL },
      unlisted: { name: 'Aurora unlisted draft', privacy: PRIVACY.UNLISTED },
      password: { name: 'Aurora password edition', privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: ['search password'] },
      bob: { name: 'Unrelated bob video', owner: 'bob' }
    }
    for (const [k, s] of Object.entries(specs)) {
      const { file = media.landscape(), owner, ...fields } = s
      const user = owner === 'bob' ? bob : alice
      const channelId = fields.channelId ?? (owner === 'bob' ? (await myChannel(ctx.api, bob.token)).id : aliceChannel.id)
      const up = await uploadVideo(ctx.api, user.token, { privacy: PRIVACY.PUBLIC, ...fields, channelId }, { file })
      v[k] = { ...up, name: s.name, token: user.token }
    }
    for (const k of Object.keys(specs)) await waitPublished(ctx.api, v[k].uuid, v[k].token)
  })

  it('a word of the name: anonymous users get public, non-NSFW videos only', async () => {
    const { body, names, res } = await search(q('aurora'))
    assert.deepEqual(sorted(names), sorted([v.exact.name, v.long.name]))
    assert.equal(body.total, 2)
    for (const k of ['priv', 'internal', 'unlisted', 'password', 'nsfw']) {
      assert.ok(!res.text.includes(v[k].uuid), `the ${k} video does not appear anonymously`)
    }
  })

  it('logged-in users also find internal videos, never private, unlisted or password-protected ones (not even their owner)', async () => {
    for (const token of [bob.token, alice.token]) {
      const { names, res } = await search(q('aurora'), token)
      assert.deepEqual(sorted(names), sorted([v.exact.name, v.long.name, v.internal.name]))
      for (const k of ['priv', 'unlisted', 'password']) assert.ok(!res.text.includes(v[k].uuid), `no ${k} video in search`)
    }
  })

  it('privacyOneOf / include are for users with SEE_ALL_VIDEOS: 401 otherwise; admins find every privacy', async () => {
    expectProblem(await searchRaw(`${q('aurora')}&${ALL_PRIVACIES}`), 401)
    expectProblem(await searchRaw(`${q('aurora')}&${ALL_PRIVACIES}`, bob.token), 401)
    const { names } = await search(`${q('aurora')}&${ALL_PRIVACIES}&nsfw=both`, ctx.rootToken)
    assert.deepEqual(sorted(names), sorted(['exact', 'long', 'nsfw', 'priv', 'internal', 'unlisted', 'password'].map(k => v[k].name)))
  })

  it('case and accents do not matter (lower(immutable_unaccent(...))); a word prefix matches; several words match a name holding them', async () => {
    const failures = []
    for (const [text, expected, what] of [
      ['AURORA', [v.exact.name, v.long.name], 'case-insensitive'],
      ['borea', [v.long.name], 'a prefix of "borealis"'],
      ['cafe creme', [v.cafe.name], 'accent-insensitive (unaccented search, accented name)'],
      ['CAFÉ', [v.cafe.name], 'accented upper-case search'],
      ['quick fox', [v.fox.name], 'words of the name, not adjacent']
    ]) {
      try {
        const got = sorted((await search(q(text))).names)
        assert.deepEqual(got, sorted(expected), `${what}: search=${text} got ${JSON.stringify(got)}`)
      } catch (err) { failures.push(err.message.split('\n')[0]) }
    }
    assert.deepEqual(failures, [])
  })

  it('a tag, a word of the description, a UUID find the video', async () => {
    const failures = []
    for (const [text, what] of [['kayak', 'tag "Kayak", case-insensitive'],
      ['glacier', 'a word of the description (the issue asks for name, description and tags)'],
      [v.fox.uuid, 'the UUID (whereSearch: OR "video"."uuid" = search when it is a UUID)']]) {
      try {
        const got = (await search(q(text))).names
        assert.deepEqual(got, [v.fox.name], `${what}: got ${JSON.stringify(got)}`)
      } catch (err) { failures.push(err.message.split('\n')[0]) }
    }
    assert.deepEqual(failures, [])
    const none = await search(q('xylophone'))
    assert.deepEqual(none.body, { total: 0, data: [] })
  })

  it('sort: -match (the default) puts the best match first; other sorts apply', async () => {
    for (const query of [q('aurora'), `${q('aurora')}&sort=-match`]) {
      const { names } = await search(query)
      assert.deepEqual(names, [v.exact.name, v.long.name], `${query}: the exact name first`)
    }
    assert.deepEqual((await search(`${q('aurora')}&sort=-name`)).names, [v.long.name, v.exact.name])
    assert.deepEqual((await search(`${q('aurora')}&sort=-duration`)).names, [v.long.name, v.exact.name])
    assert.deepEqual((await search(`${q('aurora')}&sort=duration`)).names, [v.exact.name, v.long.name])
    expectProblem(await searchRaw(`${q('aurora')}&sort=nonsense`), 400)
  })

  it('the filters of /videos apply to search', async () => {
    const failures = []
    const check = async (extra, expected) => {
      try {
        const got = sorted((await search(`${q('aurora')}&${extra}`)).names)
        assert.deepEqual(got, sorted(expected), `${extra}: got ${JSON.stringify(got)}`)
      } catch (err) { failures.push(err.message.split('\n')[0]) }
    }
    await check('categoryOneOf=2', [v.long.name])
    await check('languageOneOf=en', [v.exact.name])
    await check('tagsOneOf=sky', [v.exact.name])
    await check('tagsAllOf=sky', [v.exact.name])
    await check('durationMin=4', [v.long.name])
    await check('durationMax=4', [v.exact.name])
    await check('isLocal=true', [v.exact.name, v.long.name])
    await check('nsfw=true', [v.nsfw.name])
    await check('nsfw=both', [v.exact.name, v.long.name, v.nsfw.name])
    await check('startDate=2000-01-01T00:00:00.000Z', [v.exact.name, v.long.name])
    await check('startDate=2999-01-01T00:00:00.000Z', [])
    await check('endDate=2000-01-01T00:00:00.000Z', [])
    await check('endDate=2999-01-01T00:00:00.000Z', [v.exact.name, v.long.name])
    try {
      const page = await search(`${q('aurora')}&start=1&count=1`)
      assert.equal(page.body.total, 2, 'start=1&count=1: total')
      assert.deepEqual(page.names, [v.long.name], 'start=1&count=1: the second of the -match order')
    } catch (err) { failures.push(err.message.split('\n')[0]) }
    for (const bad of ['search=', `${q('aurora')}&startDate=yesterday`, `${q('aurora')}&durationMin=abc`, `${q('aurora')}&count=-1`, `${q('aurora')}&categoryOneOf=abc`]) {
      try { expectProblem(await searchRaw(bad), 400, { what: bad }) } catch (err) { failures.push(err.message.split('\n')[0]) }
    }
    assert.deepEqual(failures, [], 'filters')
  })

  it('a video URL typed into search finds the local video (anonymous and logged in)', async () => {
    for (const url of [`${ctx.server.url}/videos/watch/${v.exact.uuid}`, `${ctx.server.url}/w/${v.exact.uuid}`]) {
      const { body } = await search(q(url))
      assert.equal(body.total, 1, `${url}: ${JSON.stringify(body).slice(0, 300)}`)
      assert.equal(body.data[0].uuid, v.exact.uuid)
    }
    const logged = await search(q(`${ctx.server.url}/videos/watch/${v.exact.uuid}`), bob.token)
    assert.deepEqual(logged.body.data.map(x => x.uuid), [v.exact.uuid])
  })

  it('a URL search never reveals a video the searcher cannot see (private, internal for anonymous)', async () => {
    for (const token of [undefined, bob.token]) {
      const { body, res } = await search(q(`${ctx.server.url}/videos/watch/${v.priv.uuid}`), token)
      assert.equal(body.total, 0, `private video by URL (${token ? 'bob' : 'anonymous'})`)
      assert.ok(!res.text.includes(v.priv.name))
    }
    const anonInternal = await search(q(`${ctx.server.url}/videos/watch/${v.internal.uuid}`))
    assert.equal(anonInternal.body.total, 0, 'internal video by URL, anonymous')
    assert.ok(!anonInternal.res.text.includes(v.internal.name))
  })

  it('GET /api/v1/search/video-channels: by a word of the display name', async () => {
    const body = await searchChannels(q('borealis'))
    assert.deepEqual(body.data.map(c => c.name), [studioName])
    assert.equal(body.total, 1)
    assert.equal(body.data[0].displayName, 'Borealis Studio Productions')
    assert.equal(body.data[0].ownerAccount?.name, alice.username)
    const none = await searchChannels(q('xylophone'))
    assert.deepEqual(none, { total: 0, data: [] })
  })

  it('an empty search string → 400 (validators/search.ts: query(\'search\').optional().not().isEmpty())', async () => {
    expectProblem(await ctx.api.get('/api/v1/search/video-channels?search='), 400)
  })

  it('a channel handle (name@host, @name@host) or URL typed into channel search finds the local channel', async () => {
    for (const text of [`${studioName}@${ctx.server.host}`, `@${studioName}@${ctx.server.host}`,
      `${ctx.server.url}/video-channels/${studioName}`, `${ctx.server.url}/c/${studioName}`]) {
      for (const token of [undefined, alice.token]) {
        const body = await searchChannels(q(text), token)
        assert.deepEqual(body.data.map(c => c.name), [studioName], `${text} (${token ? 'logged in' : 'anonymous'})`)
        assert.equal(body.total, 1)
      }
    }
    const unknown = await searchChannels(q(`nobody_here_${randomSuffix()}@${ctx.server.host}`))
    assert.deepEqual(unknown, { total: 0, data: [] })
    await expectServerUp(ctx.api)
  })
})
