// A user's subscriptions to channels (PeerTube's /users/me/subscriptions):
// local channels are followed at once; remote ones need federation and are
// refused with a 400 for now.
import assert from 'node:assert/strict'
import { serverSuite } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, myChannel } from './lib/videos.mjs'

serverSuite('subscriptions', {}, (ctx, it) => {
  let alice, bob, bobChannel, aliceChannel, bobPublic, bobPrivate, alicePublic

  it('setup: two users, their channels and videos', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'subalice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'subbob' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    bobChannel = await myChannel(ctx.api, bob.token)
    bobPublic = await uploadVideo(ctx.api, bob.token, { name: 'bob public', channelId: bobChannel.id, privacy: PRIVACY.PUBLIC }, { file: media.landscape() })
    bobPrivate = await uploadVideo(ctx.api, bob.token, { name: 'bob private', channelId: bobChannel.id, privacy: PRIVACY.PRIVATE }, { file: media.landscape() })
    alicePublic = await uploadVideo(ctx.api, alice.token, { name: 'alice public', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC }, { file: media.landscape() })
  })

  it('needs a user; validates the uri; a remote channel is refused (no federation yet)', async () => {
    expectProblem(await ctx.api.get('/api/v1/users/me/subscriptions'), 401)
    expectProblem(await ctx.api.post('/api/v1/users/me/subscriptions', { json: { uri: bobChannel.name } }), 401)
    expectProblem(await ctx.api.post('/api/v1/users/me/subscriptions', { token: alice.token, json: {} }), 400)
    const remote = await ctx.api.post('/api/v1/users/me/subscriptions', { token: alice.token, json: { uri: 'somechannel@peertube.example' } })
    expectProblem(remote, 400)
    assert.match(remote.json.detail, /federation/)
    expectProblem(await ctx.api.post('/api/v1/users/me/subscriptions', { token: alice.token, json: { uri: 'no_such_channel_here' } }), 404)
  })

  it('subscribing (twice is harmless) lists the channel and counts a follower', async () => {
    for (let i = 0; i < 2; i++) {
      expectStatus(await ctx.api.post('/api/v1/users/me/subscriptions', { token: alice.token, json: { uri: `${bobChannel.name}@${ctx.server.host}` } }), 204)
    }
    const list = await ctx.api.get('/api/v1/users/me/subscriptions', { token: alice.token })
    const body = expectValid(list, undefined, 'get', '/api/v1/users/me/subscriptions')
    assert.equal(body.total, 1)
    assert.equal(body.data[0].name, bobChannel.name)
    const one = await ctx.api.get(`/api/v1/users/me/subscriptions/${bobChannel.name}`, { token: alice.token })
    expectValid(one, undefined, 'get', '/api/v1/users/me/subscriptions/{subscriptionHandle}')
    expectProblem(await ctx.api.get(`/api/v1/users/me/subscriptions/${aliceChannel.name}`, { token: alice.token }), 404)
    const ch = await ctx.api.get(`/api/v1/video-channels/${bobChannel.name}`)
    assert.equal(ch.json.followersCount, 1)
    // Bob follows nobody.
    assert.equal((await ctx.api.get('/api/v1/users/me/subscriptions', { token: bob.token })).json.total, 0)
  })

  it('exist: true for subscribed handles only (both handle forms)', async () => {
    const q = `uris=${bobChannel.name}&uris=${aliceChannel.name}@${ctx.server.host}&uris=nobody_at_all`
    const res = await ctx.api.get(`/api/v1/users/me/subscriptions/exist?${q}`, { token: alice.token })
    expectStatus(res, 200)
    assert.deepEqual(res.json, { [bobChannel.name]: true, [`${aliceChannel.name}@${ctx.server.host}`]: false, nobody_at_all: false })
  })

  it('subscription videos: the followed channels\' videos alice may see, not her own', async () => {
    const res = await ctx.api.get('/api/v1/users/me/subscriptions/videos', { token: alice.token })
    const body = expectValid(res, undefined, 'get', '/api/v1/users/me/subscriptions/videos')
    const ids = body.data.map(v => v.id)
    assert.ok(ids.includes(bobPublic.id))
    assert.ok(!ids.includes(bobPrivate.id), 'private videos of others stay hidden')
    assert.ok(!ids.includes(alicePublic.id), 'not a followed channel')
    assert.equal(body.total, 1)
  })

  it('unsubscribing removes it; again is 404; the follower count goes back', async () => {
    expectStatus(await ctx.api.delete(`/api/v1/users/me/subscriptions/${bobChannel.name}`, { token: alice.token }), 204)
    expectProblem(await ctx.api.delete(`/api/v1/users/me/subscriptions/${bobChannel.name}`, { token: alice.token }), 404)
    assert.equal((await ctx.api.get('/api/v1/users/me/subscriptions', { token: alice.token })).json.total, 0)
    assert.equal((await ctx.api.get('/api/v1/users/me/subscriptions/videos', { token: alice.token })).json.total, 0)
    assert.equal((await ctx.api.get(`/api/v1/video-channels/${bobChannel.name}`)).json.followersCount, 0)
  })
})
