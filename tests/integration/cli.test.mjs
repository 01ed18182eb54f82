// The admin subcommands against a live instance's database: migrate,
// reset-password, create-user. The server keeps running meanwhile (SQLite WAL
// or PostgreSQL both allow it).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { serverSuite, ROOT_PASSWORD } from './lib/harness.mjs'
import { BIN, REPO_ROOT } from './lib/server.mjs'
import { login, passwordGrant } from './lib/auth.mjs'
import { expectProblem, expectStatus, randomSuffix } from './lib/asserts.mjs'

function cli (ctx, args, env = {}, input = '') {
  const r = spawnSync(BIN, [...args, '--config', ctx.server.configFile], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, input, encoding: 'utf8', timeout: 30000
  })
  return { code: r.status, out: (r.stdout || '') + (r.stderr || '') }
}

serverSuite('command line', {}, (ctx, it) => {
  it('migrate reports the schema version and changes nothing', async () => {
    const r = cli(ctx, ['migrate'])
    assert.equal(r.code, 0, r.out)
    assert.match(r.out, /schema version \d+/)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: ctx.rootToken }), 200)
  })

  it('reset-password sets a new password and ends the sessions', async () => {
    const r = cli(ctx, ['reset-password', '--username', 'root'], {}, 'n3w-Root-passw0rd\n')
    assert.equal(r.code, 0, r.out)
    expectProblem(await passwordGrant(ctx.api, 'root', ROOT_PASSWORD), 400, { code: 'invalid_grant' })
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: ctx.rootToken }), 401, 'old session revoked')
    const t = await login(ctx.api, 'root', 'n3w-Root-passw0rd')
    // put it back for the other tests
    const back = cli(ctx, ['reset-password', '--username', 'root'], { VIDIVERSE_NEW_PASSWORD: ROOT_PASSWORD })
    assert.equal(back.code, 0, back.out)
    expectStatus(await ctx.api.get('/api/v1/users/me', { token: t.access_token }), 401)
    ctx.rootToken = (await login(ctx.api, 'root', ROOT_PASSWORD)).access_token
  })

  it('reset-password refuses unknown users and short passwords', async () => {
    assert.notEqual(cli(ctx, ['reset-password', '--username', 'nobody_here'], { VIDIVERSE_NEW_PASSWORD: 'longenough' }).code, 0)
    assert.notEqual(cli(ctx, ['reset-password', '--username', 'root'], { VIDIVERSE_NEW_PASSWORD: 'abc' }).code, 0)
    await login(ctx.api, 'root', ROOT_PASSWORD)
  })

  it('create-user makes a user that can log in', async () => {
    const name = 'cli' + randomSuffix()
    const r = cli(ctx, ['create-user', '--username', name, '--email', `${name}@example.com`, '--role', 'moderator'],
      { VIDIVERSE_NEW_PASSWORD: 'cli-passw0rd' })
    assert.equal(r.code, 0, r.out)
    const t = await login(ctx.api, name, 'cli-passw0rd')
    const me = (await ctx.api.getOk('/api/v1/users/me', { token: t.access_token }))
    assert.equal(me.role.id, 1)
    assert.equal(me.videoChannels[0].name, `${name}_channel`)
    const dup = cli(ctx, ['create-user', '--username', name, '--email', `other${name}@example.com`], { VIDIVERSE_NEW_PASSWORD: 'cli-passw0rd' })
    assert.notEqual(dup.code, 0)
  })
})
