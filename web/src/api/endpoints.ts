import type {
  About,
  Account,
  ActorImage,
  CustomConfig,
  Job,
  JobType,
  MyUser,
  ResultList,
  ServerConfig,
  User,
  UserCreate,
  UserRegister,
  UserUpdate,
  UserUpdateMe,
  UserVideoQuota,
  VideoChannel,
  VideoChannelCreate,
  VideoChannelUpdate
} from '@peertube/peertube-types'
import { api } from './client'

/** Role ids as PeerTube numbers them (the types package declares them as values it does not ship). */
export const UserRole = { ADMINISTRATOR: 0, MODERATOR: 1, USER: 2 } as const
export type UserRoleId = (typeof UserRole)[keyof typeof UserRole]

export type NsfwPolicy = 'display' | 'blur' | 'do_not_list'

const enc = encodeURIComponent

// ---- instance ----------------------------------------------------------------
export const getServerConfig = () => api.get<ServerConfig>('/api/v1/config', { auth: false })
export const getAbout = () => api.get<About>('/api/v1/config/about', { auth: false })
export const getCustomConfig = () => api.get<CustomConfig>('/api/v1/config/custom')
export const updateCustomConfig = (c: CustomConfig) => api.put<CustomConfig>('/api/v1/config/custom', { json: c })
export const resetCustomConfig = () => api.delete<CustomConfig>('/api/v1/config/custom')

// ---- me ----------------------------------------------------------------------
export const getMe = () => api.get<MyUser>('/api/v1/users/me')
export const updateMe = (u: UserUpdateMe) => api.put<void>('/api/v1/users/me', { json: u })
export const getMyQuota = () => api.get<UserVideoQuota>('/api/v1/users/me/video-quota-used')
export const register = (r: UserRegister) => api.post<void>('/api/v1/users/register', { json: r, auth: false })

function imageForm(field: string, file: Blob, name?: string): FormData {
  const form = new FormData()
  form.append(field, file, name ?? (file instanceof File ? file.name : 'image'))
  return form
}

export const uploadMyAvatar = (file: Blob) =>
  api.post<{ avatars: ActorImage[] }>('/api/v1/users/me/avatar/pick', { form: imageForm('avatarfile', file) })
export const deleteMyAvatar = () => api.delete<void>('/api/v1/users/me/avatar')

// ---- users (admin) -----------------------------------------------------------
export interface UserListQuery {
  start?: number
  count?: number
  sort?: string
  search?: string
  blocked?: boolean
}
export const listUsers = (q: UserListQuery) => api.get<ResultList<User>>('/api/v1/users', { query: { ...q } })
export const getUser = (id: number) => api.get<User>(`/api/v1/users/${id}`)
export const createUser = (u: UserCreate) =>
  api.post<{ user: { id: number; account: { id: number } } }>('/api/v1/users', { json: u })
export const updateUser = (id: number, u: UserUpdate) => api.put<void>(`/api/v1/users/${id}`, { json: u })
export const deleteUser = (id: number) => api.delete<void>(`/api/v1/users/${id}`)
export const blockUser = (id: number, reason?: string) =>
  api.post<void>(`/api/v1/users/${id}/block`, { json: reason ? { reason } : {} })
export const unblockUser = (id: number) => api.post<void>(`/api/v1/users/${id}/unblock`)

// ---- accounts ----------------------------------------------------------------
export const getAccount = (name: string) => api.get<Account>(`/api/v1/accounts/${enc(name)}`)
export const listAccountChannels = (name: string, q: { start?: number; count?: number } = {}) =>
  api.get<ResultList<VideoChannel>>(`/api/v1/accounts/${enc(name)}/video-channels`, { query: { ...q } })

// ---- channels ----------------------------------------------------------------
export const getChannel = (handle: string) => api.get<VideoChannel>(`/api/v1/video-channels/${enc(handle)}`)
export const createChannel = (c: VideoChannelCreate) =>
  api.post<{ videoChannel: { id: number } }>('/api/v1/video-channels', { json: c })
export const updateChannel = (handle: string, c: VideoChannelUpdate) =>
  api.put<void>(`/api/v1/video-channels/${enc(handle)}`, { json: c })
export const deleteChannel = (handle: string) => api.delete<void>(`/api/v1/video-channels/${enc(handle)}`)
export const uploadChannelImage = (handle: string, kind: 'avatar' | 'banner', file: Blob) =>
  api.post<Record<string, ActorImage[]>>(`/api/v1/video-channels/${enc(handle)}/${kind}/pick`, {
    form: imageForm(`${kind}file`, file)
  })
export const deleteChannelImage = (handle: string, kind: 'avatar' | 'banner') =>
  api.delete<void>(`/api/v1/video-channels/${enc(handle)}/${kind}`)

// ---- job queue (admin) -------------------------------------------------------
/** The states the jobs list filters by ('' = every state, PeerTube's `/jobs/`). */
export const JOB_STATES = ['', 'waiting', 'active', 'completed', 'failed', 'delayed'] as const
export type JobListState = (typeof JOB_STATES)[number]
/** The job types the list offers as a filter (PeerTube's names; the server knows more). */
export const JOB_TYPES = [
  'video-transcoding',
  'generate-video-storyboard',
  'manage-video-torrent',
  'video-file-import',
  'video-import',
  'federate-video',
  'activitypub-http-broadcast',
  'activitypub-http-unicast',
  'activitypub-http-fetcher',
  'activitypub-follow',
  'activitypub-refresher',
  'actor-keys',
  'email',
  'notify',
  'videos-views-stats',
  'move-to-object-storage',
  'video-redundancy',
  'video-live-ending',
  'video-studio-edition'
] as const satisfies readonly JobType[]
export interface JobListQuery {
  jobType?: string
  start?: number
  count?: number
  sort?: string
}
export const listJobs = (state: JobListState, q: JobListQuery) =>
  api.get<ResultList<Job>>(`/api/v1/jobs/${state}`, { query: { sort: '-createdAt', ...q } })
export const pauseJobQueue = () => api.post<void>('/api/v1/jobs/pause')
export const resumeJobQueue = () => api.post<void>('/api/v1/jobs/resume')
