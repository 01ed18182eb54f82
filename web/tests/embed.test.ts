import { afterEach, describe, expect, it } from 'vitest'
import { startEmbedApi, STATUS_INTERVAL_MS, type EmbedApi } from '@/embed/api'
import { EmbedChannel } from '@/embed/channel'
import { embedVideoId, parseEmbedOptions } from '@/embed/options'
import { PlayerEvents, type PlaybackState, type PlayerCaption, type PlayerController, type PlayerResolution } from '@/player/types'
// The real client a parent page uses (UMD build with jschannel inside)
// @ts-expect-error the build file has no type declarations
import embedApiBuild from '@peertube/embed-api/build/player.min.js'

type ParentPlayer = {
  ready: Promise<void>
  addEventListener(event: string, handler: (e: unknown) => void): boolean
  [method: string]: unknown
}
const { PeerTubePlayer } = embedApiBuild as { PeerTubePlayer: new (iframe: unknown, scope?: string) => ParentPlayer }

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(check: () => boolean, ms = 2000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await wait(5)
  }
}

/** A player with observable state, standing in for VideoPlayer. */
function fakePlayer() {
  const events = new PlayerEvents()
  const state = {
    playing: false,
    time: 12,
    volume: 0.8,
    rate: 1,
    caption: null as string | null,
    resolution: -1,
    playbackState: 'unstarted' as PlaybackState,
    calls: [] as string[]
  }
  const resolutions = (): PlayerResolution[] => [
    { id: -1, label: 'Auto', height: 0, active: state.resolution === -1 },
    { id: 0, label: '720p', height: 720, width: 1280, active: state.resolution === 0 },
    { id: 1, label: '480p', height: 480, width: 854, active: state.resolution === 1 }
  ]
  const controller: PlayerController = {
    play: async () => {
      state.calls.push('play')
      state.playing = true
      state.playbackState = 'playing'
      events.fire('play', undefined)
    },
    pause: () => {
      state.calls.push('pause')
      state.playing = false
      state.playbackState = 'paused'
      events.fire('pause', undefined)
    },
    isPlaying: () => state.playing,
    playbackState: () => state.playbackState,
    seek: (s) => void (state.time = s),
    getCurrentTime: () => state.time,
    getDuration: () => 300,
    getVolume: () => state.volume,
    setVolume: (v) => {
      state.volume = v
      events.fire('volumechange', { volume: v, muted: false })
    },
    getResolutions: resolutions,
    setResolution: (id) => {
      state.resolution = id
      events.fire('resolutionchange', resolutions())
    },
    getPlaybackRates: () => [0.5, 0.75, 1, 1.25, 1.5, 2],
    getPlaybackRate: () => state.rate,
    setPlaybackRate: (r) => void (state.rate = r),
    getCaptions: (): PlayerCaption[] => [
      { id: 'en', label: 'English', src: '/lazy-static/video-captions/en.vtt', mode: state.caption === 'en' ? 'showing' : 'disabled' },
      { id: 'fr', label: 'French', src: '/lazy-static/video-captions/fr.vtt', mode: state.caption === 'fr' ? 'showing' : 'disabled' }
    ],
    setCaption: (id) => void (state.caption = id),
    getImageDataUrl: () => 'data:image/png;base64,AAAA',
    on: (e, l) => events.on(e, l)
  }
  return { controller, state, events }
}

/**
 * Two windows talking through postMessage: the parent is the test's window (where
 * jschannel listens), the embed is a fake window whose messages we route to the
 * embed's channel. Delivery is asynchronous, as in browsers.
 */
function frames() {
  const embedInbox = new EventTarget()
  const embedWindow = {
    postMessage: (data: unknown) =>
      setTimeout(() => embedInbox.dispatchEvent(new MessageEvent('message', { data, source: window as never, origin: 'https://parent.test' })), 0)
  }
  const toParent = {
    sent: [] as string[],
    postMessage(data: string) {
      this.sent.push(data)
      setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data, source: embedWindow as never, origin: 'https://tube.test' })), 0)
    }
  }
  const iframe = { contentWindow: embedWindow, remove() {} }
  return { embedInbox, embedWindow, toParent, iframe }
}

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

function embed(scope = 'peertube', f = frames()) {
  const channel = new EmbedChannel({ target: f.toParent, listenOn: f.embedInbox as never, source: window }, scope)
  let password = ''
  const api: EmbedApi = startEmbedApi(channel, { setVideoPassword: (p) => void (password = p) })
  cleanups.push(() => api.dispose())
  return { ...f, channel, api, password: () => password }
}

