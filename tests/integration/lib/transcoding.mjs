// Helpers for the transcoding pipeline suites: server configuration with a
// small ladder, polling of video states and of the job queue, ffprobe of
// served files, HLS playlist parsing and checking (byte ranges, segment
// checksums, Range requests), torrent decoding (bencode) with piece checks.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import bencode from 'bencode'
import { expectStatus } from './asserts.mjs'
import { expectValid } from './openapi.mjs'
import { fetchUrl } from './videos.mjs'

export const VIDEO_STATE = { PUBLISHED: 1, TO_TRANSCODE: 2, TRANSCODING_FAILED: 7 }

/**
 * serverSuite config turning the pipeline on (the harness base config has
 * transcoding disabled). resolutions: the enabled rungs besides the source's own.
 */
export function transcodingConfig ({ resolutions = ['240p', '360p'], webVideos = true, hls = true, extra = {} } = {}) {
  const all = ['0p', '144p', '240p', '360p', '480p', '720p', '1080p', '1440p', '2160p']
  return {
    transcoding: {
      enabled: true,
      allow_audio_files: true,
      threads: 0,
      concurrency: 1,
      resolutions: Object.fromEntries(all.map(r => [r, resolutions.includes(r)])),
      web_videos: { enabled: webVideos },
      hls: { enabled: hls },
      ...extra
    },
    jobs: { poll_interval: 200 }
  }
}

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))

/** Polls GET /videos/{id} until state.id is one of `states`; returns the validated VideoDetails. */
export async function waitForState (api, id, token, states, { timeout = 60000, interval = 150 } = {}) {
  states = [].concat(states)
  const deadline = Date.now() + timeout
  let last
  while (Date.now() < deadline) {
    last = await api.get(`/api/v1/videos/${id}`, { token })
    if (last.status === 200 && states.includes(last.json?.state?.id)) return expectValid(last, undefined, 'get', '/api/v1/videos/{id}')
    await sleep(interval)
  }
  assert.fail(`video ${id} not in state ${states.join('|')} after ${timeout} ms: ${last?.describe()}`)
}

export const waitForPublished = (api, id, token, opts) => waitForState(api, id, token, VIDEO_STATE.PUBLISHED, opts)

/** GET /api/v1/jobs/{state} (state '' = all) with a query object; returns the raw response. */
export function getJobs (api, token, state = '', query = {}) {
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString()
  const p = state === null ? '/api/v1/jobs' : `/api/v1/jobs/${state}`
  return api.get(qs ? `${p}?${qs}` : p, { token })
}

/** Validated job list of one state. */
export async function listJobs (api, token, state, query = {}) {
  const res = await getJobs(api, token, state, query)
  expectStatus(res, 200, `GET /api/v1/jobs/${state}`)
  return expectValid(res, undefined, 'get', '/api/v1/jobs/{state}')
}

/** Every job (count 100) of `type`, newest first. */
export async function allJobs (api, token, type) {
  return (await listJobs(api, token, '', { jobType: type, count: 100 })).data
}

/**
 * Waits until no job is waiting, active or delayed (the whole queue is idle):
 * PeerTube's waitJobs(). Each poll reads every state in one request (GET
 * /api/v1/jobs), so a parent finishing between two per-state queries cannot
 * hide the children it just enqueued.
 */
export async function waitForJobs (api, token, { timeout = 60000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout
  let pending = []
  while (Date.now() < deadline) {
    pending = []
    for (let start = 0, total = 1; start < total; start += 100) {
      const res = await getJobs(api, token, null, { count: 100, start, sort: '-createdAt' })
      expectStatus(res, 200, 'GET /api/v1/jobs')
      total = res.json.total
      pending.push(...res.json.data.filter(j => ['waiting', 'active', 'delayed'].includes(j.state)))
    }
    if (pending.length === 0) return
    await sleep(interval)
  }
  assert.fail(`jobs still pending after ${timeout} ms: ${JSON.stringify(pending.map(j => ({ id: j.id, type: j.type, state: j.state, data: j.data })))}`)
}

// ---- ffprobe ----

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'vidiverse-it-probe-'))
process.on('exit', () => { try { fs.rmSync(TMP, { recursive: true, force: true }) } catch {} })

