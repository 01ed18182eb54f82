import type { ServerConfig, VideoDetails } from '@peertube/peertube-types'

/**
 * Whether peer-to-peer may be used for a video, as PeerTube decides it: never for
 * a local video when the instance's tracker is off, never without WebRTC; then the
 * embed's `p2p` URL option, else the viewer's own setting (the account's
 * `p2pEnabled`, or the instance default for anonymous viewers).
 */
export function p2pAllowed(opts: {
  config: Pick<ServerConfig, 'tracker'> & { defaults?: { p2p?: { webapp?: { enabled?: boolean }; embed?: { enabled?: boolean } } } } | null
  video: Pick<VideoDetails, 'isLocal'>
  /** the logged-in viewer's setting, undefined when anonymous */
  userSetting?: boolean
  /** the embed's `p2p` URL option, undefined when absent */
  urlParam?: boolean
  context: 'webapp' | 'embed'
  webrtc?: boolean
}): boolean {
  const webrtc = opts.webrtc ?? typeof RTCPeerConnection !== 'undefined'
  if (!webrtc || !opts.config) return false
  if (opts.config.tracker?.enabled === false && opts.video.isLocal !== false) return false
  if (opts.urlParam !== undefined) return opts.urlParam
  if (opts.userSetting !== undefined) return opts.userSetting
  return opts.config.defaults?.p2p?.[opts.context]?.enabled ?? true
}

/**
 * The WebSocket tracker addresses to announce to: those the video lists
 * (`trackerUrls`, the origin instance's for a remote video), else this
 * instance's `/tracker/socket` on ws: or wss: like the page.
 */
export function trackerAnnounceUrls(video: Pick<VideoDetails, 'trackerUrls'>, location: { protocol: string; host: string }): string[] {
  const listed = (video.trackerUrls ?? []).filter((u) => /^wss?:\/\//.test(u))
  if (listed.length) return listed
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return [`${scheme}//${location.host}/tracker/socket`]
}
