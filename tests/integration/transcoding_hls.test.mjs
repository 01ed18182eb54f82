// HLS only (transcoding.web_videos.enabled: false): the web videos made by the
// optimize job are removed once every HLS rung exists (video.files = []);
// waitTranscoding hides a video from the lists until it is published; files of
// private, internal and password-protected videos live under
// /static/streaming-playlists/hls/private/<uuid>/ with PeerTube's access rules
// (middlewares/validators/static.ts ensureCanAccessPrivateVideoHLSFiles: a video
// file token, a bearer token or the video password); a privacy change moves
// the directory (lib/video-privacy.ts moveFilesIfPrivacyChanged).
// Last, an instance with transcoding disabled refuses POST /videos/{id}/transcoding.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { makeVideo } from './lib/media.mjs'
import { PRIVACY, uploadVideo, uploadResumable, getVideo, fetchUrl, myChannel, listFiles } from './lib/videos.mjs'
import {
  transcodingConfig, waitForPublished, waitForJobs, listJobs, allJobs, ffprobe,
  checkVideoFile, checkTorrent, checkHlsPlaylist, VIDEO_STATE
} from './lib/transcoding.mjs'

const PASSWORD = 'hls secret pass'

serverSuite('transcoding: HLS only, waitTranscoding, private HLS files', {
  config: transcodingConfig({ resolutions: ['240p'], webVideos: false, hls: true })
}, (ctx, it) => {
  let alice, bob, aliceChannel
  const clip = makeVideo({ width: 640, height: 360, fps: 25, seconds: 3, tone: 520 })
  const clipDuration = ffprobe(clip).duration
  const v = {} // waiting, listed, private, internal, password → { uuid, id }

  const fields = (name, extra = {}) => ({ name, channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC, ...extra })

  it('setup: users', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
  })

  it('queue paused: uploads stay "To transcode" with a waiting job; waitTranscoding=true ones are not listed, waitTranscoding=false ones are', async () => {
    expectStatus(await ctx.api.post('/api/v1/jobs/pause', { token: ctx.rootToken }), 204)
    try {
      const res = await uploadResumable(ctx.api, alice.token, fields('hls waits for transcoding', { waitTranscoding: true }), clip)
      expectStatus(res, 200, 'resumable upload')
      v.waiting = res.json.video
      v.listed = await uploadVideo(ctx.api, alice.token, fields('hls listed while transcoding', { waitTranscoding: false }), { file: clip })

      const w = await getVideo(ctx.api, v.waiting.uuid)
      assert.deepEqual(w.state, { id: VIDEO_STATE.TO_TRANSCODE, label: 'To transcode' })
      assert.equal(w.waitTranscoding, true)
      const l = await getVideo(ctx.api, v.listed.uuid)
      assert.deepEqual(l.state, { id: VIDEO_STATE.TO_TRANSCODE, label: 'To transcode' })
      assert.equal(l.waitTranscoding, false)

      for (const token of [undefined, bob.token]) {
        const list = expectValid(await ctx.api.get('/api/v1/videos?count=100', { token }), undefined, 'get', '/api/v1/videos')
        const uuids = list.data.map(x => x.uuid)
        assert.ok(!uuids.includes(v.waiting.uuid), 'a video waiting for its transcoding is not listed')
        assert.ok(uuids.includes(v.listed.uuid), 'waitTranscoding false: listed while transcoding')
        assert.equal(list.data.find(x => x.uuid === v.listed.uuid).state?.id, undefined, 'state is only sent on request (additionalAttributes)')
      }
      const mine = expectValid(await ctx.api.get('/api/v1/users/me/videos?count=100', { token: alice.token }), undefined, 'get', '/api/v1/users/me/videos')
      for (const x of [v.waiting, v.listed]) {
        const m = mine.data.find(y => y.uuid === x.uuid)
        assert.ok(m, 'the owner sees both in her videos')
        assert.deepEqual(m.state, { id: VIDEO_STATE.TO_TRANSCODE, label: 'To transcode' })
      }

      await new Promise(resolve => setTimeout(resolve, 600)) // several poll intervals: nothing may start
      const waiting = await listJobs(ctx.api, ctx.rootToken, 'waiting', { jobType: 'video-transcoding' })
      for (const x of [v.waiting, v.listed]) {
        const jobs = waiting.data.filter(j => j.data.videoUUID === x.uuid)
        assert.equal(jobs.length, 1, `one waiting job for ${x.uuid}: ${JSON.stringify(waiting.data)}`)
        assert.equal(jobs[0].data.type, 'optimize-to-web-video')
        assert.equal(jobs[0].data.isNewVideo, true)
        assert.equal(jobs[0].data.hasChildren, true)
        assert.equal(jobs[0].processedOn, null)
        assert.equal(jobs[0].finishedOn, null)
      }
      assert.equal((await listJobs(ctx.api, ctx.rootToken, 'active')).total, 0, 'nothing runs while paused')
    } finally {
      expectStatus(await ctx.api.post('/api/v1/jobs/resume', { token: ctx.rootToken }), 204)
    }
    for (const x of [v.waiting, v.listed]) await waitForPublished(ctx.api, x.uuid)
    const list = expectValid(await ctx.api.get('/api/v1/videos?count=100'), undefined, 'get', '/api/v1/videos')
    assert.ok(list.data.some(x => x.uuid === v.waiting.uuid), 'listed once published')
  })

  it('HLS only: video.files is [] once every rung is in HLS; the web videos are gone from the disk', async () => {
    await waitForJobs(ctx.api, ctx.rootToken)
    for (const x of [v.waiting, v.listed]) {
      const d = await getVideo(ctx.api, x.uuid)
      assert.deepEqual(d.files, [], 'no web video')
      assert.deepEqual(d.streamingPlaylists[0].files.map(f => f.resolution.id).sort((a, b) => b - a), [360, 240])
    }
    const webDir = path.join(ctx.server.storageRoot, 'web-videos')
    assert.deepEqual(listFiles(webDir).filter(f => f.endsWith('.mp4')), [], 'no web video file left on disk')
    const jobs = (await allJobs(ctx.api, ctx.rootToken, 'video-transcoding')).filter(j => j.data.videoUUID === v.listed.uuid)
    const hls = jobs.filter(j => j.data.type === 'new-resolution-to-hls')
    assert.deepEqual(hls.map(j => j.data.resolution).sort((a, b) => b - a), [360, 240])
    assert.ok(hls.every(j => j.state === 'completed'))
  })

  it('HLS only: every fragmented file, playlist, checksum and torrent checks out', async () => {
    const d = await getVideo(ctx.api, v.waiting.uuid)
    const fetched = new Map()
    for (const f of d.streamingPlaylists[0].files) {
      assert.ok(f.fileUrl.startsWith(`${ctx.server.url}/static/streaming-playlists/hls/${d.uuid}/`), f.fileUrl)
      const { bytes } = await checkVideoFile(f, { sourceDuration: clipDuration, hasAudio: true, fps: 25, fragmented: true })
      fetched.set(f.id, bytes)
      await checkTorrent(f, bytes, { videoName: d.name })
    }
    await checkHlsPlaylist(d, fetched, { duration: clipDuration })
    const sb = expectValid(await ctx.api.get(`/api/v1/videos/${d.uuid}/storyboards`), undefined, 'get', '/api/v1/videos/{id}/storyboards')
    assert.equal(sb.storyboards.length, 1, 'a storyboard made from the HLS file')
  })

  it('setup: one private, one internal and one password-protected video', async () => {
    for (const [k, privacy] of [['private', PRIVACY.PRIVATE], ['internal', PRIVACY.INTERNAL], ['password', PRIVACY.PASSWORD_PROTECTED]]) {
      const extra = { privacy }
      if (k === 'password') extra.videoPasswords = [PASSWORD]
      v[k] = await uploadVideo(ctx.api, alice.token, fields(`hls ${k} video`, extra), { file: clip })
    }
    await waitForJobs(ctx.api, ctx.rootToken)
    for (const k of ['private', 'internal', 'password']) {
      v[k].details = await waitForPublished(ctx.api, v[k].uuid, alice.token)
      assert.deepEqual(v[k].details.files, [])
    }
  })

  const privateUrls = (d) => {
    const sp = d.streamingPlaylists[0]
    return [sp.playlistUrl, sp.segmentsSha256Url, ...sp.files.flatMap(f => [f.playlistUrl, f.fileUrl, f.fileDownloadUrl])]
  }

  it('private video: HLS under /private/<uuid>/; anonymous 401, another user 403, the owner, an admin and a video file token 200', async () => {
    const d = v.private.details
    const sp = d.streamingPlaylists[0]
    const dir = `${ctx.server.url}/static/streaming-playlists/hls/private/${d.uuid}/`
    assert.ok(sp.playlistUrl.startsWith(dir), sp.playlistUrl)
    assert.ok(sp.segmentsSha256Url.startsWith(dir), sp.segmentsSha256Url)
    for (const f of sp.files) {
      assert.ok(f.fileUrl.startsWith(dir), f.fileUrl)
      assert.ok(f.playlistUrl.startsWith(dir), f.playlistUrl)
    }
    for (const url of privateUrls(d)) {
      expectStatus(await fetchUrl(url), 401, `${url} anonymously`)
      expectStatus(await fetchUrl(url, { token: bob.token }), 403, `${url} as another user`)
      expectStatus(await fetchUrl(url, { token: alice.token }), 200, `${url} as the owner`)
      expectStatus(await fetchUrl(url, { token: ctx.rootToken }), 200, `${url} as admin`)
    }
    const tokRes = await ctx.api.post(`/api/v1/videos/${d.uuid}/token`, { token: alice.token })
    const tok = expectValid(tokRes, undefined, 'post', '/api/v1/videos/{id}/token').files
    assert.ok(Date.parse(tok.expires) > Date.now(), 'the file token expires in the future')
    for (const url of privateUrls(d)) {
      expectStatus(await fetchUrl(`${url}?videoFileToken=${encodeURIComponent(tok.token)}`), 200, `${url} with a video file token`)
      expectStatus(await fetchUrl(`${url}?videoFileToken=not-a-token`), 401, `${url} with a wrong file token`)
    }
    // the whole playlist checks out as the owner
    const fetched = new Map()
    for (const f of sp.files) {
      const { bytes } = await checkVideoFile(f, { token: alice.token, sourceDuration: clipDuration, hasAudio: true, fragmented: true })
      fetched.set(f.id, bytes)
    }
    await checkHlsPlaylist(d, fetched, { token: alice.token, duration: clipDuration })
  })

  it('internal video: any logged-in user may fetch its HLS files; anonymous 401', async () => {
    const d = v.internal.details
    assert.ok(d.streamingPlaylists[0].playlistUrl.includes('/static/streaming-playlists/hls/private/'), d.streamingPlaylists[0].playlistUrl)
    for (const url of privateUrls(d)) {
      expectStatus(await fetchUrl(url), 401, `${url} anonymously`)
      expectStatus(await fetchUrl(url, { token: bob.token }), 200, `${url} as another user`)
    }
  })

  it('password-protected video: x-peertube-video-password opens its HLS files; a wrong one 403', async () => {
    const d = v.password.details
    assert.ok(d.streamingPlaylists[0].playlistUrl.includes('/static/streaming-playlists/hls/private/'), d.streamingPlaylists[0].playlistUrl)
    for (const url of privateUrls(d)) {
      const anon = await fetchUrl(url)
      assert.ok([401, 403].includes(anon.status), `${url} anonymously: ${anon.status}`)
      expectStatus(await fetchUrl(url, { headers: { 'x-peertube-video-password': 'wrong' } }), 403, `${url} with a wrong password`)
      expectStatus(await fetchUrl(url, { headers: { 'x-peertube-video-password': PASSWORD } }), 200, `${url} with the password`)
      expectStatus(await fetchUrl(url, { token: alice.token }), 200, `${url} as the owner`)
    }
  })

  it('torrents of private-path HLS files name no web seed (PeerTube buildUrlList)', async () => {
    for (const k of ['private', 'internal', 'password']) {
      const f = v[k].details.streamingPlaylists[0].files[0]
      const bytes = (await fetchUrl(f.fileUrl, { token: alice.token })).body
      await checkTorrent(f, bytes, { privateFiles: true })
    }
  })

  it('public → private moves the HLS directory: old URLs 404, new ones under /private/ need a token; back to public moves it back', async () => {
    const before = await getVideo(ctx.api, v.listed.uuid)
    const oldUrls = privateUrls(before).filter(u => u.includes('/static/'))
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.listed.uuid}`, { token: alice.token, json: { privacy: PRIVACY.PRIVATE } }), 204)
    const d = await getVideo(ctx.api, v.listed.uuid, alice.token)
    const sp = d.streamingPlaylists[0]
    assert.ok(sp.playlistUrl.startsWith(`${ctx.server.url}/static/streaming-playlists/hls/private/${d.uuid}/`), sp.playlistUrl)
    for (const url of oldUrls) expectStatus(await fetchUrl(url), 404, `${url} once the video is private`)
    const root = path.join(ctx.server.storageRoot, 'streaming-playlists', 'hls')
    assert.ok(!fs.existsSync(path.join(root, d.uuid)), 'the public directory is gone')
    assert.ok(fs.existsSync(path.join(root, 'private', d.uuid)), 'the directory is under private/')
    for (const url of privateUrls(d)) {
      expectStatus(await fetchUrl(url), 401, `${url} anonymously`)
      expectStatus(await fetchUrl(url, { token: alice.token }), 200, `${url} as the owner`)
    }
    const fetched = new Map()
    for (const f of sp.files) fetched.set(f.id, (await fetchUrl(f.fileUrl, { token: alice.token })).body)
    await checkHlsPlaylist(d, fetched, { token: alice.token, duration: clipDuration })

    expectStatus(await ctx.api.put(`/api/v1/videos/${v.listed.uuid}`, { token: alice.token, json: { privacy: PRIVACY.PUBLIC } }), 204)
    const back = await getVideo(ctx.api, v.listed.uuid)
    for (const url of privateUrls(d).filter(u => u.includes('/static/'))) expectStatus(await fetchUrl(url, { token: alice.token }), 404, `${url} once public again`)
    for (const url of privateUrls(back)) expectStatus(await fetchUrl(url), 200, `${url} anonymously once public again`)
    assert.ok(fs.existsSync(path.join(root, d.uuid)) && !fs.existsSync(path.join(root, 'private', d.uuid)), 'moved back')
    await expectServerUp(ctx.api)
  })
})

serverSuite('transcoding disabled', {}, (ctx, it) => {
  it('uploads are published at once, no transcoding job; POST /videos/{id}/transcoding → 400', async () => {
    const channel = await myChannel(ctx.api, ctx.rootToken)
    const file = makeVideo({ width: 320, height: 180, fps: 25, seconds: 2, tone: 330 })
    const up = await uploadVideo(ctx.api, ctx.rootToken, { name: 'untranscoded video', channelId: channel.id, privacy: PRIVACY.PUBLIC }, { file })
    const d = await getVideo(ctx.api, up.uuid)
    assert.deepEqual(d.state, { id: VIDEO_STATE.PUBLISHED, label: 'Published' })
    assert.equal(d.files.length, 1)
    assert.deepEqual(d.streamingPlaylists, [])
    assert.equal(d.files[0].size, fs.statSync(file).size, 'the upload is served as is')
    expectProblem(await ctx.api.post(`/api/v1/videos/${up.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'hls' } }), 400)
    expectProblem(await ctx.api.post(`/api/v1/videos/${up.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'web-video' } }), 400)
    const jobs = await listJobs(ctx.api, ctx.rootToken, '', { jobType: 'video-transcoding' })
    assert.equal(jobs.total, 0, `no transcoding job: ${JSON.stringify(jobs.data)}`)
  })
})