/** ffprobe of a file or Buffer: { duration, formatName, video: {codec, width, height, fps, pixFmt, profile}|null, audio: {codec, bitRate}|null, raw } */
export function ffprobe (fileOrBuf) {
  let file = fileOrBuf
  if (Buffer.isBuffer(fileOrBuf)) {
    file = path.join(TMP, crypto.randomBytes(6).toString('hex') + '.mp4')
    fs.writeFileSync(file, fileOrBuf)
  }
  try {
    const out = execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' })
    const raw = JSON.parse(out)
    const v = raw.streams.find(s => s.codec_type === 'video' && !(s.disposition && s.disposition.attached_pic))
    const a = raw.streams.find(s => s.codec_type === 'audio')
    const rate = (r) => { const [n, d] = String(r || '0/1').split('/').map(Number); return d ? n / d : n }
    return {
      raw,
      formatName: raw.format.format_name,
      duration: Number(raw.format.duration),
      video: v ? { codec: v.codec_name, width: v.width, height: v.height, fps: rate(v.avg_frame_rate) || rate(v.r_frame_rate), pixFmt: v.pix_fmt, profile: v.profile } : null,
      audio: a ? { codec: a.codec_name, bitRate: Number(a.bit_rate) || null, channels: a.channels } : null
    }
  } finally {
    if (file !== fileOrBuf) fs.rmSync(file, { force: true })
  }
}

// ---- HLS ----

/** Attribute list of an HLS tag: KEY=value,KEY="quoted, value" → { KEY: value }. */
export function parseAttributes (s) {
  const out = {}
  const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g
  let m
  while ((m = re.exec(s)) !== null) out[m[1]] = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2]
  return out
}

/** Parses an m3u8: { version, variants: [{ attrs, uri }], map, segments: [{ duration, byterange: {length, offset}, uri }], endList, tags } */
export function parseM3u8 (text) {
  const lines = text.split(/\r?\n/)
  assert.equal(lines[0], '#EXTM3U', `a playlist starts with #EXTM3U: ${JSON.stringify(text.slice(0, 80))}`)
  const out = { variants: [], segments: [], map: null, endList: false, tags: {} }
  let pendingInf = null
  let pendingRange = null
  let pendingStream = null
  let next = 0
  const range = (v) => {
    const [len, off] = v.split('@')
    const r = { length: Number(len), offset: off === undefined ? next : Number(off) }
    assert.ok(Number.isInteger(r.length) && r.length > 0 && Number.isInteger(r.offset) && r.offset >= 0, `bad byte range ${v}`)
    return r
  }
  for (const line of lines.slice(1)) {
    if (line === '') continue
    if (line.startsWith('#')) {
      const colon = line.indexOf(':')
      const tag = colon === -1 ? line : line.slice(0, colon)
      const value = colon === -1 ? '' : line.slice(colon + 1)
      out.tags[tag] = value
      if (tag === '#EXT-X-STREAM-INF') pendingStream = parseAttributes(value)
      else if (tag === '#EXTINF') pendingInf = Number(value.split(',')[0])
      else if (tag === '#EXT-X-BYTERANGE') pendingRange = range(value)
      else if (tag === '#EXT-X-ENDLIST') out.endList = true
      else if (tag === '#EXT-X-VERSION') out.version = Number(value)
      else if (tag === '#EXT-X-MAP') {
        const a = parseAttributes(value)
        const [len, off] = (a.BYTERANGE || '').split('@')
        out.map = { uri: a.URI, byterange: a.BYTERANGE ? { length: Number(len), offset: Number(off || 0) } : null }
      }
      continue
    }
    if (pendingStream) {
      out.variants.push({ attrs: pendingStream, uri: line })
      pendingStream = null
    } else {
      assert.ok(pendingInf !== null, `segment URI ${line} without #EXTINF`)
      out.segments.push({ duration: pendingInf, byterange: pendingRange, uri: line })
      if (pendingRange) next = pendingRange.offset + pendingRange.length
      pendingInf = null
      pendingRange = null
    }
  }
  return out
}

export const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex')
export const sha1 = (buf) => crypto.createHash('sha1').update(buf).digest('hex')
export const basename = (url) => new URL(url).pathname.split('/').pop()