describe('embed URL options', () => {
  it('has PeerTube defaults', () => {
    expect(parseEmbedOptions('')).toEqual({
      autoplay: false,
      muted: undefined,
      loop: false,
      start: null,
      stop: null,
      title: true,
      warningTitle: true,
      peertubeLink: true,
      controls: true,
      p2p: undefined,
      subtitle: null,
      playbackRate: null,
      scope: 'peertube',
      waitPasswordFromEmbedAPI: false
    })
  })

  it('reads toggles as 1/true and everything else as off', () => {
    const o = parseEmbedOptions('?autoplay=1&muted=true&loop=1&title=0&warningTitle=false&peertubeLink=0&controls=0&p2p=0')
    expect(o).toMatchObject({ autoplay: true, muted: true, loop: true, title: false, warningTitle: false, peertubeLink: false, controls: false, p2p: false })
    expect(parseEmbedOptions('?p2p=1&muted=0&title=yes').p2p).toBe(true)
    expect(parseEmbedOptions('?muted=0').muted).toBe(false)
    expect(parseEmbedOptions('?title=yes').title).toBe(false)
    expect(parseEmbedOptions('?controlBar=0').controls).toBe(false)
  })

  it('reads start and stop in seconds or 1m30s form', () => {
    expect(parseEmbedOptions('?start=1m30s&stop=120')).toMatchObject({ start: 90, stop: 120 })
    expect(parseEmbedOptions('?start=1h2m3s').start).toBe(3723)
    expect(parseEmbedOptions('?start=1:30').start).toBe(90)
    expect(parseEmbedOptions('?start=nonsense&stop=').start).toBeNull()
  })

  it('reads subtitle, playback rate and scope', () => {
    expect(parseEmbedOptions('?subtitle=fr&playbackRate=1.5&scope=my-scope')).toMatchObject({ subtitle: 'fr', playbackRate: 1.5, scope: 'my-scope' })
    expect(parseEmbedOptions('?playbackRate=-1&scope=a::b')).toMatchObject({ playbackRate: null, scope: 'peertube' })
  })

  it('takes the video id from the embed address', () => {
    expect(embedVideoId('/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d')).toBe('9c9de5e8-0a1e-484a-b099-e80766180a6d')
    expect(embedVideoId('/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv')).toBe('kkGMgK9ZtnKfYAgnEtQxbv')
    expect(embedVideoId('/videos/embed/abc/')).toBe('abc')
    expect(embedVideoId('/videos/embed/')).toBeNull()
    expect(embedVideoId('/videos/embed/a%2Fb')).toBeNull()
    expect(embedVideoId('/videos/watch/abc')).toBeNull()
  })
})

describe('embed API with @peertube/embed-api', () => {
  it('connects, reports ready, and answers every method', async () => {
    const e = embed()
    const parent = new PeerTubePlayer(e.iframe)
    const { controller, state } = fakePlayer()
    // the player becomes ready after the parent connected
    await wait(20)
    e.api.attach(controller)
    await parent.ready

    const call = (m: string, ...args: unknown[]) => (parent[m] as (...a: unknown[]) => Promise<unknown>).apply(parent, args)
    await call('play')
    expect(state.calls).toEqual(['play'])
    expect(await call('isPlaying')).toBe(true)
    await call('pause')
    expect(await call('isPlaying')).toBe(false)

    await call('seek', 42)
    expect(await call('getCurrentTime')).toBe(42)

    await call('setVolume', 0.25)
    expect(await call('getVolume')).toBe(0.25)

    expect(await call('getResolutions')).toEqual([
      { id: -1, label: 'Auto', active: true, height: 0 },
      { id: 0, label: '720p', active: false, width: 1280, height: 720 },
      { id: 1, label: '480p', active: false, width: 854, height: 480 }
    ])
    await call('setResolution', 1)
    expect(state.resolution).toBe(1)

    expect(await call('getPlaybackRates')).toEqual([0.5, 0.75, 1, 1.25, 1.5, 2])
    await call('setPlaybackRate', 1.5)
    expect(await call('getPlaybackRate')).toBe(1.5)

    await call('setCaption', 'fr')
    const captions = (await call('getCaptions')) as PlayerCaption[]
    expect(captions.map((c) => [c.id, c.label, c.mode])).toEqual([
      ['en', 'English', 'disabled'],
      ['fr', 'French', 'showing']
    ])

    expect(await call('getImageDataUrl')).toBe('data:image/png;base64,AAAA')
    await call('playNextVideo')
    await call('playPreviousVideo')
    expect(await call('getCurrentPosition')).toBeUndefined()

    await call('setVideoPassword', 's3cret')
    expect(e.password()).toBe('s3cret')
  })

  it('is ready at once for a parent that connects after the player', async () => {
    const e = embed()
    const { controller } = fakePlayer()
    e.api.attach(controller)
    await wait(20)
    // nothing but the handshake went out while nobody listened
    expect(e.toParent.sent.map((m) => JSON.parse(m).method)).toEqual(['peertube::__ready'])
    const parent = new PeerTubePlayer(e.iframe)
    await parent.ready
  })

  it('connects when the embed loads after the parent page built its player', async () => {
    const f = frames()
    const parent = new PeerTubePlayer(f.iframe)
    // the parent's first handshake reaches a frame that is still loading, and is lost
    await wait(30)
    const e = embed('peertube', f)
    const { controller } = fakePlayer()
    await wait(30)
    e.api.attach(controller)
    await parent.ready
    expect(await (parent.getVolume as () => Promise<number>)()).toBe(0.8)
  })

  it('sends playback events', async () => {
    const e = embed()
    const parent = new PeerTubePlayer(e.iframe)
    const { controller } = fakePlayer()
    e.api.attach(controller)
    await parent.ready

    const changes: unknown[] = []
    const updates: Array<Record<string, unknown>> = []
    const resolutions: unknown[] = []
    const volumes: unknown[] = []
    parent.addEventListener('playbackStatusChange', (s) => changes.push(s))
    parent.addEventListener('playbackStatusUpdate', (u) => updates.push(u as Record<string, unknown>))
    parent.addEventListener('resolutionUpdate', (r) => resolutions.push(r))
    parent.addEventListener('volumeChange', (v) => volumes.push(v))

    await (parent.play as () => Promise<void>)()
    await (parent.pause as () => Promise<void>)()
    await (parent.setResolution as (id: number) => Promise<void>)(0)
    await (parent.setVolume as (v: number) => Promise<void>)(0.5)
    await until(() => updates.length > 0, STATUS_INTERVAL_MS * 4)

    expect(changes).toEqual(['playing', 'paused'])
    expect(updates[0]).toEqual({ position: 12, volume: 0.5, duration: 300, playbackState: 'paused' })
    expect((resolutions.at(-1) as PlayerResolution[]).find((r) => r.active)?.label).toBe('720p')
    expect(volumes).toEqual([0.5])
  })

  it('keeps to its scope', async () => {
    const e = embed('custom-scope')
    const { controller } = fakePlayer()
    e.api.attach(controller)
    const right = new PeerTubePlayer(e.iframe, 'custom-scope')
    await right.ready
    expect(await (right.getVolume as () => Promise<number>)()).toBe(0.8)
  })
})

