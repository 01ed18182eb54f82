// A file whose first bytes say JPEG but that does not decode is the
// client's error on that field (400), wherever a picture is accepted:
// playlist thumbnails, avatars, video thumbnails. Never a 500.
import crypto from 'node:crypto'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectProblem } from './lib/asserts.mjs'
import { media } from './lib/media.mjs'
import { filePart, formFields, myChannel } from './lib/videos.mjs'

const brokenJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-but-not-really'), crypto.randomBytes(3000)])

serverSuite('images: corrupt pictures', {}, (ctx, it) => {
  it('playlist thumbnail, avatar and video thumbnail: 400 on the field', async () => {
    const token = ctx.rootToken
    const channel = await myChannel(ctx.api, token)
    const pl = await ctx.api.post('/api/v1/video-playlists', {
      token, multipart: [...formFields({ displayName: 'corrupt thumb', privacy: 3 }), filePart('thumbnailfile', brokenJpeg, { filename: 'x.jpg', contentType: 'image/jpeg' })]
    })
    expectProblem(pl, 400, { invalidParams: ['thumbnailfile'] })
    const av = await ctx.api.post('/api/v1/users/me/avatar/pick', {
      token, multipart: [filePart('avatarfile', brokenJpeg, { filename: 'x.jpg', contentType: 'image/jpeg' })]
    })
    expectProblem(av, 400, { invalidParams: ['avatarfile'] })
    const up = await ctx.api.post('/api/v1/videos/upload', {
      token,
      multipart: [...formFields({ name: 'corrupt thumbnail', channelId: channel.id }), filePart('videofile', media.landscape()),
        filePart('thumbnailfile', brokenJpeg, { filename: 'x.jpg', contentType: 'image/jpeg' })]
    })
    expectProblem(up, 400, { invalidParams: ['thumbnailfile'] })
    await expectServerUp(ctx.api)
  })
})