// ---- torrents ----

const str = (v) => v === undefined ? undefined : Buffer.from(v).toString('utf8')

/** Decodes a .torrent: { infoHash, name, length, pieceLength, pieces: [hex sha1], urlList: [string], announce, announceList } */
export function parseTorrent (buf) {
  const t = bencode.decode(buf)
  assert.ok(t && t.info, 'a torrent has an info dictionary')
  const info = t.info
  const pieces = Buffer.from(info.pieces)
  assert.equal(pieces.length % 20, 0, 'info.pieces is a concatenation of SHA-1 hashes')
  const hashes = []
  for (let i = 0; i < pieces.length; i += 20) hashes.push(pieces.subarray(i, i + 20).toString('hex'))
  let urlList = t['url-list']
  if (urlList === undefined) urlList = []
  else if (!Array.isArray(urlList)) urlList = [urlList]
  return {
    infoHash: sha1(Buffer.from(bencode.encode(info))),
    name: str(info.name),
    length: info.length,
    pieceLength: info['piece length'],
    pieces: hashes,
    urlList: urlList.map(str),
    announce: str(t.announce),
    announceList: (t['announce-list'] || []).map(tier => tier.map(str))
  }
}

/**
 * Fetches file.torrentUrl and checks it against the file's bytes: info.length,
 * every piece hash, the info hash in magnetUri, and the web seeds (url-list):
 * [fileUrl] for files under a public path, [] for private ones (PeerTube's
 * buildUrlList: `if (video.hasPrivateStaticPath()) return []`).
 */
export async function checkTorrent (file, bytes, { videoName, privateFiles = false } = {}) {
  assert.ok(file.torrentUrl, `file ${file.id} has a torrentUrl`)
  const res = await fetchUrl(file.torrentUrl)
  expectStatus(res, 200, `GET torrent ${file.torrentUrl}`)
  const t = parseTorrent(res.body)
  assert.equal(t.length, bytes.length, 'info.length = file size')
  assert.ok(Number.isInteger(t.pieceLength) && t.pieceLength > 0, 'piece length')
  assert.equal(t.pieces.length, Math.ceil(bytes.length / t.pieceLength), 'one hash per piece')
  for (let i = 0; i < t.pieces.length; i++) {
    assert.equal(t.pieces[i], sha1(bytes.subarray(i * t.pieceLength, (i + 1) * t.pieceLength)), `piece ${i} hash of ${file.fileUrl}`)
  }
  if (privateFiles) assert.deepEqual(t.urlList, [], `no web seed for a private file (PeerTube buildUrlList): ${JSON.stringify(t.urlList)}`)
  else assert.deepEqual(t.urlList, [file.fileUrl], 'url-list (web seed) is the fileUrl')
  if (videoName) assert.equal(t.name, `${videoName} ${file.resolution.id}p.mp4`, 'info.name is "<video name> <resolution>p<ext>" (PeerTube buildInfoName)')
  const magnet = new URL(file.magnetUri)
  assert.equal(magnet.searchParams.get('xt'), `urn:btih:${t.infoHash}`, 'magnetUri xt is the torrent info hash')
  return t
}

/**
 * Checks one video file: fetched bytes (size), ffprobe (H.264 yuv420p, AAC when
 * expected, even dimensions equal to width/height of the API, smaller side =
 * resolution, fps, duration within 0.2 s of the source), download URL.
 * Returns { bytes, probe }.
 */
