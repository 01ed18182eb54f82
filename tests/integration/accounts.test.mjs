// Accounts (controllers/api/accounts.ts): public, list + get by name or name@host,
// and the channels of an account.
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'

serverSuite('accounts', {}, (ctx, it) => {
  let alice

  it('setup: a second user', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
  })

  it('GET /api/v1/accounts lists local accounts', async () => {
    const res = await ctx.api.get('/api/v1/accounts')
    const list = expectValid(res, undefined, 'get', '/api/v1/accounts')
    assert.ok(list.total >= 2, `total ${list.total}`)
    const names = list.data.map(a => a.name)
    assert.ok(names.includes('root') && names.includes(alice.username), names.join(','))
    for (const a of list.data) {
      assert.equal(typeof a.id, 'number')
      assert.equal(typeof a.url, 'string')
      assert.ok(Array.isArray(a.avatars))
    }
  })

  it('GET /api/v1/accounts pagination and sort', async () => {
    const all = (await ctx.api.getOk('/api/v1/accounts?count=100&sort=createdAt'))
    const asc = all.data.map(a => a.createdAt)
    assert.deepEqual([...asc].sort(), asc, 'sort=createdAt is ascending')
    const desc = (await ctx.api.getOk('/api/v1/accounts?count=100&sort=-createdAt')).data.map(a => a.createdAt)
    assert.deepEqual([...desc].sort().reverse(), desc, 'sort=-createdAt is descending')

    const page = expectValid(await ctx.api.get('/api/v1/accounts?start=1&count=1&sort=createdAt'), undefined, 'get', '/api/v1/accounts')
    assert.equal(page.data.length, 1)
    assert.equal(page.total, all.total)
    assert.equal(page.data[0].createdAt, all.data[1].createdAt)
    const empty = (await ctx.api.getOk(`/api/v1/accounts?start=${all.total + 10}`))
    assert.deepEqual(empty.data, [])
    assert.equal(empty.total, all.total)

    expectProblem(await ctx.api.get('/api/v1/accounts?sort=email'), 400, { invalidParams: ['sort'] })
    expectProblem(await ctx.api.get('/api/v1/accounts?count=1000'), 400, { invalidParams: ['count'] })
    expectProblem(await ctx.api.get('/api/v1/accounts?start=abc'), 400, { invalidParams: ['start'] })
  })

  it('GET /api/v1/accounts/{name} for a local account', async () => {
    const res = await ctx.api.get(`/api/v1/accounts/${alice.username}`)
    const a = expectValid(res, undefined, 'get', '/api/v1/accounts/{name}')
    assert.equal(a.id, alice.accountId)
    assert.equal(a.name, alice.username)
    assert.equal(a.displayName, alice.username)
    assert.equal(a.host, ctx.server.host)
    assert.equal(a.url, `${ctx.server.url}/accounts/${alice.username}`)
    assert.equal(a.userId, alice.id)
    assert.equal(a.followersCount, 0)
    assert.equal(a.followingCount, 0)
    assert.deepEqual(a.avatars, [])
    assert.ok(!('email' in a), 'an account never shows the e-mail')
    assert.ok(!('privateKey' in a) && !('password' in a))
  })

  it('GET /api/v1/accounts/{name}@{host} finds the same account', async () => {
    const a = (await ctx.api.getOk(`/api/v1/accounts/${alice.username}`))
    const res = await ctx.api.get(`/api/v1/accounts/${alice.username}@${ctx.server.host}`)
    const b = expectValid(res, undefined, 'get', '/api/v1/accounts/{name}')
    assert.equal(b.id, a.id)
    assert.equal(b.url, a.url)
  })

  it('unknown accounts → 404', async () => {
    expectProblem(await ctx.api.get('/api/v1/accounts/nobody_here'), 404)
    expectProblem(await ctx.api.get('/api/v1/accounts/root@elsewhere.example'), 404)
    expectProblem(await ctx.api.get('/api/v1/accounts/nobody_here/video-channels'), 404)
    for (const hostile of ['..%2F..%2Fetc%2Fpasswd', '%00', 'a%20b', '%3Cscript%3E', "root'--", 'x'.repeat(3000)]) {
      const res = await ctx.api.get(`/api/v1/accounts/${hostile}`)
      assert.ok(res.status === 404 || res.status === 400, `GET /api/v1/accounts/${hostile.slice(0, 30)} → ${res.describe()}`)
      expectProblem(res, res.status)
    }
    await expectServerUp(ctx.api)
  })

  it('GET /api/v1/accounts/{name}/video-channels', async () => {
    const res = await ctx.api.get(`/api/v1/accounts/${alice.username}/video-channels`)
    const list = expectValid(res, undefined, 'get', '/api/v1/accounts/{name}/video-channels')
    assert.equal(list.total, 1)
    const ch = list.data[0]
    assert.equal(ch.name, `${alice.username}_channel`)
    assert.equal(ch.displayName, `Main ${alice.username} channel`)
    assert.equal(ch.isLocal, true)
    assert.equal(ch.ownerAccount.name, alice.username)
    assert.equal(ch.ownerAccount.id, alice.accountId)
    assert.equal(ch.host, ctx.server.host)

    const create = await ctx.api.post('/api/v1/video-channels', {
      token: alice.token, json: { name: `${alice.username}_second`, displayName: 'Second' }
    })
    expectStatus(create, 200)
    const two = expectValid(await ctx.api.get(`/api/v1/accounts/${alice.username}/video-channels?sort=createdAt`), undefined,
      'get', '/api/v1/accounts/{name}/video-channels')
    assert.equal(two.total, 2)
    assert.deepEqual(two.data.map(c => c.name), [`${alice.username}_channel`, `${alice.username}_second`])
    const p = (await ctx.api.getOk(`/api/v1/accounts/${alice.username}/video-channels?count=1&sort=-createdAt`))
    assert.equal(p.total, 2)
    assert.deepEqual(p.data.map(c => c.name), [`${alice.username}_second`])
  })

  it('an account and its user share the display name and description', async () => {
    expectStatus(await ctx.api.put('/api/v1/users/me', { token: alice.token, json: { displayName: 'Alice L.', description: 'Down the rabbit hole' } }), 204)
    const a = (await ctx.api.getOk(`/api/v1/accounts/${alice.username}`))
    assert.equal(a.displayName, 'Alice L.')
    assert.equal(a.description, 'Down the rabbit hole')
    const listed = (await ctx.api.getOk('/api/v1/accounts?count=100')).data.find(x => x.name === alice.username)
    assert.equal(listed.displayName, 'Alice L.')
  })
})
