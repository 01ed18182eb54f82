// Deleting a user or a channel removes their videos' files, not only the
// rows: a deleted public video must stop being served.
import assert from 'node:assert/strict'
import { serverSuite } from './lib/harness.mjs'
import { createUser } from './lib/auth.mjs'
import { expectStatus, randomSuffix } from './lib/asserts.mjs'
import { uploadVideo, waitPublished } from './lib/videos.mjs'
import { media } from './lib/media.mjs'

serverSuite('deletion removes files', {}, (ctx, it) => {
  it('a deleted user\'s public video file is gone', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: 'gone' + randomSuffix() })
    const me = await ctx.api.getOk('/api/v1/users/me', { token: user.token })
    const { uuid } = await uploadVideo(ctx.api, user.token, { name: 'doomed video', channelId: me.videoChannels[0].id, privacy: 1 }, { file: await media.landscape() })
    const v = await waitPublished(ctx.api, uuid, user.token)
    const fileUrl = new URL(v.files[0].fileUrl)
    expectStatus(await ctx.api.get(fileUrl.pathname), 200)
    expectStatus(await ctx.api.delete(`/api/v1/users/${me.id}`, { token: ctx.rootToken }), 204)
    expectStatus(await ctx.api.get(fileUrl.pathname), 404)
    expectStatus(await ctx.api.get(`/api/v1/videos/${uuid}`), 404)
    const search = await ctx.api.getOk('/api/v1/search/videos?search=doomed')
    assert.equal(search.total, 0)
  })

  it('a deleted channel\'s video file is gone', async () => {
    const user = await createUser(ctx.api, ctx.rootToken, { username: 'chgone' + randomSuffix() })
    const name = 'extra' + randomSuffix()
    const ch = await ctx.api.post('/api/v1/video-channels', { token: user.token, json: { name, displayName: 'Extra channel' } })
    expectStatus(ch, 200)
    const { uuid } = await uploadVideo(ctx.api, user.token, { name: 'channel video', channelId: ch.json.videoChannel.id, privacy: 1 }, { file: await media.landscape() })
    const v = await waitPublished(ctx.api, uuid, user.token)
    const path = new URL(v.files[0].fileUrl).pathname
    expectStatus(await ctx.api.get(path), 200)
    expectStatus(await ctx.api.delete(`/api/v1/video-channels/${name}`, { token: user.token }), 204)
    expectStatus(await ctx.api.get(path), 404)
  })
})