export async function checkVideoFile (file, { token, headers, sourceDuration, hasAudio, fps, fragmented = false } = {}) {
  const res = await fetchUrl(file.fileUrl, { token, headers })
  expectStatus(res, 200, `GET ${file.fileUrl}`)
  const bytes = res.body
  assert.equal(bytes.length, file.size, `size of ${file.fileUrl}`)
  assert.match(res.headers['content-type'] || '', /^video\/mp4/, `content type of ${file.fileUrl}`)
  const p = ffprobe(bytes)
  assert.ok(p.video, `${file.fileUrl} has a video stream`)
  assert.equal(p.video.codec, 'h264', `${file.fileUrl} is H.264`)
  assert.equal(p.video.pixFmt, 'yuv420p', `${file.fileUrl} is yuv420p`)
  assert.equal(p.video.width, file.width, `width of ${file.fileUrl}`)
  assert.equal(p.video.height, file.height, `height of ${file.fileUrl}`)
  assert.equal(p.video.width % 2, 0, `even width ${p.video.width}`)
  assert.equal(p.video.height % 2, 0, `even height ${p.video.height}`)
  assert.equal(Math.min(p.video.width, p.video.height), file.resolution.id, `the smaller side of ${p.video.width}x${p.video.height} is the resolution ${file.resolution.id}`)
  assert.equal(Math.round(p.video.fps), file.fps, `fps of ${file.fileUrl}: probed ${p.video.fps}, API ${file.fps}`)
  if (fps !== undefined) assert.equal(file.fps, fps, `fps of the ${file.resolution.id}p file`)
  if (hasAudio !== undefined) {
    assert.equal(file.hasAudio, hasAudio, `hasAudio of ${file.fileUrl}`)
    assert.equal(Boolean(p.audio), hasAudio, `audio stream in ${file.fileUrl}`)
    if (hasAudio) assert.equal(p.audio.codec, 'aac', `${file.fileUrl} audio is AAC`)
  }
  assert.equal(file.hasVideo, true)
  if (sourceDuration !== undefined) {
    assert.ok(Math.abs(p.duration - sourceDuration) <= 0.2, `duration of ${file.fileUrl}: ${p.duration} s, source ${sourceDuration} s`)
  }
  if (fragmented) assert.match(basename(file.fileUrl), /-fragmented\.mp4$/)
  return { bytes, probe: p }
}

/**
 * Everything about one HLS playlist (streamingPlaylists[0]) of a video:
 * master playlist (one variant per file with BANDWIDTH, RESOLUTION, CODECS,
 * FRAME-RATE), each resolution playlist (EXT-X-MAP + byte ranges of the
 * fragmented file, contiguous up to its end, ENDLIST, EXTINF summing to the
 * duration), segments-sha256.json (one entry per file, one checksum per
 * segment range, matching the bytes), Range requests (206 + Content-Range).
 * `files` maps resolution → { bytes } of the already fetched fragmented files.
 */
