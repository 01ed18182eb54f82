// Video helpers over the PeerTube API: legacy and resumable uploads, waiting
// for publication, fetching files by absolute URL.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { request } from './http.mjs'
import { expectStatus } from './asserts.mjs'
import { expectValid } from './openapi.mjs'

export const PRIVACY = { PUBLIC: 1, UNLISTED: 2, PRIVATE: 3, INTERNAL: 4, PASSWORD_PROTECTED: 5 }
export const STATE = { PUBLISHED: 1, TO_TRANSCODE: 2 }
export const COMMENTS_POLICY = { ENABLED: 1, DISABLED: 2, REQUIRES_APPROVAL: 3 }
export const RESUMABLE_PATH = '/api/v1/videos/upload-resumable'

/**
 * Multipart fields the way PeerTube's clients send them: arrays as key[0], key[1]…,
 * objects as key[sub], booleans/numbers as strings; undefined is skipped.
 */
export function formFields (fields) {
  const parts = []
  const add = (key, value) => {
    if (value === undefined) return
    if (Array.isArray(value)) value.forEach((v, i) => add(`${key}[${i}]`, v))
    else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v)
    } else parts.push({ name: key, data: value === null ? '' : String(value) })
  }
  for (const [k, v] of Object.entries(fields)) add(k, v)
  return parts
}

export function filePart (name, file, { filename, contentType } = {}) {
  const data = Buffer.isBuffer(file) ? file : fs.readFileSync(file)
  filename ??= Buffer.isBuffer(file) ? 'file.bin' : path.basename(file)
  contentType ??= guessType(filename)
  return { name, filename, contentType, data }
}

export function guessType (filename) {
  const ext = path.extname(filename).toLowerCase()
  return {
    '.mp4': 'video/mp4',
    '.webm': 'video/webm',
    '.mp3': 'audio/mpeg',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.png': 'image/png',
    '.txt': 'text/plain'
  }[ext] || 'application/octet-stream'
}

/**
 * POST /api/v1/videos/upload (multipart). Returns the raw response.
 * opts: file (path or Buffer), filename, contentType, thumbnail, preview (paths), timeout
 */
export function uploadLegacyRaw (api, token, fields, opts = {}) {
  const parts = formFields(fields)
  if (opts.file !== null) parts.push(filePart('videofile', opts.file, { filename: opts.filename, contentType: opts.contentType }))
  if (opts.thumbnail) parts.push(filePart('thumbnailfile', opts.thumbnail))
  if (opts.preview) parts.push(filePart('previewfile', opts.preview))
  return api.post('/api/v1/videos/upload', { token, multipart: parts, timeout: opts.timeout ?? 60000 })
}

/** Legacy upload that must succeed (200 + VideoUploadResponse); returns { id, uuid, shortUUID }. */
export async function uploadVideo (api, token, fields, opts = {}) {
  const res = await uploadLegacyRaw(api, token, fields, opts)
  expectStatus(res, 200, `upload "${fields.name}"`)
  const body = expectValid(res, undefined, 'post', '/api/v1/videos/upload')
  assert.ok(body.video && Number.isInteger(body.video.id), `no video.id in ${res.describe()}`)
  // every upload checks the short UUID: a 128-bit value below 58^21 must be padded with '1'
  assert.equal(body.video.shortUUID, uuidToShort(body.video.uuid), `shortUUID of ${body.video.uuid} (short-uuid, padded to 22)`)
  return body.video
}

/** POST /api/v1/videos/upload-resumable. opts: size, contentType, headers (override/omit with null). */
export function resumableInit (api, token, json, opts = {}) {
  const headers = {
    'X-Upload-Content-Length': opts.size === undefined ? undefined : String(opts.size),
    'X-Upload-Content-Type': opts.contentType ?? 'video/mp4',
    ...(opts.headers || {})
  }
  for (const [k, v] of Object.entries(headers)) if (v === undefined || v === null) delete headers[k]
  return api.post(RESUMABLE_PATH, { token, json, headers, timeout: opts.timeout })
}

