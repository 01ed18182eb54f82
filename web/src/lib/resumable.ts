import { ApiError, errorFromResponse, networkError } from '@/api/errors'

/**
 * PeerTube's resumable upload protocol (POST to start, PUT chunks with
 * Content-Range, 308 + Range while incomplete, 200 with the video at the end),
 * with the upload address kept in storage so a reloaded page resumes where the
 * server stopped.
 */

export const UPLOAD_PATH = '/api/v1/videos/upload-resumable'
export const UPLOADS_STORAGE_KEY = 'vidiverse.uploads'
export const DEFAULT_CHUNK_SIZE = 10 * 1024 * 1024

/** What the init POST carries besides the file description. */
export interface UploadMeta {
  name: string
  channelId: number
  privacy?: number
}

/** The file as the uploader needs it (a File, or a Blob with these fields in tests). */
export interface UploadFile {
  name: string
  size: number
  type: string
  lastModified: number
  slice(start?: number, end?: number): Blob
}

/** An unfinished upload remembered between page loads. */
export interface StoredUpload {
  url: string
  fileName: string
  size: number
  lastModified: number
  meta: UploadMeta
  savedAt: number
}

export interface UploadedVideo {
  id: number
  uuid: string
  shortUUID?: string
}

export type Sender = (method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit; signal?: AbortSignal }) => Promise<Response>

export type UploadState = 'idle' | 'uploading' | 'paused' | 'done' | 'error' | 'cancelled'

export interface ResumableOptions {
  send: Sender
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
  chunkSize?: number
  onProgress?: (uploaded: number, total: number) => void
  onState?: (state: UploadState) => void
  /** waits before retrying after a network failure (ms); one entry per retry */
  retryDelays?: number[]
  sleep?: (ms: number) => Promise<void>
}

/** The next byte to send from a 308 answer's `Range: bytes=0-N` header (N + 1), 0 without one. */
export function nextOffsetFromRange(range: string | null | undefined): number {
  if (!range) return 0
  const m = /bytes\s*=\s*(\d+)\s*-\s*(\d+)/i.exec(range)
  if (!m) return 0
  return Number(m[2]) + 1
}

/** The byte ranges [start, end) to send from `offset` on. */
export function chunkRanges(offset: number, size: number, chunkSize: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let s = offset; s < size; s += chunkSize) out.push([s, Math.min(size, s + chunkSize)])
  return out
}

/** `Content-Range` for bytes [start, end) of a file of `size` bytes. */
export function contentRange(start: number, end: number, size: number): string {
  return `bytes ${start}-${end - 1}/${size}`
}

/** Identifies a file across page loads (a File cannot be stored). */
export function fileKey(f: Pick<UploadFile, 'name' | 'size' | 'lastModified'>): string {
  return `${f.name}|${f.size}|${f.lastModified}`
}

/** Path and query of an upload address (the server may answer with an absolute or protocol-relative URL). */
export function uploadPath(location: string): string {
  const u = new URL(location, 'http://placeholder.invalid')
  return u.pathname + u.search
}

type Store = NonNullable<ResumableOptions['storage']>

export function readStoredUploads(storage: Store | null | undefined): Record<string, StoredUpload> {
  try {
    const raw = storage?.getItem(UPLOADS_STORAGE_KEY)
    const v = raw ? (JSON.parse(raw) as unknown) : null
    return v && typeof v === 'object' ? (v as Record<string, StoredUpload>) : {}
  } catch {
    return {}
  }
}

function writeStoredUploads(storage: Store | null | undefined, all: Record<string, StoredUpload>): void {
  try {
    if (Object.keys(all).length === 0) storage?.removeItem(UPLOADS_STORAGE_KEY)
    else storage?.setItem(UPLOADS_STORAGE_KEY, JSON.stringify(all))
  } catch {
    // storage full or disabled: the upload still works, it just cannot resume after a reload
  }
}

/** The unfinished uploads, newest first (for "resume your upload" offers). */
export function listStoredUploads(storage: Store | null | undefined): StoredUpload[] {
  return Object.values(readStoredUploads(storage)).sort((a, b) => b.savedAt - a.savedAt)
}

export function forgetStoredUpload(storage: Store | null | undefined, key: string): void {
  const all = readStoredUploads(storage)
  delete all[key]
  writeStoredUploads(storage, all)
}

async function failure(res: Response): Promise<ApiError> {
  return errorFromResponse(res.status, await res.text().catch(() => ''))
}

export class ResumableUpload {
  readonly file: UploadFile
  meta: UploadMeta
  state: UploadState = 'idle'
  uploaded = 0
  result: UploadedVideo | null = null
  error: unknown = null

  private readonly opts: ResumableOptions
  private readonly chunkSize: number
  private url: string | null = null
  private controller: AbortController | null = null
  private running: Promise<UploadedVideo | null> | null = null

