// Users as PeerTube does them: controllers/api/users/{index,me,registrations}.ts,
// middlewares/validators/users/*.ts, helpers/custom-validators/users.ts.
import assert from 'node:assert/strict'
import { serverSuite, ROOT_PASSWORD, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { passwordGrant, login, createUser, me, ROLE } from './lib/auth.mjs'

const QUOTA = 100 * 1024 * 1024

serverSuite('users', { config: { user: { video_quota: QUOTA, video_quota_daily: -1 } } }, (ctx, it) => {
  const uname = (p) => `${p}${randomSuffix()}`

  async function register (body, opts = {}) {
    return ctx.api.post('/api/v1/users/register', { json: body, ...opts })
  }

  // ---------------------------------------------------------------- register

  it('POST /api/v1/users/register creates a user with an account and a default channel', async () => {
    const username = uname('alice')
    const res = await register({ username, password: 'alice-pass-123', email: `${username}@example.com`, displayName: 'Alice Liddell' })
    // 7.0 answers 204; later versions 200 with { state }: both are PeerTube
    expectStatus(res, [204, 200])
    if (res.status === 204) expectValid(res, undefined, 'post', '/api/v1/users/register')
    else assert.equal(res.json?.state?.id, 1, `registration state: ${res.describe()}`)

    const tokens = await login(ctx.api, username, 'alice-pass-123')
    const meRes = await ctx.api.get('/api/v1/users/me', { token: tokens.access_token })
    expectStatus(meRes, 200)
    const u = expectValid(meRes, undefined, 'get', '/api/v1/users/me')
    assert.equal(u.username, username)
    assert.equal(u.email, `${username}@example.com`)
    assert.deepEqual(u.role, { id: ROLE.USER, label: 'User' })
    assert.equal(u.blocked, false)
    assert.equal(u.videoQuota, QUOTA, 'videoQuota comes from user.video_quota')
    assert.equal(u.videoQuotaDaily, -1)
    assert.equal(u.account.name, username)
    assert.equal(u.account.displayName, 'Alice Liddell')
    assert.equal(u.account.host, ctx.server.host)
    assert.equal(u.account.url, `${ctx.server.url}/accounts/${username}`)
    assert.equal(u.account.userId, u.id)
    assert.ok(Array.isArray(u.videoChannels) && u.videoChannels.length === 1, 'one default channel')
    const ch = u.videoChannels[0]
    assert.equal(ch.name, `${username}_channel`)
    assert.equal(ch.displayName, `Main ${username} channel`)
    assert.equal(ch.url, `${ctx.server.url}/video-channels/${username}_channel`)
  })

  it('register with a channel creates that channel instead of the default one', async () => {
    const username = uname('bob')
    const channel = { name: `${username}_videos`, displayName: 'Bob videos' }
    expectStatus(await register({ username, password: 'bob-pass-123', email: `${username}@example.com`, channel }), [204, 200])
    const u = await me(ctx.api, (await login(ctx.api, username, 'bob-pass-123')).access_token)
    assert.deepEqual(u.videoChannels.map(c => [c.name, c.displayName]), [[channel.name, channel.displayName]])
    assert.equal(u.account.displayName, username, 'displayName defaults to the username')
  })

  it('register conflicts → 409', async () => {
    const username = uname('carol')
    const email = `${username}@example.com`
    expectStatus(await register({ username, password: 'carol-pass-123', email }), [204, 200])
    expectProblem(await register({ username, password: 'carol-pass-123', email: `other-${email}` }), 409)
    expectProblem(await register({ username: uname('carol'), password: 'carol-pass-123', email }), 409)
    expectProblem(await register({ username: uname('carol'), password: 'carol-pass-123', email: email.toUpperCase() }), 409, { what: 'e-mails are case-insensitive' })
    // an actor name is taken by channels too
    expectProblem(await register({ username: `${username}_channel`, password: 'carol-pass-123', email: `c2-${email}` }), 409)
    expectProblem(await register({ username: 'root', password: 'root-pass-123', email: `r-${email}` }), 409)
    const other = uname('dave')
    expectProblem(await register({ username: other, password: 'dave-pass-123', email: `${other}@example.com`, channel: { name: `${username}_channel`, displayName: 'taken' } }), 409)
  })

  it('register validation errors → 400 with invalid-params', async () => {
    const ok = () => { const u = uname('eve'); return { username: u, password: 'eve-pass-123', email: `${u}@example.com` } }
    const cases = [
      [{ username: 'Upper' + randomSuffix() }, 'username'],
      [{ username: 'with space' }, 'username'],
      [{ username: '../../etc/passwd' }, 'username'],
      [{ username: '<script>alert(1)</script>' }, 'username'],
      [{ username: 'ünïcödé' }, 'username'],
      [{ username: 'a'.repeat(51) }, 'username'],
      [{ username: '' }, 'username'],
      [{ username: 12345 }, 'username'],
      [{ username: ['abc'] }, 'username'],
      [{ username: undefined }, 'username'],
      [{ password: '12345' }, 'password'],
      [{ password: 'p'.repeat(256) }, 'password'],
      [{ password: undefined }, 'password'],
      [{ email: 'not-an-email' }, 'email'],
      [{ email: undefined }, 'email'],
      [{ email: { $ne: null } }, 'email'],
      [{ displayName: 'd'.repeat(121) }, 'displayName'],
      [{ channel: { name: 'Bad Name', displayName: 'ok' } }, 'channel.name'],
      [{ channel: { name: 'good_name' + randomSuffix(), displayName: '' } }, 'channel.displayName']
    ]
    for (const [patch, field] of cases) {
      const body = { ...ok(), ...patch }
      for (const k of Object.keys(patch)) if (patch[k] === undefined) delete body[k]
      expectProblem(await register(body), 400, { invalidParams: [field], what: `register ${JSON.stringify(patch).slice(0, 60)}` })
    }
    // channel given but incomplete, or named like the user
    const u = ok()
    expectProblem(await register({ ...u, channel: { name: u.username + '_c' } }), 400)
    expectProblem(await register({ ...u, channel: { name: u.username, displayName: 'same' } }), 400)
    await expectServerUp(ctx.api)
  })

  it('register with malformed JSON → 400 problem', async () => {
    const res = await ctx.api.post('/api/v1/users/register', { body: '{"username": "x", ', contentType: 'application/json' })
    expectProblem(res, 400)
  })

  // -------------------------------------------------------------------- me

  it('GET /api/v1/users/me for root', async () => {
    const res = await ctx.api.get('/api/v1/users/me', { token: ctx.rootToken })
    const u = expectValid(res, undefined, 'get', '/api/v1/users/me')
    assert.equal(u.username, 'root')
    assert.deepEqual(u.role, { id: ROLE.ADMINISTRATOR, label: 'Administrator' })
    assert.equal(u.account.name, 'root')
    assert.equal(u.videoChannels.length, 1)
    assert.equal(u.videoChannels[0].name, 'root_channel')
    assert.equal(typeof u.nsfwPolicy, 'string')
    assert.equal(typeof u.autoPlayVideo, 'boolean')
    assert.equal(typeof u.p2pEnabled, 'boolean')
    assert.equal(typeof u.adminFlags, 'number', 'adminFlags is part of MyUser')
  })

  it('PUT /api/v1/users/me updates profile and settings', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: uname('frank') })
    const res = await ctx.api.put('/api/v1/users/me', {
      token: user.token,
      json: { displayName: 'Frank <b>Zappa</b> "&"', description: 'Composer & guitarist', nsfwPolicy: 'blur', autoPlayVideo: false, p2pEnabled: false, videosHistoryEnabled: false }
    })
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/users/me')
    const u = await me(ctx.api, user.token)
    assert.equal(u.account.displayName, 'Frank <b>Zappa</b> "&"', 'stored verbatim')
    assert.equal(u.account.description, 'Composer & guitarist')
    assert.equal(u.nsfwPolicy, 'blur')
    assert.equal(u.autoPlayVideo, false)
    assert.equal(u.p2pEnabled, false)
    assert.equal(u.videosHistoryEnabled, false)
    // the public account shows the new display name
    const acc = await ctx.api.get(`/api/v1/accounts/${user.username}`)
    expectStatus(acc, 200)
    assert.equal(acc.json.displayName, 'Frank <b>Zappa</b> "&"')
    assert.equal(acc.json.description, 'Composer & guitarist')
  })

  it('PUT /api/v1/users/me rejects bad values with 400 and changes nothing', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: uname('gina') })
    const before = await me(ctx.api, user.token)
    const bad = [
      [{ nsfwPolicy: 'everything' }, 'nsfwPolicy'],
      [{ displayName: '' }, 'displayName'],
      [{ displayName: 'x'.repeat(121) }, 'displayName'],
      [{ description: 'ab' }, 'description'],
      [{ description: 'x'.repeat(1001) }, 'description'],
      [{ autoPlayVideo: 'sometimes' }, 'autoPlayVideo'],
      [{ p2pEnabled: { a: 1 } }, 'p2pEnabled'],
      [{ email: 'nope' }, 'email']
    ]
    for (const [json, field] of bad) {
      const res = await ctx.api.put('/api/v1/users/me', { token: user.token, json: { ...json, currentPassword: user.password } })
      expectProblem(res, 400, { invalidParams: [field], what: JSON.stringify(json).slice(0, 60) })
    }
    expectProblem(await ctx.api.put('/api/v1/users/me', { token: user.token, body: '{"displayName": ', contentType: 'application/json' }), 400)
    expectProblem(await ctx.api.put('/api/v1/users/me', { token: user.token, body: '"just a string"', contentType: 'application/json' }), 400)
    expectProblem(await ctx.api.put('/api/v1/users/me', { json: { displayName: 'anon' } }), 401)
    const after = await me(ctx.api, user.token)
    assert.equal(after.account.displayName, before.account.displayName)
    assert.equal(after.nsfwPolicy, before.nsfwPolicy)
    assert.equal(after.email, before.email)
  })

  it('changing password or e-mail needs the current password', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: uname('hank'), password: 'old-pass-123' })
    expectProblem(await ctx.api.put('/api/v1/users/me', { token: user.token, json: { password: 'new-pass-123' } }), 400)
    expectProblem(await ctx.api.put('/api/v1/users/me', { token: user.token, json: { password: 'new-pass-123', currentPassword: 'wrong-pass' } }),
      401, { code: 'current_password_is_invalid' })
    expectStatus(await ctx.api.put('/api/v1/users/me', { token: user.token, json: { password: 'new-pass-123', currentPassword: 'old-pass-123' } }), 204)
    expectProblem(await passwordGrant(ctx.api, user.username, 'old-pass-123'), 400, { code: 'invalid_grant' })
    const t = await login(ctx.api, user.username, 'new-pass-123')

    const newEmail = `new-${user.username}@example.net`
    expectProblem(await ctx.api.put('/api/v1/users/me', { token: t.access_token, json: { email: newEmail } }), 400)
    expectStatus(await ctx.api.put('/api/v1/users/me', { token: t.access_token, json: { email: newEmail, currentPassword: 'new-pass-123' } }), 204)
    assert.equal((await me(ctx.api, t.access_token)).email, newEmail)
    // an e-mail already used by another user → 409
    const rootEmail = (await me(ctx.api, ctx.rootToken)).email
    expectProblem(await ctx.api.put('/api/v1/users/me', { token: t.access_token, json: { email: rootEmail, currentPassword: 'new-pass-123' } }), 409)
  })

  it('GET /api/v1/users/me/video-quota-used', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: uname('ivy') })
    const res = await ctx.api.get('/api/v1/users/me/video-quota-used', { token: user.token })
    const body = expectValid(res, undefined, 'get', '/api/v1/users/me/video-quota-used')
    assert.deepEqual(body, { videoQuotaUsed: 0, videoQuotaUsedDaily: 0 })
    expectProblem(await ctx.api.get('/api/v1/users/me/video-quota-used'), 401)
  })

  // ----------------------------------------------------------------- admin

  it('admin POST /api/v1/users creates users; GET /api/v1/users/{id} shows them', async () => {
    const username = uname('jack')
    const res = await ctx.api.post('/api/v1/users', {
      token: ctx.rootToken,
      json: { username, password: 'jack-pass-123', email: `${username}@example.com`, role: ROLE.MODERATOR, videoQuota: 42 * 1024 * 1024, videoQuotaDaily: 1024 * 1024 }
    })
    expectStatus(res, 200)
    const created = expectValid(res, undefined, 'post', '/api/v1/users')
    assert.ok(Number.isInteger(created.user.id) && Number.isInteger(created.user.account.id))

    const get = await ctx.api.get(`/api/v1/users/${created.user.id}`, { token: ctx.rootToken })
    const u = expectValid(get, undefined, 'get', '/api/v1/users/{id}')
    assert.equal(u.id, created.user.id)
    assert.equal(u.username, username)
    assert.deepEqual(u.role, { id: ROLE.MODERATOR, label: 'Moderator' })
    assert.equal(u.videoQuota, 42 * 1024 * 1024)
    assert.equal(u.videoQuotaDaily, 1024 * 1024)
    assert.equal(u.account.id, created.user.account.id)
    assert.equal(typeof u.adminFlags, 'number')

    const stats = await ctx.api.get(`/api/v1/users/${created.user.id}?withStats=true`, { token: ctx.rootToken })
    const us = expectValid(stats, undefined, 'get', '/api/v1/users/{id}')
    assert.equal(us.videosCount, 0)
    assert.equal(us.videoCommentsCount, 0)
    assert.equal(us.abusesCreatedCount, 0)
  })

  it('admin POST /api/v1/users validation and conflicts', async () => {
    const u = uname('kim')
    const good = { username: u, password: 'kim-pass-123', email: `${u}@example.com`, role: ROLE.USER }
    expectProblem(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: { ...good, role: undefined } }), 400, { invalidParams: ['role'] })
    expectProblem(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: { ...good, role: 7 } }), 400, { invalidParams: ['role'] })
    expectProblem(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: { ...good, videoQuota: -2 } }), 400, { invalidParams: ['videoQuota'] })
    expectProblem(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: { ...good, videoQuota: 'lots' } }), 400, { invalidParams: ['videoQuota'] })
    expectProblem(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: { ...good, username: 'Bad Name' } }), 400, { invalidParams: ['username'] })
    expectProblem(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: { ...good, email: 'x' } }), 400, { invalidParams: ['email'] })
    expectStatus(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: good }), 200)
    expectProblem(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: good }), 409)
    expectProblem(await ctx.api.post('/api/v1/users', { token: ctx.rootToken, json: { ...good, username: uname('kim') } }), 409, { what: 'same e-mail' })
    expectProblem(await ctx.api.post('/api/v1/users', { json: { ...good, username: uname('kim') } }), 401)
  })

  it('GET /api/v1/users lists users with pagination, sort and search', async () => {
    const prefix = 'lister' + randomSuffix(4)
    for (let i = 0; i < 3; i++) await createUser(ctx.api, ctx.rootToken, { username: `${prefix}${i}` })
    const res = await ctx.api.get('/api/v1/users?start=0&count=100&sort=-createdAt', { token: ctx.rootToken })
    const list = expectValid(res, undefined, 'get', '/api/v1/users')
    assert.ok(list.total >= 4)
    assert.ok(list.data.some(u => u.username === 'root'))
    const created = list.data.map(u => u.createdAt)
    assert.deepEqual([...created].sort().reverse(), created, 'sorted by -createdAt')

    const page = expectValid(await ctx.api.get('/api/v1/users?start=1&count=2&sort=id', { token: ctx.rootToken }), undefined, 'get', '/api/v1/users')
    assert.equal(page.data.length, 2)
    assert.equal(page.total, list.total)
    assert.ok(page.data[0].id < page.data[1].id)

    const found = expectValid(await ctx.api.get(`/api/v1/users?search=${prefix}`, { token: ctx.rootToken }), undefined, 'get', '/api/v1/users')
    assert.equal(found.total, 3)
    assert.deepEqual(found.data.map(u => u.username).sort(), [0, 1, 2].map(i => `${prefix}${i}`))

    expectProblem(await ctx.api.get('/api/v1/users?count=101', { token: ctx.rootToken }), 400, { invalidParams: ['count'] })
    expectProblem(await ctx.api.get('/api/v1/users?start=-1', { token: ctx.rootToken }), 400, { invalidParams: ['start'] })
    expectProblem(await ctx.api.get('/api/v1/users?count=abc', { token: ctx.rootToken }), 400, { invalidParams: ['count'] })
    expectProblem(await ctx.api.get('/api/v1/users?sort=password', { token: ctx.rootToken }), 400, { invalidParams: ['sort'] })
    expectProblem(await ctx.api.get('/api/v1/users?blocked=maybe', { token: ctx.rootToken }), 400, { invalidParams: ['blocked'] })
  })

  it('rights: users cannot manage users, moderators manage only users', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: uname('leo') })
    const mod = await createUser(ctx.api, ctx.rootToken, { username: uname('mod'), role: ROLE.MODERATOR })
    const mod2 = await createUser(ctx.api, ctx.rootToken, { username: uname('mod'), role: ROLE.MODERATOR })
    expectProblem(await ctx.api.get('/api/v1/users', { token: user.token }), 403)
    expectProblem(await ctx.api.get(`/api/v1/users/${mod.id}`, { token: user.token }), 403)
    expectProblem(await ctx.api.get('/api/v1/users'), 401)
    // moderators have MANAGE_USERS
    expectStatus(await ctx.api.get('/api/v1/users', { token: mod.token }), 200)
    const n = uname('mcreated')
    expectProblem(await ctx.api.post('/api/v1/users', { token: mod.token, json: { username: n, password: 'pass-1234', email: `${n}@example.com`, role: ROLE.ADMINISTRATOR } }), 403)
    expectStatus(await ctx.api.post('/api/v1/users', { token: mod.token, json: { username: n, password: 'pass-1234', email: `${n}@example.com`, role: ROLE.USER } }), 200)
    expectProblem(await ctx.api.post(`/api/v1/users/${mod2.id}/block`, { token: mod.token }), 403)
    expectProblem(await ctx.api.delete(`/api/v1/users/${mod2.id}`, { token: mod.token }), 403)
    expectProblem(await ctx.api.put(`/api/v1/users/${mod2.id}`, { token: mod.token, json: { videoQuota: 1 } }), 403)
    expectStatus(await ctx.api.put(`/api/v1/users/${user.id}`, { token: mod.token, json: { videoQuota: 1234 } }), 204)
  })

  it('GET /api/v1/users/{id}: unknown → 404, not an id → 400', async () => {
    expectProblem(await ctx.api.get('/api/v1/users/987654', { token: ctx.rootToken }), 404)
    expectProblem(await ctx.api.get('/api/v1/users/abc', { token: ctx.rootToken }), 400, { invalidParams: ['id'] })
    expectProblem(await ctx.api.put('/api/v1/users/987654', { token: ctx.rootToken, json: { videoQuota: 1 } }), 404)
    expectProblem(await ctx.api.delete('/api/v1/users/987654', { token: ctx.rootToken }), 404)
    expectProblem(await ctx.api.post('/api/v1/users/987654/block', { token: ctx.rootToken }), 404)
  })

  it('admin PUT /api/v1/users/{id}: quota, role, e-mail, password', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: uname('nina') })
    const res = await ctx.api.put(`/api/v1/users/${user.id}`, { token: ctx.rootToken, json: { videoQuota: 5000000, videoQuotaDaily: 100000, email: `x-${user.email}` } })
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/users/{id}')
    const u = (await ctx.api.getOk(`/api/v1/users/${user.id}`, { token: ctx.rootToken }))
    assert.equal(u.videoQuota, 5000000)
    assert.equal(u.videoQuotaDaily, 100000)
    assert.equal(u.email, `x-${user.email}`)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: user.token }), 200, 'quota change keeps sessions')

    // a role change revokes the user's tokens (rights are re-read at next login)
    expectStatus(await ctx.api.put(`/api/v1/users/${user.id}`, { token: ctx.rootToken, json: { role: ROLE.MODERATOR } }), 204)
    expectProblem(await ctx.api.get('/api/v1/users/me', { token: user.token }), 401)
    const t = await login(ctx.api, user.username, user.password)
    assert.equal((await me(ctx.api, t.access_token)).role.id, ROLE.MODERATOR)

    // a password change too
    expectStatus(await ctx.api.put(`/api/v1/users/${user.id}`, { token: ctx.rootToken, json: { password: 'brand-new-pass' } }), 204)
    expectProblem(await ctx.api.get('/api/v1/users/me', { token: t.access_token }), 401)
    await login(ctx.api, user.username, 'brand-new-pass')

    expectProblem(await ctx.api.put(`/api/v1/users/${user.id}`, { token: ctx.rootToken, json: { role: 9 } }), 400, { invalidParams: ['role'] })
    expectProblem(await ctx.api.put(`/api/v1/users/${user.id}`, { token: ctx.rootToken, json: { email: 'bad' } }), 400, { invalidParams: ['email'] })
    expectProblem(await ctx.api.put(`/api/v1/users/${user.id}`, { token: ctx.rootToken, json: { password: '123' } }), 400, { invalidParams: ['password'] })
    const rootId = (await me(ctx.api, ctx.rootToken)).id
    expectProblem(await ctx.api.put(`/api/v1/users/${rootId}`, { token: ctx.rootToken, json: { role: ROLE.USER } }), 400, { what: 'cannot change root role' })
  })

  it('block and unblock', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: uname('oscar') })
    const res = await ctx.api.post(`/api/v1/users/${user.id}/block`, { token: ctx.rootToken, json: { reason: 'spamming the instance' } })
    expectStatus(res, 204)
    const u = (await ctx.api.getOk(`/api/v1/users/${user.id}`, { token: ctx.rootToken }))
    assert.equal(u.blocked, true)
    assert.equal(u.blockedReason, 'spamming the instance')
    expectProblem(await ctx.api.get('/api/v1/users/me', { token: user.token }), 401, { what: 'blocking revokes the sessions' })
    // PeerTube 7: AccessDeniedError (access_denied); later: account_blocked
    expectProblem(await passwordGrant(ctx.api, user.username, user.password), 400, { code: ['access_denied', 'account_blocked'] })

    const blocked = (await ctx.api.getOk('/api/v1/users?blocked=true&count=100', { token: ctx.rootToken }))
    assert.ok(blocked.data.some(x => x.id === user.id))
    assert.ok(blocked.data.every(x => x.blocked === true))

    expectStatus(await ctx.api.post(`/api/v1/users/${user.id}/unblock`, { token: ctx.rootToken }), 204)
    const u2 = (await ctx.api.getOk(`/api/v1/users/${user.id}`, { token: ctx.rootToken }))
    assert.equal(u2.blocked, false)
    const fresh = await login(ctx.api, user.username, user.password)

    expectProblem(await ctx.api.post(`/api/v1/users/${user.id}/block`, { token: ctx.rootToken, json: { reason: 'ab' } }), 400, { invalidParams: ['reason'] })
    const rootId = (await me(ctx.api, ctx.rootToken)).id
    expectProblem(await ctx.api.post(`/api/v1/users/${rootId}/block`, { token: ctx.rootToken }), 400, { what: 'cannot block root' })
    // The token from before the block was revoked (401 above): use the new one.
    expectProblem(await ctx.api.post(`/api/v1/users/${user.id}/block`, { token: fresh.access_token }), 403)
  })

  it('admin DELETE /api/v1/users/{id} removes user, account and channels', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: uname('pat') })
    const res = await ctx.api.delete(`/api/v1/users/${user.id}`, { token: ctx.rootToken })
    expectStatus(res, 204)
    expectValid(res, undefined, 'delete', '/api/v1/users/{id}')
    expectProblem(await ctx.api.get(`/api/v1/users/${user.id}`, { token: ctx.rootToken }), 404)
    expectProblem(await ctx.api.get('/api/v1/users/me', { token: user.token }), 401)
    expectProblem(await passwordGrant(ctx.api, user.username, user.password), 400, { code: 'invalid_grant' })
    expectProblem(await ctx.api.get(`/api/v1/accounts/${user.username}`), 404)
    expectProblem(await ctx.api.get(`/api/v1/video-channels/${user.username}_channel`), 404)
    const rootId = (await me(ctx.api, ctx.rootToken)).id
    expectProblem(await ctx.api.delete(`/api/v1/users/${rootId}`, { token: ctx.rootToken }), 400, { what: 'cannot remove root' })
  })

  it('root logs in with PT_INITIAL_ROOT_PASSWORD', async () => {
    const t = await login(ctx.api, 'root', ROOT_PASSWORD)
    assert.equal((await me(ctx.api, t.access_token)).username, 'root')
    await expectServerUp(ctx.api)
  })
})
