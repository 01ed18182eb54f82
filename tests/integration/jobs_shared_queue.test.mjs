// Scale-out: two `serve` processes on the same PostgreSQL database and the
// same storage take jobs from one queue (FOR UPDATE SKIP LOCKED, woken by
// NOTIFY). Every job runs exactly once, both processes work, every video
// ends published. SQLite is single-node: the suite is skipped there.
import assert from 'node:assert/strict'
import { describe, it, before, after } from 'node:test'
import { startServer, DB, ROOT_PASSWORD } from './lib/server.mjs'
import { Api } from './lib/http.mjs'
import { login } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, myChannel } from './lib/videos.mjs'

const pipeline = {
  transcoding: { enabled: true, threads: 1, concurrency: 1, resolutions: { '240p': true }, web_videos: { enabled: false }, hls: { enabled: true } },
  jobs: { poll_interval: 5000 } // long: waking up must come from NOTIFY
}

describe(`two processes on one database: shared job queue, shared cache invalidation [${DB}]`, { skip: DB !== 'postgres' && 'PostgreSQL only' }, () => {
  let a, b, api, token

  before(async () => {
    a = await startServer({ config: pipeline, name: 'shared_queue_a' })
    b = await startServer({
      name: 'shared_queue_b',
      config: { ...pipeline, database: a.config.database, storage: a.config.storage, webserver: a.config.webserver }
    })
    api = new Api(a)
    token = (await login(api, 'root', ROOT_PASSWORD)).access_token
  })

  after(async () => {
    for (const s of [b, a]) {
      if (!s) continue
      await s.stop()
      await s.cleanup()
    }
  })

  it('every job runs once, on one of the two processes, and every video is published', async () => {
    const channel = await myChannel(api, token)
    const ids = []
    for (let i = 0; i < 4; i++) {
      const v = await uploadVideo(api, token, { name: `shared queue ${i}`, channelId: channel.id, privacy: PRIVACY.PUBLIC },
        { file: media.landscape() })
      ids.push(v.id)
    }
    const deadline = Date.now() + 90000
    let jobs = []
    while (Date.now() < deadline) {
      const res = await api.get('/api/v1/jobs?count=100', { token })
      jobs = JSON.parse(res.text).data
      const states = await Promise.all(ids.map(async id => JSON.parse((await api.get(`/api/v1/videos/${id}`, { token })).text).state.id))
      const pending = jobs.filter(j => j.state !== 'completed' && j.state !== 'failed')
      if (states.every(s => s === 1) && pending.length === 0) break
      await new Promise(resolve => setTimeout(resolve, 300))
    }
    assert.ok(jobs.length >= 8, `optimize + HLS per video, got ${jobs.length} jobs`)
    assert.deepEqual(jobs.filter(j => j.state !== 'completed').map(j => [j.id, j.state, j.error]), [])

    const started = (server) => [...server.logSince(0).matchAll(/job (\d+) \(([a-z-]+)\) started, attempt (\d+)/g)].map(m => Number(m[1]))
    const onA = started(a)
    const onB = started(b)
    const all = [...onA, ...onB].sort((x, y) => x - y)
    assert.deepEqual(all, [...new Set(all)], 'no job started twice')
    assert.deepEqual(all, jobs.map(j => j.id).sort((x, y) => x - y), 'every job ran')
    assert.ok(onA.length > 0 && onB.length > 0, `both processes worked: A ran ${onA.length}, B ran ${onB.length}`)
  })

  it('a write on one process refreshes what the other serves from its caches (NOTIFY vidiverse_writes)', async () => {
    const apiB = new Api(b)
    const list = (await api.get('/api/v1/videos?count=1&sort=-publishedAt', { token })).json
    const id = list.data[0].id
    // Anonymous answers of B come from B's response cache from now on.
    for (let i = 0; i < 3; i++) assert.equal((await apiB.get(`/api/v1/videos/${id}`)).status, 200)
    const before = (await apiB.get(`/api/v1/videos/${id}`)).json.name
    const renamed = `renamed on A ${Date.now()}`
    assert.equal((await api.put(`/api/v1/videos/${id}`, { token, json: { name: renamed } })).status, 204)
    const deadline = Date.now() + 2000
    let seen = before
    while (Date.now() < deadline && seen !== renamed) {
      seen = (await apiB.get(`/api/v1/videos/${id}`)).json.name
      if (seen !== renamed) await new Promise(resolve => setTimeout(resolve, 50))
    }
    assert.equal(seen, renamed, 'B serves the new name within 2 s (its cache was dropped)')
    const listB = (await apiB.get('/api/v1/videos?count=10&sort=-publishedAt')).json
    assert.ok(listB.data.some(v => v.name === renamed), 'B\'s cached list too')
  })
})
