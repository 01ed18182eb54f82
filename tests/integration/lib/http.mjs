// A small HTTP client over node:http (not fetch): paths are sent byte for byte
// (no URL normalisation, so traversal attempts reach the server as written),
// any header can be set (Host included), and sockets/agents are under control.
import assert from 'node:assert/strict'
import http from 'node:http'
import net from 'node:net'
import crypto from 'node:crypto'

export class Response {
  constructor ({ status, statusText, headers, rawHeaders, body, reusedSocket }) {
    this.status = status
    this.statusText = statusText
    this.headers = headers // lower-cased names (node:http)
    this.rawHeaders = rawHeaders
    this.body = body // Buffer
    this.reusedSocket = reusedSocket
  }

  get text () { return this.body.toString('utf8') }

  get contentType () { return this.headers['content-type'] || '' }

  // Parsed JSON body, or undefined when the body is empty or not JSON.
  get json () {
    if (this._json !== undefined) return this._json
    if (this.body.length === 0) return undefined
    try {
      this._json = JSON.parse(this.text)
    } catch {
      this._json = undefined
    }
    return this._json
  }

  describe () {
    const text = this.text
    return `HTTP ${this.status} ${this.contentType} ${text.length > 600 ? text.slice(0, 600) + '…' : text}`
  }
}

export function multipartBody (parts, boundary = '----vidiverse' + crypto.randomBytes(8).toString('hex')) {
  const chunks = []
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`
    if (p.filename !== undefined) head += `; filename="${p.filename}"`
    head += '\r\n'
    if (p.contentType) head += `Content-Type: ${p.contentType}\r\n`
    head += '\r\n'
    chunks.push(Buffer.from(head, 'utf8'))
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(String(p.data ?? p.value ?? ''), 'utf8'))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/**
 * request(baseUrl, method, path, options)
 *  options: headers, token, json (object → JSON body), form (object → urlencoded),
 *           multipart ([{name, filename?, contentType?, data}]), body (Buffer|string),
 *           contentType, agent, localAddress, timeout (ms, default 10000)
 */
export function request (baseUrl, method, path, options = {}) {
  const u = new URL(baseUrl)
  const headers = { ...(options.headers || {}) }
  let body = null

  if (options.token) headers.Authorization = `Bearer ${options.token}`
  if (options.json !== undefined) {
    body = Buffer.from(JSON.stringify(options.json))
    headers['Content-Type'] ??= 'application/json'
  } else if (options.form !== undefined) {
    body = Buffer.from(new URLSearchParams(options.form).toString())
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded'
  } else if (options.multipart !== undefined) {
    const mp = multipartBody(options.multipart)
    body = mp.body
    headers['Content-Type'] ??= mp.contentType
  } else if (options.body !== undefined) {
    body = Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body)
    if (options.contentType) headers['Content-Type'] ??= options.contentType
  }
  if (body !== null) headers['Content-Length'] = String(body.length)

  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname,
      port: u.port,
      method,
      path,
      headers,
      agent: options.agent ?? false,
      localAddress: options.localAddress,
      setHost: headers.Host === undefined && headers.host === undefined
    }, res => {
      const chunks = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => resolve(new Response({
        status: res.statusCode,
        statusText: res.statusMessage,
        headers: res.headers,
        rawHeaders: res.rawHeaders,
        body: Buffer.concat(chunks),
        reusedSocket: req.reusedSocket
      })))
      res.on('error', reject)
    })
    req.setTimeout(options.timeout ?? 10000, () => req.destroy(new Error(`timeout: ${method} ${path}`)))
    req.on('error', reject)
    if (body !== null) req.write(body)
    req.end()
  })
}

// Sends raw bytes on a fresh TCP connection and collects everything the server
// answers until it closes or `waitMs` passes.
export function rawExchange (port, data, { waitMs = 2000, host = '127.0.0.1' } = {}) {
  return new Promise((resolve) => {
    const chunks = []
    const sock = net.connect({ host, port })
    let done = false
    const finish = (why) => {
      if (done) return
      done = true
      sock.destroy()
      resolve({ data: Buffer.concat(chunks).toString('latin1'), why })
    }
    sock.on('connect', () => sock.write(data))
    sock.on('data', c => chunks.push(c))
    sock.on('end', () => finish('end'))
    sock.on('close', () => finish('close'))
    sock.on('error', (e) => finish('error:' + e.code))
    setTimeout(() => finish('timeout'), waitMs)
  })
}

// Convenience wrapper bound to one server.
export class Api {
  constructor (server) {
    this.server = server
  }

  get base () { return this.server.url }

  req (method, path, opts) { return request(this.base, method, path, opts) }
  get (path, opts) { return this.req('GET', path, opts) }
  head (path, opts) { return this.req('HEAD', path, opts) }
  post (path, opts) { return this.req('POST', path, opts) }
  put (path, opts) { return this.req('PUT', path, opts) }
  delete (path, opts) { return this.req('DELETE', path, opts) }
  options (path, opts) { return this.req('OPTIONS', path, opts) }

  // GET that must answer 200 with a JSON body; returns the parsed body.
  async getOk (path, opts) {
    const res = await this.get(path, opts)
    if (res.status !== 200 || res.json === undefined) {
      throw new assert.AssertionError({ message: `GET ${path}: expected HTTP 200 with JSON, got ${res.describe()}` })
    }
    return res.json
  }
}
