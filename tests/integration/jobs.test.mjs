// The job queue as an administrator sees it (controllers/api/jobs.ts: GET
// /api/v1/jobs/{state}, POST /jobs/pause and /jobs/resume, MANAGE_JOBS right,
// middlewares/validators/jobs.ts), a transcoding that fails (ffmpeg cannot
// decode a file that ffprobe accepted: the job ends `failed` with ffmpeg's
// message, the video in state 7 "Transcoding failed", the server stays up),
// and a server killed with SIGKILL in the middle of a transcoding: after the
// restart the job is taken back and the video is published with all its files.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { serverSuite, expectServerUp, DB } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { makeVideo, writeTemp } from './lib/media.mjs'
import { PRIVACY, uploadVideo, getVideo, fetchUrl, myChannel, listFiles } from './lib/videos.mjs'
import {
  transcodingConfig, waitForPublished, waitForState, waitForJobs, getJobs, listJobs, ffprobe,
  checkVideoFile, VIDEO_STATE
} from './lib/transcoding.mjs'

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))

// Processes whose parent is `pid` (from /proc/*/stat), e.g. the ffmpeg of a job.
function childPids (pid) {
  const out = []
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) === pid) out.push(Number(d))
    } catch {}
  }
  return out
}

const alive = (pid) => {
  try { return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').slice(-200).split(') ')[1]?.[0] !== 'Z' } catch { return false }
}

// Socket inodes listening on 127.0.0.1:port (/proc/net/tcp, state 0A).
function listeningInodes (port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0')
  const out = new Set()
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try { text = fs.readFileSync(f, 'utf8') } catch { continue }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      if (cols.length > 9 && cols[1].endsWith(':' + hex) && cols[3] === '0A') out.add(cols[9])
    }
  }
  return out
}

