import type {
  ResultList,
  VideoExistInPlaylist,
  VideoPlaylist,
  VideoPlaylistElement,
  VideoPlaylistReorder
} from '@peertube/peertube-types'
import { api } from './client'

const enc = encodeURIComponent

/** PeerTube's playlist privacy ids (the types package declares them as values it does not ship). */
export const PlaylistPrivacy = { PUBLIC: 1, UNLISTED: 2, PRIVATE: 3 } as const
export type PlaylistPrivacyId = (typeof PlaylistPrivacy)[keyof typeof PlaylistPrivacy]
/** Regular playlists, and the one "Watch later" playlist every user has. */
export const PlaylistType = { REGULAR: 1, WATCH_LATER: 2 } as const
/** Why an element cannot be played (`type` of a playlist element). */
export const PlaylistElementType = { REGULAR: 0, DELETED: 1, PRIVATE: 2, UNAVAILABLE: 3 } as const

export interface PlaylistListQuery {
  start?: number
  count?: number
  sort?: string
  search?: string
  playlistType?: 1 | 2
}

/** The fields of the create and update forms; `videoChannelId: null` detaches the channel. */
export interface PlaylistFields {
  displayName?: string
  description?: string
  privacy?: PlaylistPrivacyId
  videoChannelId?: number | null
  thumbnailfile?: Blob | null
}

/** Keyed by video id: where each video is in the user's playlists. */
export type VideosInMyPlaylists = Record<string, VideoExistInPlaylist[]>

/**
 * Playlists are created and updated with multipart bodies (the thumbnail is a
 * file). Absent fields are left out; a detached channel is sent as an empty
 * value, which the server reads as "no channel".
 */
export function playlistForm(f: PlaylistFields): FormData {
  const form = new FormData()
  if (f.displayName !== undefined) form.append('displayName', f.displayName)
  if (f.description !== undefined && f.description !== '') form.append('description', f.description)
  if (f.privacy !== undefined) form.append('privacy', String(f.privacy))
  if (f.videoChannelId !== undefined) form.append('videoChannelId', f.videoChannelId === null ? '' : String(f.videoChannelId))
  if (f.thumbnailfile) form.append('thumbnailfile', f.thumbnailfile, f.thumbnailfile instanceof File ? f.thumbnailfile.name : 'thumbnail.jpg')
  return form
}

export const listAccountPlaylists = (name: string, q: PlaylistListQuery = {}) =>
  api.get<ResultList<VideoPlaylist>>(`/api/v1/accounts/${enc(name)}/video-playlists`, { query: { ...q } })
export const listChannelPlaylists = (handle: string, q: PlaylistListQuery = {}) =>
  api.get<ResultList<VideoPlaylist>>(`/api/v1/video-channels/${enc(handle)}/video-playlists`, { query: { ...q } })

export const getPlaylist = (id: string | number) => api.get<VideoPlaylist>(`/api/v1/video-playlists/${enc(String(id))}`)
export const createPlaylist = (f: PlaylistFields) =>
  api.post<{ videoPlaylist: { id: number; uuid: string; shortUUID: string } }>('/api/v1/video-playlists', { form: playlistForm(f) })
export const updatePlaylist = (id: string | number, f: PlaylistFields) =>
  api.put<void>(`/api/v1/video-playlists/${enc(String(id))}`, { form: playlistForm(f) })
export const deletePlaylist = (id: string | number) => api.delete<void>(`/api/v1/video-playlists/${enc(String(id))}`)

export const listPlaylistElements = (id: string | number, q: { start?: number; count?: number } = {}) =>
  api.get<ResultList<VideoPlaylistElement>>(`/api/v1/video-playlists/${enc(String(id))}/videos`, { query: { ...q } })
export const addToPlaylist = (id: string | number, e: { videoId: number | string; startTimestamp?: number; stopTimestamp?: number }) =>
  api.post<{ videoPlaylistElement: { id: number } }>(`/api/v1/video-playlists/${enc(String(id))}/videos`, { json: e })
export const updatePlaylistElement = (id: string | number, elementId: number, e: { startTimestamp?: number | null; stopTimestamp?: number | null }) =>
  api.put<void>(`/api/v1/video-playlists/${enc(String(id))}/videos/${elementId}`, { json: e })
export const removeFromPlaylist = (id: string | number, elementId: number) =>
  api.delete<void>(`/api/v1/video-playlists/${enc(String(id))}/videos/${elementId}`)
export const reorderPlaylist = (id: string | number, r: VideoPlaylistReorder) =>
  api.post<void>(`/api/v1/video-playlists/${enc(String(id))}/videos/reorder`, { json: r })

/** In which of my playlists each video is: `{ "12": [{ playlistId, playlistElementId, ... }] }`. */
export function videosInMyPlaylists(videoIds: number[]): Promise<VideosInMyPlaylists> {
  // an array parameter is the name repeated (videoIds=1&videoIds=2), which the query helper does not write
  const q = videoIds.map((id) => `videoIds=${enc(String(id))}`).join('&')
  return api.get<VideosInMyPlaylists>(`/api/v1/users/me/video-playlists/videos-exist?${q}`)
}

/** Every element of a playlist, page after page (the server answers at most 100 at once). */
export async function listAllPlaylistElements(id: string | number, max = 1000): Promise<VideoPlaylistElement[]> {
  const out: VideoPlaylistElement[] = []
  for (;;) {
    const page = await listPlaylistElements(id, { start: out.length, count: 100 })
    out.push(...page.data)
    if (page.data.length === 0 || out.length >= page.total || out.length >= max) return out
  }
}

/**
 * The user's playlists with Watch later first. Watch later is asked for on its
 * own as well (`playlistType=2`) so that it is there even when the user has more
 * playlists than one page holds.
 */
export async function listMyPlaylists(accountName: string): Promise<VideoPlaylist[]> {
  const [all, watchLater] = await Promise.all([
    listAccountPlaylists(accountName, { start: 0, count: 100, sort: '-updatedAt' }),
    listAccountPlaylists(accountName, { start: 0, count: 1, playlistType: PlaylistType.WATCH_LATER }).catch(() => null)
  ])
  const list = [...(watchLater?.data ?? []), ...all.data]
  const seen = new Set<number>()
  return list
    .filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)))
    .sort((a, b) => Number(isWatchLater(b)) - Number(isWatchLater(a)))
}

export function isWatchLater(p: Pick<VideoPlaylist, 'type'>): boolean {
  return p.type?.id === PlaylistType.WATCH_LATER
}

/**
 * The request that moves the element at `from` to `to` (1-based positions).
 * PeerTube's `insertAfterPosition` counts in the numbering before the move, so
 * moving down inserts after the target, moving up after the one before it.
 */
export function reorderRequest(from: number, to: number): VideoPlaylistReorder {
  return { startPosition: from, insertAfterPosition: to > from ? to : to - 1, reorderLength: 1 }
}

/** The watch page of a playlist, at an element when given. */
export function playlistWatchPath(p: { shortUUID?: string; uuid: string }, position?: number): string {
  const base = `/w/p/${p.shortUUID || p.uuid}`
  return position && position > 1 ? `${base}?playlistPosition=${position}` : base
}
