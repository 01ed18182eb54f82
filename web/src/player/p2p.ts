/**
 * Peer-to-peer HLS with @peertube/p2p-media-loader-hlsjs (PeerTube's fork, the
 * WebTorrent-style tracker protocol PeerTube servers speak). Loaded only when the
 * instance's tracker is on and the viewer allows P2P, so hls.js alone stays the
 * common case. Segments from peers are checked against the server's SHA-256 list.
 */
// first: the library expects Node's `global` and `process.nextTick` when it loads
import './nodeGlobals'
import { Engine } from '@peertube/p2p-media-loader-hlsjs'
import type Hls from 'hls.js'
import { createSegmentValidator, type SegmentHashes } from './segmentValidator'

export interface P2PSetup {
  /** the master playlist URL (the swarm id, as PeerTube uses it) */
  playlistUrl: string
  segmentsSha256Url: string
  /** ws:// or wss:// tracker announce URLs */
  trackerAnnounce: string[]
  stunServers: string[]
  /** extra headers for same-origin requests (auth, video password) */
  requestHeaders: (url: string) => Record<string, string>
}

export interface P2PEngine {
  /** the hls.js `loader` config value */
  loaderClass: unknown
  /** wires hls.js and the media element to the engine (what initHlsJsPlayer does for video.js) */
  attach(HlsClass: typeof Hls, hls: Hls, media: HTMLMediaElement): void
  destroy(): void
}

export function p2pSupported(): boolean {
  try {
    return typeof RTCPeerConnection !== 'undefined' && Engine.isSupported() && !!globalThis.crypto?.subtle
  } catch {
    return false
  }
}

export function createP2PEngine(setup: P2PSetup): P2PEngine {
  const headersFor = setup.requestHeaders
  const validator = createSegmentValidator({
    fetchHashes: async () => {
      const res = await fetch(setup.segmentsSha256Url, { headers: headersFor(setup.segmentsSha256Url) })
      if (!res.ok) throw new Error(`segments sha256: HTTP ${res.status}`)
      return (await res.json()) as SegmentHashes
    }
  })

  const engine = new Engine({
    loader: {
      trackerAnnounce: setup.trackerAnnounce,
      rtcConfig: { iceServers: setup.stunServers.map((urls) => ({ urls })) },
      // PeerTube's VOD settings: fetch what is needed now over HTTP, share the rest
      simultaneousHttpDownloads: 1,
      httpFailedSegmentTimeout: 1000,
      requiredSegmentsPriority: 3,
      skipSegmentBuilderPriority: 1,
      cachedSegmentExpiration: 86_400_000,
      cachedSegmentsCount: 100,
      httpDownloadMaxPriority: 9,
      httpDownloadProbability: 0.06,
      httpDownloadProbabilitySkipIfNoPeers: true,
      p2pDownloadMaxPriority: 50,
      // a metered connection downloads from peers but does not upload
      consumeOnly: (navigator as Navigator & { connection?: { type?: string } }).connection?.type === 'cellular',
      useP2P: true,
      segmentValidator: (segment) => validator(segment),
      xhrSetup: (xhr, url) => {
        for (const [k, v] of Object.entries(headersFor(url))) xhr.setRequestHeader(k, v)
      }
    },
    segments: { swarmId: setup.playlistUrl, forwardSegmentCount: 50 }
  })

  let detach: (() => void) | null = null
  return {
    loaderClass: adaptLoaderClass(engine.createLoaderClass()),
    attach(HlsClass, hls, media) {
      const onSeeking = () => engine.abortCurrentRequest()
      media.addEventListener('seeking', onSeeking)
      // the engine prefetches and shares the segments after the one playing
      hls.on(HlsClass.Events.FRAG_CHANGED, (_e, data) => {
        const frag = data.frag
        const range = frag.byteRange.length === 2 ? { offset: frag.byteRange[0], length: frag.byteRange[1] - frag.byteRange[0] } : undefined
        engine.setPlayingSegment(frag.url, range, frag.start, frag.duration)
      })
      hls.on(HlsClass.Events.ERROR, (_e, data) => {
        if (data.details === 'bufferStalledError') engine.setPlayingSegmentByCurrentTime(media.currentTime)
      })
      detach = () => media.removeEventListener('seeking', onSeeking)
    },
    destroy() {
      detach?.()
      detach = null
      engine.destroy().catch(() => undefined)
    }
  }
}

type LoadFn = (context: { frag?: unknown; type?: unknown }, config: unknown, callbacks: unknown) => unknown

/**
 * The loader of p2p-media-loader v1 tells playlists from fragments by
 * `context.type`, which hls.js only gave playlists until 1.6; newer hls.js
 * gives fragments a type too, and they would be fetched as text. Fragments are
 * handed over without it (a copy: hls.js keeps its own context untouched).
 */
export function adaptLoaderClass<C extends new () => unknown>(Base: C): C {
  const Adapted = class extends (Base as unknown as new () => { load: LoadFn }) {
    constructor() {
      super()
      const load = this.load
      this.load = (context, config, callbacks) => load(context.frag ? { ...context, type: undefined } : context, config, callbacks)
    }
  }
  return Adapted as unknown as C
}
