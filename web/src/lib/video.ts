import type { Video } from '@peertube/peertube-types'

/** "1:05", "1:02:03" from seconds. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds || 0))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

/** The watch page of a video. */
export function watchPath(v: { shortUUID?: string; uuid: string }): string {
  return `/w/${v.shortUUID || v.uuid}`
}

/** What thumbnails come with: videos and playlists alike. */
type WithThumbnails = Pick<Video, 'thumbnailUrl' | 'thumbnailPath'> & { thumbnails?: readonly object[] | null }

/** The thumbnail to show (newer servers list several; older ones give one path). */
export function thumbnailOf(v: WithThumbnails): string | undefined {
  const list = (v.thumbnails ?? []) as Array<{ fileUrl?: string; path?: string; width?: number }>
  const best = [...list].sort((a, b) => (a.width ?? 0) - (b.width ?? 0)).find((t) => (t.width ?? 0) >= 280) ?? list[list.length - 1]
  return best?.fileUrl || best?.path || v.thumbnailUrl || v.thumbnailPath || undefined
}

/** Address of a channel or account page: local name, or name@host for remote ones. */
export function actorPath(kind: 'c' | 'a', actor: { name: string; host: string }, local: boolean): string {
  return `/${kind}/${local ? actor.name : `${actor.name}@${actor.host}`}`
}

/** Comma or Enter separated tags, trimmed, unique, at most 5 (PeerTube's limit). */
export function parseTags(text: string): string[] {
  const out: string[] = []
  for (const raw of text.split(',')) {
    const tag = raw.trim()
    if (tag && !out.includes(tag)) out.push(tag)
  }
  return out.slice(0, 5)
}
