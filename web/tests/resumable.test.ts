import { describe, expect, it } from 'vitest'
import {
  chunkRanges,
  contentRange,
  fileKey,
  listStoredUploads,
  nextOffsetFromRange,
  ResumableUpload,
  uploadPath,
  UPLOADS_STORAGE_KEY,
  type Sender
} from '@/lib/resumable'
import { memoryStorage } from './helpers'

/** A server that implements the resumable protocol in memory. */
function fakeUploadServer(opts: { failPutOnce?: number; location?: string } = {}) {
  let received = 0
  let size = 0
  let inits = 0
  const calls: Array<{ method: string; path: string; headers: Record<string, string>; bytes: number }> = []
  let failures = opts.failPutOnce ?? -1
  const location = opts.location ?? '//example.org/api/v1/videos/upload-resumable?upload_id=abc'
  const send: Sender = async (method, path, init) => {
    const headers = init.headers ?? {}
    const bytes = init.body instanceof Blob ? init.body.size : 0
    calls.push({ method, path, headers, bytes })
    if (method === 'POST') {
      inits++
      size = Number(headers['X-Upload-Content-Length'])
      return new Response(null, { status: inits === 1 ? 201 : 200, headers: { Location: location } })
    }
    if (method === 'DELETE') return new Response(null, { status: 204 })
    const cr = headers['Content-Range'] ?? ''
    const probe = /^bytes \*\/(\d+)$/.exec(cr)
    const range = (): Record<string, string> => (received > 0 ? { Range: `bytes=0-${received - 1}` } : {})
    if (probe) return new Response(null, { status: 308, headers: range() })
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(cr)
    if (!m) return new Response('{}', { status: 400 })
    if (failures-- === 0) throw new TypeError('network down')
    const start = Number(m[1])
    const end = Number(m[2])
    if (start !== received) return new Response(null, { status: 308, headers: range() })
    received = end + 1
    if (received >= size) return new Response(JSON.stringify({ video: { id: 7, uuid: 'u-7', shortUUID: 's7' } }), { status: 200 })
    return new Response(null, { status: 308, headers: range() })
  }
  return { send, calls, get received() { return received }, set received(n: number) { received = n } }
}

function fakeFile(size: number, name = 'clip.mp4') {
  const blob = new Blob([new Uint8Array(size)], { type: 'video/mp4' })
  return Object.assign(blob, { name, lastModified: 1234 }) as Blob & { name: string; lastModified: number }
}

describe('resumable helpers', () => {
  it('parses 308 Range headers', () => {
    expect(nextOffsetFromRange('bytes=0-1023')).toBe(1024)
    expect(nextOffsetFromRange('bytes=0-0')).toBe(1)
    expect(nextOffsetFromRange(null)).toBe(0)
    expect(nextOffsetFromRange('garbage')).toBe(0)
  })
  it('cuts a file in chunks', () => {
    expect(chunkRanges(0, 25, 10)).toEqual([[0, 10], [10, 20], [20, 25]])
    expect(chunkRanges(20, 25, 10)).toEqual([[20, 25]])
    expect(chunkRanges(25, 25, 10)).toEqual([])
    expect(contentRange(10, 20, 25)).toBe('bytes 10-19/25')
  })
  it('keeps only the path of the upload address', () => {
    expect(uploadPath('//host:9000/api/v1/videos/upload-resumable?upload_id=x')).toBe('/api/v1/videos/upload-resumable?upload_id=x')
    expect(uploadPath('/api/v1/videos/upload-resumable?upload_id=y')).toBe('/api/v1/videos/upload-resumable?upload_id=y')
  })
})

