// Resumable upload: POST/PUT/DELETE /api/v1/videos/upload-resumable — PeerTube's
// uploadx protocol (lib/uploadx.ts, validators/resumable-upload.ts,
// validators/videos/videos.ts videosAddResumable*Validator).
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media, makeVideo, sha256 } from './lib/media.mjs'
import {
  PRIVACY, RESUMABLE_PATH, UUID_V4, resumableInit, uploadIdOf, putChunk, askProgress, receivedFromRange, uploadResumable,
  waitPublished, fetchUrl, myChannel, uuidToShort, snapshotStorage, quietSnapshot, newFiles, filesWithContent, expectUploadError, peakRss
} from './lib/videos.mjs'

const MB = 1024 * 1024

serverSuite('videos: resumable upload', {}, (ctx, it) => {
  let alice, bob, aliceChannel, bobChannel
  const big = fs.readFileSync(media.big())
  const small = fs.readFileSync(media.landscape())

  const meta = (extra = {}) => ({ name: 'resumable ' + randomSuffix(), channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC, filename: 'video.mp4', ...extra })

  async function init (token, json, opts) {
    const res = await resumableInit(ctx.api, token, json, opts)
    expectStatus(res, 201, 'resumable init')
    return uploadIdOf(res)
  }

  async function myVideosTotal (token) {
    const res = await ctx.api.get('/api/v1/users/me/videos?count=100', { token })
    return expectValid(res, undefined, 'get', '/api/v1/users/me/videos').total
  }

  // Progress query; a server still busy with a cut connection may answer 423/503 for a moment.
  async function progress (token, id, total) {
    const deadline = Date.now() + 5000
    for (;;) {
      const res = await askProgress(ctx.api, token, id, total)
      if (![423, 503].includes(res.status) || Date.now() > deadline) return res
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }

  async function sendFrom (token, id, data, from, chunkSize = MB) {
    let last
    for (let start = from; start < data.length; start += chunkSize) {
      const chunk = data.subarray(start, Math.min(start + chunkSize, data.length))
      last = await putChunk(ctx.api, token, id, chunk, start, data.length)
      if (start + chunk.length < data.length) {
        expectStatus(last, 308, `chunk at ${start}`)
        assert.equal(receivedFromRange(last), start + chunk.length)
      }
    }
    return last
  }

  // The final response must be 200 + VideoUploadResponse, and the served file must be the source.
  async function expectCompleted (res, token, data) {
    expectStatus(res, 200, 'last chunk')
    const body = expectValid(res, undefined, 'put', RESUMABLE_PATH)
    assert.ok(Number.isInteger(body.video.id))
    assert.match(body.video.uuid, UUID_V4)
    assert.equal(body.video.shortUUID, uuidToShort(body.video.uuid))
    const v = await waitPublished(ctx.api, body.video.uuid, token)
    const f = v.files[0]
    assert.ok(f, `the video has a file: ${JSON.stringify(v.files)}`)
    assert.equal(f.size, data.length)
    const get = await fetchUrl(f.fileUrl, { token, timeout: 60000 })
    expectStatus(get, 200, 'GET fileUrl')
    assert.equal(get.body.length, data.length)
    assert.equal(sha256(get.body), sha256(data), 'SHA-256 of the served file equals the source')
    return v
  }

  // A PUT whose connection is cut after `sendBytes` of the announced chunk.
  function putCut (token, id, chunk, start, total, sendBytes, { onSent } = {}) {
    return new Promise((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: ctx.server.port,
        method: 'PUT',
        path: `${RESUMABLE_PATH}?upload_id=${encodeURIComponent(id)}`,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(chunk.length),
          'Content-Range': `bytes ${start}-${start + chunk.length - 1}/${total}`
        }
      })
      let done = false
      let cutting = false
      const finish = (v) => { if (!done) { done = true; resolve(v) } }
      req.on('error', () => { if (!cutting) finish('cut') })
      req.on('response', res => { res.resume(); finish(res.statusCode) })
      req.write(chunk.subarray(0, sendBytes), () => {
        setTimeout(async () => {
          if (done) return
          cutting = true
          if (onSent) await onSent()
          req.destroy()
          finish('cut')
        }, 400)
      })
    })
  }

  it('setup: users and channels', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    bobChannel = await myChannel(ctx.api, bob.token)
    assert.ok(big.length > 7 * MB && big.length < 10 * MB, `big media is ~8 MB (${big.length})`)
  })

  // PeerTube 7 (uploadx 6 getBaseUrl(): no X-Forwarded-Proto → `//${host}`) sends a protocol-relative
  // Location; PeerTube 8 builds it from the configured webserver URL. Both resolve to the same URL.
  it('init → 201 with a Location (webserver URL or protocol-relative) carrying upload_id and an empty body', async () => {
    const res = await resumableInit(ctx.api, alice.token, meta(), { size: small.length, contentType: 'video/mp4' })
    expectStatus(res, 201)
    const loc = res.headers.location
    assert.ok(loc.startsWith(`${ctx.server.url}${RESUMABLE_PATH}?upload_id=`) || loc.startsWith(`//${ctx.server.host}${RESUMABLE_PATH}?upload_id=`),
      `Location ${loc}`)
    assert.equal(new URL(loc, ctx.server.url).href.startsWith(`${ctx.server.url}${RESUMABLE_PATH}?upload_id=`), true)
    assert.ok(uploadIdOf(res).length > 0)
    assert.equal(res.body.length, 0)
    await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(uploadIdOf(res))}`, { token: alice.token })
  })

  it('uploads an ~8 MB file in 1 MB chunks: 308 + Range after each, 200 + video at the end, same SHA-256', async () => {
    const res = await uploadResumable(ctx.api, alice.token, meta({ name: 'eight chunks' }), big, { chunkSize: MB, filename: 'big.mp4' })
    const v = await expectCompleted(res, alice.token, big)
    assert.equal(v.name, 'eight chunks')
    assert.equal(v.duration, 8)
    assert.deepEqual(v.files[0].resolution, { id: 720, label: '720p' })
  })

  it('a single-chunk upload returns the video directly', async () => {
    const res = await uploadResumable(ctx.api, alice.token, meta({ tags: ['one', 'two'], category: 3 }), small, { chunkSize: small.length })
    const v = await expectCompleted(res, alice.token, small)
    assert.deepEqual([...v.tags].sort(), ['one', 'two'])
    assert.deepEqual(v.category, { id: 3, label: 'Vehicles' })
  })

  it('re-asking progress (empty PUT, Content-Range: bytes */total) → 308 with the bytes received so far', async () => {
    const id = await init(alice.token, meta(), { size: big.length })
    for (let i = 0; i < 2; i++) {
      const r = await putChunk(ctx.api, alice.token, id, big.subarray(i * MB, (i + 1) * MB), i * MB, big.length)
      expectStatus(r, 308)
    }
    for (let i = 0; i < 2; i++) {
      const p = await askProgress(ctx.api, alice.token, id, big.length)
      expectStatus(p, 308, 'progress query')
      assert.equal(receivedFromRange(p), 2 * MB, 'Range: bytes=0-(2 MB - 1)')
    }
    await expectCompleted(await sendFrom(alice.token, id, big, 2 * MB), alice.token, big)
  })

  it('the same user re-initialising the same upload (same name, size, lastModified) gets the same upload_id → 200', async () => {
    const json = meta({ name: 'reinit ' + randomSuffix(), lastModified: Date.now() })
    const first = await resumableInit(ctx.api, alice.token, json, { size: big.length })
    expectStatus(first, 201)
    const id = uploadIdOf(first)
    expectStatus(await putChunk(ctx.api, alice.token, id, big.subarray(0, MB), 0, big.length), 308)
    const again = await resumableInit(ctx.api, alice.token, json, { size: big.length })
    expectStatus(again, 200, 'init of an upload that already has bytes: "send a resume request instead"')
    assert.equal(uploadIdOf(again), id)
    const p = await askProgress(ctx.api, alice.token, id, big.length)
    assert.equal(receivedFromRange(p), MB)
    const other = await resumableInit(ctx.api, bob.token, { ...json, channelId: bobChannel.id }, { size: big.length })
    expectStatus(other, 201)
    assert.notEqual(uploadIdOf(other), id, 'another user never shares an upload id')
    await expectCompleted(await sendFrom(alice.token, id, big, MB), alice.token, big)
    await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(uploadIdOf(other))}`, { token: bob.token })
  })

  it('DELETE cancels: 204, then the upload is gone (404) and nothing is left', async () => {
    const before = await quietSnapshot(ctx.server.storageRoot)
    const total = await myVideosTotal(alice.token)
    const id = await init(alice.token, meta(), { size: big.length })
    expectStatus(await putChunk(ctx.api, alice.token, id, big.subarray(0, MB), 0, big.length), 308)
    const del = await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(id)}`, { token: alice.token })
    expectStatus(del, 204)
    assert.equal(del.body.length, 0)
    expectUploadError(await putChunk(ctx.api, alice.token, id, big.subarray(MB, 2 * MB), MB, big.length), 404, 'PUT after DELETE')
    expectUploadError(await askProgress(ctx.api, alice.token, id, big.length), 404, 'progress after DELETE')
    expectUploadError(await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(id)}`, { token: alice.token }), 404, 'DELETE twice')
    await new Promise(resolve => setTimeout(resolve, 300))
    assert.deepEqual(newFiles(before, snapshotStorage(ctx.server.storageRoot)), [], 'no file left after cancel')
    assert.equal(await myVideosTotal(alice.token), total)
  })

  it('unknown upload_id → 404 (PUT, progress, DELETE); another user\'s upload → 403; no token → 401', async () => {
    const unknown = 'f'.repeat(32)
    expectUploadError(await putChunk(ctx.api, alice.token, unknown, small.subarray(0, 1000), 0, small.length), 404, 'PUT unknown')
    expectUploadError(await askProgress(ctx.api, alice.token, unknown, small.length), 404, 'progress unknown')
    expectUploadError(await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${unknown}`, { token: alice.token }), 404, 'DELETE unknown')

    const id = await init(alice.token, meta(), { size: small.length })
    expectUploadError(await putChunk(ctx.api, bob.token, id, small.subarray(0, 1000), 0, small.length), 403, 'PUT by another user')
    expectUploadError(await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(id)}`, { token: bob.token }), [403, 404], 'DELETE by another user')
    expectProblem(await putChunk(ctx.api, undefined, id, small.subarray(0, 1000), 0, small.length), 401)
    expectProblem(await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(id)}`), 401)
    // the owner's upload is intact
    await expectCompleted(await sendFrom(alice.token, id, small, 0, small.length), alice.token, small)
  })

  it('init validation: headers, filename, metadata, channel, auth, type', async () => {
    expectProblem(await resumableInit(ctx.api, alice.token, meta(), { size: undefined }), 400, { what: 'no X-Upload-Content-Length' })
    expectProblem(await resumableInit(ctx.api, alice.token, meta(), { size: 'abc' }), 400, { what: 'non numeric X-Upload-Content-Length' })
    const noName = meta()
    delete noName.filename
    expectProblem(await resumableInit(ctx.api, alice.token, noName, { size: small.length }), 400, { invalidParams: ['filename'] })
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ name: 'ab' }), { size: small.length }), 400, { invalidParams: ['name'] })
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ name: 'n'.repeat(10000) }), { size: small.length }), 400, { invalidParams: ['name'] })
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ tags: ['a'] }), { size: small.length }), 400, { invalidParams: ['tags'] })
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ tags: ['t1', 't2', 't3', 't4', 't5', 't6'] }), { size: small.length }), 400, { invalidParams: ['tags'] })
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ tags: ['x'.repeat(31)] }), { size: small.length }), 400, { invalidParams: ['tags'] })
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ channelId: bobChannel.id }), { size: small.length }), 403)
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ channelId: 987654 }), { size: small.length }), [400, 404])
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ channelId: 'abc' }), { size: small.length }), 400, { invalidParams: ['channelId'] })
    expectProblem(await resumableInit(ctx.api, alice.token, meta({ filename: 'notes.txt' }), { size: 100, contentType: 'text/plain' }), 415)
    expectProblem(await resumableInit(ctx.api, undefined, meta(), { size: small.length }), 401)
    const pw = await resumableInit(ctx.api, alice.token, meta({ privacy: PRIVACY.PASSWORD_PROTECTED }), { size: small.length })
    expectProblem(pw, 400, { what: 'password protected without videoPasswords' })
    assert.equal(pw.headers.location, undefined, 'a refused init creates no upload')
    const withPw = await resumableInit(ctx.api, alice.token, meta({ privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: ['a password'] }), { size: small.length })
    expectStatus(withPw, 201)
    const v = await expectCompleted(await sendFrom(alice.token, uploadIdOf(withPw), small, 0, small.length), alice.token, small)
    assert.deepEqual(v.privacy, { id: 5, label: 'Password protected' })
    await expectServerUp(ctx.api)
  })

  it('quota is checked at init, before any byte: 413 quota_reached (total and daily)', async () => {
    const carol = await createUser(ctx.api, ctx.rootToken, { username: 'carol' + randomSuffix(), videoQuota: 4 * MB, videoQuotaDaily: -1 })
    const carolChannel = await myChannel(ctx.api, carol.token)
    const before = await quietSnapshot(ctx.server.storageRoot)
    const res = await resumableInit(ctx.api, carol.token, meta({ channelId: carolChannel.id }), { size: big.length })
    expectProblem(res, 413, { code: 'quota_reached' })
    assert.equal(res.headers.location, undefined, 'no upload created')

    const dave = await createUser(ctx.api, ctx.rootToken, { username: 'dave' + randomSuffix(), videoQuota: -1, videoQuotaDaily: 4 * MB })
    const daveChannel = await myChannel(ctx.api, dave.token)
    expectProblem(await resumableInit(ctx.api, dave.token, meta({ channelId: daveChannel.id }), { size: big.length }), 413, { code: 'quota_reached' })
    assert.deepEqual(newFiles(before, snapshotStorage(ctx.server.storageRoot)), [])
  })

  it('more bytes than announced → 409 (or 400), nothing written', async () => {
    const id = await init(alice.token, meta(), { size: small.length - 1000 })
    // uploadx (PeerTube): 409 FILE_CONFLICT; a 400 for the inconsistent Content-Range total is as clear
    expectUploadError(await putChunk(ctx.api, alice.token, id, small, 0, small.length), [409, 400], 'chunk past the announced size')
    const p = await askProgress(ctx.api, alice.token, id, small.length - 1000)
    expectStatus(p, 308)
    // nothing received: no Range (Google's protocol) or uploadx's "bytes=0--1"
    assert.ok(p.headers.range === undefined || p.headers.range === 'bytes=0--1', `nothing kept: Range ${p.headers.range}`)
    await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(id)}`, { token: alice.token })
  })

  it('wrong Content-Range → 4xx and nothing written; the upload continues correctly afterwards', async () => {
    const id = await init(alice.token, meta({ name: 'wrong ranges' }), { size: big.length })
    expectStatus(await putChunk(ctx.api, alice.token, id, big.subarray(0, MB), 0, big.length), 308)
    const chunk = big.subarray(MB, 2 * MB)
    const bad = [
      ['total differs from the announced size', { 'Content-Range': `bytes ${MB}-${2 * MB - 1}/${big.length + 5000}` }],
      ['end before start', { 'Content-Range': `bytes ${2 * MB}-${MB}/${big.length}` }],
      ['range longer than the body', { 'Content-Range': `bytes ${MB}-${3 * MB - 1}/${big.length}` }],
      ['garbage', { 'Content-Range': 'bytes one-two/three' }],
      ['not bytes', { 'Content-Range': `items ${MB}-${2 * MB - 1}/${big.length}` }]
    ]
    for (const [what, headers] of bad) {
      const res = await putChunk(ctx.api, alice.token, id, chunk, MB, big.length, { headers })
      assert.ok(res.status >= 400 && res.status < 500, `${what}: expected a 4xx, got ${res.describe()}`)
      expectUploadError(res, res.status, what)
      const p = await askProgress(ctx.api, alice.token, id, big.length)
      expectStatus(p, 308, `progress after "${what}"`)
      assert.equal(receivedFromRange(p), MB, `nothing written by "${what}"`)
    }
    await expectCompleted(await sendFrom(alice.token, id, big, MB), alice.token, big)
  })

  it('chunks out of order: a gap → 4xx and nothing written; a chunk sent again is not appended', async () => {
    const id = await init(alice.token, meta({ name: 'out of order' }), { size: big.length })
    expectStatus(await putChunk(ctx.api, alice.token, id, big.subarray(0, MB), 0, big.length), 308)
    const gap = await putChunk(ctx.api, alice.token, id, big.subarray(2 * MB, 3 * MB), 2 * MB, big.length)
    assert.ok(gap.status >= 400 && gap.status < 500, `a chunk past the received bytes must be refused, got ${gap.describe()}`)
    let p = await askProgress(ctx.api, alice.token, id, big.length)
    assert.equal(receivedFromRange(p), MB, 'the gap chunk was not written')

    // the same first chunk again (the client lost the 308): PeerTube ignores it (308, same Range)
    const again = await putChunk(ctx.api, alice.token, id, big.subarray(0, MB), 0, big.length)
    assert.ok(again.status === 308 || again.status === 409, `resent chunk: 308 (ignored) or 409, got ${again.describe()}`)
    if (again.status === 308) assert.equal(receivedFromRange(again), MB)
    p = await askProgress(ctx.api, alice.token, id, big.length)
    assert.equal(receivedFromRange(p), MB, 'the resent chunk was not appended')
    await expectCompleted(await sendFrom(alice.token, id, big, MB), alice.token, big)
  })

  it('a chunk whose connection is cut in the middle: resume from the Range the server reports', async () => {
    const id = await init(alice.token, meta({ name: 'cut connection' }), { size: big.length })
    for (let i = 0; i < 2; i++) expectStatus(await putChunk(ctx.api, alice.token, id, big.subarray(i * MB, (i + 1) * MB), i * MB, big.length), 308)
    const sent = 400 * 1024
    const r = await putCut(alice.token, id, big.subarray(2 * MB, 3 * MB), 2 * MB, big.length, sent)
    assert.equal(r, 'cut', `the server must not answer an incomplete chunk, got ${r}`)
    const p = await progress(alice.token, id, big.length)
    expectStatus(p, 308, 'progress after the cut')
    const received = receivedFromRange(p)
    assert.ok(received >= 2 * MB && received <= 2 * MB + sent, `acknowledged chunks kept, at most what was sent: ${received}`)
    await expectCompleted(await sendFrom(alice.token, id, big, received), alice.token, big)
  })

  it('the server killed (SIGKILL) mid-upload and restarted: the upload resumes, nothing acknowledged is lost', async () => {
    const json = meta({ name: 'survives a kill' })
    const id = await init(alice.token, json, { size: big.length })
    for (let i = 0; i < 3; i++) expectStatus(await putChunk(ctx.api, alice.token, id, big.subarray(i * MB, (i + 1) * MB), i * MB, big.length), 308)
    const sent = 512 * 1024
    const r = await putCut(alice.token, id, big.subarray(3 * MB, 4 * MB), 3 * MB, big.length, sent, {
      onSent: () => ctx.server.kill()
    })
    assert.equal(r, 'cut')
    assert.equal(ctx.server.alive, false, 'server was killed')
    assert.equal(ctx.server.exit.signal, 'SIGKILL')
    await ctx.server.spawn()

    const p = await progress(alice.token, id, big.length)
    expectStatus(p, 308, 'progress after restart')
    const received = receivedFromRange(p)
    assert.ok(received >= 3 * MB && received <= 3 * MB + sent, `the 3 acknowledged MB survive the kill: ${received}`)
    const v = await expectCompleted(await sendFrom(alice.token, id, big, received), alice.token, big)
    assert.equal(v.name, json.name)
    const mine = await ctx.api.get('/api/v1/users/me/videos?count=100', { token: alice.token })
    assert.equal(mine.json.data.filter(x => x.name === json.name).length, 1, 'exactly one video')
  })

  it('a non-media file → 422 at the last chunk; the upload and its bytes are removed', async () => {
    const junk = crypto.randomBytes(300 * 1024)
    const before = await quietSnapshot(ctx.server.storageRoot)
    const total = await myVideosTotal(alice.token)
    const id = await init(alice.token, meta({ name: 'junk resumable', filename: 'junk.mp4' }), { size: junk.length })
    expectStatus(await putChunk(ctx.api, alice.token, id, junk.subarray(0, 100 * 1024), 0, junk.length), 308)
    const last = await putChunk(ctx.api, alice.token, id, junk.subarray(100 * 1024), 100 * 1024, junk.length)
    expectProblem(last, 422)
    await new Promise(resolve => setTimeout(resolve, 500))
    expectUploadError(await askProgress(ctx.api, alice.token, id, junk.length), 404, 'the refused upload is gone')
    assert.equal(await myVideosTotal(alice.token), total, 'no video created')
    assert.deepEqual(newFiles(before, snapshotStorage(ctx.server.storageRoot)), [], 'no leftover file')
    assert.deepEqual(filesWithContent(ctx.server.storageRoot, junk), [])
  })

  it('a 64 MB chunk is streamed to disk: the server\'s peak memory grows by less than 32 MB', async () => {
    const data = crypto.randomBytes(64 * 1024 * 1024)
    const id = await init(alice.token, meta({ name: 'big chunk', filename: 'big.mp4' }), { size: data.length + 1 })
    const before = peakRss(ctx.server.proc.pid)
    const r = await putChunk(ctx.api, alice.token, id, data, 0, data.length + 1, { timeout: 120000 })
    expectStatus(r, 308)
    assert.equal(receivedFromRange(r), data.length)
    const grown = peakRss(ctx.server.proc.pid) - before
    assert.ok(grown < 32 * 1024 * 1024, `peak RSS grew by ${Math.round(grown / 1048576)} MB for a 64 MB chunk`)
    expectStatus(await ctx.api.delete(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(id)}`, { token: alice.token }), 204)
  }, { timeout: 120000 })

  it('a truncated video → 422; nothing kept', async () => {
    const full = fs.readFileSync(makeVideo({ seconds: 4, tone: 888 }))
    const truncated = Buffer.concat([full.subarray(0, Math.floor(full.length / 2)), crypto.randomBytes(16)])
    const before = await quietSnapshot(ctx.server.storageRoot)
    const id = await init(alice.token, meta({ name: 'truncated resumable', filename: 'cut.mp4' }), { size: truncated.length })
    expectProblem(await putChunk(ctx.api, alice.token, id, truncated, 0, truncated.length), 422)
    await new Promise(resolve => setTimeout(resolve, 500))
    assert.deepEqual(newFiles(before, snapshotStorage(ctx.server.storageRoot)), [])
    assert.deepEqual(filesWithContent(ctx.server.storageRoot, truncated), [])
    await expectServerUp(ctx.api)
  })
})