describe('embed channel wire format', () => {
  /** A raw jschannel peer: posts what the parent would, records the answers. */
  async function rawPeer() {
    const e = embed()
    const got: Array<Record<string, unknown>> = []
    const listener = (ev: MessageEvent) => got.push(JSON.parse(ev.data as string))
    window.addEventListener('message', listener)
    cleanups.push(() => window.removeEventListener('message', listener))
    const send = (msg: unknown) => e.embedWindow.postMessage(JSON.stringify(msg))
    await until(() => got.length > 0)
    expect(got.shift()).toEqual({ method: 'peertube::__ready', params: { type: 'publish-request', publish: [] } })
    send({ method: 'peertube::__ready', params: { type: 'publish-request', publish: [] } })
    await until(() => got.length > 0)
    expect(got.shift()).toEqual({ method: 'peertube::__ready', params: { type: 'publish-reply', publish: [] } })
    return { e, got, send }
  }

  it('answers requests with their id, errors included', async () => {
    const { e, got, send } = await rawPeer()
    send({ id: 7, method: 'peertube::isReady' })
    send({ id: 8, method: 'peertube::getVolume' })
    send({ id: 9, method: 'peertube::noSuchMethod', params: 1 })
    await until(() => got.length >= 3)
    expect(got.splice(0)).toEqual([
      { id: 7, result: false },
      { id: 8, error: 'Error', message: 'The player is not ready yet' },
      { id: 9, error: 'method_not_found', message: "No method 'noSuchMethod' was (yet) bound by the provider" }
    ])

    const { controller } = fakePlayer()
    e.api.attach(controller)
    await until(() => got.length >= 2)
    // the resolution list, then "ready" (a notification: no id)
    expect(got.map((m) => m.method)).toEqual(['peertube::resolutionUpdate', 'peertube::ready'])
    expect(got[1]).toEqual({ method: 'peertube::ready', params: true })
    got.length = 0
    send({ id: 10, method: 'peertube::pause' })
    send({ id: 11, method: 'peertube::getVolume' })
    await until(() => got.some((m) => m.id === 11))
    expect(got.filter((m) => m.id !== undefined)).toEqual([{ id: 10 }, { id: 11, result: 0.8 }])
  })

  it('ignores other windows, other scopes and garbage', async () => {
    const { e, got, send } = await rawPeer()
    e.embedInbox.dispatchEvent(new MessageEvent('message', { data: JSON.stringify({ id: 1, method: 'peertube::isReady' }), source: {} as never }))
    send({ id: 2, method: 'other::isReady' })
    send('not json')
    e.embedWindow.postMessage({ id: 3, method: 'peertube::isReady' }) // not a string
    await wait(30)
    expect(got).toEqual([])
  })
})
