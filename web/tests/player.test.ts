import { describe, expect, it } from 'vitest'
import type { VideoDetails, VideoFile } from '@peertube/peertube-types'
import { chapterAt, chapterMarks } from '@/player/chapters'
import { actionForKey } from '@/player/keyboard'
import { p2pAllowed, trackerAnnounceUrls } from '@/player/policy'
import { createSegmentValidator, expectedHash, fileNameOf, sha256Hex } from '@/player/segmentValidator'
import { chooseSource, defaultMp4, levelLabel, mp4Choices, withQuery } from '@/player/sources'
import { storyboardTile } from '@/player/storyboard'
import { parseTimeParam, resumePosition } from '@/player/time'

function file(id: number, extra: Partial<VideoFile> = {}): VideoFile {
  return {
    id,
    resolution: { id, label: id ? `${id}p` : 'Audio' },
    fileUrl: `https://tube.test/static/web-videos/v-${id}.mp4`,
    fps: 30,
    size: 1000,
    ...extra
  } as VideoFile
}

type SourceVideo = Pick<VideoDetails, 'files' | 'streamingPlaylists' | 'state'>
const HLS = {
  id: 1,
  type: 1 as const,
  playlistUrl: 'https://tube.test/static/streaming-playlists/hls/u/master.m3u8',
  segmentsSha256Url: 'https://tube.test/static/streaming-playlists/hls/u/segments-sha256.json',
  redundancies: [],
  files: [{ ...file(720), fileUrl: 'https://tube.test/static/streaming-playlists/hls/u/u-720-fragmented.mp4', playlistUrl: 'x' }]
}
const published = { id: 1 as const, label: 'Published' }

describe('time parameters', () => {
  it('reads seconds, units and clocks like PeerTube', () => {
    expect(parseTimeParam('90')).toBe(90)
    expect(parseTimeParam('1m30s')).toBe(90)
    expect(parseTimeParam('1h2m3s')).toBe(3723)
    expect(parseTimeParam('2m')).toBe(120)
    expect(parseTimeParam('45s')).toBe(45)
    expect(parseTimeParam('1m30')).toBe(90)
    expect(parseTimeParam('1:30')).toBe(90)
    expect(parseTimeParam('01:02:03')).toBe(3723)
    expect(parseTimeParam('12.7')).toBe(12)
    expect(parseTimeParam(' 1M30S ')).toBe(90)
  })

  it('refuses what is not a time', () => {
    for (const v of [null, undefined, '', 'abc', '1x', '-5', '1:2:3:4', 'm', 's']) expect(parseTimeParam(v), String(v)).toBeNull()
  })

  it('resumes from history unless the viewer had finished', () => {
    expect(resumePosition(65, 600)).toBe(65)
    expect(resumePosition(0, 600)).toBeNull()
    expect(resumePosition(undefined, 600)).toBeNull()
    expect(resumePosition(597, 600)).toBeNull() // last 5 s
    expect(resumePosition(3590, 3600)).toBeNull() // last 2 % of a long video
    expect(resumePosition(3500, 3600)).toBe(3500)
    expect(resumePosition(42, 0)).toBe(42) // duration unknown
  })
})

