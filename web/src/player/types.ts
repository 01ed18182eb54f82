/**
 * The player seen from outside: what the watch page and the embed (and through
 * it, @peertube/embed-api in a parent page) may ask of it and hear from it.
 */

/** A quality the viewer can pick. `id` follows PeerTube's embed API: the hls.js level
 * index for HLS (-1 is "Auto"), the resolution (720, 1080…) for MP4 files. */
export interface PlayerResolution {
  id: number
  label: string
  height: number
  width?: number
  active: boolean
}

/** A caption track, shaped like @peertube/embed-api's PeerTubeTextTrack. */
export interface PlayerCaption {
  /** the language id ("en", "fr") */
  id: string
  label: string
  src: string
  mode: 'showing' | 'disabled' | 'hidden'
}

export type PlaybackState = 'unstarted' | 'playing' | 'paused' | 'ended'

/** Events and what they carry. */
export interface PlayerEventMap {
  play: void
  pause: void
  ended: void
  /** about 4 times a second while playing, and after seeks */
  timeupdate: { position: number; duration: number }
  volumechange: { volume: number; muted: boolean }
  /** the list changed (levels known, a pick, hls.js switched in Auto) */
  resolutionchange: PlayerResolution[]
  ratechange: number
}

export type PlayerEventName = keyof PlayerEventMap
export type PlayerListener<K extends PlayerEventName> = (payload: PlayerEventMap[K]) => void

export interface PlayerController {
  play(): Promise<void>
  pause(): void
  isPlaying(): boolean
  playbackState(): PlaybackState
  seek(seconds: number): void
  getCurrentTime(): number
  getDuration(): number
  /** 0..1, whether muted or not (as PeerTube's API reports it) */
  getVolume(): number
  setVolume(volume: number): void
  getResolutions(): PlayerResolution[]
  setResolution(id: number): void
  getPlaybackRates(): number[]
  getPlaybackRate(): number
  setPlaybackRate(rate: number): void
  getCaptions(): PlayerCaption[]
  /** shows the track of that language; an unknown id or null turns captions off */
  setCaption(id: string | null): void
  /** the current frame as a PNG data URL ('' when the browser refuses, e.g. a cross-origin file) */
  getImageDataUrl(): string
  on<K extends PlayerEventName>(event: K, listener: PlayerListener<K>): () => void
}

/** How the player starts and what it shows (watch page and embed URL options). */
export interface PlayerOptions {
  autoplay?: boolean
  muted?: boolean
  loop?: boolean
  /** seconds to start from (URL `start`, or the viewer's history) */
  startTime?: number | null
  /** seconds to pause at (URL `stop`) */
  stopTime?: number | null
  /** false hides the control bar (embed `controls=0`); shortcuts still work */
  controls?: boolean
  /** peer-to-peer allowed (instance tracker on, viewer's setting, URL `p2p`): see policy.ts */
  p2p?: boolean
  /** STUN servers for WebRTC (the instance's `webrtc.stunServers`) */
  stunServers?: string[]
  /** password of a password-protected video */
  videoPassword?: string | null
  /** language id of the captions to show at start (embed `subtitle`) */
  subtitle?: string | null
  playbackRate?: number | null
}

/** Playback speeds offered in the menu (and to the embed API). */
export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const

/** A tiny typed event hub behind PlayerController.on. */
export class PlayerEvents {
  private readonly listeners = new Map<PlayerEventName, Set<(payload: never) => void>>()

  on<K extends PlayerEventName>(event: K, listener: PlayerListener<K>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener as (payload: never) => void)
    return () => set.delete(listener as (payload: never) => void)
  }

  fire<K extends PlayerEventName>(event: K, payload: PlayerEventMap[K]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        ;(l as PlayerListener<K>)(payload)
      } catch (e) {
        // one broken listener must not stop the others (or the player)
        console.error(e)
      }
    }
  }

  clear(): void {
    this.listeners.clear()
  }
}
