import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VideoPlaylistElement } from '@peertube/peertube-types'
import { api } from '@/api/client'
import {
  addToPlaylist,
  createPlaylist,
  listAllPlaylistElements,
  listMyPlaylists,
  playlistForm,
  playlistWatchPath,
  removeFromPlaylist,
  reorderPlaylist,
  reorderRequest,
  updatePlaylist,
  videosInMyPlaylists
} from '@/api/playlists'
import { blockVideo, clearHistory, listMyHistory, listVideoBlocks, removeFromHistory, unblockVideo, updateVideoBlock } from '@/api/videos'
import { downloadChoices } from '@/lib/downloads'
import { elementAt, moveElement, nextPlayable, previousPlayable } from '@/lib/playlist'
import { copyText, embedCode, formatTimeParam, playlistShareUrl, videoShareUrl } from '@/lib/share'
import { fakeFetch, type Handler } from './helpers'

function useServer(handler: Handler) {
  const server = fakeFetch(handler)
  vi.stubGlobal('fetch', server.fetch)
  return server
}
const pathOf = (url: string) => new URL(url, 'http://x').pathname
const queryOf = (url: string) => new URL(url, 'http://x').searchParams

beforeEach(() => {
  localStorage.clear()
  api.reloadTokensFromStorage()
})
afterEach(() => {
  vi.unstubAllGlobals()
})

function element(id: number, position: number, extra: Partial<VideoPlaylistElement> = {}): VideoPlaylistElement {
  return { id, position, startTimestamp: 0, stopTimestamp: 0, type: 0, video: { id: id * 10, uuid: `u${id}`, name: `V${id}` } as never, ...extra }
}

describe('playlist API helpers', () => {
  it('builds the multipart body of a playlist: only given fields, an empty channel to detach one', () => {
    const file = new File(['x'], 'cover.jpg', { type: 'image/jpeg' })
    const f = playlistForm({ displayName: 'Road trip', description: 'Songs', privacy: 2, videoChannelId: 7, thumbnailfile: file })
    expect(f.get('displayName')).toBe('Road trip')
    expect(f.get('description')).toBe('Songs')
    expect(f.get('privacy')).toBe('2')
    expect(f.get('videoChannelId')).toBe('7')
    expect((f.get('thumbnailfile') as File).name).toBe('cover.jpg')

    const g = playlistForm({ privacy: 3, videoChannelId: null, description: '' })
    expect(g.get('videoChannelId')).toBe('')
    expect(g.has('description')).toBe(false)
    expect(g.has('displayName')).toBe(false)
    expect(g.has('thumbnailfile')).toBe(false)
  })

  it('creates, updates, adds, removes and reorders with the right requests', async () => {
    const server = useServer((c) => {
      if (c.method === 'POST' && pathOf(c.url) === '/api/v1/video-playlists') return { body: { videoPlaylist: { id: 3, uuid: 'u', shortUUID: 's' } } }
      if (c.method === 'POST' && pathOf(c.url) === '/api/v1/video-playlists/3/videos') return { body: { videoPlaylistElement: { id: 44 } } }
      return { status: 204 }
    })
    expect((await createPlaylist({ displayName: 'A', privacy: 3 })).videoPlaylist.id).toBe(3)
    await updatePlaylist('s', { displayName: 'B' })
    expect((await addToPlaylist(3, { videoId: 9, startTimestamp: 5 })).videoPlaylistElement.id).toBe(44)
    await removeFromPlaylist(3, 44)
    await reorderPlaylist(3, reorderRequest(4, 2))
    expect(server.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/video-playlists',
      'PUT /api/v1/video-playlists/s',
      'POST /api/v1/video-playlists/3/videos',
      'DELETE /api/v1/video-playlists/3/videos/44',
      'POST /api/v1/video-playlists/3/videos/reorder'
    ])
    expect(server.calls[0]!.body).toBeInstanceOf(FormData)
    expect((server.calls[0]!.body as FormData).get('privacy')).toBe('3')
    expect(JSON.parse(String(server.calls[2]!.body))).toEqual({ videoId: 9, startTimestamp: 5 })
    expect(JSON.parse(String(server.calls[4]!.body))).toEqual({ startPosition: 4, insertAfterPosition: 1, reorderLength: 1 })
  })

  it('computes reorder requests in the numbering before the move', () => {
    expect(reorderRequest(3, 2)).toEqual({ startPosition: 3, insertAfterPosition: 1, reorderLength: 1 })
    expect(reorderRequest(2, 1)).toEqual({ startPosition: 2, insertAfterPosition: 0, reorderLength: 1 })
    expect(reorderRequest(2, 3)).toEqual({ startPosition: 2, insertAfterPosition: 3, reorderLength: 1 })
    expect(reorderRequest(1, 4)).toEqual({ startPosition: 1, insertAfterPosition: 4, reorderLength: 1 })
  })

  it('asks videos-exist with the ids repeated', async () => {
    const server = useServer(() => ({ body: { 5: [{ playlistId: 1, playlistElementId: 2 }], 6: [] } }))
    const r = await videosInMyPlaylists([5, 6])
    expect(pathOf(server.calls[0]!.url)).toBe('/api/v1/users/me/video-playlists/videos-exist')
    expect(queryOf(server.calls[0]!.url).getAll('videoIds')).toEqual(['5', '6'])
    expect(r['5']![0]!.playlistElementId).toBe(2)
  })

  it('reads every page of a playlist', async () => {
    const server = useServer((c) => {
      const start = Number(queryOf(c.url).get('start'))
      const all = Array.from({ length: 130 }, (_, i) => element(i + 1, i + 1))
      return { body: { total: 130, data: all.slice(start, start + 100) } }
    })
    const list = await listAllPlaylistElements('p1')
    expect(list).toHaveLength(130)
    expect(server.calls.map((c) => queryOf(c.url).get('start'))).toEqual(['0', '100'])
    expect(queryOf(server.calls[0]!.url).get('count')).toBe('100')
  })

  it('lists my playlists with Watch later first, asked for by type as well', async () => {
    const wl = { id: 1, displayName: 'Watch later', type: { id: 2, label: 'Watch later' } }
    const server = useServer((c) => {
      if (queryOf(c.url).get('playlistType') === '2') return { body: { total: 1, data: [wl] } }
      return { body: { total: 2, data: [{ id: 8, displayName: 'Music', type: { id: 1, label: 'Regular' } }, { id: 9, displayName: 'Talks', type: { id: 1 } }] } }
    })
    const list = await listMyPlaylists('alice')
    expect(list.map((p) => p.id)).toEqual([1, 8, 9])
    expect(server.calls.every((c) => pathOf(c.url) === '/api/v1/accounts/alice/video-playlists')).toBe(true)
  })

  it('links to the playlist watch page', () => {
    expect(playlistWatchPath({ uuid: 'long', shortUUID: 'short' })).toBe('/w/p/short')
    expect(playlistWatchPath({ uuid: 'long' }, 3)).toBe('/w/p/long?playlistPosition=3')
  })
})

