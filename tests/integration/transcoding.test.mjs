// The transcoding pipeline with web videos and HLS both enabled and a small
// ladder (240p + 360p besides the source's own resolution): clips of several
// shapes are uploaded and every file the server makes is checked with ffprobe
// (H.264/AAC, even dimensions, the smaller side = the resolution, no upscale,
// duration), every HLS playlist, byte range, segment checksum and torrent is
// checked against the served bytes, and the jobs, storyboards and metadata
// follow PeerTube (lib/transcoding/shared/job-builders/abstract-job-builder.ts,
// lib/job-queue/handlers/video-transcoding.ts, generate-storyboard.ts).
// Then the administrator's file routes (controllers/api/videos/files.ts,
// transcoding.ts; middlewares/validators/videos/video-files.ts, video-transcoding.ts).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { imageInfo } from './lib/images.mjs'
import { makeVideo, makeAudio } from './lib/media.mjs'
import { PRIVACY, uploadVideo, uploadResumable, getVideo, fetchUrl, myChannel } from './lib/videos.mjs'
import {
  transcodingConfig, waitForPublished, waitForState, waitForJobs, allJobs, listJobs, ffprobe,
  checkVideoFile, checkTorrent, checkHlsPlaylist, parseM3u8, basename, VIDEO_STATE
} from './lib/transcoding.mjs'

// Source clips: generated once (cached), 2-3 s, small.
const CLIPS = {
  landscape: { what: '16:9 640x360 25 fps', make: () => makeVideo({ width: 640, height: 360, fps: 25, seconds: 3, tone: 440 }), size: [640, 360], fps: { 360: 25, 240: 25 }, audio: true },
  portrait: { what: 'portrait 360x640 30 fps (2 s)', make: () => makeVideo({ width: 360, height: 640, fps: 30, seconds: 2, tone: 550 }), size: [360, 640], fps: { 360: 30, 240: 30 }, audio: true },
  fourThree: { what: '4:3 480x360', make: () => makeVideo({ width: 480, height: 360, fps: 25, seconds: 3, tone: 470 }), size: [480, 360], fps: { 360: 25, 240: 25 }, audio: true },
  // the source's own resolution (362) is kept, 360 and 240 are lower rungs
  oddRung: { what: '642x362 (a resolution between two rungs)', make: () => makeVideo({ width: 642, height: 362, fps: 25, seconds: 3, tone: 480 }), size: [642, 362], fps: { 362: 25, 360: 25, 240: 25 }, audio: true },
  // PeerTube's buildOriginalFileResolution: toEven(359) = 360; 4:4:4 H.264 (x264 refuses odd 4:2:0)
  odd: { what: 'odd 641x359 (yuv444p source)', make: () => makeVideo({ width: 641, height: 359, fps: 25, seconds: 3, tone: 490, pixFmt: 'yuv444p' }), size: [641, 359], fps: { 360: 25, 240: 25 }, audio: true },
  silent: { what: 'no audio stream', make: () => makeVideo({ width: 640, height: 360, fps: 25, seconds: 3, audio: false }), size: [640, 360], fps: { 360: 25, 240: 25 }, audio: false },
  // computeOutputFPS: the origin resolution keeps 60 fps; below 720p the others get a standard rate (30)
  fps60: { what: '60 fps 640x360', make: () => makeVideo({ width: 640, height: 360, fps: 60, seconds: 3, tone: 500 }), size: [640, 360], fps: { 360: 60, 240: 30 }, audio: true }
}

function expectedResolutions (clip) {
  return Object.keys(clip.fps).map(Number).sort((a, b) => b - a)
}

// Width (or height) of a scaled rendition: the source ratio, even, within 2 px.
function checkShape (clip, file) {
  const [sw, sh] = clip.size
  const portrait = sh > sw
  const long = portrait ? file.height : file.width
  const exact = portrait ? file.width * sh / sw : file.height * sw / sh
  assert.ok(Math.abs(long - exact) <= 2, `${file.width}x${file.height} keeps the ${sw}x${sh} aspect ratio`)
  assert.ok(file.resolution.id <= Math.min(sw, sh) + 1, `no upscale: ${file.resolution.id}p from ${sw}x${sh}`)
}

