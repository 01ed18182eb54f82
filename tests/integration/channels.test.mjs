// Video channels (controllers/api/video-channel.ts, validators/videos/video-channels.ts).
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser, me } from './lib/auth.mjs'

serverSuite('video channels', {}, (ctx, it) => {
  let alice, bob
  const chName = 'alice_music' + randomSuffix(4)

  it('setup: two users', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
  })

  it('POST /api/v1/video-channels creates a channel', async () => {
    const res = await ctx.api.post('/api/v1/video-channels', {
      token: alice.token,
      json: { name: chName, displayName: 'Alice music', description: 'Songs & sounds', support: 'Buy me a coffee' }
    })
    expectStatus(res, 200)
    const body = expectValid(res, undefined, 'post', '/api/v1/video-channels')
    assert.ok(Number.isInteger(body.videoChannel.id))

    const get = await ctx.api.get(`/api/v1/video-channels/${chName}`)
    const ch = expectValid(get, undefined, 'get', '/api/v1/video-channels/{channelHandle}')
    assert.equal(ch.id, body.videoChannel.id)
    assert.equal(ch.name, chName)
    assert.equal(ch.displayName, 'Alice music')
    assert.equal(ch.description, 'Songs & sounds')
    assert.equal(ch.support, 'Buy me a coffee')
    assert.equal(ch.isLocal, true)
    assert.equal(ch.host, ctx.server.host)
    assert.equal(ch.url, `${ctx.server.url}/video-channels/${chName}`)
    assert.equal(ch.followersCount, 0)
    assert.deepEqual(ch.avatars, [])
    assert.deepEqual(ch.banners, [])
    assert.equal(ch.ownerAccount.name, alice.username)
    assert.equal(ch.ownerAccount.id, alice.accountId)

    const byHandle = await ctx.api.get(`/api/v1/video-channels/${chName}@${ctx.server.host}`)
    assert.equal(expectValid(byHandle, undefined, 'get', '/api/v1/video-channels/{channelHandle}').id, ch.id)

    const mine = await me(ctx.api, alice.token)
    assert.deepEqual(mine.videoChannels.map(c => c.name).sort(), [`${alice.username}_channel`, chName].sort())
  })

  it('GET /api/v1/video-channels lists channels', async () => {
    const res = await ctx.api.get('/api/v1/video-channels?count=100&sort=-createdAt')
    const list = expectValid(res, undefined, 'get', '/api/v1/video-channels')
    const names = list.data.map(c => c.name)
    for (const n of ['root_channel', `${alice.username}_channel`, `${bob.username}_channel`, chName]) assert.ok(names.includes(n), `${n} in ${names}`)
    assert.equal(list.total, list.data.length)
    assert.equal(list.data[0].name, chName, 'newest first')
    const page = expectValid(await ctx.api.get('/api/v1/video-channels?start=0&count=2'), undefined, 'get', '/api/v1/video-channels')
    assert.equal(page.data.length, 2)
    assert.equal(page.total, list.total)
    expectProblem(await ctx.api.get('/api/v1/video-channels?sort=secret'), 400, { invalidParams: ['sort'] })
    expectProblem(await ctx.api.get('/api/v1/video-channels?count=-1'), 400, { invalidParams: ['count'] })
  })

  it('POST /api/v1/video-channels validation → 400, taken names → 409', async () => {
    const post = (json, token = alice.token) => ctx.api.post('/api/v1/video-channels', { token, json })
    const ok = () => ({ name: 'ch' + randomSuffix(), displayName: 'A channel' })
    const cases = [
      [{ name: 'Upper_Case' }, 'name'],
      [{ name: 'with space' }, 'name'],
      [{ name: '../../etc' }, 'name'],
      [{ name: 'x'.repeat(51) }, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: undefined }, 'name'],
      [{ displayName: '' }, 'displayName'],
      [{ displayName: 'x'.repeat(121) }, 'displayName'],
      [{ displayName: undefined }, 'displayName'],
      [{ description: 'ab' }, 'description'],
      [{ description: 'x'.repeat(1001) }, 'description'],
      [{ support: 'ab' }, 'support']
    ]
    for (const [patch, field] of cases) {
      const body = { ...ok(), ...patch }
      for (const k of Object.keys(patch)) if (patch[k] === undefined) delete body[k]
      expectProblem(await post(body), 400, { invalidParams: [field], what: JSON.stringify(patch).slice(0, 60) })
    }
    expectProblem(await post({ name: chName, displayName: 'dup' }), 409)
    expectProblem(await post({ name: `${bob.username}_channel`, displayName: 'dup' }), 409)
    expectProblem(await post({ name: bob.username, displayName: 'account name' }), 409)
    expectProblem(await post({ name: 'root', displayName: 'root' }), 409)
    expectProblem(await ctx.api.post('/api/v1/video-channels', { json: ok() }), 401)
    expectProblem(await ctx.api.post('/api/v1/video-channels', { token: alice.token, body: '{"name":', contentType: 'application/json' }), 400)
    await expectServerUp(ctx.api)
  })

  it('PUT /api/v1/video-channels/{handle} updates; only the owner (or an admin) may', async () => {
    const res = await ctx.api.put(`/api/v1/video-channels/${chName}`, {
      token: alice.token, json: { displayName: 'Alice & music', description: null, support: 'Patreon' }
    })
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/video-channels/{channelHandle}')
    let ch = (await ctx.api.getOk(`/api/v1/video-channels/${chName}`))
    assert.equal(ch.displayName, 'Alice & music')
    assert.equal(ch.description, null)
    assert.equal(ch.support, 'Patreon')
    assert.equal(ch.name, chName)

    // the name is immutable
    expectStatus(await ctx.api.put(`/api/v1/video-channels/${chName}`, { token: alice.token, json: { name: 'renamed' + randomSuffix() } }), [204, 400])
    ch = (await ctx.api.getOk(`/api/v1/video-channels/${chName}`))
    assert.equal(ch.name, chName)

    expectProblem(await ctx.api.put(`/api/v1/video-channels/${chName}`, { token: bob.token, json: { displayName: 'hijack' } }), 403)
    expectProblem(await ctx.api.put(`/api/v1/video-channels/${chName}`, { json: { displayName: 'anon' } }), 401)
    expectProblem(await ctx.api.put('/api/v1/video-channels/no_such_channel', { token: alice.token, json: { displayName: 'x' } }), 404)
    expectProblem(await ctx.api.put(`/api/v1/video-channels/${chName}`, { token: alice.token, json: { displayName: '' } }), 400, { invalidParams: ['displayName'] })
    expectProblem(await ctx.api.put(`/api/v1/video-channels/${chName}`, { token: alice.token, json: { support: 'x' } }), 400, { invalidParams: ['support'] })
    expectProblem(await ctx.api.put(`/api/v1/video-channels/${chName}`, { token: alice.token, json: { bulkVideosSupportUpdate: 'perhaps' } }), 400)
    assert.equal((await ctx.api.getOk(`/api/v1/video-channels/${chName}`)).displayName, 'Alice & music', 'bad updates change nothing')

    // admins have MANAGE_ANY_VIDEO_CHANNEL
    expectStatus(await ctx.api.put(`/api/v1/video-channels/${chName}`, { token: ctx.rootToken, json: { displayName: 'Moderated' } }), 204)
    assert.equal((await ctx.api.getOk(`/api/v1/video-channels/${chName}`)).displayName, 'Moderated')
  })

  it('GET unknown channels → 404', async () => {
    expectProblem(await ctx.api.get('/api/v1/video-channels/no_such_channel'), 404)
    expectProblem(await ctx.api.get(`/api/v1/video-channels/${chName}@other.example`), 404)
    for (const hostile of ['..%2F..%2Fetc%2Fpasswd', '%3Cscript%3E', "x'; DROP TABLE actor;--"]) {
      const res = await ctx.api.get(`/api/v1/video-channels/${encodeURI(hostile)}`)
      assert.ok([400, 404].includes(res.status), `${hostile}: ${res.describe()}`)
      expectProblem(res, res.status)
    }
  })

  it('DELETE /api/v1/video-channels/{handle}', async () => {
    const extra = 'bob_extra' + randomSuffix(4)
    expectStatus(await ctx.api.post('/api/v1/video-channels', { token: bob.token, json: { name: extra, displayName: 'Extra' } }), 200)
    expectProblem(await ctx.api.delete(`/api/v1/video-channels/${extra}`, { token: alice.token }), 403)
    expectProblem(await ctx.api.delete(`/api/v1/video-channels/${extra}`), 401)
    const res = await ctx.api.delete(`/api/v1/video-channels/${extra}`, { token: bob.token })
    expectStatus(res, 204)
    expectValid(res, undefined, 'delete', '/api/v1/video-channels/{channelHandle}')
    expectProblem(await ctx.api.get(`/api/v1/video-channels/${extra}`), 404)
    expectProblem(await ctx.api.delete(`/api/v1/video-channels/${extra}`, { token: bob.token }), 404)
    // the last channel of a user cannot be removed
    expectProblem(await ctx.api.delete(`/api/v1/video-channels/${bob.username}_channel`, { token: bob.token }), 409)
    assert.equal((await me(ctx.api, bob.token)).videoChannels.length, 1)
  })
})
