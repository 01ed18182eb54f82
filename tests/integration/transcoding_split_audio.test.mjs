// transcoding.hls.split_audio_and_video: the HLS renditions carry no sound
// and one audio-only rendition (resolution 0) is shared through an
// EXT-X-MEDIA audio group of the master playlist (PeerTube 7).
import assert from 'node:assert/strict'
import { serverSuite } from './lib/harness.mjs'
import { expectStatus } from './lib/asserts.mjs'
import { makeVideo } from './lib/media.mjs'
import { PRIVACY, uploadVideo, myChannel, fetchUrl } from './lib/videos.mjs'
import { transcodingConfig, waitForPublished, waitForJobs, ffprobe, sha256, basename } from './lib/transcoding.mjs'

serverSuite('transcoding: HLS with split audio and video', {
  config: transcodingConfig({ resolutions: ['240p'], webVideos: false, hls: true, extra: { hls: { enabled: true, split_audio_and_video: true } } })
}, (ctx, it) => {
  it('video renditions without sound, one audio rendition, an audio group in the master playlist', async () => {
    const channel = await myChannel(ctx.api, ctx.rootToken)
    const clip = makeVideo({ width: 640, height: 360, fps: 25, seconds: 3, tone: 610 })
    const up = await uploadVideo(ctx.api, ctx.rootToken, { name: 'split audio', channelId: channel.id, privacy: PRIVACY.PUBLIC }, { file: clip })
    await waitForPublished(ctx.api, up.uuid, ctx.rootToken)
    await waitForJobs(ctx.api, ctx.rootToken)
    const v = (await ctx.api.get(`/api/v1/videos/${up.uuid}`)).json
    assert.deepEqual(v.files, [], 'web videos removed (web_videos disabled)')
    const files = v.streamingPlaylists[0].files
    assert.deepEqual(files.map(f => f.resolution.id), [360, 240, 0])
    const audio = files.find(f => f.resolution.id === 0)
    assert.equal(audio.hasVideo, false)
    assert.equal(audio.hasAudio, true)
    assert.equal(audio.resolution.label, 'Audio')

    const sha = (await fetchUrl(v.streamingPlaylists[0].segmentsSha256Url)).json
    for (const f of files) {
      const res = await fetchUrl(f.fileUrl)
      expectStatus(res, 200)
      const p = ffprobe(res.body)
      if (f.resolution.id === 0) {
        assert.ok(!p.video && p.audio, 'the audio rendition has only sound')
      } else {
        assert.ok(p.video && !p.audio, `the ${f.resolution.id}p rendition has no sound`)
        assert.equal(f.hasAudio, false)
      }
      assert.ok(Math.abs(p.duration - 3) <= 0.2, `duration ${p.duration}`)
      const ranges = sha[basename(f.fileUrl)]
      assert.ok(ranges && Object.keys(ranges).length > 0, `checksums of ${basename(f.fileUrl)}`)
      for (const [range, hash] of Object.entries(ranges)) {
        const [a, b] = range.split('-').map(Number)
        assert.equal(sha256(res.body.subarray(a, b + 1)), hash, `${range} of ${basename(f.fileUrl)}`)
      }
    }

    const master = (await fetchUrl(v.streamingPlaylists[0].playlistUrl)).text
    const audioPlaylist = basename(audio.playlistUrl)
    assert.ok(master.includes(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",AUTOSELECT=YES,DEFAULT=YES,URI="${audioPlaylist}"`), master)
    const streams = master.split('\n').filter(l => l.startsWith('#EXT-X-STREAM-INF:'))
    assert.equal(streams.length, 2, 'one stream per video rendition')
    for (const s of streams) {
      assert.ok(s.includes(',AUDIO="audio"'), s)
      assert.match(s, /CODECS="avc1\.[0-9a-fA-F]{6},mp4a\.40\.2"/)
    }
    expectStatus(await fetchUrl(audio.playlistUrl), 200)
  })
})