/** The upload_id of a 201 init response (from its Location header). */
export function uploadIdOf (res) {
  const loc = res.headers.location
  assert.ok(loc, `no Location header: ${res.describe()}`)
  const u = new URL(loc, 'http://placeholder')
  const id = u.searchParams.get('upload_id')
  assert.ok(id, `no upload_id in Location ${loc}`)
  return id
}

/** PUT one chunk: buf holds bytes [start, start+buf.length) of a file of `total` bytes. */
export function putChunk (api, token, uploadId, buf, start, total, opts = {}) {
  const headers = {
    'Content-Range': buf.length === 0 ? `bytes */${total}` : `bytes ${start}-${start + buf.length - 1}/${total}`,
    ...(opts.headers || {})
  }
  for (const [k, v] of Object.entries(headers)) if (v === undefined || v === null) delete headers[k]
  return api.put(`${RESUMABLE_PATH}?upload_id=${encodeURIComponent(uploadId)}`, {
    token, body: buf, contentType: 'application/octet-stream', headers, timeout: opts.timeout ?? 60000
  })
}

/** Asks for the progress of an upload (empty PUT with Content-Range: bytes * /total). */
export function askProgress (api, token, uploadId, total) {
  return putChunk(api, token, uploadId, Buffer.alloc(0), 0, total)
}

/** Parses "bytes=0-N" → N + 1 (bytes received); asserts the format. */
export function receivedFromRange (res) {
  const range = res.headers.range
  assert.match(range || '', /^bytes=0-\d+$/, `308 must carry "Range: bytes=0-N": ${res.status} range=${range}`)
  return Number(range.split('-')[1]) + 1
}

/**
 * Full resumable upload of `file` with `fields` in chunks of `chunkSize`.
 * Every intermediate chunk must answer 308 with the right Range; returns the final response.
 */
export async function uploadResumable (api, token, fields, file, { chunkSize = 1024 * 1024, contentType, filename } = {}) {
  const data = Buffer.isBuffer(file) ? file : fs.readFileSync(file)
  filename ??= Buffer.isBuffer(file) ? 'video.mp4' : path.basename(file)
  const init = await resumableInit(api, token, { filename, ...fields }, { size: data.length, contentType: contentType ?? guessType(filename) })
  expectStatus(init, 201, 'resumable init')
  const id = uploadIdOf(init)
  let last
  for (let start = 0; start < data.length; start += chunkSize) {
    const chunk = data.subarray(start, Math.min(start + chunkSize, data.length))
    last = await putChunk(api, token, id, chunk, start, data.length)
    if (start + chunk.length < data.length) {
      expectStatus(last, 308, `chunk at ${start}`)
      assert.equal(receivedFromRange(last), start + chunk.length, 'Range after a chunk')
    }
  }
  return last
}

/** GET /api/v1/videos/{id} (validated VideoDetails). */
export async function getVideo (api, id, token, headers) {
  const res = await api.get(`/api/v1/videos/${id}`, { token, headers })
  expectStatus(res, 200, `GET /api/v1/videos/${id}`)
  return expectValid(res, undefined, 'get', '/api/v1/videos/{id}')
}