serverSuite('transcoding: web videos + HLS ladder', { config: transcodingConfig({ webVideos: true, hls: true }) }, (ctx, it) => {
  let alice, aliceChannel
  const videos = {} // key → { uuid, id, name, sourceDuration }
  const audioFile = makeAudio({ seconds: 3 })

  it('setup: upload every clip (legacy and resumable) and wait for the queue to be idle', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    let resumable = false
    for (const [key, clip] of Object.entries(CLIPS)) {
      const file = clip.make()
      const name = `ladder ${key}`
      const fields = { name, channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC }
      let v
      if (resumable) {
        const res = await uploadResumable(ctx.api, alice.token, fields, file)
        expectStatus(res, 200, `resumable upload of ${key}`)
        v = res.json.video
      } else {
        v = await uploadVideo(ctx.api, alice.token, fields, { file })
      }
      resumable = !resumable
      videos[key] = { ...v, name, sourceDuration: ffprobe(file).duration }
    }
    const a = await uploadVideo(ctx.api, alice.token, { name: 'ladder audio', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC }, { file: audioFile })
    videos.audio = { ...a, name: 'ladder audio', sourceDuration: ffprobe(audioFile).duration }
    await waitForJobs(ctx.api, ctx.rootToken, { timeout: 90000 })
  })

  for (const [key, clip] of Object.entries(CLIPS)) {
    it(`${clip.what}: web videos and HLS of every rung, probed, with torrents`, async () => {
      const v = await getVideo(ctx.api, videos[key].uuid)
      assert.deepEqual(v.state, { id: VIDEO_STATE.PUBLISHED, label: 'Published' })
      const want = expectedResolutions(clip)
      assert.deepEqual(v.files.map(f => f.resolution.id), want, 'web videos: the source resolution (even) and the enabled lower rungs, highest first')
      assert.equal(v.streamingPlaylists.length, 1)
      const hls = v.streamingPlaylists[0]
      assert.deepEqual(hls.files.map(f => f.resolution.id).sort((a, b) => b - a), want, 'one HLS file per rung')

      const fetched = new Map()
      for (const [kind, files] of [['web', v.files], ['hls', hls.files]]) {
        for (const f of files) {
          assert.deepEqual(f.resolution, { id: f.resolution.id, label: `${f.resolution.id}p` })
          const { bytes } = await checkVideoFile(f, {
            sourceDuration: videos[key].sourceDuration, hasAudio: clip.audio, fps: clip.fps[f.resolution.id], fragmented: kind === 'hls'
          })
          checkShape(clip, f)
          if (f.resolution.id === want[0] && clip.size[0] % 2 === 0 && clip.size[1] % 2 === 0) {
            assert.deepEqual([f.width, f.height], clip.size, 'the top rung of an even source keeps its size')
          }
          if (kind === 'web') {
            assert.ok(f.fileUrl.startsWith(`${ctx.server.url}/static/web-videos/`), f.fileUrl)
            assert.match(basename(f.fileUrl), /\.mp4$/)
          } else {
            assert.ok(f.fileUrl.startsWith(`${ctx.server.url}/static/streaming-playlists/hls/${v.uuid}/`), f.fileUrl)
            assert.ok(f.fileDownloadUrl.startsWith(`${ctx.server.url}/download/streaming-playlists/hls/videos/`), f.fileDownloadUrl)
            fetched.set(f.id, bytes)
          }
          await checkTorrent(f, bytes, { videoName: videos[key].name })
        }
      }
      await checkHlsPlaylist(v, fetched, { duration: videos[key].sourceDuration })
    })
  }

  it('a download URL of each kind serves the same bytes as an attachment', async () => {
    const v = await getVideo(ctx.api, videos.landscape.uuid)
    for (const f of [v.files[0], v.streamingPlaylists[0].files[0]]) {
      const direct = await fetchUrl(f.fileUrl)
      const dl = await fetchUrl(f.fileDownloadUrl)
      expectStatus(dl, 200, `GET ${f.fileDownloadUrl}`)
      assert.match(dl.headers['content-disposition'] || '', /^attachment/, 'downloads are attachments')
      assert.ok(dl.body.equals(direct.body), 'same bytes as fileUrl')
      const t = await fetchUrl(f.torrentDownloadUrl)
      expectStatus(t, 200, `GET ${f.torrentDownloadUrl}`)
      assert.ok(t.body.equals((await fetchUrl(f.torrentUrl)).body), 'same torrent')
    }
  })

  // video-file.ts getFileDownloadUrl(): join(DOWNLOAD_PATHS.HLS_VIDEOS, `${video.uuid}-${resolution}-fragmented${extname}`)
  // and join(DOWNLOAD_PATHS.WEB_VIDEOS, `${video.uuid}-${resolution}${extname}`); remote PeerTube instances
  // build these URLs themselves ("FIXME: don't guess remote URL": buildRemoteUrl(video, path)).
  it('fileDownloadUrl is /download/…/<video uuid>-<resolution>[-fragmented].mp4 and serves the file', async () => {
    const v = await getVideo(ctx.api, videos.landscape.uuid)
    for (const f of v.files) {
      assert.equal(f.fileDownloadUrl, `${ctx.server.url}/download/web-videos/${v.uuid}-${f.resolution.id}.mp4`)
      expectStatus(await fetchUrl(f.fileDownloadUrl), 200)
    }
    for (const f of v.streamingPlaylists[0].files) {
      assert.equal(f.fileDownloadUrl, `${ctx.server.url}/download/streaming-playlists/hls/videos/${v.uuid}-${f.resolution.id}-fragmented.mp4`)
      expectStatus(await fetchUrl(f.fileDownloadUrl), 200)
    }
  })

  it('the jobs of an upload: optimize (isNewVideo), one new-resolution-to-hls per rung, a storyboard; all completed', async () => {
    const transcoding = await allJobs(ctx.api, ctx.rootToken, 'video-transcoding')
    const storyboards = await allJobs(ctx.api, ctx.rootToken, 'generate-video-storyboard')
    for (const [key, clip] of Object.entries(CLIPS)) {
      const uuid = videos[key].uuid
      const mine = transcoding.filter(j => j.data.videoUUID === uuid)
      const optimize = mine.filter(j => j.data.type === 'optimize-to-web-video')
      assert.equal(optimize.length, 1, `${key}: one optimize job: ${JSON.stringify(mine.map(j => j.data))}`)
      assert.equal(optimize[0].data.isNewVideo, true)
      assert.equal(optimize[0].state, 'completed')
      const hlsJobs = mine.filter(j => j.data.type === 'new-resolution-to-hls')
      assert.deepEqual(hlsJobs.map(j => j.data.resolution).sort((a, b) => b - a), expectedResolutions(clip), `${key}: one HLS job per rung`)
      for (const j of mine) {
        assert.equal(j.type, 'video-transcoding')
        assert.equal(j.state, 'completed', `${key}: ${JSON.stringify(j)}`)
        assert.equal(j.error, null)
        assert.ok(Date.parse(j.createdAt) <= Date.parse(j.processedOn) && Date.parse(j.processedOn) <= Date.parse(j.finishedOn), `dates in order: ${JSON.stringify(j)}`)
      }
      for (const j of hlsJobs) assert.equal(j.data.fps, clip.fps[j.data.resolution], `${key}: HLS job fps of ${j.data.resolution}p`)
      assert.ok(hlsJobs.every(j => Date.parse(j.createdAt) >= Date.parse(optimize[0].finishedOn) - 1000), 'HLS jobs come after the optimize job')
      const sb = storyboards.filter(j => j.data.videoUUID === uuid)
      assert.equal(sb.length, 1, `${key}: one storyboard job`)
      assert.equal(sb[0].state, 'completed')
    }
  })

  it('storyboards: one sprite sheet for 3 s videos (192 px wide sprites, 1 s each), none under 3 s', async () => {
    const cases = { landscape: [192, 108], fourThree: [192, 144], fps60: [192, 108] }
    for (const [key, [sw, sh]] of Object.entries(cases)) {
      const res = await ctx.api.get(`/api/v1/videos/${videos[key].uuid}/storyboards`)
      const body = expectValid(res, undefined, 'get', '/api/v1/videos/{id}/storyboards')
      assert.equal(body.storyboards.length, 1, `${key}: ${res.describe()}`)
      const s = body.storyboards[0]
      assert.equal(s.spriteWidth, sw, `${key} sprite width`)
      assert.equal(s.spriteHeight, sh, `${key} sprite height`)
      // duration 3: maxSprites = min(ceil(3), 11*11) = 3, spriteDuration = ceil(3 / 3) = 1, 3 sprites on one row
      assert.equal(s.spriteDuration, 1)
      assert.equal(s.totalWidth, 3 * sw)
      assert.equal(s.totalHeight, sh)
      assert.match(s.storyboardPath, /^\/lazy-static\/storyboards\/[^/]+\.jpg$/)
      const img = await ctx.api.get(s.storyboardPath)
      expectStatus(img, 200, `GET ${s.storyboardPath}`)
      assert.deepEqual(imageInfo(img.body), { format: 'jpeg', width: s.totalWidth, height: s.totalHeight }, 'the sprite sheet has the announced size')
    }
    const short = await ctx.api.get(`/api/v1/videos/${videos.portrait.uuid}/storyboards`)
    assert.deepEqual(expectValid(short, undefined, 'get', '/api/v1/videos/{id}/storyboards'), { storyboards: [] }, 'no storyboard for a 2 s video')
  })

  it('metadataUrl of each file: /api/v1/videos/{uuid}/metadata/{fileId}, the ffprobe output without the file name', async () => {
    const v = await getVideo(ctx.api, videos.landscape.uuid)
    for (const f of [...v.files, ...v.streamingPlaylists[0].files]) {
      const res = await fetchUrl(f.metadataUrl)
      expectStatus(res, 200, `GET ${f.metadataUrl}`)
      const m = res.json
      assert.ok(m?.format && Number(m.format.size) === f.size, `format.size of ${f.metadataUrl}: ${res.describe()}`)
      assert.ok(Array.isArray(m.streams) && m.streams.some(s => s.codec_type === 'video' && s.width === f.width && s.height === f.height), 'streams')
    }
  })

  // PeerTube's transcoder.ts "Should provide valid ffprobe data": expect(metadata).to.not.have.nested.property('format.filename')
  it('file metadata does not reveal a server path (format.filename)', async () => {
    const v = await getVideo(ctx.api, videos.landscape.uuid)
    for (const f of [...v.files, ...v.streamingPlaylists[0].files]) {
      const m = (await fetchUrl(f.metadataUrl)).json
      assert.equal(m.format.filename, undefined, `no server path in ${f.metadataUrl}`)
    }
  })

  // video-file.ts getVideoFileMetadataUrl(): WEBSERVER.URL + '/api/v1/videos/' + video.uuid + '/metadata/' + file.id
  // (PeerTube's transcoder.ts test: expect(file.metadataUrl).to.contain(videoUUID)).
  it('metadataUrl names the video by its UUID', async () => {
    const v = await getVideo(ctx.api, videos.landscape.uuid)
    for (const f of [...v.files, ...v.streamingPlaylists[0].files]) {
      assert.equal(f.metadataUrl, `${ctx.server.url}/api/v1/videos/${v.uuid}/metadata/${f.id}`)
    }
  })

  it('audio-only upload (mp3): merged with the preview into a 480p H.264/AAC video, web video and HLS', async () => {
    const v = await getVideo(ctx.api, videos.audio.uuid)
    assert.deepEqual(v.state, { id: VIDEO_STATE.PUBLISHED, label: 'Published' })
    const top = v.files[0]
    assert.ok(top, 'a web video file')
    assert.equal(top.resolution.id, 480, 'DEFAULT_AUDIO_RESOLUTION')
    assert.ok(v.streamingPlaylists[0]?.files.some(x => x.resolution.id === 480), 'a 480p HLS file')
    const fetched = new Map()
    for (const [kind, files] of [['web', v.files], ['hls', v.streamingPlaylists[0].files]]) {
      for (const f of files) {
        const { bytes, probe } = await checkVideoFile(f, { sourceDuration: videos.audio.sourceDuration, hasAudio: true, fps: 25, fragmented: kind === 'hls' })
        assert.equal(probe.video.codec, 'h264')
        assert.ok(f.resolution.id <= 480, 'no rung above the merge resolution')
        if (kind === 'hls') fetched.set(f.id, bytes)
        await checkTorrent(f, bytes, { videoName: videos.audio.name })
      }
    }
    await checkHlsPlaylist(v, fetched, { duration: videos.audio.sourceDuration })
    const jobs = (await allJobs(ctx.api, ctx.rootToken, 'video-transcoding')).filter(j => j.data.videoUUID === v.uuid)
    const merge = jobs.filter(j => j.data.type === 'merge-audio-to-web-video')
    assert.equal(merge.length, 1, `one merge-audio job: ${JSON.stringify(jobs.map(j => j.data))}`)
    assert.equal(merge[0].data.resolution, 480)
    assert.equal(merge[0].data.fps, 25)
    assert.equal(jobs.filter(j => j.data.type === 'optimize-to-web-video').length, 0)
  })

  it('audio-only upload: the merged video lasts as long as the audio (within 0.2 s)', async () => {
    const v = await getVideo(ctx.api, videos.audio.uuid)
    for (const f of [...v.files, ...v.streamingPlaylists[0].files]) {
      const p = ffprobe((await fetchUrl(f.fileUrl)).body)
      assert.ok(Math.abs(p.duration - videos.audio.sourceDuration) <= 0.2, `${f.fileUrl}: ${p.duration} s for ${videos.audio.sourceDuration} s of audio`)
    }
  })

  // abstract-job-builder.ts createOptimizeOrMergeAudioJobs(): for an audio file maxResolution =
  // DEFAULT_AUDIO_RESOLUTION (480), then buildLowerResolutionJobPayloads({ inputVideoResolution: 480 })
  // adds every enabled rung below it (here 360p and 240p), as web videos and HLS.
  it('audio-only upload: the enabled rungs below 480p are made too', async () => {
    const v = await getVideo(ctx.api, videos.audio.uuid)
    assert.deepEqual(v.files.map(f => f.resolution.id), [480, 360, 240])
    assert.deepEqual(v.streamingPlaylists[0].files.map(f => f.resolution.id).sort((a, b) => b - a), [480, 360, 240])
  })

  // ---- administrator's file routes ----

  let bob, admin // admin video: { uuid, id, publishedAt }
  it('admin routes: setup (a 640x360 2 s video with web videos 360/240 and HLS 360/240)', async () => {
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    const file = makeVideo({ width: 640, height: 360, fps: 25, seconds: 2, tone: 610 })
    const v = await uploadVideo(ctx.api, alice.token, { name: 'admin files video', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC }, { file })
    await waitForPublished(ctx.api, v.uuid)
    await waitForJobs(ctx.api, ctx.rootToken)
    const d = await getVideo(ctx.api, v.uuid)
    assert.deepEqual(d.files.map(f => f.resolution.id), [360, 240])
    admin = { ...v, publishedAt: d.publishedAt, details: d }
  })

  it('admin routes: anonymous 401, a user without the right 403 (even the owner), unknown video 404, bad transcodingType 400', async () => {
    const d = admin.details
    const hlsFile = d.streamingPlaylists[0].files[1].id
    const webFile = d.files[1].id
    const calls = [
      ['post', `/api/v1/videos/${admin.uuid}/transcoding`, { transcodingType: 'hls' }],
      ['delete', `/api/v1/videos/${admin.uuid}/hls`],
      ['delete', `/api/v1/videos/${admin.uuid}/web-videos`],
      ['delete', `/api/v1/videos/${admin.uuid}/hls/${hlsFile}`],
      ['delete', `/api/v1/videos/${admin.uuid}/web-videos/${webFile}`]
    ]
    for (const [method, p, json] of calls) {
      expectProblem(await ctx.api[method](p, { json }), 401, { what: `${method} ${p} anonymously` })
      expectProblem(await ctx.api[method](p, { json, token: alice.token }), 403, { what: `${method} ${p} as the owner (no MANAGE_VIDEO_FILES / RUN_VIDEO_TRANSCODING)` })
      expectProblem(await ctx.api[method](p, { json, token: bob.token }), 403, { what: `${method} ${p} as another user` })
    }
    const unknown = '8d5bd1b7-4e0c-4a1e-9a5a-3c6f7c1f2e90'
    expectProblem(await ctx.api.post(`/api/v1/videos/${unknown}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'hls' } }), 404)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${unknown}/hls`, { token: ctx.rootToken }), 404)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${unknown}/web-videos`, { token: ctx.rootToken }), 404)
    for (const body of [{}, { transcodingType: 'dash' }, { transcodingType: 42 }]) {
      expectProblem(await ctx.api.post(`/api/v1/videos/${admin.uuid}/transcoding`, { token: ctx.rootToken, json: body }), 400,
        { invalidParams: ['transcodingType'], what: JSON.stringify(body) })
    }
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/web-videos/999999`, { token: ctx.rootToken }), 404)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/hls/999999`, { token: ctx.rootToken }), 404)
    // an HLS file id is not a web video id, and the reverse
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/web-videos/${hlsFile}`, { token: ctx.rootToken }), 404)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/hls/${webFile}`, { token: ctx.rootToken }), 404)
    const after = await getVideo(ctx.api, admin.uuid)
    assert.equal(after.files.length, 2, 'nothing removed')
    assert.equal(after.streamingPlaylists[0].files.length, 2, 'nothing removed')
  })

  it('DELETE one web video and one HLS file: gone from the API and the disk; master playlist and checksums rewritten', async () => {
    const d = admin.details
    const web240 = d.files.find(f => f.resolution.id === 240)
    const hls240 = d.streamingPlaylists[0].files.find(f => f.resolution.id === 240)
    expectStatus(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/web-videos/${web240.id}`, { token: ctx.rootToken }), 204)
    expectStatus(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/hls/${hls240.id}`, { token: ctx.rootToken }), 204)
    const v = await getVideo(ctx.api, admin.uuid)
    assert.deepEqual(v.files.map(f => f.resolution.id), [360])
    assert.deepEqual(v.streamingPlaylists[0].files.map(f => f.resolution.id), [360])
    for (const url of [web240.fileUrl, hls240.fileUrl, hls240.playlistUrl, web240.torrentUrl, hls240.torrentUrl]) {
      expectStatus(await fetchUrl(url), 404, `${url} after deletion`)
    }
    expectStatus(await fetchUrl(v.streamingPlaylists[0].files[0].playlistUrl), 200, 'the remaining resolution still plays')
  })

  // lib/hls.ts updatePlaylistAfterFileChange() (called by removeHLSFileOf…): the master playlist and
  // segments-sha256.json are rebuilt from the remaining files.
  it('DELETE one HLS file rewrites the master playlist and segments-sha256.json', async () => {
    const v = await getVideo(ctx.api, admin.uuid)
    const fetched = new Map([[v.streamingPlaylists[0].files[0].id, (await fetchUrl(v.streamingPlaylists[0].files[0].fileUrl)).body]])
    const { master, sha } = await checkHlsPlaylist(v, fetched, { duration: 2 })
    assert.equal(master.variants.length, 1)
    assert.equal(Object.keys(sha).length, 1)
  })

  // validators/videos/video-files.ts videoFilesDeleteHLSValidator: no HLS playlist → 400
  // 'This video does not have HLS files'; videoFilesDeleteWebVideoValidator: no web video → 400.
  let hlsUrls
  it('DELETE /hls removes the playlist (files, playlists, checksums); web videos stay', async () => {
    const before = await getVideo(ctx.api, admin.uuid)
    const sp = before.streamingPlaylists[0]
    hlsUrls = [sp.playlistUrl, sp.segmentsSha256Url, sp.files[0].fileUrl, sp.files[0].playlistUrl, sp.files[0].torrentUrl]
    expectStatus(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/hls`, { token: ctx.rootToken }), 204)
    const v = await getVideo(ctx.api, admin.uuid)
    assert.deepEqual(v.streamingPlaylists, [])
    assert.deepEqual(v.files.map(f => f.resolution.id), [360])
    for (const url of hlsUrls) expectStatus(await fetchUrl(url), 404, `${url} after DELETE /hls`)
    expectStatus(await fetchUrl(v.files[0].fileUrl), 200, 'the web video still plays')
    admin.webAfterDelete = v.files.map(f => [f.id, f.fileUrl])
    // without HLS, the web videos cannot be removed
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/web-videos`, { token: ctx.rootToken }), 400)
    // nor their last file
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/web-videos/${v.files[0].id}`, { token: ctx.rootToken }), 400)
  })

  it('DELETE /hls on a video without HLS → 400 (PeerTube\'s validator), not 404', async () => {
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/hls`, { token: ctx.rootToken }), 400)
  })

  it('POST /transcoding hls on a web-video-only video: HLS of every rung from the existing file; web videos untouched; publishedAt kept', async () => {
    const before = await getVideo(ctx.api, admin.uuid)
    expectStatus(await ctx.api.post(`/api/v1/videos/${admin.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'hls' } }), 204)
    await waitForJobs(ctx.api, ctx.rootToken)
    const v = await waitForPublished(ctx.api, admin.uuid)
    assert.equal(v.streamingPlaylists.length, 1)
    const hls = v.streamingPlaylists[0]
    assert.ok(hls.files.some(f => f.resolution.id === 360), 'the top rung is in HLS')
    const fetched = new Map()
    for (const f of hls.files) {
      const { bytes } = await checkVideoFile(f, { sourceDuration: 2, hasAudio: true, fragmented: true })
      fetched.set(f.id, bytes)
      await checkTorrent(f, bytes, { videoName: v.name })
    }
    await checkHlsPlaylist(v, fetched, { duration: 2 })
    for (const url of hlsUrls.slice(0, 2)) expectStatus(await fetchUrl(url), 404, `the old playlist ${url} is not back`)
    assert.equal(v.publishedAt, admin.publishedAt, 'manual transcoding does not republish')
    assert.ok(v.files.length >= 1 && before.files.length === 1, 'web videos still there')
  })

  // controllers/api/videos/transcoding.ts: resolutions = computeResolutionsToTranscode({ input: maxResolution,
  // includeInput: true, strictLower: false }) → one HLS job per enabled rung up to the top one, each made from
  // the best file (create-transcoding.ts test "Should generate HLS": 1 web video → 5 HLS files).
  it('POST /transcoding hls makes every enabled rung, not only those with a web video', async () => {
    const v = await getVideo(ctx.api, admin.uuid)
    assert.deepEqual(v.streamingPlaylists[0].files.map(f => f.resolution.id).sort((a, b) => b - a), [360, 240])
  })

  // abstract-job-builder.ts createTranscodingJobs({ transcodingType: 'hls' }) creates only
  // new-resolution-to-hls jobs (PeerTube's create-transcoding.ts test: "Should generate HLS"
  // expects videoDetails.files unchanged, one web video).
  it('POST /transcoding hls leaves the existing web video files alone (same ids and URLs, no new rung)', async () => {
    const v = await getVideo(ctx.api, admin.uuid)
    assert.deepEqual(v.files.map(f => [f.id, f.fileUrl]), admin.webAfterDelete)
  })

  it('DELETE /web-videos: the video keeps playing from HLS; then DELETE /hls → 400 (it would leave no file)', async () => {
    const before = await getVideo(ctx.api, admin.uuid)
    expectStatus(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/web-videos`, { token: ctx.rootToken }), 204)
    const v = await getVideo(ctx.api, admin.uuid)
    assert.deepEqual(v.files, [])
    for (const f of before.files) expectStatus(await fetchUrl(f.fileUrl), 404, `${f.fileUrl} after DELETE /web-videos`)
    expectStatus(await fetchUrl(v.streamingPlaylists[0].playlistUrl), 200)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/hls`, { token: ctx.rootToken }), 400)
    const only = [...v.streamingPlaylists[0].files].sort((a, b) => a.resolution.id - b.resolution.id)
    // HLS files may go one by one, not the last one
    for (const f of only.slice(0, -1)) expectStatus(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/hls/${f.id}`, { token: ctx.rootToken }), 204)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${admin.uuid}/hls/${only.at(-1).id}`, { token: ctx.rootToken }), 400)
  })

  it('POST /transcoding web-video on an HLS-only video: web videos of every rung from the HLS file; HLS kept', async () => {
    const before = await getVideo(ctx.api, admin.uuid)
    expectStatus(await ctx.api.post(`/api/v1/videos/${admin.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'web-video' } }), 204)
    await waitForJobs(ctx.api, ctx.rootToken)
    const v = await waitForPublished(ctx.api, admin.uuid)
    assert.deepEqual(v.files.map(f => f.resolution.id), [360, 240])
    for (const f of v.files) {
      const { bytes } = await checkVideoFile(f, { sourceDuration: 2, hasAudio: true })
      await checkTorrent(f, bytes, { videoName: v.name })
    }
    assert.deepEqual(v.streamingPlaylists[0].files.map(f => f.id), before.streamingPlaylists[0].files.map(f => f.id), 'HLS untouched')
    assert.equal(v.publishedAt, admin.publishedAt)
  })

  // controllers/api/videos/transcoding.ts createTranscoding(): `video.state = VideoState.TO_TRANSCODE`
  // before creating the jobs; video-transcoding.ts validator: pendingTranscode > 0 and no
  // forceTranscoding → 409 { code: 'video_already_being_transcoded' }.
  it('POST /transcoding while the jobs of a previous one wait: state "To transcode", 409 video_already_being_transcoded, forceTranscoding → 204', async () => {
    expectStatus(await ctx.api.post('/api/v1/jobs/pause', { token: ctx.rootToken }), 204)
    try {
      expectStatus(await ctx.api.post(`/api/v1/videos/${admin.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'hls' } }), 204)
      const waiting = await listJobs(ctx.api, ctx.rootToken, 'waiting', { jobType: 'video-transcoding' })
      assert.ok(waiting.data.some(j => j.data.videoUUID === admin.uuid), 'the job waits while the queue is paused')
      const v = await getVideo(ctx.api, admin.uuid)
      assert.deepEqual(v.state, { id: VIDEO_STATE.TO_TRANSCODE, label: 'To transcode' })
      expectProblem(await ctx.api.post(`/api/v1/videos/${admin.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'hls' } }), 409,
        { code: 'video_already_being_transcoded' })
      expectStatus(await ctx.api.post(`/api/v1/videos/${admin.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'hls', forceTranscoding: true } }), 204)
    } finally {
      expectStatus(await ctx.api.post('/api/v1/jobs/resume', { token: ctx.rootToken }), 204)
      await waitForJobs(ctx.api, ctx.rootToken)
    }
  })

  it('after the manual transcodings the video is published with HLS and web videos, and the server is healthy', async () => {
    const v = await waitForPublished(ctx.api, admin.uuid)
    assert.equal(v.publishedAt, admin.publishedAt)
    assert.ok(v.files.length >= 1)
    assert.ok(v.streamingPlaylists[0]?.files.length >= 1)
    for (const f of v.streamingPlaylists[0].files) expectStatus(await fetchUrl(f.fileUrl), 200)
    const failed = await listJobs(ctx.api, ctx.rootToken, 'failed')
    assert.equal(failed.total, 0, `no failed job: ${JSON.stringify(failed.data)}`)
    await expectServerUp(ctx.api)
  })
})
