// Serving the built web client: hashed assets cached for a year, other files
// briefly, index.html (no-cache) for every client route, API paths never
// swallowed by the fallback.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serverSuite } from './lib/harness.mjs'
import { expectStatus, expectProblem } from './lib/asserts.mjs'

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'vv-dist-'))
fs.mkdirSync(path.join(dist, 'assets'))
fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="app">INDEX-MARKER</div>')
fs.writeFileSync(path.join(dist, 'assets', 'main-abc123.js'), 'console.log("hashed")')
fs.writeFileSync(path.join(dist, 'robots-extra.txt'), 'plain file')

serverSuite('web client', { config: { webapp: { dist_dir: dist } }, loginRoot: false }, (ctx, it) => {
  it('client routes get index.html with no-cache', async () => {
    for (const p of ['/', '/login', '/w/abc123', '/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d', '/a/root/video-channels', '/admin/users']) {
      const res = await ctx.api.get(p)
      expectStatus(res, 200, p)
      assert.match(res.headers['content-type'], /^text\/html/)
      assert.ok(res.text.includes('INDEX-MARKER'), p)
      assert.equal(res.headers['cache-control'], 'no-cache')
    }
  })

  it('hashed assets are immutable for a year; a missing asset is 404, not index.html', async () => {
    const res = await ctx.api.get('/assets/main-abc123.js')
    expectStatus(res, 200)
    assert.match(res.headers['content-type'], /javascript/)
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(res.text, 'console.log("hashed")')
    const missing = await ctx.api.get('/assets/nope-000.js')
    expectStatus(missing, 404)
    assert.ok(!missing.text.includes('INDEX-MARKER'))
    const plain = await ctx.api.get('/robots-extra.txt')
    expectStatus(plain, 200)
    assert.equal(plain.text, 'plain file')
  })

  it('API and static prefixes are never answered with the client', async () => {
    expectStatus(await ctx.api.get('/api/v1/nothing-here'), 400)
    expectProblem(await ctx.api.get('/lazy-static/avatars/missing.jpg'), 404)
    const st = await ctx.api.get('/static/web-videos/missing.mp4')
    expectStatus(st, 404)
    assert.ok(!st.text.includes('INDEX-MARKER'))
    expectStatus(await ctx.api.post('/login', { json: {} }), [404, 405])
  })
})
