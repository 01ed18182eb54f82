import type { VideoDetails, VideoUpdate } from '@peertube/peertube-types'
import { getCategories, getLanguages, getLicences, getPrivacies, CommentsPolicy, VideoPrivacy } from '@/api/videos'
import { parseTags } from '@/lib/video'

/** What the video metadata form edits. */
export interface VideoFormModel {
  name: string
  channelId: number | null
  privacy: number
  category: number | null
  licence: number | null
  language: string | null
  description: string
  tagsText: string
  nsfw: boolean
  commentsPolicy: number
  downloadEnabled: boolean
  support: string
}

export function emptyVideoForm(channelId: number | null = null): VideoFormModel {
  return {
    name: '',
    channelId,
    privacy: VideoPrivacy.PUBLIC,
    category: null,
    licence: null,
    language: null,
    description: '',
    tagsText: '',
    nsfw: false,
    commentsPolicy: CommentsPolicy.ENABLED,
    downloadEnabled: true,
    support: ''
  }
}

export function formFromVideo(v: VideoDetails): VideoFormModel {
  return {
    name: v.name,
    channelId: v.channel?.id ?? null,
    privacy: v.privacy?.id ?? VideoPrivacy.PUBLIC,
    category: v.category?.id ?? null,
    licence: v.licence?.id ?? null,
    language: v.language?.id ?? null,
    description: v.description ?? '',
    tagsText: (v.tags ?? []).join(', '),
    nsfw: !!v.nsfw,
    commentsPolicy: v.commentsPolicy?.id ?? CommentsPolicy.ENABLED,
    downloadEnabled: v.downloadEnabled ?? true,
    support: v.support ?? ''
  }
}

/** The PUT /videos/{id} body (null fields are left out). */
export function updateFromForm(m: VideoFormModel): VideoUpdate {
  const u: VideoUpdate = {
    name: m.name.trim(),
    privacy: m.privacy as VideoUpdate['privacy'],
    // PeerTube refuses empty strings (3 characters at least); null clears the field
    description: (m.description.trim() ? m.description : null) as string | undefined,
    tags: parseTags(m.tagsText),
    nsfw: m.nsfw,
    commentsPolicy: m.commentsPolicy as VideoUpdate['commentsPolicy'],
    downloadEnabled: m.downloadEnabled,
    support: (m.support.trim() ? m.support.trim() : null) as string | undefined
  }
  if (m.channelId !== null) u.channelId = m.channelId
  if (m.category !== null) u.category = m.category
  if (m.licence !== null) u.licence = m.licence
  if (m.language !== null) u.language = m.language
  return u
}

export interface VideoConstants {
  categories: Record<string, string>
  licences: Record<string, string>
  languages: Record<string, string>
  privacies: Record<string, string>
}

let constants: Promise<VideoConstants> | null = null
/** Category, licence, language and privacy labels from the server (loaded once). */
export function loadVideoConstants(): Promise<VideoConstants> {
  if (!constants) {
    constants = Promise.all([getCategories(), getLicences(), getLanguages(), getPrivacies()])
      .then(([categories, licences, languages, privacies]) => ({ categories, licences, languages, privacies }))
      .catch((e) => {
        constants = null
        throw e
      })
  }
  return constants
}
