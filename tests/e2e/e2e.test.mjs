// End-to-end: the built web client (web/dist) served by a real `vidiverse serve`
// (SQLite, HLS transcoding with a 240p rung), driven in headless Chromium.
// One server and one browser for the whole file; the steps run in order and
// share what they made (the account, the video). A screenshot per step goes to
// tests/artifacts/e2e/.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  ARTIFACTS, CHUNK_SIZE, ROOT_PASSWORD, apiJson, apiLogin, launchBrowser, makeClip, runAxe, screenshot, shots,
  sleep, startServer, stopServer, waitVideoState, watchErrors
} from './lib/e2e.mjs'
import { startEmbedHost } from './lib/embed-host.mjs'

const USER = { username: `e2e_${Date.now().toString(36)}`, password: 'e2e-Passw0rd!', displayName: 'E2E Tester' }
const CHANNEL = `${USER.username}_channel`
const VIDEO_NAME = 'E2E clip from the browser'
const COMMENT = 'A comment written by the end-to-end test.'
const DESKTOP = { width: 1280, height: 800 }

let server, browser, userCtx, rootCtx, clip
let rootToken = null
const video = {} // uuid, shortUUID, id
const summary = [] // { step, ok, ms, notes[] }
const allErrors = []

function need (value, what) {
  if (!value) throw new Error(`an earlier step did not provide ${what}`)
  return value
}

/** Rejects when `promise` takes longer than `ms` (page.evaluate has no timeout of its own). */
function withTimeout (promise, ms, what) {
  let timer
  return Promise.race([
    promise,
    new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms) })
  ]).finally(() => clearTimeout(timer))
}

function serverDied () {
  return server?.exit ? `the server exited (${JSON.stringify(server.exit)})\n${server.logTail(30)}` : null
}

/** it() that times the step and records it for the summary. */
function step (name, fn) {
  it(name, { timeout: 120000 }, async () => {
    const entry = { step: name, ok: false, ms: 0, notes: [] }
    summary.push(entry)
    const t0 = Date.now()
    try {
      const died = serverDied()
      if (died) throw new Error(died)
      await fn(entry.notes)
      entry.ok = true
    } catch (err) {
      const died = serverDied()
      if (died && !err.message.startsWith('the server exited')) err.message = `${err.message}\n(${died})`
      entry.error = err.message.split('\n')[0] + (died ? ' — the server is no longer running' : '')
      if (lastPage && !lastPage.isClosed()) await screenshot(lastPage, `FAILED-step-${name.split('.')[0]}`).catch(() => {})
      throw err
    } finally {
      entry.ms = Date.now() - t0
    }
  })
}

/** A browser context whose waits give up after 20 s. */
async function newContext (opts) {
  const ctx = await browser.newContext(opts)
  ctx.setDefaultTimeout(20000)
  ctx.setDefaultNavigationTimeout(20000)
  return ctx
}

const openHosts = new Set()
let lastPage = null
async function newPage (ctx, label) {
  const page = await ctx.newPage()
  lastPage = page
  const errors = watchErrors(page, label)
  allErrors.push(errors)
  return { page, errors }
}

function noPageErrors (errors) {
  assert.deepEqual(errors.page, [], 'uncaught errors in the page')
}

async function accountButton (page) {
  return page.getByRole('button', { name: `Account menu for ${USER.displayName}` })
}

async function logoutThroughMenu (page, displayName) {
  await page.getByRole('button', { name: `Account menu for ${displayName}` }).click()
  await page.locator('#user-menu').getByRole('button', { name: 'Log out' }).click()
  await page.getByRole('link', { name: 'Log in' }).waitFor()
}

async function loginThroughPage (page, username, password) {
  await page.getByRole('link', { name: 'Log in' }).first().click()
  await page.waitForURL(/\/login/)
  await page.locator('#login-username').fill(username)
  await page.locator('#login-password').fill(password)
  await page.locator('form').getByRole('button', { name: 'Log in' }).click()
}