describe('source selection', () => {
  const caps = { hlsjs: true, nativeHls: false }

  it('uses hls.js when there is a playlist and hls.js runs', () => {
    const v: SourceVideo = { files: [file(720)], streamingPlaylists: [HLS], state: published }
    const s = chooseSource(v, caps)
    expect(s.kind).toBe('hlsjs')
    if (s.kind !== 'hlsjs') return
    expect(s.playlistUrl).toBe(HLS.playlistUrl)
    expect(s.segmentsSha256Url).toBe(HLS.segmentsSha256Url)
    expect(s.fallback.map((c) => c.id)).toEqual([720])
  })

  it('uses native HLS only when hls.js cannot run', () => {
    const v: SourceVideo = { files: [file(720)], streamingPlaylists: [HLS], state: published }
    expect(chooseSource(v, { hlsjs: false, nativeHls: true }).kind).toBe('native-hls')
    expect(chooseSource(v, { hlsjs: true, nativeHls: true }).kind).toBe('hlsjs')
  })

  it('falls back to MP4 without HLS or without HLS support, best picture first', () => {
    const v: SourceVideo = { files: [file(360), file(0), file(1080), file(720)], streamingPlaylists: [], state: published }
    const s = chooseSource(v, caps)
    expect(s.kind).toBe('mp4')
    if (s.kind !== 'mp4') return
    expect(s.choices.map((c) => c.id)).toEqual([1080, 720, 360, 0])
    expect(s.initial).toBe(1080)
    expect(chooseSource({ ...v, streamingPlaylists: [HLS] }, { hlsjs: false, nativeHls: false }).kind).toBe('mp4')
  })

  it('plays the fragmented MP4 of the HLS playlist when there are no web videos', () => {
    const v: SourceVideo = { files: [], streamingPlaylists: [HLS], state: published }
    const s = chooseSource(v, { hlsjs: false, nativeHls: false })
    expect(s.kind === 'mp4' && s.choices[0].url).toBe(HLS.files[0].fileUrl)
  })

  it('says "processing" while transcoding instead of a broken player', () => {
    const v: SourceVideo = { files: [], streamingPlaylists: [], state: { id: 2, label: 'To transcode' } }
    expect(chooseSource(v, caps)).toEqual({ kind: 'processing', stateLabel: 'To transcode' })
    expect(chooseSource({ ...v, state: { id: 3, label: 'To import' } }, caps).kind).toBe('processing')
    expect(chooseSource({ ...v, state: published }, caps).kind).toBe('unavailable')
  })

  it('says "transcoding failed" when the server gave up and there is no file', () => {
    const v: SourceVideo = { files: [], streamingPlaylists: [], state: { id: 7, label: 'Transcoding failed' } }
    expect(chooseSource(v, caps)).toEqual({ kind: 'failed' })
    // a file that made it before the failure is still played
    expect(chooseSource({ ...v, files: [file(360)] }, caps).kind).toBe('mp4')
  })

  it('plays an audio-only file when it is the only one', () => {
    const choices = mp4Choices({ files: [file(0)], streamingPlaylists: [] })
    expect(defaultMp4(choices)).toBe(0)
  })

  it('adds query parameters before a fragment', () => {
    expect(withQuery('/a.mp4', 'videoFileToken', 't 1')).toBe('/a.mp4?videoFileToken=t%201')
    expect(withQuery('/a.mp4?x=1#t=2', 'k', 'v')).toBe('/a.mp4?x=1&k=v#t=2')
  })
})

describe('quality labels', () => {
  const files = [file(1080, { fps: 60 }), file(720), file(480)]

  it('uses the file label of the level, with the frame rate from 50 fps', () => {
    expect(levelLabel({ height: 720, width: 1280 }, files)).toBe('720p')
    expect(levelLabel({ height: 1080, width: 1920 }, files)).toBe('1080p60')
  })

  it('reads portrait levels by their smaller side', () => {
    expect(levelLabel({ height: 1280, width: 720 }, files)).toBe('720p')
  })

  it('falls back to the height, and has no label for audio-only levels', () => {
    expect(levelLabel({ height: 240, width: 426 }, files)).toBe('240p')
    expect(levelLabel({ height: 360 })).toBe('360p')
    expect(levelLabel({ height: 0, width: 0 }, files)).toBeNull()
  })
})

describe('storyboard tiles', () => {
  // 10 columns x 10 rows of 192x108 tiles, 2 s each
  const sb = { totalWidth: 1920, totalHeight: 1080, spriteWidth: 192, spriteHeight: 108, spriteDuration: 2 }

  it('finds the tile of a moment, left to right then top to bottom', () => {
    expect(storyboardTile(sb, 0)).toMatchObject({ x: -0, y: -0, width: 192, height: 108, sheetWidth: 1920, sheetHeight: 1080 })
    expect(storyboardTile(sb, 5)).toMatchObject({ x: -384, y: -0 }) // tile 2
    expect(storyboardTile(sb, 25)).toMatchObject({ x: -384, y: -108 }) // tile 12
    expect(storyboardTile(sb, 199.9)).toMatchObject({ x: -1728, y: -972 }) // tile 99, the last
  })

  it('keeps the last tile past the end, the first before the start', () => {
    expect(storyboardTile(sb, 5000)).toMatchObject({ x: -1728, y: -972 })
    expect(storyboardTile(sb, -3)).toMatchObject({ x: -0, y: -0 })
  })

  it('handles a partial last row and refuses a broken description', () => {
    const partial = { ...sb, totalHeight: 216 } // 2 rows
    expect(storyboardTile(partial, 30)).toMatchObject({ x: -960, y: -108 }) // tile 15
    expect(storyboardTile({ ...sb, spriteDuration: 0 }, 3)).toBeNull()
    expect(storyboardTile({ ...sb, totalWidth: 100 }, 3)).toBeNull()
  })
})

