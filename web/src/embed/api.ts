/**
 * PeerTube's embed API on top of the player: the methods @peertube/embed-api's
 * PeerTubePlayer calls, and the events it listens to, with PeerTube's names and
 * payloads (see PeerTube's client/src/standalone/videos/embed-api.ts).
 */
import type { PlayerController, PlayerResolution } from '@/player/types'
import type { EmbedChannel } from './channel'

/** What the embed page offers besides the player. */
export interface EmbedApiHost {
  /** the password of a protected video, when the page waits for it (`waitPasswordFromEmbedAPI=1`) */
  setVideoPassword(password: string): void | Promise<void>
}

/** How often `playbackStatusUpdate` is sent, as in PeerTube. */
export const STATUS_INTERVAL_MS = 500

export interface EmbedApi {
  /** the player is there (or a new one, after a password): start reporting */
  attach(controller: PlayerController): void
  dispose(): void
}

/** The shape PeerTube sends for resolutions (no `height` 0 placeholder for Auto is added). */
function apiResolutions(list: PlayerResolution[]) {
  return list.map((r) => ({ id: r.id, label: r.label, active: r.active, width: r.width, height: r.height }))
}

export function startEmbedApi(channel: EmbedChannel, host: EmbedApiHost): EmbedApi {
  let player: PlayerController | null = null
  let readySent = false
  let timer: ReturnType<typeof setInterval> | null = null
  let unsubscribe: Array<() => void> = []

  const need = (): PlayerController => {
    if (!player) throw new Error('The player is not ready yet')
    return player
  }

  channel
    .bind('isReady', () => player !== null)
    .bind('setVideoPassword', (value) => host.setVideoPassword(String(value ?? '')))
    .bind('isPlaying', () => need().isPlaying())
    .bind('play', () => {
      // PeerTube answers at once and does not report a refused play()
      need()
        .play()
        .catch(() => undefined)
    })
    .bind('pause', () => need().pause())
    .bind('seek', (time) => need().seek(Number(time)))
    .bind('getCurrentTime', () => need().getCurrentTime())
    .bind('setVolume', (value) => need().setVolume(Number(value)))
    .bind('getVolume', () => need().getVolume())
    .bind('setResolution', (id) => need().setResolution(Number(id)))
    .bind('getResolutions', () => (player ? apiResolutions(player.getResolutions()) : []))
    .bind('getCaptions', () => need().getCaptions())
    .bind('setCaption', (id) => need().setCaption(typeof id === 'string' ? id : null))
    .bind('setPlaybackRate', (rate) => need().setPlaybackRate(Number(rate)))
    .bind('getPlaybackRate', () => need().getPlaybackRate())
    .bind('getPlaybackRates', () => need().getPlaybackRates())
    // playlists are not embedded here: nothing to move to, no position
    .bind('playNextVideo', () => undefined)
    .bind('playPreviousVideo', () => undefined)
    .bind('getCurrentPosition', () => undefined)
    .bind('getImageDataUrl', () => need().getImageDataUrl())

  function stopTracking() {
    if (timer) clearInterval(timer)
    timer = null
    for (const off of unsubscribe) off()
    unsubscribe = []
  }

  return {
    attach(controller) {
      stopTracking()
      player = controller
      timer = setInterval(() => {
        if (!player) return
        channel.notify('playbackStatusUpdate', {
          position: player.getCurrentTime(),
          volume: player.getVolume(),
          duration: player.getDuration(),
          playbackState: player.playbackState()
        })
      }, STATUS_INTERVAL_MS)
      unsubscribe = [
        controller.on('play', () => channel.notify('playbackStatusChange', 'playing')),
        controller.on('pause', () => {
          // the element pauses before it ends; PeerTube reports both
          channel.notify('playbackStatusChange', 'paused')
        }),
        controller.on('ended', () => channel.notify('playbackStatusChange', 'ended')),
        controller.on('resolutionchange', (list) => channel.notify('resolutionUpdate', apiResolutions(list))),
        controller.on('volumechange', (v) => channel.notify('volumeChange', v.volume))
      ]
      const resolutions = controller.getResolutions()
      if (resolutions.length) channel.notify('resolutionUpdate', apiResolutions(resolutions))
      if (!readySent) {
        readySent = true
        // a parent that connects later also asks isReady; telling it twice is harmless
        channel.onConnected(() => channel.notify('ready', true))
      }
    },
    dispose() {
      stopTracking()
      player = null
      channel.destroy()
    }
  }
}
