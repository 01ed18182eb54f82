import type { VideoDetails, VideoFile } from '@peertube/peertube-types'

/** PeerTube's video state ids that matter to the player. */
export const VideoStateId = { PUBLISHED: 1, TO_TRANSCODE: 2, TO_IMPORT: 3, WAITING_FOR_LIVE: 4, LIVE_ENDED: 5, TO_MOVE_TO_EXTERNAL_STORAGE: 6, TRANSCODING_FAILED: 7 } as const

/** What the browser can do, found out once (hls.js support needs hls.js loaded). */
export interface PlaybackCapabilities {
  /** hls.js runs here (Media Source Extensions with H.264/AAC) */
  hlsjs: boolean
  /** the <video> element plays HLS by itself (Safari, iOS) */
  nativeHls: boolean
}

/** One progressive file the viewer can pick (web video, or an HLS fragmented MP4). */
export interface Mp4Choice {
  /** PeerTube's resolution id: 720, 1080, 0 for audio only */
  id: number
  label: string
  url: string
  height: number
  width?: number
  fps: number
}

export type PlaybackSource =
  | { kind: 'hlsjs'; playlistUrl: string; segmentsSha256Url: string | null; files: VideoFile[]; fallback: Mp4Choice[] }
  | { kind: 'native-hls'; playlistUrl: string }
  | { kind: 'mp4'; choices: Mp4Choice[]; initial: number }
  /** no file yet: still transcoding, importing, moving to object storage */
  | { kind: 'processing'; stateLabel: string }
  /** no file and the server gave up preparing one (state "Transcoding failed") */
  | { kind: 'failed' }
  /** published but nothing playable (a live that is not streaming, a broken remote video) */
  | { kind: 'unavailable' }

/** The HLS playlist of a video, if it has one with an address. */
export function hlsPlaylistOf(video: Pick<VideoDetails, 'streamingPlaylists'>) {
  return (video.streamingPlaylists ?? []).find((p) => (p.type === undefined || p.type === 1) && !!p.playlistUrl) ?? null
}

/**
 * The progressive files a <video src> can play, best resolution first:
 * web videos, else the fragmented MP4s of the HLS playlist (browsers play those too).
 * Audio-only files (resolution 0) come last so a video picture is preferred.
 */
export function mp4Choices(video: Pick<VideoDetails, 'files' | 'streamingPlaylists'>): Mp4Choice[] {
  const web = (video.files ?? []).filter((f) => !!f.fileUrl)
  const files = web.length ? web : (hlsPlaylistOf(video)?.files ?? []).filter((f) => !!f.fileUrl)
  const seen = new Set<number>()
  const out: Mp4Choice[] = []
  for (const f of files) {
    const id = Number(f.resolution?.id ?? 0)
    if (seen.has(id)) continue
    seen.add(id)
    out.push({ id, label: f.resolution?.label || (id ? `${id}p` : 'Audio'), url: f.fileUrl, height: f.height ?? id, width: f.width, fps: f.fps ?? 0 })
  }
  return out.sort((a, b) => ((a.id === 0) !== (b.id === 0) ? (a.id === 0 ? 1 : -1) : b.id - a.id))
}

/** The file to start with: the highest resolution that has a picture (or the only file). */
export function defaultMp4(choices: Mp4Choice[]): number {
  const best = choices.find((c) => c.id !== 0) ?? choices[0]
  return best ? best.id : 0
}

/**
 * Chooses how to play a video: hls.js when there is an HLS playlist and hls.js
 * runs here; the browser's own HLS only when hls.js cannot run; otherwise the
 * progressive MP4 files; and when there is nothing yet, why.
 */
export function chooseSource(video: Pick<VideoDetails, 'files' | 'streamingPlaylists' | 'state'>, caps: PlaybackCapabilities): PlaybackSource {
  const hls = hlsPlaylistOf(video)
  const choices = mp4Choices(video)
  if (hls && caps.hlsjs) {
    return { kind: 'hlsjs', playlistUrl: hls.playlistUrl, segmentsSha256Url: hls.segmentsSha256Url || null, files: hls.files ?? [], fallback: choices }
  }
  if (hls && caps.nativeHls) return { kind: 'native-hls', playlistUrl: hls.playlistUrl }
  if (choices.length) return { kind: 'mp4', choices, initial: defaultMp4(choices) }

  const state = video.state?.id
  if (state === VideoStateId.TRANSCODING_FAILED) return { kind: 'failed' }
  if (state !== undefined && state !== VideoStateId.PUBLISHED && state !== VideoStateId.LIVE_ENDED && state !== VideoStateId.WAITING_FOR_LIVE) {
    return { kind: 'processing', stateLabel: video.state?.label ?? '' }
  }
  return { kind: 'unavailable' }
}

/** An HLS level as hls.js describes it (only what labelling needs). */
export interface LevelInfo {
  height?: number
  width?: number
}

/**
 * The label of an HLS level: PeerTube's resolution label of the matching file
 * ("720p", "1080p60" for 50 fps and more), found by the smaller side so portrait
 * videos read like landscape ones; "{height}p" when no file matches (lives).
 * Returns null for audio-only levels (the caller says "Audio only").
 */
export function levelLabel(level: LevelInfo, files: Array<Pick<VideoFile, 'resolution' | 'fps'>> = []): string | null {
  const h = level.height || 0
  const w = level.width || 0
  const resolution = w && h ? Math.min(w, h) : h
  if (!resolution) return null
  const file = files.find((f) => Number(f.resolution?.id) === resolution)
  if (!file) return `${resolution}p`
  const label = file.resolution.label || `${resolution}p`
  return file.fps >= 50 ? `${label}${file.fps}` : label
}

/** Appends a query parameter to a URL that may already have some. */
export function withQuery(url: string, key: string, value: string): string {
  const hashAt = url.indexOf('#')
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url
  const hash = hashAt >= 0 ? url.slice(hashAt) : ''
  return `${base}${base.includes('?') ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(value)}${hash}`
}

/** PeerTube's privacy ids for which static files need a token (or a password). */
export function needsFileToken(video: Pick<VideoDetails, 'privacy'>): boolean {
  const p = video.privacy?.id
  // 3 private, 4 internal, 5 password protected
  return p === 3 || p === 4 || p === 5
}
