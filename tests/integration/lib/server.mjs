// Starts the real `vidiverse serve` for a test file: random free port, temporary
// storage root, its own database (SQLite file under the storage root, or a fresh
// PostgreSQL database when VIDIVERSE_DB=postgres), logs captured to a file.
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import yaml from 'js-yaml'

const here = path.dirname(fileURLToPath(import.meta.url))
export const REPO_ROOT = path.resolve(here, '..', '..', '..')
export const ROOT_PASSWORD = 'root-Passw0rd!'
export const DB = process.env.VIDIVERSE_DB || 'sqlite'

export const BIN = process.env.VIDIVERSE_BIN
  ? path.resolve(process.env.VIDIVERSE_BIN)
  : path.join(REPO_ROOT, 'build', 'vidiverse')

const READY_TIMEOUT_MS = 15000
const STOP_TIMEOUT_MS = 10000

export function isPlainObject (v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

export function deepMerge (base, over) {
  const out = { ...base }
  for (const [k, v] of Object.entries(over || {})) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k], v) : v
  }
  return out
}

export async function freePort (host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, host, () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function sleep (ms) {
  return new Promise(resolve => setTimeout(resolve, ms))
}

function psqlBin () {
  for (const p of ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql']) {
    if (fs.existsSync(p)) return p
  }
  return 'psql'
}

function createPostgresDatabase (name) {
  const port = process.env.VIDIVERSE_PG_PORT
  if (!port) throw new Error('VIDIVERSE_DB=postgres needs VIDIVERSE_PG_PORT (use tests/integration/run.sh postgres)')
  const host = process.env.VIDIVERSE_PG_HOST || '127.0.0.1'
  execFileSync(psqlBin(), ['-h', host, '-p', port, '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1',
    '-c', `CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`], { stdio: 'pipe' })
  return { type: 'postgres', hostname: host, port: Number(port), name, username: 'postgres', password: '' }
}

// Default per-test configuration: everything generous so that only the test that
// is about a limit ever meets one.
function baseConfig ({ port, storageRoot }) {
  return {
    listen: { hostname: '127.0.0.1', port },
    webserver: { https: false, hostname: '127.0.0.1', port },
    storage: { root: storageRoot },
    database: { type: 'sqlite' },
    signup: { enabled: true, limit: 100, requires_approval: false, requires_email_verification: false },
    rates_limit: {
      api: { window: '10 seconds', max: 100000 },
      login: { window: '5 minutes', max: 100000 },
      signup: { window: '5 minutes', max: 100000 },
      ask_send_email: { window: '5 minutes', max: 100000 }
    },
    instance: { name: 'Vidiverse IT' },
    // The suites about the REST API want the uploaded file served as is, at
    // once (as PeerTube's own API tests do); the pipeline suites turn
    // transcoding on with their own ladder.
    transcoding: { enabled: false },
    jobs: { poll_interval: 200 },
    log: { level: 'info' }
  }
}

let serverCounter = 0

export class TestServer {
  constructor (opts = {}) {
    this.opts = opts
    this.name = opts.name || path.basename(process.argv[1] || 'test', '.mjs').replace(/[^a-z0-9]+/gi, '_')
    this.proc = null
    this.exit = null
    this.expectingExit = false
  }

  get url () { return `http://127.0.0.1:${this.port}` }
  get host () { return `127.0.0.1:${this.port}` }

  async start () {
    if (!fs.existsSync(BIN)) throw new Error(`server binary not found: ${BIN} (build it, or set VIDIVERSE_BIN)`)
    if (!this.dir) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `vidiverse-it-${this.name}-`))
      this.storageRoot = path.join(this.dir, 'storage')
      fs.mkdirSync(this.storageRoot, { recursive: true })
      this.configFile = path.join(this.dir, 'config.yaml')
      this.logFile = path.join(this.dir, 'server.log')
      this.port = this.opts.port || await freePort()
      let config = baseConfig({ port: this.port, storageRoot: this.storageRoot })
      if (DB === 'postgres') {
        const dbName = `vv_${this.name}_${process.pid}_${++serverCounter}`.toLowerCase().slice(0, 60)
        config.database = createPostgresDatabase(dbName)
      }
      config = deepMerge(config, this.opts.config || {})
      this.config = config
      fs.writeFileSync(this.configFile, yaml.dump(config))
    }
    await this.spawn()
    return this
  }

  async spawn () {
    const logFd = fs.openSync(this.logFile, 'a')
    fs.writeSync(logFd, `\n===== start ${new Date().toISOString()} ${BIN} serve --config ${this.configFile}\n`)
    this.exit = null
    this.expectingExit = false
    const env = { ...process.env, PT_INITIAL_ROOT_PASSWORD: ROOT_PASSWORD, ...(this.opts.env || {}) }
    this.proc = spawn(BIN, ['serve', '--config', this.configFile], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', logFd, logFd]
    })
    fs.closeSync(logFd)
    this.exited = new Promise(resolve => {
      this.proc.on('exit', (code, signal) => {
        this.exit = { code, signal }
        resolve(this.exit)
      })
      this.proc.on('error', err => {
        this.exit = { code: null, signal: null, error: err }
        resolve(this.exit)
      })
    })
    await this.waitReady()
  }

  async waitReady () {
    const deadline = Date.now() + READY_TIMEOUT_MS
    let lastErr = null
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(`server exited during start-up (${JSON.stringify(this.exit)})\n${this.logTail(80)}`)
      }
      try {
        const res = await fetch(`${this.url}/api/v1/config`, { signal: AbortSignal.timeout(1000) })
        await res.arrayBuffer()
        if (res.status === 200) return
        lastErr = new Error(`GET /api/v1/config answered ${res.status}`)
      } catch (err) {
        lastErr = err
      }
      await sleep(100)
    }
    await this.kill()
    throw new Error(`server not ready after ${READY_TIMEOUT_MS} ms: ${lastErr?.message}\n${this.logTail(80)}`)
  }

  get alive () { return this.proc !== null && this.exit === null }

  // Graceful stop: SIGTERM, wait for the exit; SIGKILL after STOP_TIMEOUT_MS.
  async stop () {
    if (!this.proc) return null
    if (this.exit) return this.exit
    this.expectingExit = true
    this.proc.kill('SIGTERM')
    const timer = setTimeout(() => { if (!this.exit) this.proc.kill('SIGKILL') }, STOP_TIMEOUT_MS)
    const res = await this.exited
    clearTimeout(timer)
    return res
  }

  async kill () {
    if (!this.proc || this.exit) return
    this.expectingExit = true
    this.proc.kill('SIGKILL')
    await this.exited
  }

  // Same port, storage and database: what an operator's restart does.
  async restart () {
    const res = await this.stop()
    await this.spawn()
    return res
  }

  async cleanup () {
    await this.stop()
    if (this.dir && !process.env.VIDIVERSE_KEEP_TMP) {
      // keep the log next to the other artifacts before removing the tmp dir
      try {
        const artifacts = path.join(REPO_ROOT, 'tests', 'artifacts', 'integration')
        fs.mkdirSync(artifacts, { recursive: true })
        fs.copyFileSync(this.logFile, path.join(artifacts, `${DB}-${path.basename(this.dir)}.log`))
      } catch {}
      fs.rmSync(this.dir, { recursive: true, force: true })
    }
  }

  logSize () {
    try { return fs.statSync(this.logFile).size } catch { return 0 }
  }

  logSince (offset) {
    try {
      const buf = fs.readFileSync(this.logFile)
      return buf.subarray(offset).toString('utf8')
    } catch { return '' }
  }

  logTail (lines = 60) {
    try {
      const all = fs.readFileSync(this.logFile, 'utf8').split('\n')
      return `----- ${this.logFile} (last ${lines} lines) -----\n` + all.slice(-lines).join('\n')
    } catch { return '(no server log)' }
  }
}

export async function startServer (opts = {}) {
  const s = new TestServer(opts)
  await s.start()
  return s
}