async function storedTokens (page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('vidiverse.tokens') || 'null'))
}

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  clip = makeClip()
  server = await startServer()
  browser = await launchBrowser()
  userCtx = await newContext({ viewport: DESKTOP })
  rootCtx = await newContext({ viewport: DESKTOP })
  rootToken = await apiLogin(server, 'root', ROOT_PASSWORD)
  console.log(`# e2e: server ${server.url} (log ${server.logFile}), Chromium ${browser.version()}, clip ${path.basename(clip)} ${fs.statSync(clip).size} bytes`)
})

after(async () => {
  for (const h of openHosts) await h.close().catch(() => {})
  await browser?.close().catch(() => {})
  await stopServer(server)
  const consoleErrors = allErrors.flatMap(e => e.console)
  const lines = ['', '===== e2e summary =====']
  for (const s of summary) {
    lines.push(`${s.ok ? 'PASS' : 'FAIL'}  ${s.step}  (${(s.ms / 1000).toFixed(1)} s)${s.error ? `\n      ${s.error}` : ''}`)
    for (const n of s.notes) lines.push(`      ${n}`)
  }
  const httpErrors = allErrors.flatMap(e => e.http)
  if (httpErrors.length) {
    lines.push(`HTTP error answers seen by the browser (${httpErrors.length}):`)
    for (const e of httpErrors.slice(0, 20)) lines.push(`      ${e.slice(0, 200)}`)
  }
  if (consoleErrors.length) {
    lines.push(`browser console errors (${consoleErrors.length}, not failures by themselves):`)
    for (const e of consoleErrors.slice(0, 20)) lines.push(`      ${e.slice(0, 200)}`)
  }
  lines.push(`screenshots: ${shots.length} in ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`)
  lines.push(`${summary.filter(s => s.ok).length} passed, ${summary.filter(s => !s.ok).length} failed`)
  const text = lines.join('\n')
  console.log(text)
  fs.writeFileSync(path.join(ARTIFACTS, 'summary.txt'), text + '\n')
})

