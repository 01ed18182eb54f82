// Fault: the ffmpeg of a transcoding job is killed from outside (OOM killer,
// an operator) in the middle. The attempt fails as "killed", the job is
// tried again after jobs.retry_delay and the video ends up published with
// all its files; the server stays up. A file ffmpeg refuses is another
// matter (jobs.test.mjs): it fails at once.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { makeVideo } from './lib/media.mjs'
import { PRIVACY, uploadVideo, myChannel } from './lib/videos.mjs'
import { transcodingConfig, waitForPublished, waitForJobs, allJobs } from './lib/transcoding.mjs'

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))

// The ffmpeg processes started by the server (its direct children).
function ffmpegChildren (pid) {
  try {
    return execFileSync('pgrep', ['-P', String(pid), 'ffmpeg'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number)
  } catch { return [] }
}

serverSuite('jobs: ffmpeg killed in the middle', {
  config: { ...transcodingConfig({ resolutions: ['240p'], webVideos: false, hls: true }), jobs: { poll_interval: 200, retry_delay: 300 } }
}, (ctx, it) => {
  it('the job is tried again and the video is published with every rung', async () => {
    const channel = await myChannel(ctx.api, ctx.rootToken)
    // Long enough to catch ffmpeg at work.
    const clip = makeVideo({ width: 1280, height: 720, fps: 30, seconds: 20, tone: 330, pattern: 'testsrc2' })
    const up = await uploadVideo(ctx.api, ctx.rootToken, { name: 'ffmpeg killed', channelId: channel.id, privacy: PRIVACY.PUBLIC }, { file: clip })
    const deadline = Date.now() + 30000
    let killed = []
    while (Date.now() < deadline && killed.length === 0) {
      killed = ffmpegChildren(ctx.server.proc.pid)
      if (killed.length) for (const pid of killed) process.kill(pid, 'SIGKILL')
      else await sleep(20)
    }
    assert.ok(killed.length > 0, 'caught an ffmpeg of the server at work')
    await waitForPublished(ctx.api, up.uuid, ctx.rootToken, { timeout: 90000 })
    await waitForJobs(ctx.api, ctx.rootToken, { timeout: 90000 })
    const v = (await ctx.api.get(`/api/v1/videos/${up.uuid}`)).json
    assert.deepEqual(v.streamingPlaylists[0]?.files.map(f => f.resolution.id).sort((a, b) => b - a) ?? [], [720, 240])
    const jobs = await allJobs(ctx.api, ctx.rootToken, 'video-transcoding')
    const optimize = jobs.filter(j => j.data.type === 'optimize-to-web-video')
    assert.equal(optimize.length, 1, 'one optimize job, tried again, not duplicated')
    assert.equal(optimize[0].state, 'completed')
    assert.ok(jobs.every(j => j.state === 'completed'), JSON.stringify(jobs.map(j => [j.data.type, j.state, j.error])))
    assert.match(ctx.server.logSince(0), /attempt 1 failed, retry in \d+ ms: ffmpeg was killed/)
    await expectServerUp(ctx.api)
  })
})