describe('ResumableUpload', () => {
  it('sends the file in chunks and returns the video', async () => {
    const server = fakeUploadServer()
    const storage = memoryStorage()
    const progress: number[] = []
    const u = new ResumableUpload(fakeFile(25), { name: 'Clip', channelId: 3, privacy: 1 }, { send: server.send, storage, chunkSize: 10, onProgress: (n) => progress.push(n) })
    const video = await u.start()
    expect(video).toEqual({ id: 7, uuid: 'u-7', shortUUID: 's7' })
    const init = server.calls[0]!
    expect(init.method).toBe('POST')
    expect(init.headers['X-Upload-Content-Length']).toBe('25')
    const puts = server.calls.filter((c) => c.method === 'PUT' && c.bytes > 0)
    expect(puts.map((c) => c.headers['Content-Range'])).toEqual(['bytes 0-9/25', 'bytes 10-19/25', 'bytes 20-24/25'])
    expect(puts.every((c) => c.path === '/api/v1/videos/upload-resumable?upload_id=abc')).toBe(true)
    expect(progress.at(-1)).toBe(25)
    expect(u.state).toBe('done')
    // finished uploads are forgotten
    expect(storage.getItem(UPLOADS_STORAGE_KEY)).toBeNull()
  })

  it('resumes after a reload from what the server has', async () => {
    const server = fakeUploadServer()
    const storage = memoryStorage()
    const file = fakeFile(30)
    const first = new ResumableUpload(file, { name: 'Clip', channelId: 3 }, { send: server.send, storage, chunkSize: 10, onProgress: (n) => n >= 10 && first.pause() })
    expect(await first.start()).toBeNull()
    expect(first.state).toBe('paused')
    expect(listStoredUploads(storage)[0]).toMatchObject({ fileName: 'clip.mp4', size: 30, lastModified: 1234, meta: { name: 'Clip', channelId: 3 } })

    // a new page: same file, nothing in memory but the storage
    server.calls.length = 0
    const second = new ResumableUpload(file, { name: 'Clip', channelId: 3 }, { send: server.send, storage, chunkSize: 10 })
    expect(second.resumable).toBe(true)
    expect(await second.start()).toMatchObject({ id: 7 })
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false)
    expect(server.calls[0]!.headers['Content-Range']).toBe('bytes */30')
    const sent = server.calls.filter((c) => c.bytes > 0).map((c) => c.headers['Content-Range'])
    expect(sent).toEqual(['bytes 10-19/30', 'bytes 20-29/30'])
  })

  it('retries after a network failure from the server offset', async () => {
    const server = fakeUploadServer({ failPutOnce: 1 })
    const u = new ResumableUpload(fakeFile(30), { name: 'C', channelId: 1 }, { send: server.send, storage: memoryStorage(), chunkSize: 10, retryDelays: [0], sleep: async () => {} })
    expect(await u.start()).toMatchObject({ id: 7 })
    const sent = server.calls.filter((c) => c.bytes > 0).map((c) => c.headers['Content-Range'])
    expect(sent).toEqual(['bytes 0-9/30', 'bytes 10-19/30', 'bytes 10-19/30', 'bytes 20-29/30'])
  })

  it('reports a refused upload and cancels with DELETE', async () => {
    const send: Sender = async (method) =>
      method === 'POST'
        ? new Response(JSON.stringify({ status: 403, detail: 'quota exceeded' }), { status: 403 })
        : new Response(null, { status: 204 })
    const u = new ResumableUpload(fakeFile(5), { name: 'C', channelId: 1 }, { send, storage: memoryStorage() })
    expect(await u.start()).toBeNull()
    expect(u.state).toBe('error')
    expect(String((u.error as Error).message)).toContain('quota exceeded')

    const server = fakeUploadServer()
    const storage = memoryStorage()
    const v = new ResumableUpload(fakeFile(30), { name: 'C', channelId: 1 }, { send: server.send, storage, chunkSize: 10, onProgress: (n) => n >= 10 && v.pause() })
    await v.start()
    await v.cancel()
    expect(server.calls.at(-1)!.method).toBe('DELETE')
    expect(storage.getItem(UPLOADS_STORAGE_KEY)).toBeNull()
    expect(fileKey({ name: 'a', size: 1, lastModified: 2 })).toBe('a|1|2')
  })
})

describe('video form', () => {
  it('turns the form into a PUT body PeerTube accepts', async () => {
    const { emptyVideoForm, updateFromForm } = await import('@/lib/videoForm')
    const f = { ...emptyVideoForm(4), name: ' Clip ', tagsText: 'a, b, a, , c', category: 2 }
    expect(updateFromForm(f)).toMatchObject({ name: 'Clip', channelId: 4, category: 2, tags: ['a', 'b', 'c'], description: null, support: null })
    expect(updateFromForm(f)).not.toHaveProperty('licence')
  })
})