describe('web client end to end', () => {
  step('1. sign up through the page, sign out, sign in, sign out, sign in again', async (notes) => {
    const { page, errors } = await newPage(userCtx, 'user')
    const grants = []
    let revokes = 0
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/users/token')) grants.push(new URLSearchParams(r.postData() || '').get('grant_type'))
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/users/revoke-token')) revokes++
    })

    await page.goto(server.url + '/')
    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.waitForURL(/\/signup$/)
    await page.locator('#su-username').fill(USER.username)
    await page.locator('#su-display').fill(USER.displayName)
    await page.locator('#su-email').fill(`${USER.username}@example.com`)
    await page.locator('#su-password').fill(USER.password)
    await page.locator('#su-password2').fill(USER.password)
    await page.locator('#su-channel').fill(CHANNEL)
    await page.getByRole('checkbox').check()
    await screenshot(page, 'signup-form')
    await page.getByRole('button', { name: 'Create my account' }).click()
    // registered, then logged in by the page (OAuth password grant)
    await page.waitForURL(/\/my-account\/settings$/)
    await (await accountButton(page)).waitFor()
    const first = await storedTokens(page)
    assert.ok(first?.accessToken && first?.refreshToken, 'tokens kept after sign-up')
    const me = await apiJson(server, 'GET', '/api/v1/users/me', { token: first.accessToken })
    assert.equal(me.username, USER.username)
    assert.equal(me.videoChannels[0].name, CHANNEL)
    await screenshot(page, 'signed-up')

    await logoutThroughMenu(page, USER.displayName)
    assert.equal(await storedTokens(page), null, 'tokens forgotten on log out')
    const revoked = await fetch(server.url + '/api/v1/users/me', { headers: { Authorization: `Bearer ${first.accessToken}` } })
    assert.equal(revoked.status, 401, 'the access token was revoked on the server')

    await loginThroughPage(page, USER.username, USER.password)
    await (await accountButton(page)).waitFor()
    await logoutThroughMenu(page, USER.displayName)

    // again, by email this time, from another page: the login page goes back to it
    await page.goto(server.url + '/about')
    await loginThroughPage(page, `${USER.username}@example.com`, USER.password)
    await (await accountButton(page)).waitFor()
    await page.waitForURL(/\/about$/)
    const last = await storedTokens(page)
    assert.ok(last?.accessToken && last.accessToken !== first.accessToken, 'a new token after signing in again')
    assert.equal((await apiJson(server, 'GET', '/api/v1/users/me', { token: last.accessToken })).username, USER.username)
    assert.deepEqual(grants, ['password', 'password', 'password'], 'three password grants (sign-up, two sign-ins)')
    assert.equal(revokes, 2, 'each log out revokes its token')
    await screenshot(page, 'signed-in-again')
    noPageErrors(errors)
    notes.push(`user ${USER.username}, OAuth grants: ${grants.join(', ')}; revocations: ${revokes}`)
    await page.close()
  })

  step('2. upload through the page: progress, reload mid-way, resume, metadata, publish', async (notes) => {
    const { page, errors } = await newPage(userCtx, 'user')
    const size = fs.statSync(clip).size
    assert.ok(size > 4 * CHUNK_SIZE, `the clip (${size} bytes) takes several ${CHUNK_SIZE}-byte chunks`)
    // The transcoding waits until step 3 resumes the queue: the video stays
    // "To transcode" meanwhile, so the "being processed" views can be checked.
    await apiJson(server, 'POST', '/api/v1/jobs/pause', { token: rootToken })

    // Each chunk takes a while on this fast loopback, so the page can be
    // reloaded in the middle of the upload.
    const uploadRequests = []
    let phase = 'first'
    await userCtx.route('**/api/v1/videos/upload-resumable**', async (route) => {
      const req = route.request()
      const range = (await req.allHeaders())['content-range'] || ''
      uploadRequests.push({ phase, method: req.method(), range })
      if (req.method() === 'PUT' && !range.startsWith('bytes */')) await sleep(300)
      await route.continue().catch(() => {})
    })

    try {
      await page.goto(server.url + '/videos/upload')
      await page.getByRole('heading', { name: 'Publish a video' }).waitFor()
      await page.locator('#upload-file').setInputFiles(clip)
      const progress = page.locator('#upload-progress')
      await progress.waitFor()
      const seen = new Set()
      const deadline = Date.now() + 20000
      while (Date.now() < deadline) {
        const v = Number(await progress.getAttribute('value'))
        if (v > 0) seen.add(v)
        if (seen.size >= 2) break
        await sleep(25)
      }
      const before = [...seen]
      assert.ok(before.length >= 2, `the progress bar moved (values seen: ${before.join(', ')})`)
      assert.ok(Math.max(...before) < size, 'still uploading when the page is reloaded')
      await screenshot(page, 'upload-progress')
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('vidiverse.uploads') || '{}'))
      assert.equal(Object.keys(stored).length, 1, 'the upload address is kept in localStorage')

      phase = 'after-reload'
      await page.reload()
      const offer = page.getByText(/did not finish\. Choose the same file again to resume it\./)
      await offer.waitFor()
      await screenshot(page, 'upload-resume-offer')
      await page.locator('#upload-file').setInputFiles(clip)
      await page.getByText('Upload complete. Finish the details below and save.').waitFor({ timeout: 30000 })
      assert.equal(Number(await progress.getAttribute('value')), size)

      const inits = uploadRequests.filter(r => r.method === 'POST')
      assert.equal(inits.length, 1, 'one upload session: the reload resumed it instead of starting over')
      const resumed = uploadRequests.filter(r => r.phase === 'after-reload' && r.method === 'PUT')
      assert.match(resumed[0]?.range ?? '', new RegExp(`^bytes \\*/${size}$`), 'after the reload the page first asks the server how much it has')
      const firstData = resumed.find(r => !r.range.startsWith('bytes */'))
      const offset = Number(/^bytes (\d+)-/.exec(firstData?.range ?? '')?.[1])
      assert.ok(offset > 0 && offset % CHUNK_SIZE === 0, `the upload went on from byte ${offset}, not from 0`)
      const chunks = uploadRequests.filter(r => r.method === 'PUT' && !r.range.startsWith('bytes */')).length
      notes.push(`${size} bytes, ${chunks} chunk requests, progress values before the reload: ${before.join(', ')}; resumed at byte ${offset}`)

      // the metadata form, then publish
      await page.locator('#upload-name').fill(VIDEO_NAME)
      await page.locator('#upload-description').fill('Uploaded by the end-to-end test:\na generated test pattern with a tone.')
      await page.locator('#upload-tags').fill('e2e, playwright')
      await page.getByRole('button', { name: 'Save and publish' }).click()
      await page.getByText('Your video is saved.').waitFor()
      await screenshot(page, 'upload-published')
      const href = await page.getByRole('link', { name: 'Go to the video page' }).getAttribute('href')
      const short = /^\/w\/([^/?#]+)$/.exec(href ?? '')?.[1]
      assert.ok(short, `watch link ${href}`)
      const v = await apiJson(server, 'GET', `/api/v1/videos/${short}`)
      assert.equal(v.name, VIDEO_NAME)
      assert.deepEqual(v.tags, ['e2e', 'playwright'])
      assert.equal(v.channel.name, CHANNEL)
      assert.equal(v.state.id, 2, 'To transcode while the queue is paused')
      Object.assign(video, { id: v.id, uuid: v.uuid, shortUUID: v.shortUUID })
      assert.equal(await page.evaluate(() => localStorage.getItem('vidiverse.uploads')), null, 'nothing left to resume')

      // while it waits for transcoding: my videos and the watch page say so
      await page.goto(server.url + '/my-library/videos')
      const row = page.locator('tbody tr', { hasText: VIDEO_NAME })
      await row.locator('.badge', { hasText: 'Being processed' }).waitFor()
      await page.goto(server.url + `/w/${video.shortUUID}`)
      await page.locator('.state-alert', { hasText: 'This video is being processed' }).waitFor()
      // the player says so too when there is no file to play yet (else it plays the upload)
      if (v.files.length === 0 && v.streamingPlaylists.length === 0) {
        await page.locator('.vp-message', { hasText: 'This video is being processed' }).waitFor()
      } else {
        await page.locator('video.vp-video').waitFor()
      }
      await screenshot(page, 'watch-being-processed')
      noPageErrors(errors)
      await page.close()
    } finally {
      await userCtx.unroute('**/api/v1/videos/upload-resumable**')
    }
  })

  step('3. admin jobs page: resume the queue, the transcoding jobs run and complete', async (notes) => {
    need(video.uuid, 'a video')
    const { page, errors } = await newPage(rootCtx, 'root')
    await page.goto(server.url + '/')
    await loginThroughPage(page, 'root', ROOT_PASSWORD)
    await page.getByRole('button', { name: /^Account menu for / }).click()
    await page.locator('#user-menu').getByRole('link', { name: 'Jobs' }).click()
    await page.waitForURL(/\/admin\/jobs$/)
    await page.locator('#jobs-type').selectOption('video-transcoding')
    await page.waitForURL(/jobType=video-transcoding/)
    const ours = page.locator(`tr[data-job-id]:has(a[href="/w/${video.uuid}"])`)
    // paused queue: the optimize job waits
    await ours.filter({ hasText: 'optimize-to-web-video' }).first().waitFor()
    assert.equal(await ours.first().getAttribute('data-job-state'), 'waiting')
    assert.equal(await ours.first().locator('progress').getAttribute('value'), '0')
    await screenshot(page, 'admin-jobs-waiting')

    await page.getByRole('button', { name: 'Resume the queue' }).click()
    await page.getByText('The job queue has been resumed.').waitFor()
    // no reload from here on: the page reads the list again while jobs wait or run
    await waitVideoState(server, video.uuid, 1, { timeout: 90000 })
    await page.waitForFunction((uuid) => {
      const rows = [...document.querySelectorAll('tr[data-job-id]')].filter(r => r.querySelector(`a[href="/w/${uuid}"]`))
      const details = rows.map(r => r.querySelector('.job-detail')?.textContent ?? '')
      return rows.length >= 3 && rows.every(r => r.dataset.jobState === 'completed') &&
        details.includes('optimize-to-web-video') && details.includes('new-resolution-to-hls · 360p') && details.includes('new-resolution-to-hls · 240p')
    }, video.uuid, { timeout: 15000 })
    const rows = await ours.evaluateAll(trs => trs.map(r => ({
      id: r.dataset.jobId,
      state: r.dataset.jobState,
      detail: r.querySelector('.job-detail')?.textContent,
      progress: r.querySelector('progress')?.getAttribute('value')
    })))
    for (const r of rows) assert.equal(r.progress, '100', `job ${r.id} (${r.detail}) shows 100 %`)
    const published = await apiJson(server, 'GET', `/api/v1/videos/${video.uuid}`)
    assert.equal(published.streamingPlaylists.length, 1, 'an HLS playlist')
    assert.deepEqual(published.streamingPlaylists[0].files.map(f => f.resolution.id).sort((a, b) => a - b), [240, 360])
    await screenshot(page, 'admin-jobs-completed')
    noPageErrors(errors)
    notes.push(`jobs of the video: ${rows.map(r => `${r.id} ${r.detail} ${r.state}`).join('; ')}`)
    await page.close()
  })

  step('4. the watch page plays (HLS through hls.js), comment, like', async (notes) => {
    need(video.shortUUID, 'a published video')
    const { page, errors } = await newPage(userCtx, 'user')
    const hlsRequests = []
    page.on('request', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/static/streaming-playlists/hls/')) hlsRequests.push(path.basename(u.pathname))
      if (u.pathname.startsWith('/tracker')) hlsRequests.push('TRACKER ' + u.pathname)
    })
    await page.goto(server.url + `/w/${video.shortUUID}`)
    await page.getByRole('heading', { name: VIDEO_NAME, level: 1 }).waitFor()
    const media = page.locator('video.vp-video')
    await media.waitFor()
    // autoplay is the user's default; start it by hand when the browser did not
    await page.waitForFunction(() => {
      const v = document.querySelector('video.vp-video')
      return v && (v.readyState >= 1 || v.error)
    }, null, { timeout: 20000 })
    if (await media.evaluate(v => v.paused)) {
      const big = page.locator('.vp-big-play')
      if (await big.isVisible()) await big.click()
      else await media.evaluate(v => v.play())
    }
    await page.waitForFunction(() => {
      const v = document.querySelector('video.vp-video')
      if (v.error) throw new Error(`media error ${v.error.code}: ${v.error.message}`)
      return v.currentTime > 2
    }, null, { timeout: 30000, polling: 100 })
    const info = await media.evaluate(v => ({ src: v.currentSrc, t: v.currentTime, error: v.error, w: v.videoWidth, h: v.videoHeight }))
    assert.equal(info.error, null)
    assert.match(info.src, /^blob:/, 'played through Media Source Extensions (hls.js)')
    assert.ok(hlsRequests.some(n => n.endsWith('.m3u8')), 'HLS playlists fetched')
    assert.ok(hlsRequests.some(n => /\.(mp4|m4s)$/.test(n)), 'HLS fragments fetched')
    assert.ok(!hlsRequests.some(n => n.startsWith('TRACKER')), 'no tracker (P2P off)')
    assert.ok(info.w > 0 && info.h > 0, 'frames decoded')
    await screenshot(page, 'watch-playing')
    notes.push(`played to ${info.t.toFixed(2)} s at ${info.w}x${info.h}; ${hlsRequests.length} HLS requests`)

    // comment
    await page.locator('#comment-text').fill(COMMENT)
    await page.getByRole('button', { name: 'Comment', exact: true }).click()
    await page.locator('.comment .plain-text', { hasText: COMMENT }).waitFor()
    const threads = await apiJson(server, 'GET', `/api/v1/videos/${video.uuid}/comment-threads`)
    assert.equal(threads.total, 1)
    assert.equal(threads.data[0].text, COMMENT)
    assert.equal(threads.data[0].account.name, USER.username)

    // like
    const like = page.getByRole('button', { name: /^Like \(\d+\)$/ })
    assert.equal(await like.textContent().then(s => s.trim()), 'Like (0)')
    await like.click()
    await page.getByRole('button', { name: 'Like (1)' }).waitFor()
    assert.equal(await page.getByRole('button', { name: 'Like (1)' }).getAttribute('aria-pressed'), 'true')
    const token = (await storedTokens(page)).accessToken
    assert.deepEqual(await apiJson(server, 'GET', `/api/v1/users/me/videos/${video.id}/rating`, { token }), { videoId: video.id, rating: 'like' })
    assert.equal((await apiJson(server, 'GET', `/api/v1/videos/${video.uuid}`)).likes, 1)
    await page.locator('.comment').first().scrollIntoViewIfNeeded()
    await screenshot(page, 'watch-commented-liked')
    noPageErrors(errors)
    await page.close()
  })

  step('5. the embed in a third-party page, driven by @peertube/embed-api', async (notes) => {
    need(video.uuid, 'a published video')
    const host = await startEmbedHost(`${server.url}/videos/embed/${video.uuid}?warningTitle=0`)
    openHosts.add(host)
    const ctx = await newContext({ viewport: { width: 800, height: 500 } })
    /** Calls a PeerTubePlayer method in the host page, with a time limit. */
    const call = (page, method, arg) => withTimeout(page.evaluate(([m, a]) => window.player[m](a), [method, arg]), 10000, `player.${method}()`)
    try {
      const { page, errors } = await newPage(ctx, 'embed')
      await page.goto(host.url)
      await withTimeout(page.evaluate(() => window.player.ready), 15000, 'PeerTubePlayer.ready')
      await call(page, 'play')
      await page.waitForFunction(() => window.statusUpdates.some(e => e.position > 1 && e.playbackState === 'playing'), null, { timeout: 30000 })
      const update = await page.evaluate(() => window.statusUpdates.at(-1))
      assert.ok(Math.abs(update.duration - 6) < 0.5, `duration ${update.duration}`)
      assert.equal(await call(page, 'isPlaying'), true)

      const resolutions = await call(page, 'getResolutions')
      const labels = resolutions.map(r => r.label)
      assert.ok(labels.includes('360p') && labels.includes('240p'), `resolutions ${JSON.stringify(resolutions)}`)
      for (const r of resolutions) {
        assert.equal(typeof r.id, 'number')
        assert.equal(typeof r.active, 'boolean')
      }
      assert.ok(resolutions.filter(r => r.active).length <= 1, 'at most one active resolution')

      await call(page, 'setVolume', 0.3)
      const volume = await call(page, 'getVolume')
      assert.ok(Math.abs(volume - 0.3) < 0.01, `volume ${volume}`)
      const frameVolume = await page.frameLocator('iframe#embed').locator('video').evaluate(v => v.volume)
      assert.ok(Math.abs(frameVolume - 0.3) < 0.01, 'the video element of the frame has the volume')

      await call(page, 'pause')
      await page.waitForFunction(() => window.statusChanges.includes('paused') || window.statusUpdates.at(-1)?.playbackState === 'paused', null, { timeout: 5000 })
      assert.equal(await call(page, 'isPlaying'), false)
      const t1 = await call(page, 'getCurrentTime')
      await sleep(600)
      const t2 = await call(page, 'getCurrentTime')
      assert.ok(t1 > 1 && Math.abs(t2 - t1) < 0.05, `paused at ${t1} (then ${t2})`)
      await screenshot(page, 'embed-paused')
      noPageErrors(errors)
      notes.push(`resolutions ${labels.join(', ')}; ${await page.evaluate(() => window.statusUpdates.length)} playbackStatusUpdate events; paused at ${t1.toFixed(2)} s`)
    } finally {
      await ctx.close()
      await host.close()
      openHosts.delete(host)
    }
  })

  step('6. accessibility (axe-core): no critical violation on home, watch, upload, admin pages', async (notes) => {
    need(video.shortUUID, 'a published video')
    const anonCtx = await newContext({ viewport: DESKTOP })
    const pages = [
      { name: 'home', ctx: anonCtx, url: '/', ready: (p) => p.locator('.video-grid a').first().waitFor() },
      { name: 'watch', ctx: userCtx, url: `/w/${video.shortUUID}`, ready: (p) => p.locator('.vp-controls, .vp-big-play').first().waitFor() },
      { name: 'upload', ctx: userCtx, url: '/videos/upload', ready: (p) => p.locator('#upload-file').waitFor({ state: 'attached' }) },
      { name: 'admin-jobs', ctx: rootCtx, url: '/admin/jobs', ready: (p) => p.locator('tr[data-job-id]').first().waitFor() },
      { name: 'admin-users', ctx: rootCtx, url: '/admin/users', ready: (p) => p.locator('table.data tbody tr').first().waitFor() }
    ]
    const critical = []
    try {
      for (const p of pages) {
        const { page } = await newPage(p.ctx, `axe-${p.name}`)
        await page.goto(server.url + p.url)
        await p.ready(page)
        const violations = await withTimeout(runAxe(page), 30000, `axe on ${p.name}`)
        const line = violations.map(v => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ') || 'none'
        notes.push(`${p.name}: ${line}`)
        for (const v of violations) {
          if (v.impact === 'critical' || v.impact === 'serious') {
            console.log(`# axe ${p.name}: ${v.impact} ${v.id}: ${v.help}\n${v.nodes.map(n => `#   ${n.target}: ${n.summary?.split('\n').join(' ')}`).join('\n')}`)
          }
          if (v.impact === 'critical') critical.push(`${p.name}: ${v.id} (${v.help}) at ${v.nodes.map(n => n.target).join(', ')}`)
        }
        await page.close()
      }
    } finally {
      await anonCtx.close()
    }
    assert.deepEqual(critical, [], 'critical accessibility violations')
  })

  step('7. 375 px wide: home and watch pages without horizontal overflow', async (notes) => {
    need(video.shortUUID, 'a published video')
    const ctx = await newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })
    try {
      for (const [name, url, ready] of [
        ['home', '/', '.video-grid a'],
        ['watch', `/w/${video.shortUUID}`, 'video.vp-video']
      ]) {
        const { page, errors } = await newPage(ctx, `mobile-${name}`)
        await page.goto(server.url + url)
        await page.locator(ready).first().waitFor()
        await sleep(200)
        const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
          const vw = document.documentElement.clientWidth
          let widest = null
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect()
            if (r.right > vw + 1 && (!widest || r.right > widest.right)) widest = { tag: el.tagName.toLowerCase(), cls: el.className?.toString?.() ?? '', right: Math.round(r.right) }
          }
          return { scrollWidth: document.documentElement.scrollWidth, clientWidth: vw, widest }
        })
        await screenshot(page, `mobile-${name}`)
        notes.push(`${name}: scrollWidth ${scrollWidth} (viewport ${clientWidth})`)
        assert.ok(scrollWidth <= 375 + 1, `${name}: page ${scrollWidth} px wide at 375 px; widest element ${JSON.stringify(widest)}`)
        noPageErrors(errors)
        await page.close()
      }
    } finally {
      await ctx.close()
    }
  })
})
