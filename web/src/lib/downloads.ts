import type { VideoDetails, VideoFile } from '@peertube/peertube-types'

/** One downloadable file, as the download menu lists it. */
export interface DownloadChoice {
  key: string
  /** "1080p60", "720p", or null for an audio-only file (the menu says "Audio only") */
  resolution: string | null
  /** web video (progressive MP4), or a file of the HLS playlist */
  kind: 'web' | 'hls'
  size: number
  url: string
}

function resolutionLabel(f: Pick<VideoFile, 'resolution' | 'fps'>): string | null {
  const id = Number(f.resolution?.id ?? 0)
  if (!id) return null
  const label = f.resolution?.label || `${id}p`
  // PeerTube writes the frame rate only when it is high: "1080p60"
  return f.fps >= 50 && !label.endsWith(String(f.fps)) ? `${label}${f.fps}` : label
}

/**
 * The files a viewer may download: every web video, then every file of the
 * HLS playlist, each list best resolution first (audio only last).
 * Files without a download address are left out.
 */
export function downloadChoices(video: Pick<VideoDetails, 'files' | 'streamingPlaylists'>): DownloadChoice[] {
  const order = (a: VideoFile, b: VideoFile) => {
    const ra = Number(a.resolution?.id ?? 0)
    const rb = Number(b.resolution?.id ?? 0)
    if ((ra === 0) !== (rb === 0)) return ra === 0 ? 1 : -1
    return rb - ra
  }
  const list = (files: VideoFile[] | undefined, kind: 'web' | 'hls'): DownloadChoice[] =>
    [...(files ?? [])]
      .filter((f) => !!f.fileDownloadUrl)
      .sort(order)
      .map((f) => ({ key: `${kind}-${f.id ?? f.fileDownloadUrl}`, resolution: resolutionLabel(f), kind, size: f.size ?? 0, url: f.fileDownloadUrl }))
  return [...list(video.files, 'web'), ...(video.streamingPlaylists ?? []).flatMap((p) => list(p.files, 'hls'))]
}
