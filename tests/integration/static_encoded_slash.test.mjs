// A parameter is one path segment: an encoded "/" (%2F) must not carry a
// path into it. /static/web-videos/private%2F<file> once reached a private
// video's file through the public route, with no rights check.
import assert from 'node:assert/strict'
import { serverSuite } from './lib/harness.mjs'
import { expectStatus } from './lib/asserts.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, getVideo, fetchUrl, myChannel } from './lib/videos.mjs'

serverSuite('static files: encoded slashes', {}, (ctx, it) => {
  it('a private file is not reachable through the public route with %2F', async () => {
    const channel = await myChannel(ctx.api, ctx.rootToken)
    const up = await uploadVideo(ctx.api, ctx.rootToken, { name: 'encoded slash private', channelId: channel.id, privacy: PRIVACY.PRIVATE },
      { file: media.landscape() })
    const v = await getVideo(ctx.api, up.uuid, ctx.rootToken)
    const url = new URL(v.files[0].fileUrl)
    assert.match(url.pathname, /^\/static\/web-videos\/private\//)
    const name = url.pathname.split('/').pop()
    expectStatus(await fetchUrl(url.href), 401, 'the private route asks for rights')
    for (const p of [`/static/web-videos/private%2F${name}`, `/static/web-videos/private%2f${name}`, `/static/web-videos/..%2Fweb-videos%2Fprivate%2F${name}`,
      `/static/web-videos/private%5C${name}`, `/download/web-videos/private%2F${name}`]) {
      const res = await ctx.api.get(p)
      assert.ok(res.status >= 400 && res.status < 500, `${p} → ${res.status}`)
      assert.notEqual(res.headers['content-type'], 'video/mp4', p)
    }
  })
})
