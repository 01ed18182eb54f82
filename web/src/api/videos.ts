import type {
  ResultList,
  Storyboard,
  UserVideoRate,
  Video,
  VideoBlacklist,
  VideoCommentThreadTree,
  VideoCaption,
  VideoChapter,
  VideoComment,
  VideoDetails,
  VideoToken,
  VideoUpdate
} from '@peertube/peertube-types'
import { api } from './client'

const enc = encodeURIComponent

export interface VideoListQuery {
  start?: number
  count?: number
  sort?: string
  isLocal?: boolean
  nsfw?: 'true' | 'false' | 'both'
  search?: string
  [k: string]: string | number | boolean | undefined
}

export type VideoRating = 'like' | 'dislike' | 'none'

/** PeerTube's privacy ids. */
export const VideoPrivacy = { PUBLIC: 1, UNLISTED: 2, PRIVATE: 3, INTERNAL: 4, PASSWORD_PROTECTED: 5 } as const
/** PeerTube's comment policy ids. */
export const CommentsPolicy = { ENABLED: 1, DISABLED: 2, REQUIRES_APPROVAL: 3 } as const

export const listVideos = (q: VideoListQuery) => api.get<ResultList<Video>>('/api/v1/videos', { query: q })
export const listAccountVideos = (name: string, q: VideoListQuery) =>
  api.get<ResultList<Video>>(`/api/v1/accounts/${enc(name)}/videos`, { query: q })
export const listChannelVideos = (handle: string, q: VideoListQuery) =>
  api.get<ResultList<Video>>(`/api/v1/video-channels/${enc(handle)}/videos`, { query: q })
export const listMyVideos = (q: VideoListQuery) => api.get<ResultList<Video>>('/api/v1/users/me/videos', { query: q })
export const searchVideos = (q: VideoListQuery) => api.get<ResultList<Video>>('/api/v1/search/videos', { query: q })

/** The header PeerTube reads the password of a password-protected video from. */
export const VIDEO_PASSWORD_HEADER = 'x-peertube-video-password'
const passwordHeaders = (password?: string | null) => (password ? { [VIDEO_PASSWORD_HEADER]: password } : undefined)

export const getVideo = (id: string | number, password?: string | null) =>
  api.get<VideoDetails>(`/api/v1/videos/${enc(String(id))}`, { headers: passwordHeaders(password) })
export const updateVideo = (id: string | number, u: VideoUpdate) => api.put<void>(`/api/v1/videos/${enc(String(id))}`, { json: u })
export const deleteVideo = (id: string | number) => api.delete<void>(`/api/v1/videos/${enc(String(id))}`)
export const getVideoFileToken = (id: string | number, password?: string | null) =>
  api.post<VideoToken>(`/api/v1/videos/${enc(String(id))}/token`, { headers: passwordHeaders(password) })

// player data: each may be missing on older or smaller servers, callers treat errors as "none"
export const getCaptions = (id: string | number, password?: string | null) =>
  api.get<ResultList<VideoCaption>>(`/api/v1/videos/${enc(String(id))}/captions`, { headers: passwordHeaders(password) })
export const getChapters = (id: string | number, password?: string | null) =>
  api.get<{ chapters: VideoChapter[] }>(`/api/v1/videos/${enc(String(id))}/chapters`, { headers: passwordHeaders(password) })
export const getStoryboards = (id: string | number, password?: string | null) =>
  api.get<{ storyboards: Storyboard[] }>(`/api/v1/videos/${enc(String(id))}/storyboards`, { headers: passwordHeaders(password) })

export const addView = (id: string | number, currentTime: number) =>
  api.post<void>(`/api/v1/videos/${enc(String(id))}/views`, { json: { currentTime: Math.floor(currentTime) } })
export const rateVideo = (id: string | number, rating: VideoRating) =>
  api.put<void>(`/api/v1/videos/${enc(String(id))}/rate`, { json: { rating } })
export const getMyRating = (id: string | number) => api.get<UserVideoRate>(`/api/v1/users/me/videos/${enc(String(id))}/rating`)

export const listCommentThreads = (id: string | number, q: { start?: number; count?: number; sort?: string } = {}) =>
  api.get<ResultList<VideoComment>>(`/api/v1/videos/${enc(String(id))}/comment-threads`, { query: q })
export const getCommentThread = (id: string | number, threadId: number) =>
  api.get<VideoCommentThreadTree>(`/api/v1/videos/${enc(String(id))}/comment-threads/${threadId}`)
export const addCommentThread = (id: string | number, text: string) =>
  api.post<{ comment: VideoComment }>(`/api/v1/videos/${enc(String(id))}/comment-threads`, { json: { text } })
export const replyToComment = (id: string | number, commentId: number, text: string) =>
  api.post<{ comment: VideoComment }>(`/api/v1/videos/${enc(String(id))}/comments/${commentId}`, { json: { text } })

export const getCategories = () => api.get<Record<string, string>>('/api/v1/videos/categories', { auth: false })
export const getLicences = () => api.get<Record<string, string>>('/api/v1/videos/licences', { auth: false })
export const getLanguages = () => api.get<Record<string, string>>('/api/v1/videos/languages', { auth: false })
export const getPrivacies = () => api.get<Record<string, string>>('/api/v1/videos/privacies', { auth: false })

// ---- watch history (the logged-in user's) -----------------------------------
/** Videos of the history, most recently watched first; each has `userHistory.currentTime`. */
export const listMyHistory = (q: { start?: number; count?: number; search?: string }) =>
  api.get<ResultList<Video>>('/api/v1/users/me/history/videos', { query: { ...q } })
export const removeFromHistory = (videoId: number) => api.delete<void>(`/api/v1/users/me/history/videos/${videoId}`)
/** Clears the history (all of it, or what was watched before `beforeDate`). */
export const clearHistory = (beforeDate?: string) =>
  api.post<void>('/api/v1/users/me/history/videos/remove', { json: beforeDate ? { beforeDate } : {} })

// ---- video blocks (moderators; PeerTube's "blacklist") ----------------------
/** Manual blocks, and automatic ones waiting for review. */
export const VideoBlockType = { MANUAL: 1, AUTO_BEFORE_PUBLISHED: 2 } as const
export interface VideoBlockListQuery {
  start?: number
  count?: number
  sort?: string
  search?: string
  type?: 1 | 2
}
export const listVideoBlocks = (q: VideoBlockListQuery) =>
  api.get<ResultList<VideoBlacklist>>('/api/v1/videos/blacklist', { query: { sort: '-createdAt', ...q } })
export const blockVideo = (id: string | number, b: { reason?: string; unfederate?: boolean }) =>
  api.post<void>(`/api/v1/videos/${enc(String(id))}/blacklist`, { json: b })
export const updateVideoBlock = (id: string | number, reason: string) =>
  api.put<void>(`/api/v1/videos/${enc(String(id))}/blacklist`, { json: { reason } })
export const unblockVideo = (id: string | number) => api.delete<void>(`/api/v1/videos/${enc(String(id))}/blacklist`)
