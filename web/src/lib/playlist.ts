import type { VideoPlaylistElement } from '@peertube/peertube-types'
import { PlaylistElementType } from '@/api/playlists'

/** An element that can be played: a regular one whose video the server gave. */
export function isPlayable(e: Pick<VideoPlaylistElement, 'type' | 'video'>): boolean {
  return (e.type ?? PlaylistElementType.REGULAR) === PlaylistElementType.REGULAR && !!e.video
}

/**
 * The next playable element after `position` (deleted, private and blocked
 * videos are skipped), or null at the end of the playlist. With `loop`, the
 * search starts over from the first element.
 */
export function nextPlayable(elements: readonly VideoPlaylistElement[], position: number, loop = false): VideoPlaylistElement | null {
  const sorted = [...elements].sort((a, b) => a.position - b.position)
  const after = sorted.find((e) => e.position > position && isPlayable(e))
  if (after || !loop) return after ?? null
  return sorted.find((e) => e.position !== position && isPlayable(e)) ?? null
}

/** The playable element before `position`, or null at the start. */
export function previousPlayable(elements: readonly VideoPlaylistElement[], position: number): VideoPlaylistElement | null {
  const sorted = [...elements].sort((a, b) => b.position - a.position)
  return sorted.find((e) => e.position < position && isPlayable(e)) ?? null
}

/** The element at `position`, else the first playable one (a bad or missing `?playlistPosition=`). */
export function elementAt(elements: readonly VideoPlaylistElement[], position: number | null): VideoPlaylistElement | null {
  if (position !== null) {
    const at = elements.find((e) => e.position === position)
    if (at) return at
  }
  return [...elements].sort((a, b) => a.position - b.position).find(isPlayable) ?? null
}

/**
 * The elements after moving the one at `from` to `to` (1-based), renumbered,
 * as the server will have them once the reorder request succeeds.
 */
export function moveElement<T extends { position: number }>(elements: readonly T[], from: number, to: number): T[] {
  const sorted = [...elements].sort((a, b) => a.position - b.position)
  const i = sorted.findIndex((e) => e.position === from)
  if (i < 0 || to < 1 || to > sorted.length) return sorted
  const [moved] = sorted.splice(i, 1)
  sorted.splice(to - 1, 0, moved!)
  return sorted.map((e, k) => ({ ...e, position: k + 1 }))
}
