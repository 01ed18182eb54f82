// Web client figures for bench/web.sh:
//  1. the home page's initial JavaScript and CSS, gzip-compressed: what
//     web/dist/index.html references (module script, modulepreload links,
//     stylesheets), and what the browser really fetched to show the home page
//     (that adds the lazy HomePage chunk); beside the 150 KB budget.
//  2. time to first video frame on the watch page over localhost: a fresh
//     browser context (cold cache) opens /w/{id} of a published HLS video;
//     from navigation start to the first frame presented
//     (requestVideoFrameCallback) and to 'loadeddata'; median of N runs,
//     beside the 1 s goal.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import {
  DIST_DIR, ROOT_PASSWORD, apiLogin, apiUpload, checkDist, launchBrowser, makeClip, startServer, stopServer, waitVideoState
} from './lib/e2e.mjs'

const RUNS = Number(process.env.BENCH_WEB_RUNS || 5)
const BUDGET_KB = 150
const GOAL_MS = 1000

const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length
const kb = (n) => (n / 1024).toFixed(1)
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** The assets index.html loads before any route chunk. */
function entryAssets () {
  const html = fs.readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8')
  const js = new Set()
  const css = new Set()
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) js.add(m[1])
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0]
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1]
    if (!href) continue
    if (/\brel="modulepreload"/.test(tag)) js.add(href)
    else if (/\brel="stylesheet"/.test(tag)) css.add(href)
  }
  return { js: [...js], css: [...css] }
}

function sizeOf (urls) {
  let total = 0
  const rows = []
  for (const u of urls) {
    const file = path.join(DIST_DIR, u.replace(/^\//, ''))
    const n = gz(file)
    total += n
    rows.push(`    ${u.padEnd(44)} ${kb(n).padStart(7)} KB`)
  }
  return { total, rows }
}

async function homeFetched (browser, server) {
  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  const seen = new Set()
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (u.origin === server.url && u.pathname.startsWith('/assets/') && /\.(js|css)$/.test(u.pathname)) seen.add(u.pathname)
  })
  await page.goto(server.url + '/', { waitUntil: 'networkidle' })
  await ctx.close()
  return [...seen]
}

async function timeToFirstFrame (browser, server, id) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await ctx.addInitScript(() => {
    window.__ttff = {}
    const hook = (v) => {
      if (v.__hooked) return
      v.__hooked = true
      v.addEventListener('loadeddata', () => { window.__ttff.loadeddata ??= performance.now() })
      if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => { window.__ttff.frame ??= performance.now() })
    }
    new MutationObserver(() => document.querySelectorAll('video').forEach(hook))
      .observe(document, { childList: true, subtree: true })
  })
  const page = await ctx.newPage()
  await page.goto(`${server.url}/w/${id}`)
  await page.waitForFunction(() => window.__ttff.frame !== undefined && window.__ttff.loadeddata !== undefined, null, { timeout: 20000 })
  const r = await page.evaluate(() => window.__ttff)
  await ctx.close()
  return r
}

async function main () {
  checkDist()
  const entry = entryAssets()
  const js = sizeOf(entry.js)
  const css = sizeOf(entry.css)
  const out = []
  out.push('home page, initial assets referenced by web/dist/index.html (gzip -9):')
  out.push(...js.rows, ...css.rows)
  out.push(`  JavaScript ${kb(js.total)} KB + CSS ${kb(css.total)} KB = ${kb(js.total + css.total)} KB   (budget ${BUDGET_KB} KB: ${js.total + css.total <= BUDGET_KB * 1024 ? 'within' : 'OVER'})`)

  const server = await startServer({ name: 'bench_web', config: { log: { level: 'warn' } } })
  let browser
  try {
    browser = await launchBrowser()
    const fetched = await homeFetched(browser, server)
    const fj = sizeOf(fetched.filter(u => u.endsWith('.js')))
    const fc = sizeOf(fetched.filter(u => u.endsWith('.css')))
    out.push(`home page as loaded by Chromium (adds the lazy page chunks): ${fetched.length} files, JavaScript ${kb(fj.total)} KB + CSS ${kb(fc.total)} KB = ${kb(fj.total + fc.total)} KB   (budget ${BUDGET_KB} KB: ${fj.total + fc.total <= BUDGET_KB * 1024 ? 'within' : 'OVER'})`)

    const token = await apiLogin(server, 'root', ROOT_PASSWORD)
    const clip = makeClip()
    const v = await apiUpload(server, token, clip, 'bench web clip')
    await waitVideoState(server, v.uuid, 1, { timeout: 120000 })
    const frames = []
    const loaded = []
    for (let i = 0; i < RUNS; i++) {
      const r = await timeToFirstFrame(browser, server, v.shortUUID || v.uuid)
      frames.push(r.frame)
      loaded.push(r.loadeddata)
    }
    const fmt = (xs) => xs.map(x => Math.round(x)).join(', ')
    out.push(`watch page, time to first video frame (localhost, cold cache, HLS 640x360 + 240p, autoplay; ${RUNS} runs):`)
    out.push(`  first frame presented (requestVideoFrameCallback): median ${Math.round(median(frames))} ms   [${fmt(frames)}]   (goal < ${GOAL_MS} ms: ${median(frames) < GOAL_MS ? 'met' : 'MISSED'})`)
    out.push(`  'loadeddata':                                       median ${Math.round(median(loaded))} ms   [${fmt(loaded)}]`)
    out.push(`  (from navigation start; Chromium ${browser.version()} headless)`)
  } finally {
    await browser?.close().catch(() => {})
    await stopServer(server, 'bench-web-server.log')
  }
  console.log(out.join('\n'))
}

main().catch((err) => {
  console.error(`bench web: ${err.stack || err}`)
  process.exit(1)
})