describe('chapters', () => {
  const chapters = [
    { timecode: 60, title: 'Middle' },
    { timecode: 0, title: 'Intro' },
    { timecode: 150, title: 'End' },
    { timecode: 500, title: 'Past the end' }
  ]

  it('places sorted chapters on the bar with their ends', () => {
    const marks = chapterMarks(chapters, 200)
    expect(marks.map((m) => [m.title, m.start, m.end, m.left])).toEqual([
      ['Intro', 0, 60, 0],
      ['Middle', 60, 150, 30],
      ['End', 150, 200, 75]
    ])
    expect(chapterMarks(chapters, 0)).toEqual([])
  })

  it('finds the chapter of a moment', () => {
    const marks = chapterMarks(chapters, 200)
    expect(chapterAt(marks, 59)?.title).toBe('Intro')
    expect(chapterAt(marks, 60)?.title).toBe('Middle')
    expect(chapterAt(marks, 199)?.title).toBe('End')
    expect(chapterAt(chapterMarks([{ timecode: 10, title: 'Late' }], 100), 5)).toBeNull()
  })
})

describe('keyboard shortcuts', () => {
  it('maps the usual keys', () => {
    expect(actionForKey({ key: ' ' })).toEqual({ type: 'toggle-play' })
    expect(actionForKey({ key: 'k' })).toEqual({ type: 'toggle-play' })
    expect(actionForKey({ key: 'K' })).toEqual({ type: 'toggle-play' })
    expect(actionForKey({ key: 'ArrowLeft' })).toEqual({ type: 'seek-by', seconds: -5 })
    expect(actionForKey({ key: 'ArrowRight' })).toEqual({ type: 'seek-by', seconds: 5 })
    expect(actionForKey({ key: 'j' })).toEqual({ type: 'seek-by', seconds: -10 })
    expect(actionForKey({ key: 'l' })).toEqual({ type: 'seek-by', seconds: 10 })
    expect(actionForKey({ key: 'ArrowUp' })).toEqual({ type: 'volume-by', delta: 0.05 })
    expect(actionForKey({ key: 'ArrowDown' })).toEqual({ type: 'volume-by', delta: -0.05 })
    expect(actionForKey({ key: 'm' })).toEqual({ type: 'toggle-mute' })
    expect(actionForKey({ key: 'f' })).toEqual({ type: 'toggle-fullscreen' })
    expect(actionForKey({ key: 'c' })).toEqual({ type: 'toggle-captions' })
    expect(actionForKey({ key: '0' })).toEqual({ type: 'seek-to-fraction', fraction: 0 })
    expect(actionForKey({ key: '7' })).toEqual({ type: 'seek-to-fraction', fraction: 0.7 })
  })

  it('leaves other keys and browser shortcuts alone', () => {
    expect(actionForKey({ key: 'x' })).toBeNull()
    expect(actionForKey({ key: 'Tab' })).toBeNull()
    expect(actionForKey({ key: 'f', ctrlKey: true })).toBeNull()
    expect(actionForKey({ key: 'l', metaKey: true })).toBeNull()
  })
})