  constructor(file: UploadFile, meta: UploadMeta, opts: ResumableOptions) {
    this.file = file
    this.meta = meta
    this.opts = opts
    this.chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK_SIZE)
    const stored = readStoredUploads(opts.storage)[fileKey(file)]
    if (stored && stored.size === file.size) {
      this.url = stored.url
      this.meta = { ...stored.meta, ...meta }
    }
  }

  get key(): string {
    return fileKey(this.file)
  }

  /** True when a previous page left this file half uploaded. */
  get resumable(): boolean {
    return this.url !== null
  }

  private setState(s: UploadState): void {
    this.state = s
    this.opts.onState?.(s)
  }

  private progress(n: number): void {
    this.uploaded = n
    this.opts.onProgress?.(n, this.file.size)
  }

  private remember(): void {
    if (!this.url) return
    const all = readStoredUploads(this.opts.storage)
    all[this.key] = { url: this.url, fileName: this.file.name, size: this.file.size, lastModified: this.file.lastModified, meta: this.meta, savedAt: Date.now() }
    writeStoredUploads(this.opts.storage, all)
  }

  private forget(): void {
    forgetStoredUpload(this.opts.storage, this.key)
  }

  /** Starts or resumes; resolves with the created video, or null when paused or cancelled. */
  start(): Promise<UploadedVideo | null> {
    if (this.running) return this.running
    if (this.state === 'done') return Promise.resolve(this.result)
    this.running = this.run().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Stops sending after aborting the chunk in flight; `start()` goes on from what the server has. */
  pause(): void {
    if (this.state !== 'uploading') return
    this.setState('paused')
    this.controller?.abort()
  }

  /** Stops and tells the server to drop what it received. */
  async cancel(): Promise<void> {
    const url = this.url
    this.setState('cancelled')
    this.controller?.abort()
    this.forget()
    this.url = null
    if (url) {
      try {
        await this.opts.send('DELETE', url, {})
      } catch {
        // the server forgets unfinished uploads by itself after a while
      }
    }
  }

  private async init(signal: AbortSignal): Promise<void> {
    const res = await this.opts.send('POST', UPLOAD_PATH, {
      headers: {
        'Content-Type': 'application/json',
        'X-Upload-Content-Length': String(this.file.size),
        'X-Upload-Content-Type': this.file.type || 'application/octet-stream'
      },
      body: JSON.stringify({ ...this.meta, filename: this.file.name }),
      signal
    })
    if (res.status !== 200 && res.status !== 201) throw await failure(res)
    const location = res.headers.get('Location')
    if (!location) throw new ApiError({ status: res.status, detail: 'missing Location' })
    this.url = uploadPath(location)
    this.remember()
  }

  /** Asks the server how much it has: the next offset, or the video when already complete. */
  private async probe(signal: AbortSignal): Promise<number | UploadedVideo | 'gone'> {
    const res = await this.opts.send('PUT', this.url!, {
      headers: { 'Content-Range': `bytes */${this.file.size}`, 'Content-Length': '0' },
      signal
    })
    if (res.status === 308) return nextOffsetFromRange(res.headers.get('Range'))
    if (res.status === 200 || res.status === 201) return ((await res.json()) as { video: UploadedVideo }).video
    if (res.status === 404 || res.status === 410) return 'gone'
    throw await failure(res)
  }

  private async run(): Promise<UploadedVideo | null> {
    this.error = null
    this.setState('uploading')
    const delays = this.opts.retryDelays ?? [1000, 2000, 5000, 10000, 20000]
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    let retries = 0
    while (this.state === 'uploading') {
      this.controller = new AbortController()
      const signal = this.controller.signal
      try {
        if (!this.url) await this.init(signal)
        let offset: number
        const p = await this.probe(signal)
        if (p === 'gone') {
          // expired on the server: start over
          this.url = null
          this.forget()
          continue
        }
        if (typeof p === 'object') return this.finish(p)
        offset = p
        this.progress(offset)
        if (this.state !== 'uploading') return null
        while (offset < this.file.size) {
          if (this.state !== 'uploading') return null
          const end = Math.min(this.file.size, offset + this.chunkSize)
          const res = await this.opts.send('PUT', this.url!, {
            headers: { 'Content-Range': contentRange(offset, end, this.file.size), 'Content-Type': 'application/octet-stream' },
            body: this.file.slice(offset, end),
            signal
          })
          if (res.status === 308) {
            const next = nextOffsetFromRange(res.headers.get('Range'))
            offset = next > offset ? next : end
            this.progress(offset)
            retries = 0
            continue
          }
          if (res.status === 200 || res.status === 201) {
            return this.finish(((await res.json()) as { video: UploadedVideo }).video)
          }
          throw await failure(res)
        }
        // everything sent and still no video: the server refused to finish it
        throw new ApiError({ status: 500, detail: 'The upload did not complete.' })
      } catch (e) {
        if (this.state !== 'uploading') return null // paused or cancelled
        const network = e instanceof ApiError ? e.network : !(e instanceof ApiError)
        if (network && retries < delays.length) {
          await sleep(delays[retries++]!)
          continue
        }
        this.error = e instanceof ApiError ? e : networkError()
        this.setState('error')
        return null
      }
    }
    return null
  }

  private finish(video: UploadedVideo): UploadedVideo {
    this.result = video
    this.progress(this.file.size)
    this.forget()
    this.setState('done')
    return video
  }
}