export async function checkHlsPlaylist (video, fetched, { token, headers, duration } = {}) {
  const sp = video.streamingPlaylists[0]
  assert.ok(sp, 'the video has an HLS playlist')
  assert.equal(sp.type, 1)
  assert.deepEqual(sp.redundancies, [])
  const auth = { token, headers }

  const masterRes = await fetchUrl(sp.playlistUrl, auth)
  expectStatus(masterRes, 200, `GET master ${sp.playlistUrl}`)
  assert.match(masterRes.headers['content-type'] || '', /mpegurl/i, 'm3u8 content type')
  const master = parseM3u8(masterRes.text)
  assert.equal(master.variants.length, sp.files.length, `one variant per file in the master playlist:\n${masterRes.text}`)
  const dir = sp.playlistUrl.slice(0, sp.playlistUrl.lastIndexOf('/') + 1)
  for (const f of sp.files) {
    assert.ok(f.playlistUrl.startsWith(dir), `resolution playlist next to the master: ${f.playlistUrl}`)
    assert.ok(f.fileUrl.startsWith(dir), `fragmented file next to the master: ${f.fileUrl}`)
    const variant = master.variants.find(v => v.uri === basename(f.playlistUrl))
    assert.ok(variant, `master lists ${basename(f.playlistUrl)}:\n${masterRes.text}`)
    const a = variant.attrs
    // video.ts getBandwidthBits(): Math.ceil((videoFile.size * 8) / this.duration)
    assert.equal(Number(a.BANDWIDTH), Math.ceil(f.size * 8 / video.duration), `BANDWIDTH of ${f.resolution.id}p (${f.size} bytes, ${video.duration} s)`)
    assert.equal(basename(f.playlistUrl), basename(f.fileUrl).replace(/-fragmented\.mp4$/, '.m3u8'), 'getHlsResolutionPlaylistFilename(): the fragmented file name with .m3u8')
    assert.equal(a.RESOLUTION, `${f.width}x${f.height}`, `RESOLUTION of ${f.resolution.id}p`)
    assert.match(a.CODECS || '', /^avc1\.[0-9a-fA-F]{6}/, `CODECS of ${f.resolution.id}p: ${a.CODECS}`)
    assert.equal(/mp4a\.40\.\d/.test(a.CODECS), f.hasAudio, `CODECS lists AAC iff the file has audio: ${a.CODECS}`)
    if (a['FRAME-RATE'] !== undefined) assert.equal(Math.round(Number(a['FRAME-RATE'])), f.fps, 'FRAME-RATE')
  }

  const shaRes = await fetchUrl(sp.segmentsSha256Url, auth)
  expectStatus(shaRes, 200, `GET ${sp.segmentsSha256Url}`)
  const sha = shaRes.json
  assert.ok(sha && typeof sha === 'object', `segments-sha256 is a JSON object: ${shaRes.describe()}`)
  assert.deepEqual(Object.keys(sha).sort(), sp.files.map(f => basename(f.fileUrl)).sort(), 'one checksum entry per fragmented file')

  for (const f of sp.files) {
    const bytes = fetched.get(f.id)
    assert.ok(bytes, `fragmented file ${f.id} fetched`)
    const plRes = await fetchUrl(f.playlistUrl, auth)
    expectStatus(plRes, 200, `GET ${f.playlistUrl}`)
    const pl = parseM3u8(plRes.text)
    const name = basename(f.fileUrl)
    assert.ok(pl.endList, 'VOD playlist ends with #EXT-X-ENDLIST')
    assert.equal(pl.tags['#EXT-X-PLAYLIST-TYPE'], 'VOD')
    assert.ok(pl.version >= 6, `EXT-X-MAP in a media playlist needs EXT-X-VERSION 6+: ${pl.version}`)
    const target = Number(pl.tags['#EXT-X-TARGETDURATION'])
    assert.ok(pl.segments.every(seg => Math.round(seg.duration) <= target), `every EXTINF rounds to at most EXT-X-TARGETDURATION ${target}`)
    assert.ok(pl.map && pl.map.uri === name && pl.map.byterange, `EXT-X-MAP is the init range of ${name}:\n${plRes.text}`)
    assert.equal(pl.map.byterange.offset, 0, 'init section at the start of the file')
    assert.ok(pl.segments.length >= 1, 'at least one segment')
    let next = pl.map.byterange.length
    let total = 0
    const entries = sha[name]
    assert.equal(Object.keys(entries).length, pl.segments.length, `one checksum per segment of ${name}`)
    for (const s of pl.segments) {
      assert.equal(s.uri, name, 'single-file HLS: every segment is a range of the fragmented file')
      assert.ok(s.byterange, 'segments carry #EXT-X-BYTERANGE')
      assert.equal(s.byterange.offset, next, 'ranges are contiguous')
      next = s.byterange.offset + s.byterange.length
      total += s.duration
      const key = `${s.byterange.offset}-${s.byterange.offset + s.byterange.length - 1}`
      const slice = bytes.subarray(s.byterange.offset, s.byterange.offset + s.byterange.length)
      assert.equal(entries[key], sha256(slice), `sha256 of ${name} bytes ${key}`)
      const part = await fetchUrl(f.fileUrl, { ...auth, headers: { ...(headers || {}), Range: `bytes=${key}` } })
      expectStatus(part, 206, `Range ${key} of ${name}`)
      assert.equal(part.headers['content-range'], `bytes ${key}/${bytes.length}`, 'Content-Range')
      assert.ok(part.body.equals(slice), `bytes of the range ${key}`)
    }
    assert.equal(next, bytes.length, 'the last segment ends at the end of the file')
    const beyond = await fetchUrl(f.fileUrl, { ...auth, headers: { ...(headers || {}), Range: `bytes=${bytes.length}-` } })
    expectStatus(beyond, 416, `Range past the end of ${name}`)
    assert.equal(beyond.headers['content-range'], `bytes */${bytes.length}`)
    if (duration !== undefined) assert.ok(Math.abs(total - duration) <= 0.25, `EXTINF sum ${total} ≈ duration ${duration}`)
  }
  return { master, sha }
}