describe('peer-to-peer policy', () => {
  const config = { tracker: { enabled: true }, defaults: { p2p: { webapp: { enabled: true }, embed: { enabled: false } } } }
  const local = { isLocal: true }

  it('needs the tracker (for local videos) and WebRTC', () => {
    expect(p2pAllowed({ config, video: local, context: 'webapp', webrtc: true })).toBe(true)
    expect(p2pAllowed({ config: { ...config, tracker: { enabled: false } }, video: local, context: 'webapp', webrtc: true })).toBe(false)
    expect(p2pAllowed({ config: { ...config, tracker: { enabled: false } }, video: { isLocal: false }, context: 'webapp', webrtc: true })).toBe(true)
    expect(p2pAllowed({ config, video: local, context: 'webapp', webrtc: false })).toBe(false)
    expect(p2pAllowed({ config: null, video: local, context: 'webapp', webrtc: true })).toBe(false)
  })

  it('follows the URL option, then the viewer, then the instance default', () => {
    expect(p2pAllowed({ config, video: local, context: 'embed', webrtc: true })).toBe(false)
    expect(p2pAllowed({ config, video: local, context: 'embed', urlParam: true, webrtc: true })).toBe(true)
    expect(p2pAllowed({ config, video: local, context: 'webapp', userSetting: false, webrtc: true })).toBe(false)
    expect(p2pAllowed({ config, video: local, context: 'webapp', userSetting: true, urlParam: false, webrtc: true })).toBe(false)
  })

  it('announces to the listed WebSocket trackers, else to this instance', () => {
    const https = { protocol: 'https:', host: 'tube.test' }
    expect(trackerAnnounceUrls({ trackerUrls: ['https://o.test/tracker/announce', 'wss://o.test/tracker/socket'] }, https)).toEqual(['wss://o.test/tracker/socket'])
    expect(trackerAnnounceUrls({ trackerUrls: [] }, https)).toEqual(['wss://tube.test/tracker/socket'])
    expect(trackerAnnounceUrls({ trackerUrls: [] }, { protocol: 'http:', host: 'localhost:9000' })).toEqual(['ws://localhost:9000/tracker/socket'])
  })
})

describe('segment validation', () => {
  const data = new TextEncoder().encode('segment bytes').buffer as ArrayBuffer

  it('finds hashes by file name and byte range', () => {
    const hashes = { 'a-720-fragmented.mp4': { '0-999': 'h1', '1000-1999': 'h2' }, 'seg-3.ts': 'h3' }
    expect(fileNameOf('https://t/static/streaming-playlists/hls/u/a-720-fragmented.mp4?x=1')).toBe('a-720-fragmented.mp4')
    expect(expectedHash(hashes, 'https://t/hls/u/a-720-fragmented.mp4', 'bytes=1000-1999')).toBe('h2')
    expect(expectedHash(hashes, 'https://t/hls/u/seg-3.ts')).toBe('h3')
    expect(expectedHash(hashes, 'https://t/hls/u/a-720-fragmented.mp4', 'bytes=5-6')).toBeUndefined()
    expect(expectedHash(hashes, 'https://t/hls/u/other.mp4')).toBeUndefined()
  })

  it('accepts matching segments and rejects altered ones', async () => {
    const hash = await sha256Hex(data)
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    const validate = createSegmentValidator({ fetchHashes: async () => ({ 'v.mp4': { '0-12': hash } }), retryDelayMs: 1 })
    await expect(validate({ url: 'https://t/v.mp4', range: 'bytes=0-12', data })).resolves.toBeUndefined()
    const altered = new TextEncoder().encode('segment bytez').buffer as ArrayBuffer
    await expect(validate({ url: 'https://t/v.mp4', range: 'bytes=0-12', data: altered })).rejects.toThrow(/Wrong hash/)
  })

  it('refetches the list for a segment it does not know yet, then gives up', async () => {
    let calls = 0
    const hash = await sha256Hex(data)
    const validate = createSegmentValidator({
      fetchHashes: async (): Promise<Record<string, string>> => (++calls >= 2 ? { 'new.ts': hash } : {}),
      retryDelayMs: 1
    })
    await expect(validate({ url: 'https://t/new.ts', data })).resolves.toBeUndefined()
    expect(calls).toBe(2)
    const never = createSegmentValidator({ fetchHashes: async () => ({}), retries: 2, retryDelayMs: 1 })
    await expect(never({ url: 'https://t/x.ts', data })).rejects.toThrow(/Unknown segment/)
  })
})
