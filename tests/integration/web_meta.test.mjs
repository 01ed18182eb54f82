// What the server writes into the client's HTML for watch, channel and
// account pages (title, OpenGraph, Twitter card, oEmbed discovery), the
// oEmbed endpoint, the embed page and the frame guard. Private videos must
// not leak through any of them.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serverSuite } from './lib/harness.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, myChannel, uuidToShort } from './lib/videos.mjs'

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'vv-dist-meta-'))
fs.writeFileSync(path.join(dist, 'index.html'),
  '<!doctype html><html><head><meta charset="utf-8"><title>Vidiverse</title></head><body><div id="app">INDEX</div></body></html>')
fs.writeFileSync(path.join(dist, 'embed.html'), '<!doctype html><html><head><title>Embed</title></head><body>EMBED-PAGE</body></html>')

const ogContent = (html, prop) => {
  const m = html.match(new RegExp(`<meta property="${prop.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`))
  return m ? m[1] : null
}

serverSuite('web pages: meta tags, oEmbed, embed', { config: { webapp: { dist_dir: dist } } }, (ctx, it) => {
  let alice, channel
  const v = {}
  const evilName = 'Tom & "Jerry" <script>alert(1)</script>'

  it('setup: a public, an unlisted and a private video', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'metaalice' + randomSuffix() })
    channel = await myChannel(ctx.api, alice.token)
    for (const [k, privacy, name] of [['public', PRIVACY.PUBLIC, evilName], ['unlisted', PRIVACY.UNLISTED, 'unlisted meta video'], ['private', PRIVACY.PRIVATE, 'SECRET private meta video']]) {
      v[k] = await uploadVideo(ctx.api, alice.token, { name, channelId: channel.id, privacy, description: `description of ${k}` }, { file: media.landscape() })
    }
  })

  it('watch pages of a public video carry escaped title, OpenGraph, Twitter player and oEmbed discovery', async () => {
    for (const p of [`/w/${v.public.shortUUID}`, `/videos/watch/${v.public.uuid}`]) {
      const res = await ctx.api.get(p)
      expectStatus(res, 200, p)
      const html = res.text
      assert.ok(html.includes('INDEX'), 'still the client page')
      assert.ok(!html.includes('<script>alert(1)</script>'), 'the name is escaped')
      assert.ok(html.includes('<title>Tom &amp; &quot;Jerry&quot; &lt;script&gt;alert(1)&lt;/script&gt; - Vidiverse</title>'))
      assert.equal(ogContent(html, 'og:title'), 'Tom &amp; &quot;Jerry&quot; &lt;script&gt;alert(1)&lt;/script&gt;')
      assert.equal(ogContent(html, 'og:url'), `${ctx.server.url}/w/${uuidToShort(v.public.uuid)}`)
      assert.equal(ogContent(html, 'og:video:url'), `${ctx.server.url}/videos/embed/${v.public.uuid}`)
      assert.equal(ogContent(html, 'twitter:card'), 'player')
      assert.match(ogContent(html, 'og:image'), /\/lazy-static\/previews\/.+\.jpg$/)
      assert.match(html, /<link rel="alternate" type="application\/json\+oembed" href="[^"]+\/services\/oembed\?url=/)
      assert.equal(res.headers['x-frame-options'], 'DENY')
      assert.equal(res.headers['cache-control'], 'no-cache')
    }
  })

  it('unlisted: described but noindex; private and unknown: the plain page, nothing leaks', async () => {
    const un = await ctx.api.get(`/w/${v.unlisted.shortUUID}`)
    assert.ok(un.text.includes('<meta name="robots" content="noindex" />'))
    for (const p of [`/w/${v.private.shortUUID}`, `/videos/watch/${v.private.uuid}`, '/w/aaaaaaaaaaaaaaaaaaaaaa', '/w/not-an-id']) {
      const res = await ctx.api.get(p)
      expectStatus(res, 200, p)
      assert.ok(!res.text.includes('SECRET'), `${p} leaks the private name`)
      assert.ok(!res.text.includes('og:title'), p)
      assert.ok(res.text.includes('<title>Vidiverse</title>'), p)
    }
  })

  it('channel and account pages carry their names', async () => {
    const c = await ctx.api.get(`/c/${channel.name}`)
    assert.equal(ogContent(c.text, 'og:title'), channel.displayName)
    const a = await ctx.api.get(`/a/${alice.username}`)
    assert.ok(ogContent(a.text, 'og:title'), 'account og:title')
    const none = await ctx.api.get('/c/nobody_here_at_all')
    assert.ok(!none.text.includes('og:title'))
  })

  it('GET /services/oembed: a public video; private 404; another host 400; non-JSON 501', async () => {
    const url = `${ctx.server.url}/w/${v.public.shortUUID}`
    const res = await ctx.api.get(`/services/oembed?url=${encodeURIComponent(url)}&maxwidth=400`)
    expectStatus(res, 200)
    const o = JSON.parse(res.text)
    assert.equal(o.type, 'video')
    assert.equal(o.version, '1.0')
    assert.equal(o.title, evilName)
    assert.equal(o.width, 400)
    assert.match(o.html, new RegExp(`src="${ctx.server.url}/videos/embed/${v.public.uuid}"`))
    assert.ok(!o.html.includes('<script>'), 'title escaped inside the iframe html')
    assert.ok(o.thumbnail_url)
    assert.equal(o.author_name, channel.displayName)
    expectProblem(await ctx.api.get(`/services/oembed?url=${encodeURIComponent(`${ctx.server.url}/w/${v.private.shortUUID}`)}`), 404)
    expectProblem(await ctx.api.get(`/services/oembed?url=${encodeURIComponent(`https://elsewhere.example/w/${v.public.shortUUID}`)}`), 400)
    expectProblem(await ctx.api.get('/services/oembed'), 400)
    expectProblem(await ctx.api.get(`/services/oembed?url=${encodeURIComponent(url)}&format=xml`), 501)
  })

  it('/videos/embed/{id} serves the embed page, which may be framed', async () => {
    const res = await ctx.api.get(`/videos/embed/${v.public.uuid}`)
    expectStatus(res, 200)
    assert.ok(res.text.includes('EMBED-PAGE'))
    assert.equal(res.headers['x-frame-options'], undefined)
  })
})