describe('history and block API helpers', () => {
  it('sends the history requests', async () => {
    const server = useServer(() => ({ status: 200, body: { total: 0, data: [] } }))
    await listMyHistory({ start: 20, count: 20, search: 'cat' })
    await removeFromHistory(12)
    await clearHistory()
    expect(pathOf(server.calls[0]!.url)).toBe('/api/v1/users/me/history/videos')
    expect(queryOf(server.calls[0]!.url).get('search')).toBe('cat')
    expect(queryOf(server.calls[0]!.url).get('start')).toBe('20')
    expect(`${server.calls[1]!.method} ${server.calls[1]!.url}`).toBe('DELETE /api/v1/users/me/history/videos/12')
    expect(`${server.calls[2]!.method} ${server.calls[2]!.url}`).toBe('POST /api/v1/users/me/history/videos/remove')
    expect(JSON.parse(String(server.calls[2]!.body))).toEqual({})
  })

  it('sends the block requests', async () => {
    const server = useServer(() => ({ status: 200, body: { total: 0, data: [] } }))
    await listVideoBlocks({ start: 0, count: 15, type: 1, search: 'x' })
    await blockVideo('uuid-1', { reason: 'Spam', unfederate: true })
    await updateVideoBlock('uuid-1', 'Spam again')
    await unblockVideo('uuid-1')
    expect(pathOf(server.calls[0]!.url)).toBe('/api/v1/videos/blacklist')
    expect(queryOf(server.calls[0]!.url).get('type')).toBe('1')
    expect(queryOf(server.calls[0]!.url).get('sort')).toBe('-createdAt')
    expect(server.calls.slice(1).map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/videos/uuid-1/blacklist',
      'PUT /api/v1/videos/uuid-1/blacklist',
      'DELETE /api/v1/videos/uuid-1/blacklist'
    ])
    expect(JSON.parse(String(server.calls[1]!.body))).toEqual({ reason: 'Spam', unfederate: true })
    expect(JSON.parse(String(server.calls[2]!.body))).toEqual({ reason: 'Spam again' })
  })
})

