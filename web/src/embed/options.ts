/**
 * The URL options of /videos/embed/{id}, with PeerTube's names and defaults
 * (its embed documentation and player-options-builder.ts): toggles are on when
 * "1" or "true", off for any other value, and take their default when absent.
 */
import { parseTimeParam } from '@/player/time'

export interface EmbedOptions {
  autoplay: boolean
  /** undefined: not asked (the player keeps the viewer's last setting) */
  muted: boolean | undefined
  loop: boolean
  /** seconds, from "90", "1m30s", "1:30" */
  start: number | null
  stop: number | null
  /** the title overlay */
  title: boolean
  /** the P2P privacy notice under the title */
  warningTitle: boolean
  /** the link to the watch page */
  peertubeLink: boolean
  /** false: no control bar and no big play button */
  controls: boolean
  /** undefined: the viewer's or instance's setting decides */
  p2p: boolean | undefined
  /** language id of the subtitles to show */
  subtitle: string | null
  playbackRate: number | null
  /** jschannel scope shared with the parent page's PeerTubePlayer */
  scope: string
  /** wait for setVideoPassword from the parent instead of asking the viewer */
  waitPasswordFromEmbedAPI: boolean
}

export function toggleParam(params: URLSearchParams, name: string, fallback: boolean): boolean
export function toggleParam(params: URLSearchParams, name: string, fallback: undefined): boolean | undefined
export function toggleParam(params: URLSearchParams, name: string, fallback: boolean | undefined): boolean | undefined {
  if (!params.has(name)) return fallback
  const v = (params.get(name) ?? '').trim().toLowerCase()
  return v === '1' || v === 'true'
}

export function parseEmbedOptions(search: string | URLSearchParams): EmbedOptions {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search
  const text = (name: string) => {
    const v = params.get(name)
    return v === null || v.trim() === '' ? null : v.trim()
  }
  const rate = Number(text('playbackRate'))
  const scope = text('scope')
  return {
    autoplay: toggleParam(params, 'autoplay', false),
    muted: toggleParam(params, 'muted', undefined),
    loop: toggleParam(params, 'loop', false),
    start: parseTimeParam(text('start')),
    stop: parseTimeParam(text('stop')),
    title: toggleParam(params, 'title', true),
    warningTitle: toggleParam(params, 'warningTitle', true),
    peertubeLink: toggleParam(params, 'peertubeLink', true),
    // controlBar=0 hides PeerTube's bar; here the bar is all the controls there are
    controls: toggleParam(params, 'controls', true) && toggleParam(params, 'controlBar', true),
    p2p: toggleParam(params, 'p2p', undefined),
    subtitle: text('subtitle'),
    playbackRate: Number.isFinite(rate) && rate > 0 ? rate : null,
    scope: scope && !scope.includes('::') ? scope : 'peertube',
    waitPasswordFromEmbedAPI: toggleParam(params, 'waitPasswordFromEmbedAPI', false)
  }
}

/** The video id (uuid, short uuid or number) of an embed address, or null. */
export function embedVideoId(pathname: string): string | null {
  const m = /^\/videos\/embed\/([^/?#]+)\/?$/.exec(pathname)
  if (!m) return null
  let id: string
  try {
    id = decodeURIComponent(m[1])
  } catch {
    return null
  }
  return /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : null
}