/** Polls GET /api/v1/videos/{id} (as `token`) until state is Published; returns the VideoDetails. */
export async function waitPublished (api, id, token, { timeout = 20000 } = {}) {
  const deadline = Date.now() + timeout
  let last
  while (Date.now() < deadline) {
    const res = await api.get(`/api/v1/videos/${id}`, { token })
    last = res
    if (res.status === 200 && res.json?.state?.id === STATE.PUBLISHED) return expectValid(res, undefined, 'get', '/api/v1/videos/{id}')
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  assert.fail(`video ${id} not published after ${timeout} ms: ${last?.describe()}`)
}

/** GET of an absolute URL (file URLs given by the API); returns the raw Response. */
export function fetchUrl (url, { token, headers, timeout = 30000, method = 'GET' } = {}) {
  const u = new URL(url)
  return request(`${u.protocol}//${u.host}`, method, u.pathname + u.search, { token, headers, timeout })
}

/** The default channel of a user: GET /users/me → videoChannels[0]. */
export async function myChannel (api, token) {
  const res = await api.get('/api/v1/users/me', { token })
  expectStatus(res, 200, 'GET /api/v1/users/me')
  const ch = res.json.videoChannels?.[0]
  assert.ok(ch && Number.isInteger(ch.id), `no channel in ${res.describe()}`)
  return ch
}

/** Lists file names under a directory, recursively ('' when missing). */
export function listFiles (dir) {
  const out = []
  const walk = (d) => {
    let entries
    try { entries = fs.readdirSync(d, { withFileTypes: true }) } catch { return }
    for (const e of entries) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}

const FLICKR_BASE58 = '123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'

/** PeerTube's short UUID (npm short-uuid v4 fromUUID: flickrBase58, padded with '1' to 22 chars). */
export function uuidToShort (uuid) {
  let n = BigInt('0x' + uuid.replace(/-/g, '').toLowerCase())
  let out = ''
  while (n > 0n) {
    out = FLICKR_BASE58[Number(n % 58n)] + out
    n /= 58n
  }
  return out.padStart(22, FLICKR_BASE58[0])
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

// Database and log files change with any request; they are not upload leftovers.
const VOLATILE = /(\.(db|sqlite|sqlite3)(-wal|-shm|-journal)?$)|(\.log$)|(\/logs?\/)|(\/cache\/)/

/** { path: size } of every non-volatile file under the storage root. */
export function snapshotStorage (root) {
  const out = {}
  for (const f of listFiles(root)) {
    if (VOLATILE.test(f)) continue
    try { out[f] = fs.statSync(f).size } catch {}
  }
  return out
}

/** Files present in `after` and not in `before` (or whose size changed). */
export function newFiles (before, after) {
  return Object.keys(after).filter(f => before[f] === undefined || before[f] !== after[f])
}

/** Paths of files under root whose content equals `buf` (a refused upload kept somewhere). */
export function filesWithContent (root, buf) {
  const out = []
  for (const f of listFiles(root)) {
    let st
    try { st = fs.statSync(f) } catch { continue }
    if (st.size !== buf.length) continue
    try { if (fs.readFileSync(f).equals(buf)) out.push(f) } catch {}
  }
  return out
}

/**
 * An error of the resumable protocol layer. PeerTube answers its validators'
 * errors in RFC 7807 form and leaves uploadx's own (404 unknown upload, 409
 * conflicting range) in uploadx's format, so the format is checked only when
 * the body claims to be a problem.
 */
export function expectUploadError (res, status, what) {
  const ok = Array.isArray(status) ? status.includes(res.status) : res.status === status
  if (!ok) assert.fail(`${what ? what + ': ' : ''}expected HTTP ${[].concat(status).join('|')}, got ${res.describe()}`)
  if ((res.headers['content-type'] || '').startsWith('application/problem+json')) {
    const body = res.json
    assert.ok(body && body.status === res.status && typeof body.detail === 'string', `malformed problem: ${res.describe()}`)
  }
  return res
}

/**
 * Waits until the non-volatile files under root stop changing (two equal snapshots
 * `interval` ms apart, at most `timeout` ms) and returns the last snapshot: background
 * work of earlier uploads (torrents, thumbnails) must not count as a leftover.
 */
export async function quietSnapshot (root, { interval = 250, timeout = 5000 } = {}) {
  const deadline = Date.now() + timeout
  let prev = snapshotStorage(root)
  for (;;) {
    await new Promise(resolve => setTimeout(resolve, interval))
    const cur = snapshotStorage(root)
    if (JSON.stringify(cur) === JSON.stringify(prev) || Date.now() > deadline) return cur
    prev = cur
  }
}

/** Peak resident memory (VmHWM, bytes) of a process, from /proc (Linux). */
export function peakRss (pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)
  assert.ok(m, `no VmHWM in /proc/${pid}/status`)
  return Number(m[1]) * 1024
}