// Does process `pid` hold one of `inodes` (an inherited listening socket)?
function holdsSocket (pid, inodes) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some(fd => {
      try { return inodes.has((/^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`)) || [])[1]) } catch { return false }
    })
  } catch { return false }
}

// A faststart MP4 cut right after the header of its mdat box: ffprobe reads the
// moov (streams, 3 s duration) and accepts it, ffmpeg finds no sample and fails
// ("Cannot determine format of input stream 0:0 after EOF").
function truncatedMp4 () {
  const good = fs.readFileSync(makeVideo({ width: 320, height: 180, seconds: 3, faststart: true, tone: 700 }))
  for (let i = 0; i + 8 <= good.length;) {
    const size = good.readUInt32BE(i)
    if (good.toString('latin1', i + 4, i + 8) === 'mdat') return writeTemp('truncated-after-moov.mp4', good.subarray(0, i + 8))
    assert.ok(size >= 8, 'well-formed boxes')
    i += size
  }
  throw new Error('no mdat box')
}

serverSuite('jobs: admin API, failures, restart', {
  config: transcodingConfig({ resolutions: ['240p'], webVideos: false, hls: true })
}, (ctx, it) => {
  let alice, aliceChannel, first

  it('setup: a user uploads a video and the queue runs it', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    first = await uploadVideo(ctx.api, alice.token, { name: 'jobs first video', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC },
      { file: makeVideo({ width: 640, height: 360, fps: 25, seconds: 2, tone: 720 }) })
    await waitForPublished(ctx.api, first.uuid)
    await waitForJobs(ctx.api, ctx.rootToken)
  })

  it('MANAGE_JOBS: anonymous 401, a user 403, the administrator 200', async () => {
    for (const p of ['/api/v1/jobs/completed', '/api/v1/jobs/waiting?jobType=video-transcoding', '/api/v1/jobs', '/api/v1/jobs/']) {
      expectProblem(await ctx.api.get(p), 401, { what: `GET ${p} anonymously` })
      expectProblem(await ctx.api.get(p, { token: alice.token }), 403, { what: `GET ${p} as a user` })
      expectStatus(await ctx.api.get(p, { token: ctx.rootToken }), 200, `GET ${p} as admin`)
    }
    for (const p of ['/api/v1/jobs/pause', '/api/v1/jobs/resume']) {
      expectProblem(await ctx.api.post(p), 401, { what: `POST ${p} anonymously` })
      expectProblem(await ctx.api.post(p, { token: alice.token }), 403, { what: `POST ${p} as a user` })
    }
  })

  it('validation: unknown state, unknown jobType, bad sort or count → 400', async () => {
    expectProblem(await getJobs(ctx.api, ctx.rootToken, 'finished'), 400, { invalidParams: ['state'] })
    expectProblem(await getJobs(ctx.api, ctx.rootToken, 'completed', { jobType: 'video-transcode' }), 400, { invalidParams: ['jobType'] })
    expectProblem(await getJobs(ctx.api, ctx.rootToken, 'completed', { sort: 'priority' }), 400, { invalidParams: ['sort'] })
    expectProblem(await getJobs(ctx.api, ctx.rootToken, 'completed', { count: 101 }), 400, { invalidParams: ['count'] })
    expectProblem(await getJobs(ctx.api, ctx.rootToken, 'completed', { start: -1 }), 400, { invalidParams: ['start'] })
    // every JobState and JobType of PeerTube is accepted, even those this instance never produces
    for (const state of ['active', 'completed', 'failed', 'waiting', 'delayed', 'paused', 'waiting-children', 'prioritized']) {
      expectValid(await getJobs(ctx.api, ctx.rootToken, state), undefined, 'get', '/api/v1/jobs/{state}')
    }
    for (const jobType of ['activitypub-http-broadcast', 'email', 'video-import', 'transcoding-job-builder', 'generate-video-storyboard', 'video-studio-edition']) {
      expectValid(await getJobs(ctx.api, ctx.rootToken, 'completed', { jobType }), undefined, 'get', '/api/v1/jobs/{state}')
    }
  })

  it('completed jobs of an upload: shape, states, types and data (ResultList<Job>)', async () => {
    const body = await listJobs(ctx.api, ctx.rootToken, 'completed', { count: 100 })
    const mine = body.data.filter(j => j.data.videoUUID === first.uuid)
    const kinds = mine.map(j => j.type === 'video-transcoding' ? `${j.data.type}:${j.data.resolution ?? ''}` : j.type).sort()
    assert.deepEqual(kinds, ['generate-video-storyboard', 'new-resolution-to-hls:240', 'new-resolution-to-hls:360', 'optimize-to-web-video:'])
    for (const j of mine) {
      assert.equal(j.state, 'completed')
      assert.ok(Number.isInteger(j.id) || typeof j.id === 'string', 'id')
      assert.equal(typeof j.priority, 'number')
      assert.equal(typeof j.progress, 'number')
      assert.equal(j.error, null)
      for (const k of ['createdAt', 'processedOn', 'finishedOn']) assert.ok(!Number.isNaN(Date.parse(j[k])), `${k} is a date: ${j[k]}`)
      assert.ok(Date.parse(j.processedOn) <= Date.parse(j.finishedOn))
    }
    const optimize = mine.find(j => j.data.type === 'optimize-to-web-video')
    assert.equal(optimize.data.isNewVideo, true)
    assert.equal(optimize.data.hasChildren, true, 'HLS jobs follow it')
  })

  it('jobType filter, sort createdAt / -createdAt, start and count', async () => {
    const all = await listJobs(ctx.api, ctx.rootToken, 'completed', { count: 100, sort: 'createdAt' })
    assert.ok(all.total >= 4)
    const asc = all.data.map(j => Date.parse(j.createdAt))
    assert.deepEqual([...asc].sort((a, b) => a - b), asc, 'sort=createdAt is ascending')
    const desc = (await listJobs(ctx.api, ctx.rootToken, 'completed', { count: 100, sort: '-createdAt' })).data.map(j => Date.parse(j.createdAt))
    assert.deepEqual([...desc].sort((a, b) => b - a), desc, 'sort=-createdAt is descending')
    const byDefault = (await listJobs(ctx.api, ctx.rootToken, 'completed', { count: 100 })).data.map(j => Date.parse(j.createdAt))
    assert.deepEqual([...byDefault].sort((a, b) => b - a), byDefault, 'default sort: newest first')

    const page = await listJobs(ctx.api, ctx.rootToken, 'completed', { start: 1, count: 2, sort: 'createdAt' })
    assert.equal(page.total, all.total, 'total counts every job, not the page')
    assert.equal(page.data.length, 2)
    assert.deepEqual(page.data.map(j => j.id), all.data.slice(1, 3).map(j => j.id), 'start=1&count=2 is the 2nd and 3rd job')

    const transcoding = await listJobs(ctx.api, ctx.rootToken, 'completed', { count: 100, jobType: 'video-transcoding' })
    assert.ok(transcoding.total >= 3 && transcoding.data.every(j => j.type === 'video-transcoding'))
    const storyboards = await listJobs(ctx.api, ctx.rootToken, 'completed', { count: 100, jobType: 'generate-video-storyboard' })
    assert.ok(storyboards.total >= 1 && storyboards.data.every(j => j.type === 'generate-video-storyboard'))
    assert.equal(transcoding.total + storyboards.total, all.total, 'the types split the list')

    const any = await listJobs(ctx.api, ctx.rootToken, '', { count: 100 })
    assert.ok(any.total >= all.total && any.data.every(j => typeof j.state === 'string'), 'GET /jobs/ lists every state')
    const noSlash = await getJobs(ctx.api, ctx.rootToken, null, { count: 100 })
    assert.equal(expectValid(noSlash, undefined, 'get', '/api/v1/jobs/{state}').total, any.total, 'GET /jobs is GET /jobs/')
    assert.deepEqual((await listJobs(ctx.api, ctx.rootToken, 'failed')).data, [], 'nothing failed')
  })

  let pausedConflict
  it('pause: an upload waits ("To transcode", job waiting, nothing active); resume: it is transcoded', async () => {
    expectStatus(await ctx.api.post('/api/v1/jobs/pause', { token: ctx.rootToken }), 204)
    let paused
    try {
      expectStatus(await ctx.api.post('/api/v1/jobs/pause', { token: ctx.rootToken }), 204, 'pausing twice is fine')
      paused = await uploadVideo(ctx.api, alice.token, { name: 'jobs paused video', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC },
        { file: makeVideo({ width: 320, height: 180, fps: 25, seconds: 2, tone: 730 }) })
      await sleep(800) // four poll intervals
      const v = await getVideo(ctx.api, paused.uuid)
      assert.deepEqual(v.state, { id: VIDEO_STATE.TO_TRANSCODE, label: 'To transcode' })
      const waiting = await listJobs(ctx.api, ctx.rootToken, 'waiting', { jobType: 'video-transcoding' })
      const job = waiting.data.find(j => j.data.videoUUID === paused.uuid)
      assert.ok(job, `the job waits: ${JSON.stringify(waiting)}`)
      assert.equal(job.state, 'waiting')
      assert.equal(job.processedOn, null)
      assert.equal(job.finishedOn, null)
      assert.equal((await listJobs(ctx.api, ctx.rootToken, 'active')).total, 0)

      // validators/videos/video-transcoding.ts: pendingTranscode > 0 → 409 unless forceTranscoding
      pausedConflict = await ctx.api.post(`/api/v1/videos/${paused.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'hls' } })
      expectProblem(pausedConflict, 409)
      expectStatus(await ctx.api.post(`/api/v1/videos/${paused.uuid}/transcoding`, { token: ctx.rootToken, json: { transcodingType: 'hls', forceTranscoding: true } }), 204)
    } finally {
      expectStatus(await ctx.api.post('/api/v1/jobs/resume', { token: ctx.rootToken }), 204)
    }
    await waitForPublished(ctx.api, paused.uuid)
    await waitForJobs(ctx.api, ctx.rootToken)
    assert.equal((await listJobs(ctx.api, ctx.rootToken, 'waiting')).total, 0)
    const d = await getVideo(ctx.api, paused.uuid)
    assert.deepEqual(d.streamingPlaylists[0].files.map(f => f.resolution.id).sort((a, b) => b - a), [180])
  })

  // res.fail({ status: 409, type: ServerErrorCode.VIDEO_ALREADY_BEING_TRANSCODED }) → code 'video_already_being_transcoded'
  // (the web client checks err.error?.code to offer forceTranscoding).
  it('the 409 of a video already being transcoded carries code video_already_being_transcoded', async () => {
    expectProblem(pausedConflict, 409, { code: 'video_already_being_transcoded' })
  })

  let cancelledJobId
  it('deleting a video while it is transcoded: the job stops, nothing of the video is left, the queue goes on', async () => {
    const webDir = path.join(ctx.server.storageRoot, 'web-videos')
    const webBefore = listFiles(webDir)
    const up = await uploadVideo(ctx.api, alice.token, { name: 'jobs deleted video', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC },
      { file: makeVideo({ width: 1280, height: 720, fps: 30, seconds: 5, pattern: 'testsrc2', tone: 760 }) })
    let active = null
    for (const until = Date.now() + 20000; !active && Date.now() < until;) {
      const res = await getJobs(ctx.api, ctx.rootToken, 'active', { jobType: 'video-transcoding' })
      active = res.json?.data?.find(j => j.data.videoUUID === up.uuid) || null
      if (!active) await sleep(30)
    }
    assert.ok(active, 'the optimize job became active')
    await sleep(200)
    expectStatus(await ctx.api.delete(`/api/v1/videos/${up.uuid}`, { token: alice.token }), 204)
    await waitForJobs(ctx.api, ctx.rootToken, { timeout: 30000 })
    expectProblem(await ctx.api.get(`/api/v1/videos/${up.uuid}`), 404)
    const jobs = (await listJobs(ctx.api, ctx.rootToken, '', { count: 100 })).data.filter(j => j.data.videoUUID === up.uuid)
    assert.ok(jobs.every(j => ['completed', 'failed'].includes(j.state)), `no job of the deleted video left running: ${JSON.stringify(jobs.map(j => [j.id, j.type, j.state]))}`)
    assert.deepEqual(listFiles(webDir), webBefore, 'no web video of the deleted video')
    const hls = path.join(ctx.server.storageRoot, 'streaming-playlists', 'hls')
    assert.ok(!fs.existsSync(path.join(hls, up.uuid)) && !fs.existsSync(path.join(hls, 'private', up.uuid)), 'no HLS directory')
    cancelledJobId = active.id // its work files are checked with those of the failed jobs below
    await expectServerUp(ctx.api)
  })

  it('a file ffprobe accepts but ffmpeg cannot decode: job failed with ffmpeg\'s message, video "Transcoding failed", server up', async () => {
    const bad = truncatedMp4()
    assert.ok(ffprobe(bad).duration > 2, 'ffprobe accepts the truncated file')
    const up = await uploadVideo(ctx.api, alice.token, { name: 'jobs corrupt video', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC }, { file: bad })
    const v = await waitForState(ctx.api, up.uuid, alice.token, [VIDEO_STATE.TRANSCODING_FAILED, VIDEO_STATE.PUBLISHED], { timeout: 30000 })
    assert.deepEqual(v.state, { id: VIDEO_STATE.TRANSCODING_FAILED, label: 'Transcoding failed' })
    await waitForJobs(ctx.api, ctx.rootToken)

    const failed = await listJobs(ctx.api, ctx.rootToken, 'failed', { jobType: 'video-transcoding' })
    const job = failed.data.find(j => j.data.videoUUID === up.uuid)
    assert.ok(job, `a failed job: ${JSON.stringify(failed)}`)
    assert.equal(job.state, 'failed')
    assert.equal(job.data.type, 'optimize-to-web-video')
    assert.equal(typeof job.error, 'string', 'error is a string (getJobError: stacktrace[0] || failedReason)')
    assert.match(job.error, /partial file|Cannot determine format|Invalid data|EOF/, `ffmpeg's own words: ${job.error}`)
    for (const k of ['processedOn', 'finishedOn']) assert.ok(!Number.isNaN(Date.parse(job[k])), `${k}: ${job[k]}`)
    const all = await listJobs(ctx.api, ctx.rootToken, '', { count: 100 })
    assert.ok(all.data.some(j => j.id === job.id && j.state === 'failed'), 'GET /jobs/ lists it as failed')

    const list = expectValid(await ctx.api.get('/api/v1/videos?count=100'), undefined, 'get', '/api/v1/videos')
    assert.ok(!list.data.some(x => x.uuid === up.uuid), 'a video whose transcoding failed is not listed')
    const mine = expectValid(await ctx.api.get('/api/v1/users/me/videos?count=100', { token: alice.token }), undefined, 'get', '/api/v1/users/me/videos')
    assert.deepEqual(mine.data.find(x => x.uuid === up.uuid)?.state, { id: VIDEO_STATE.TRANSCODING_FAILED, label: 'Transcoding failed' })
    await expectServerUp(ctx.api)
    assert.equal(ctx.server.alive, true)
  })

  it('a failed or cancelled transcoding leaves no partial output in the temporary directory', async () => {
    const failed = await listJobs(ctx.api, ctx.rootToken, 'failed', { jobType: 'video-transcoding' })
    assert.ok(failed.total >= 1 && cancelledJobId)
    for (const id of [...failed.data.map(j => j.id), cancelledJobId]) {
      const dir = path.join(ctx.server.storageRoot, 'tmp', 'transcoding', `job-${id}`)
      assert.deepEqual(listFiles(dir), [], `work files of job ${id}`)
    }
  })

  it('the queue goes on after a failure: the next upload is transcoded', async () => {
    const up = await uploadVideo(ctx.api, alice.token, { name: 'jobs after failure', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC },
      { file: makeVideo({ width: 320, height: 180, fps: 25, seconds: 2, tone: 740 }) })
    const v = await waitForPublished(ctx.api, up.uuid)
    assert.equal(v.streamingPlaylists[0]?.files.length, 1)
  })

  const afterKill = { inherited: null, resets: [], requests: 0 }
  it('SIGKILL during a transcoding, restart: the job is taken back and the video published with all its files', async () => {
    const file = makeVideo({ width: 1280, height: 720, fps: 30, seconds: 5, pattern: 'testsrc2', tone: 750 })
    const duration = ffprobe(file).duration
    const webDir = path.join(ctx.server.storageRoot, 'web-videos')
    const webBefore = listFiles(webDir)
    const up = await uploadVideo(ctx.api, alice.token, { name: 'jobs killed video', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC }, { file })
    let active = null
    const deadline = Date.now() + 20000
    while (!active && Date.now() < deadline) {
      const res = await getJobs(ctx.api, ctx.rootToken, 'active', { jobType: 'video-transcoding' })
      active = res.json?.data?.find(j => j.data.videoUUID === up.uuid && j.data.type === 'optimize-to-web-video') || null
      if (!active) await sleep(30)
    }
    assert.ok(active, 'the optimize job became active')
    await sleep(300) // ffmpeg is encoding
    const mid = await getJobs(ctx.api, ctx.rootToken, 'active', { jobType: 'video-transcoding' })
    assert.ok(mid.json.data.some(j => j.id === active.id), 'still active when the server is killed')
    const orphans = childPids(ctx.server.proc.pid)
    const inodes = listeningInodes(ctx.server.port)
    afterKill.inherited = orphans.some(pid => holdsSocket(pid, inodes))
    await ctx.server.kill()
    assert.equal(ctx.server.exit.signal, 'SIGKILL')
    await ctx.server.spawn()
    // Requests while an ffmpeg of the killed server might still live (checked by the next test).
    for (let i = 0; i < 15 && orphans.some(alive); i++) {
      afterKill.requests++
      try { await ctx.api.get('/api/v1/config') } catch (err) { afterKill.resets.push(err.code || err.message) }
      await sleep(50)
    }
    // An ffmpeg orphaned by the kill would not be ours to stop: wait for it to end.
    for (const until = Date.now() + 30000; orphans.some(alive) && Date.now() < until;) await sleep(100)

    const v = await waitForPublished(ctx.api, up.uuid, undefined, { timeout: 25000 })
    await waitForJobs(ctx.api, ctx.rootToken, { timeout: 25000 })
    const d = await getVideo(ctx.api, up.uuid)
    assert.deepEqual(d.files, [], 'HLS only')
    const files = d.streamingPlaylists[0].files
    assert.deepEqual(files.map(f => f.resolution.id).sort((a, b) => b - a), [720, 240], 'every rung')
    for (const f of files) await checkVideoFile(f, { sourceDuration: duration, hasAudio: true, fragmented: true })
    const jobs = (await listJobs(ctx.api, ctx.rootToken, '', { count: 100, jobType: 'video-transcoding' })).data.filter(j => j.data.videoUUID === up.uuid)
    assert.ok(jobs.every(j => j.state === 'completed'), `every job of the video completed: ${JSON.stringify(jobs.map(j => [j.id, j.data.type, j.state, j.error]))}`)
    assert.equal(jobs.filter(j => j.data.type === 'optimize-to-web-video').length, 1, 'the killed job was taken back, not duplicated')
    assert.equal(v.state.id, VIDEO_STATE.PUBLISHED)
    const tmp = path.join(ctx.server.storageRoot, 'tmp', 'transcoding', `job-${active.id}`)
    assert.deepEqual(listFiles(tmp), [], 'no leftover of the killed attempt in tmp/transcoding')
    assert.deepEqual(listFiles(webDir), webBefore, 'no orphaned web video (the upload and its renditions are gone)')
    for (const f of files) expectStatus(await fetchUrl(f.playlistUrl), 200)
  })

  // Child processes must not inherit the HTTP listening sockets: after a crash, an orphaned
  // ffmpeg keeps the port's SO_REUSEPORT acceptors open, the kernel queues part of the new
  // connections on them, nobody accepts them, and they are reset when ffmpeg exits.
  it('after the restart no request is reset: ffmpeg did not inherit the listening sockets', async () => {
    assert.equal(afterKill.inherited, false, 'the job\'s ffmpeg held a listening socket of the server\'s port')
    assert.deepEqual(afterKill.resets, [], `${afterKill.resets.length} of ${afterKill.requests} requests failed after the restart`)
  })
})
