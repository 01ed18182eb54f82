/**
 * HLS playback with hls.js, fetched on demand: nothing here is in the bundle of
 * pages without a player, and a video without an HLS playlist never downloads it.
 */
import type Hls from 'hls.js'
import type { HlsConfig, Level } from 'hls.js'
import type { P2PEngine, P2PSetup } from './p2p'

type HlsClass = typeof Hls

let hlsModule: Promise<HlsClass> | null = null

/** hls.js itself (one download, shared). */
export function loadHls(): Promise<HlsClass> {
  hlsModule ??= import('hls.js').then((m) => m.default)
  return hlsModule
}

/** Whether Media Source Extensions exist at all: when not, hls.js is not worth downloading. */
export function mediaSourceAvailable(): boolean {
  const w = globalThis as typeof globalThis & { ManagedMediaSource?: unknown; WebKitMediaSource?: unknown }
  return typeof w.MediaSource !== 'undefined' || typeof w.ManagedMediaSource !== 'undefined' || typeof w.WebKitMediaSource !== 'undefined'
}

/** Whether the <video> element plays HLS natively (Safari). */
export function nativeHlsAvailable(media: HTMLMediaElement): boolean {
  try {
    return media.canPlayType('application/vnd.apple.mpegurl') !== '' || media.canPlayType('application/x-mpegURL') !== ''
  } catch {
    return false
  }
}

/** hls.js, when it can run here; null otherwise (or when it cannot be downloaded). */
export async function loadHlsIfSupported(): Promise<HlsClass | null> {
  if (!mediaSourceAvailable()) return null
  try {
    const H = await loadHls()
    return H.isSupported() ? H : null
  } catch {
    return null
  }
}

export interface HlsSessionSetup {
  playlistUrl: string
  media: HTMLVideoElement
  /** seconds to start at; -1 or undefined: the beginning */
  startPosition?: number
  /** load segments at once (autoplay) or only on the first play */
  autoStart: boolean
  /** headers for same-origin requests (Authorization, x-peertube-video-password) */
  requestHeaders: (url: string) => Record<string, string>
  /** peer-to-peer settings, or null for HTTP only */
  p2p: Omit<P2PSetup, 'playlistUrl' | 'requestHeaders'> | null
  onLevels(levels: Level[]): void
  /** a level switch happened (`auto` tells whether hls.js chose it) */
  onLevelSwitched(level: number, auto: boolean): void
  /** hls.js gave up: the caller falls back to MP4 files or shows an error */
  onFatal(message: string): void
}

export interface HlsSession {
  hls: Hls
  /** whether the peer-to-peer loader is in use */
  p2p: boolean
  levels(): Level[]
  /** -1 for Auto */
  setLevel(index: number): void
  isAuto(): boolean
  /** starts loading segments (first play when autoStart was false) */
  ensureLoading(position?: number): void
  destroy(): void
}

/**
 * Starts hls.js on the media element, with the P2P loader when asked and
 * possible (falling back to plain HTTP without fuss when not).
 */
export async function startHls(H: HlsClass, setup: HlsSessionSetup): Promise<HlsSession> {
  let engine: P2PEngine | null = null
  if (setup.p2p) {
    try {
      const p2p = await import('./p2p')
      if (p2p.p2pSupported()) engine = p2p.createP2PEngine({ ...setup.p2p, playlistUrl: setup.playlistUrl, requestHeaders: setup.requestHeaders })
    } catch (e) {
      console.warn('P2P loader unavailable, playing over HTTP', e)
      engine = null
    }
  }

  const config: Partial<HlsConfig> = {
    autoStartLoad: setup.autoStart,
    startPosition: setup.startPosition && setup.startPosition > 0 ? setup.startPosition : -1,
    // no picture larger than the player: saves bandwidth on small screens
    capLevelToPlayerSize: true,
    // captions come from the API as <track> elements; hls.js must not add its own copies
    enableWebVTT: false,
    enableIMSC1: false,
    enableCEA708Captions: false,
    backBufferLength: 90,
    xhrSetup: (xhr, url) => {
      const headers = setup.requestHeaders(url)
      if (!Object.keys(headers).length) return
      if (xhr.readyState === 0) xhr.open('GET', url, true)
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v)
    }
  }
  if (engine) config.loader = engine.loaderClass as HlsConfig['loader']

  const hls = new H(config)
  let started = setup.autoStart
  let networkRetries = 0
  let mediaRecoveries = 0

  hls.on(H.Events.MANIFEST_PARSED, (_e, data) => setup.onLevels(data.levels))
  hls.on(H.Events.LEVEL_SWITCHED, (_e, data) => setup.onLevelSwitched(data.level, hls.autoLevelEnabled))
  hls.on(H.Events.FRAG_LOADED, () => (networkRetries = 0))
  hls.on(H.Events.ERROR, (_e, data) => {
    if (!data.fatal) return
    if (data.type === H.ErrorTypes.NETWORK_ERROR && networkRetries < 5 && data.details !== H.ErrorDetails.MANIFEST_LOAD_ERROR) {
      networkRetries++
      setTimeout(() => hls.startLoad(), 1000 * networkRetries)
      return
    }
    if (data.type === H.ErrorTypes.MEDIA_ERROR && mediaRecoveries < 2) {
      if (mediaRecoveries === 1) hls.swapAudioCodec()
      mediaRecoveries++
      hls.recoverMediaError()
      return
    }
    setup.onFatal(`${data.type}: ${data.details}`)
  })

  engine?.attach(H, hls, setup.media)
  hls.loadSource(setup.playlistUrl)
  hls.attachMedia(setup.media)

  return {
    hls,
    p2p: engine !== null,
    levels: () => hls.levels,
    setLevel(index) {
      hls.currentLevel = index
    },
    isAuto: () => hls.autoLevelEnabled,
    ensureLoading(position) {
      if (started) return
      started = true
      hls.startLoad(position !== undefined && position > 0 ? position : -1)
    },
    destroy() {
      hls.destroy()
      engine?.destroy()
    }
  }
}
