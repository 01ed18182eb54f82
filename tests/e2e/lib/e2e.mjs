// Shared by the end-to-end suite and bench/web.sh: a real `vidiverse serve`
// serving the built web client (web/dist) with the transcoding pipeline on,
// headless Debian Chromium driven by playwright-core, screenshots, API calls.
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { REPO_ROOT, ROOT_PASSWORD, TestServer, deepMerge } from '../../integration/lib/server.mjs'
import { makeVideo } from '../../integration/lib/media.mjs'

export { REPO_ROOT, ROOT_PASSWORD }

export const DIST_DIR = process.env.VIDIVERSE_WEB_DIST ? path.resolve(process.env.VIDIVERSE_WEB_DIST) : path.join(REPO_ROOT, 'web', 'dist')
export const ARTIFACTS = path.join(REPO_ROOT, 'tests', 'artifacts', 'e2e')
export const CHROMIUM = process.env.VIDIVERSE_CHROMIUM || '/usr/bin/chromium'
/** Upload chunk size announced to the client (config client.videos.resumable_upload.max_chunk_size). */
export const CHUNK_SIZE = 256 * 1024

export const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))

/** Throws a clear error unless web/dist holds a production build of the web client. */
export function checkDist () {
  for (const f of ['index.html', 'embed.html']) {
    if (!fs.existsSync(path.join(DIST_DIR, f))) {
      throw new Error(`${path.join(DIST_DIR, f)} is missing: build the web client first (bash scripts/build-web.sh, or cd web && npm ci && npm run build)`)
    }
  }
}

/** The e2e server: SQLite, web client, HLS-only pipeline with a 240p rung, small upload chunks. */
export async function startServer ({ name = 'e2e', config = {} } = {}) {
  checkDist()
  const all = ['0p', '144p', '240p', '360p', '480p', '720p', '1080p', '1440p', '2160p']
  const server = new TestServer({
    name,
    config: deepMerge({
      instance: { name: 'Vidiverse E2E' },
      webapp: { dist_dir: DIST_DIR },
      transcoding: {
        enabled: true,
        threads: 0,
        concurrency: 1,
        resolutions: Object.fromEntries(all.map(r => [r, r === '240p'])),
        web_videos: { enabled: false },
        hls: { enabled: true }
      },
      jobs: { poll_interval: 200 },
      client: { videos: { resumable_upload: { max_chunk_size: `${CHUNK_SIZE / 1024}KB` } } },
      signup: { enabled: true, limit: 100, requires_approval: false, requires_email_verification: false },
      log: { level: 'info' }
    }, config)
  })
  await server.start()
  return server
}

/** Stops the server, keeps its log beside the screenshots, removes its temporary directory. */
export async function stopServer (server, logName = 'server.log') {
  if (!server) return
  await server.stop()
  try {
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    fs.copyFileSync(server.logFile, path.join(ARTIFACTS, logName))
  } catch {}
  if (server.dir && !process.env.VIDIVERSE_KEEP_TMP) fs.rmSync(server.dir, { recursive: true, force: true })
}

export async function launchBrowser () {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set VIDIVERSE_CHROMIUM)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-dev-shm-usage']
  })
}

/** A ~6 s 640×360 H.264/AAC clip of ~2.3 MB: about nine upload chunks of 256 kB. */
export function makeClip () {
  return makeVideo({ width: 640, height: 360, fps: 25, seconds: 6, bitrate: '3M', pattern: 'testsrc2', tone: 880 })
}

let shotCounter = 0
export const shots = []
/** Saves a full-page screenshot as tests/artifacts/e2e/NN-name.png. */
export async function screenshot (page, name, { fullPage = true } = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${String(++shotCounter).padStart(2, '0')}-${name}.png`)
  await page.screenshot({ path: file, fullPage })
  shots.push(path.relative(REPO_ROOT, file))
  return file
}

/** Records uncaught page errors and console errors of a page (checked by the steps). */
export function watchErrors (page, label) {
  const errors = { page: [], console: [], http: [] }
  page.on('pageerror', err => errors.page.push(`${label}: ${err.message}`))
  page.on('response', res => { if (res.status() >= 400) errors.http.push(`${label}: ${res.status()} ${res.request().method()} ${res.url()}`) })
  page.on('console', msg => { if (msg.type() === 'error') errors.console.push(`${label}: ${msg.text()} ${msg.location()?.url ?? ''}`.trim()) })
  return errors
}

// ---- API (node side) ---------------------------------------------------------

export async function apiJson (server, method, p, { token, json, form } = {}) {
  const headers = {}
  let body
  if (token) headers.Authorization = `Bearer ${token}`
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json) }
  if (form !== undefined) { headers['Content-Type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(form).toString() }
  const res = await fetch(server.url + p, { method, headers, body })
  const text = await res.text()
  let data = null
  try { data = text ? JSON.parse(text) : null } catch { data = text }
  if (!res.ok) throw new Error(`${method} ${p} answered ${res.status}: ${text.slice(0, 300)}`)
  return data
}

/** OAuth password grant against the local client (what the web client does). */
export async function apiLogin (server, username, password) {
  const client = await apiJson(server, 'GET', '/api/v1/oauth-clients/local')
  const tok = await apiJson(server, 'POST', '/api/v1/users/token', {
    form: { client_id: client.client_id, client_secret: client.client_secret, grant_type: 'password', username, password }
  })
  return tok.access_token
}

/** Polls GET /videos/{id} until its state is `stateId`; a "Transcoding failed" (7) ends the wait at once. */
export async function waitVideoState (server, id, stateId, { timeout = 90000, token } = {}) {
  const deadline = Date.now() + timeout
  let v = null
  while (Date.now() < deadline) {
    v = await apiJson(server, 'GET', `/api/v1/videos/${id}`, { token })
    if (v.state?.id === stateId) return v
    if (v.state?.id === 7 && stateId !== 7) throw new Error(`video ${id}: transcoding failed`)
    await sleep(200)
  }
  throw new Error(`video ${id} not in state ${stateId} after ${timeout} ms (state ${JSON.stringify(v?.state)})`)
}

/**
 * Uploads a video through the API (resumable, one chunk) for the bench; returns
 * the created video ({ id, uuid, shortUUID }).
 */
export async function apiUpload (server, token, file, name) {
  const me = await apiJson(server, 'GET', '/api/v1/users/me', { token })
  const buf = fs.readFileSync(file)
  const init = await fetch(server.url + '/api/v1/videos/upload-resumable', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'X-Upload-Content-Length': String(buf.length),
      'X-Upload-Content-Type': 'video/mp4'
    },
    body: JSON.stringify({ name, channelId: me.videoChannels[0].id, privacy: 1, filename: path.basename(file) })
  })
  if (init.status !== 200 && init.status !== 201) throw new Error(`upload init answered ${init.status}: ${await init.text()}`)
  const location = new URL(init.headers.get('location'), server.url)
  await init.arrayBuffer()
  const put = await fetch(server.url + location.pathname + location.search, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Range': `bytes 0-${buf.length - 1}/${buf.length}`, 'Content-Type': 'application/octet-stream' },
    body: buf
  })
  const text = await put.text()
  if (put.status !== 200) throw new Error(`upload PUT answered ${put.status}: ${text}`)
  return JSON.parse(text).video
}

/** The text of the axe-core script, to inject into pages. */
export function axeSource () {
  return fs.readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8')
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) on the page; returns the violations. */
export async function runAxe (page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: axeSource() })
  return page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] })
    return res.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => ({ target: n.target.join(' '), summary: n.failureSummary }))
    }))
  })
}
