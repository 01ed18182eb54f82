import type { ResultList, Video, VideoChannel } from '@peertube/peertube-types'
import { api } from './client'
import type { VideoListQuery } from './videos'

const enc = encodeURIComponent

/**
 * The logged-in user's subscriptions (PeerTube's `/users/me/subscriptions`).
 * A channel is named by its handle, `name@host` (the server's own host means a
 * local channel); subscribing to another instance's channel is refused with a
 * 400 whose detail says why, which the caller shows as is.
 */
export function channelHandle(c: { name: string; host: string }): string {
  return `${c.name}@${c.host}`
}

export interface SubscriptionListQuery {
  start?: number
  count?: number
  sort?: '-createdAt' | 'createdAt' | 'name'
  search?: string
}

export const listSubscriptions = (q: SubscriptionListQuery) =>
  api.get<ResultList<VideoChannel>>('/api/v1/users/me/subscriptions', { query: { ...q } })
export const subscribe = (handle: string) => api.post<void>('/api/v1/users/me/subscriptions', { json: { uri: handle } })
export const unsubscribe = (handle: string) => api.delete<void>(`/api/v1/users/me/subscriptions/${enc(handle)}`)

/** Which of these handles I am subscribed to: `{ handle: boolean }` (the query repeats `uris=`). */
export function subscriptionsExist(handles: string[]) {
  const q = new URLSearchParams()
  for (const h of handles) q.append('uris', h)
  return api.get<Record<string, boolean>>(`/api/v1/users/me/subscriptions/exist?${q}`)
}

/** The videos of the channels I am subscribed to (the same filters as `/videos`). */
export const listSubscriptionVideos = (q: VideoListQuery) =>
  api.get<ResultList<Video>>('/api/v1/users/me/subscriptions/videos', { query: q })