describe('share helpers', () => {
  it('writes start times like PeerTube', () => {
    expect(formatTimeParam(0)).toBe('0s')
    expect(formatTimeParam(45)).toBe('45s')
    expect(formatTimeParam(90.7)).toBe('1m30s')
    expect(formatTimeParam(3723)).toBe('1h2m3s')
    expect(formatTimeParam(3600)).toBe('1h0m0s')
  })

  it('builds the watch and playlist addresses', () => {
    expect(videoShareUrl('https://tube.example', { uuid: 'long', shortUUID: 'abc' })).toBe('https://tube.example/w/abc')
    expect(videoShareUrl('https://tube.example', { uuid: 'long', shortUUID: 'abc' }, 83)).toBe('https://tube.example/w/abc?start=1m23s')
    expect(videoShareUrl('https://tube.example', { uuid: 'long' }, 0)).toBe('https://tube.example/w/long')
    expect(playlistShareUrl('https://tube.example', { uuid: 'p', shortUUID: 'ps' }, 3)).toBe('https://tube.example/w/p/ps?playlistPosition=3')
  })

  it('builds PeerTube\'s embed code, escaping the title', () => {
    expect(embedCode('https://tube.example', { uuid: 'u-1', name: 'My "best" <clip> & more' })).toBe(
      '<iframe title="My &quot;best&quot; &lt;clip&gt; &amp; more" width="560" height="315" src="https://tube.example/videos/embed/u-1" ' +
        'style="border: 0px;" allow="fullscreen" sandbox="allow-same-origin allow-scripts allow-popups allow-forms"></iframe>'
    )
    expect(embedCode('https://tube.example', { uuid: 'u-1', name: 'x' }, 30)).toContain('src="https://tube.example/videos/embed/u-1?start=30s"')
  })

  it('copies with the Clipboard API, else with execCommand, else says it could not', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    expect(await copyText('hello')).toBe(true)
    expect(writeText).toHaveBeenCalledWith('hello')

    // refused by the browser: the field is selected and execCommand copies it
    vi.stubGlobal('navigator', { clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } })
    const input = document.createElement('input')
    input.value = 'hello'
    document.body.append(input)
    const exec = vi.fn().mockReturnValue(true)
    const doc = document as unknown as { execCommand: unknown }
    const before = doc.execCommand
    doc.execCommand = exec
    expect(await copyText('hello', input)).toBe(true)
    expect(exec).toHaveBeenCalledWith('copy')

    vi.stubGlobal('navigator', {})
    exec.mockReturnValue(false)
    expect(await copyText('hello', input)).toBe(false)
    expect(await copyText('hello')).toBe(false)
    input.remove()
    doc.execCommand = before
  })
})

describe('download choices', () => {
  it('lists web videos then HLS files, best first, with labels and sizes', () => {
    const file = (id: number, res: number, fps: number, size: number, url: string | null) => ({
      id,
      resolution: { id: res, label: res ? `${res}p` : 'Audio' },
      fps,
      size,
      fileDownloadUrl: url
    })
    const choices = downloadChoices({
      files: [file(1, 360, 25, 1000, '/download/videos/generate/u?videoFileIds=1'), file(2, 1080, 60, 5000, '/download/web-videos/u-1080.mp4'), file(3, 0, 0, 100, '/dl/audio')],
      streamingPlaylists: [{ files: [file(4, 720, 30, 3000, '/download/streaming-playlists/hls/videos/u-720-fragmented.mp4'), file(5, 240, 30, 1, null)] }]
    } as never)
    expect(choices.map((c) => [c.kind, c.resolution, c.size])).toEqual([
      ['web', '1080p60', 5000],
      ['web', '360p', 1000],
      ['web', null, 100],
      ['hls', '720p', 3000]
    ])
    expect(choices[0]!.url).toBe('/download/web-videos/u-1080.mp4')
    expect(new Set(choices.map((c) => c.key)).size).toBe(4)
    expect(downloadChoices({ files: [], streamingPlaylists: [] } as never)).toEqual([])
  })
})

describe('playlist order', () => {
  const list = [element(1, 1), element(2, 2, { type: 1, video: undefined }), element(3, 3), element(4, 4, { type: 2, video: undefined })]

  it('finds the next and previous playable elements, skipping the unavailable ones', () => {
    expect(nextPlayable(list, 1)?.id).toBe(3)
    expect(nextPlayable(list, 3)).toBeNull()
    expect(nextPlayable(list, 3, true)?.id).toBe(1)
    expect(previousPlayable(list, 3)?.id).toBe(1)
    expect(previousPlayable(list, 1)).toBeNull()
  })

  it('picks the element of ?playlistPosition=, else the first playable one', () => {
    expect(elementAt(list, 3)?.id).toBe(3)
    expect(elementAt(list, 2)?.id).toBe(2)
    expect(elementAt(list, 9)?.id).toBe(1)
    expect(elementAt(list, null)?.id).toBe(1)
    expect(elementAt([], null)).toBeNull()
  })

  it('moves an element and renumbers', () => {
    expect(moveElement(list, 3, 1).map((e) => [e.id, e.position])).toEqual([[3, 1], [1, 2], [2, 3], [4, 4]])
    expect(moveElement(list, 1, 2).map((e) => e.id)).toEqual([2, 1, 3, 4])
    expect(moveElement(list, 1, 9).map((e) => e.id)).toEqual([1, 2, 3, 4])
  })
})
