// Instance configuration (controllers/api/config.ts, validators/config.ts):
// public /config and /config/about, admin /config/custom (persisted, applied
// without restart, DELETE goes back to the YAML values).
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser, login } from './lib/auth.mjs'
import { ROOT_PASSWORD } from './lib/server.mjs'

const YAML_NAME = 'Vidiverse Config IT'
const QUOTA = 5 * 1024 * 1024 * 1024

serverSuite('instance config', {
  config: {
    instance: { name: YAML_NAME, short_description: 'A test instance' },
    user: { video_quota: QUOTA, video_quota_daily: -1 },
    signup: { enabled: true, limit: 1000 }
  }
}, (ctx, it) => {
  let user

  const getCustom = async () => {
    const res = await ctx.api.get('/api/v1/config/custom', { token: ctx.rootToken })
    expectStatus(res, 200)
    return res.json
  }
  const putCustom = (json, token = ctx.rootToken) => ctx.api.put('/api/v1/config/custom', { token, json })
  const register = (username) => ctx.api.post('/api/v1/users/register', {
    json: { username, password: 'reg-pass-123', email: `${username}@example.com` }
  })

  it('setup: a regular user', async () => {
    user = await createUser(ctx.api, ctx.rootToken, { username: 'user' + randomSuffix() })
  })

  it('GET /api/v1/config', async () => {
    const res = await ctx.api.get('/api/v1/config')
    const c = expectValid(res, undefined, 'get', '/api/v1/config')
    assert.equal(c.instance.name, YAML_NAME)
    assert.equal(c.instance.shortDescription, 'A test instance')
    assert.equal(c.signup.allowed, true)
    assert.equal(c.signup.allowedForCurrentIP, true)
    assert.equal(c.signup.requiresEmailVerification, false)
    assert.equal(c.user.videoQuota, QUOTA)
    assert.equal(c.user.videoQuotaDaily, -1)
    assert.equal(typeof c.serverVersion, 'string')
    // PeerTube puts them under avatar.file (the spec says avatar.extensions; the server code wins)
    const ext = c.avatar.file.extensions
    for (const e of ['.png', '.jpeg', '.jpg', '.gif', '.webp']) assert.ok(Array.isArray(ext) && ext.includes(e), `avatar.file.extensions ${ext}`)
    assert.equal(c.avatar.file.size.max, 4 * 1024 * 1024, 'CONSTRAINTS_FIELDS.ACTORS.IMAGE.FILE_SIZE.max')
    assert.ok(Array.isArray(c.plugin.registered))
    assert.ok(Array.isArray(c.theme.registered))
  })

  it('GET /api/v1/config/about', async () => {
    const res = await ctx.api.get('/api/v1/config/about')
    const a = expectValid(res, undefined, 'get', '/api/v1/config/about')
    assert.equal(a.instance.name, YAML_NAME)
    assert.equal(a.instance.shortDescription, 'A test instance')
    assert.ok(Array.isArray(a.instance.languages))
    assert.ok(Array.isArray(a.instance.categories))
  })

  it('GET /api/v1/config/custom is for administrators', async () => {
    expectProblem(await ctx.api.get('/api/v1/config/custom'), 401)
    expectProblem(await ctx.api.get('/api/v1/config/custom', { token: user.token }), 403)
    const mod = await createUser(ctx.api, ctx.rootToken, { username: 'mod' + randomSuffix(), role: 1 })
    expectProblem(await ctx.api.get('/api/v1/config/custom', { token: mod.token }), 403, { what: 'MANAGE_CONFIGURATION is admin-only' })
    const res = await ctx.api.get('/api/v1/config/custom', { token: ctx.rootToken })
    const c = expectValid(res, undefined, 'get', '/api/v1/config/custom')
    assert.equal(c.instance.name, YAML_NAME)
    assert.equal(c.signup.enabled, true)
    assert.equal(c.signup.limit, 1000)
    assert.equal(c.user.videoQuota, QUOTA)
    assert.equal(typeof c.admin.email, 'string')
  })

  it('PUT /api/v1/config/custom applies at once, tolerates unknown keys', async () => {
    const c = await getCustom()
    c.instance.name = 'Renamed instance'
    c.instance.shortDescription = 'Now with <b>tags</b> & "quotes"'
    c.instance.description = 'Long description'
    c.user.videoQuota = 123456789
    c.unknownTopLevel = { whatever: true }
    c.instance.unknownNested = 'ignored'
    const res = await putCustom(c)
    expectStatus(res, 200)
    expectValid(res, undefined, 'put', '/api/v1/config/custom')
    assert.equal(res.json?.instance?.name, 'Renamed instance', 'PUT answers the new custom config')

    const pub = (await ctx.api.getOk('/api/v1/config'))
    assert.equal(pub.instance.name, 'Renamed instance')
    assert.equal(pub.instance.shortDescription, 'Now with <b>tags</b> & "quotes"')
    assert.equal(pub.user.videoQuota, 123456789)
    assert.equal((await ctx.api.getOk('/api/v1/config/about')).instance.description, 'Long description')
    const again = await getCustom()
    assert.equal(again.instance.name, 'Renamed instance')
    assert.equal(again.user.videoQuota, 123456789)

    // new users get the new default quota
    const u = await createUser(ctx.api, ctx.rootToken, { username: 'quota' + randomSuffix(), omitQuota: true })
    assert.equal((await ctx.api.getOk(`/api/v1/users/${u.id}`, { token: ctx.rootToken })).videoQuota, 123456789)
  })

  it('PUT /api/v1/config/custom rejects bad bodies with 400 and keeps the config', async () => {
    const good = await getCustom()
    const mutate = (fn) => { const c = structuredClone(good); fn(c); return c }
    const cases = [
      [c => { c.signup.enabled = 'yes please' }, 'signup.enabled'],
      [c => { c.signup.limit = 'many' }, 'signup.limit'],
      [c => { delete c.instance.name }, 'instance.name'],
      [c => { c.user.videoQuota = -5 }, 'user.videoQuota'],
      [c => { c.admin.email = 'not-an-email' }, 'admin.email'],
      [c => { c.instance.defaultNSFWPolicy = 'anything' }, 'instance.defaultNSFWPolicy'],
      [c => { c.instance.languages = 'en' }, 'instance.languages']
    ]
    for (const [fn, field] of cases) {
      expectProblem(await putCustom(mutate(fn)), 400, { invalidParams: [field], what: field })
    }
    expectProblem(await putCustom({}), 400)
    expectProblem(await ctx.api.put('/api/v1/config/custom', { token: ctx.rootToken, body: '{"instance": {', contentType: 'application/json' }), 400)
    expectProblem(await putCustom(good, user.token), 403)
    expectProblem(await putCustom(good, null), 401)
    assert.deepEqual(await getCustom(), good, 'nothing changed')
    assert.equal((await ctx.api.getOk('/api/v1/config')).instance.name, good.instance.name)
    await expectServerUp(ctx.api)
  })

  it('signup settings take effect immediately', async () => {
    const base = await getCustom()

    expectStatus(await putCustom({ ...base, signup: { ...base.signup, enabled: false } }), 200)
    assert.equal((await ctx.api.getOk('/api/v1/config')).signup.allowed, false)
    expectProblem(await register('closed' + randomSuffix()), 403)

    // the limit counts every user, root included
    const total = (await ctx.api.getOk('/api/v1/users?count=1', { token: ctx.rootToken })).total
    expectStatus(await putCustom({ ...base, signup: { ...base.signup, enabled: true, limit: total } }), 200)
    assert.equal((await ctx.api.getOk('/api/v1/config')).signup.allowed, false, 'limit reached')
    expectProblem(await register('full' + randomSuffix()), 403)

    expectStatus(await putCustom({ ...base, signup: { ...base.signup, enabled: true, limit: total + 1 } }), 200)
    assert.equal((await ctx.api.getOk('/api/v1/config')).signup.allowed, true)
    expectStatus(await register('last' + randomSuffix()), [204, 200])
    expectProblem(await register('over' + randomSuffix()), 403)

    expectStatus(await putCustom({ ...base, signup: { ...base.signup, enabled: true, limit: -1 } }), 200)
    expectStatus(await register('unlimited' + randomSuffix()), [204, 200])
  })

  it('the custom config survives a restart', async () => {
    const c = await getCustom()
    c.instance.name = 'Persisted name'
    expectStatus(await putCustom(c), 200)
    const exit = await ctx.server.restart()
    assert.deepEqual(exit, { code: 0, signal: null }, 'graceful stop exits 0')
    ctx.rootToken = (await login(ctx.api, 'root', ROOT_PASSWORD)).access_token
    assert.equal((await ctx.api.getOk('/api/v1/config')).instance.name, 'Persisted name')
    assert.equal((await getCustom()).instance.name, 'Persisted name')
  })

  it('DELETE /api/v1/config/custom goes back to the YAML configuration', async () => {
    expectProblem(await ctx.api.delete('/api/v1/config/custom', { token: user.token }), [401, 403])
    const res = await ctx.api.delete('/api/v1/config/custom', { token: ctx.rootToken })
    expectStatus(res, 200)
    expectValid(res, undefined, 'delete', '/api/v1/config/custom')
    const pub = (await ctx.api.getOk('/api/v1/config'))
    assert.equal(pub.instance.name, YAML_NAME)
    assert.equal(pub.user.videoQuota, QUOTA)
    assert.equal(pub.signup.allowed, true)
    await ctx.server.restart()
    ctx.rootToken = (await login(ctx.api, 'root', ROOT_PASSWORD)).access_token
    assert.equal((await ctx.api.getOk('/api/v1/config')).instance.name, YAML_NAME, 'still the YAML value after a restart')
  })
})
