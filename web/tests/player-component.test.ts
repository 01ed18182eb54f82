import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { VideoDetails } from '@peertube/peertube-types'
import { api } from '@/api/client'
import VideoPlayer from '@/components/VideoPlayer.vue'
import type { PlayerController, PlayerOptions } from '@/player/types'
import { resetSessionForTests } from '@/session'
import { fakeFetch, type Call } from './helpers'

const UUID = '9c9de5e8-0a1e-484a-b099-e80766180a6d'

function videoFixture(extra: Partial<VideoDetails> = {}): VideoDetails {
  const file = (id: number) => ({
    id,
    resolution: { id, label: `${id}p` },
    fileUrl: `http://localhost:3000/static/web-videos/${UUID}-${id}.mp4`,
    fps: 30,
    size: 100
  })
  return {
    id: 7,
    uuid: UUID,
    shortUUID: 'kkGMgK9ZtnKfYAgnEtQxbv',
    name: 'Sintel',
    duration: 200,
    isLocal: true,
    previewPath: '/lazy-static/previews/p.jpg',
    privacy: { id: 1, label: 'Public' },
    state: { id: 1, label: 'Published' },
    files: [file(360), file(1080), file(720)],
    streamingPlaylists: [],
    trackerUrls: [],
    ...extra
  } as unknown as VideoDetails
}

interface ServerData {
  captions?: unknown[]
  chapters?: unknown[]
  storyboards?: unknown[]
  token?: string
}

function useServer(data: ServerData = {}) {
  const server = fakeFetch((c: Call) => {
    const path = c.url.split('?')[0]
    if (path === `/api/v1/videos/${UUID}/captions`) return { body: { total: data.captions?.length ?? 0, data: data.captions ?? [] } }
    if (path === `/api/v1/videos/${UUID}/chapters`) return { body: { chapters: data.chapters ?? [] } }
    if (path === `/api/v1/videos/${UUID}/storyboards`) return { body: { storyboards: data.storyboards ?? [] } }
    if (path === `/api/v1/videos/${UUID}/token` && data.token) return { body: { files: { token: data.token, expires: '2030-01-01' } } }
    return { status: 404, body: { status: 404, detail: 'Not found' } }
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

const mounted: VueWrapper[] = []
async function mountPlayer(video: VideoDetails, options: PlayerOptions = {}) {
  let controller: PlayerController | null = null
  const w = mount(VideoPlayer, {
    props: { video, options, onReady: (c: PlayerController) => (controller = c) },
    attachTo: document.body
  })
  mounted.push(w)
  await flushPromises()
  await flushPromises()
  const el = w.find('video').element as HTMLVideoElement
  return { w, el, controller: () => controller! }
}

function fire(el: HTMLElement, type: string) {
  el.dispatchEvent(new Event(type))
}

beforeEach(() => {
  localStorage.clear()
  api.reloadTokensFromStorage()
  resetSessionForTests()
})
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
  vi.unstubAllGlobals()
})

describe('VideoPlayer sources', () => {
  it('plays the best MP4 when there is no HLS, and offers each resolution', async () => {
    useServer()
    const { w, el, controller } = await mountPlayer(videoFixture())
    expect(el.src).toContain('-1080.mp4')
    expect(controller().getResolutions().map((r) => [r.id, r.label, r.active])).toEqual([
      [1080, '1080p', true],
      [720, '720p', false],
      [360, '360p', false]
    ])
    const quality = w.find('[data-menu-button="quality"]')
    expect(quality.attributes('aria-label')).toBe('Quality: 1080p')
    await quality.trigger('click')
    const items = w.findAll('.vp-menu [role="menuitemradio"]')
    expect(items.map((i) => i.text())).toEqual(['1080p', '720p', '360p'])
    expect(items[0].attributes('aria-checked')).toBe('true')
  })

  it('switches MP4 quality keeping the position, speed and play state', async () => {
    useServer()
    const { w, el } = await mountPlayer(videoFixture())
    await el.play()
    el.currentTime = 42
    el.playbackRate = 1.5
    await w.find('[data-menu-button="quality"]').trigger('click')
    const play = vi.spyOn(el, 'play')
    await w.findAll('.vp-menu [role="menuitemradio"]')[1].trigger('click')
    expect(el.src).toContain('-720.mp4')
    el.currentTime = 0 // a new source starts over…
    fire(el, 'loadedmetadata') // …until its metadata is known
    expect(el.currentTime).toBe(42)
    expect(el.playbackRate).toBe(1.5)
    expect(play).toHaveBeenCalled()
    expect(w.find('.vp-menu').exists()).toBe(false)
  })

  it('uses the MP4 files when HLS cannot run here (hls.js is never fetched)', async () => {
    useServer()
    const hls = {
      id: 1,
      type: 1,
      playlistUrl: 'http://localhost:3000/static/streaming-playlists/hls/u/master.m3u8',
      segmentsSha256Url: 'http://localhost:3000/static/streaming-playlists/hls/u/sha.json',
      redundancies: [],
      files: []
    }
    // happy-dom has no MediaSource and cannot play HLS natively
    const { el } = await mountPlayer(videoFixture({ streamingPlaylists: [hls] as never }))
    expect(el.src).toContain('-1080.mp4')
  })

  it('shows a "being processed" message instead of a broken player', async () => {
    useServer()
    const { w } = await mountPlayer(videoFixture({ files: [], state: { id: 2, label: 'To transcode' } }))
    expect(w.find('.vp-message').text()).toContain('This video is being processed')
    expect(w.find('.vp-message').text()).toContain('To transcode')
    expect((w.find('video').element as HTMLElement).style.display).toBe('none')
    expect(w.find('.vp-controls').exists()).toBe(false)
  })

  it('says that transcoding failed when the server gave up', async () => {
    useServer()
    const { w } = await mountPlayer(videoFixture({ files: [], state: { id: 7, label: 'Transcoding failed' } }))
    expect(w.find('.vp-message').text()).toContain('Transcoding failed')
    expect(w.find('.vp-message').text()).not.toContain('being processed')
    expect(w.find('.vp-controls').exists()).toBe(false)
  })

  it('adds the file token for private videos', async () => {
    localStorage.setItem(
      'vidiverse.tokens',
      JSON.stringify({ accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, refreshExpiresAt: Date.now() + 86_400_000 })
    )
    api.reloadTokensFromStorage()
    const server = useServer({ token: 'tok123' })
    const { el } = await mountPlayer(videoFixture({ privacy: { id: 3, label: 'Private' } }))
    expect(el.src).toContain('-1080.mp4?videoFileToken=tok123')
    expect(server.calls.find((c) => c.url.endsWith('/token'))?.method).toBe('POST')
  })

  it('starts at the given time and pauses at the stop time', async () => {
    useServer()
    const { el } = await mountPlayer(videoFixture(), { startTime: 30, stopTime: 40 })
    fire(el, 'loadedmetadata')
    expect(el.currentTime).toBe(30)
    await el.play()
    el.currentTime = 40.2
    fire(el, 'timeupdate')
    expect(el.paused).toBe(true)
  })
})

describe('VideoPlayer controls', () => {
  it('has keyboard shortcuts when it has focus', async () => {
    useServer()
    const { w, el } = await mountPlayer(videoFixture())
    const root = w.find('.vp-root')
    await root.trigger('keydown', { key: 'k' })
    expect(el.paused).toBe(false)
    await root.trigger('keydown', { key: ' ' })
    expect(el.paused).toBe(true)
    el.currentTime = 50
    await root.trigger('keydown', { key: 'ArrowRight' })
    expect(el.currentTime).toBe(55)
    await root.trigger('keydown', { key: 'j' })
    expect(el.currentTime).toBe(45)
    await root.trigger('keydown', { key: '5' })
    expect(el.currentTime).toBe(100)
    el.volume = 0.5
    await root.trigger('keydown', { key: 'ArrowDown' })
    expect(el.volume).toBeCloseTo(0.45)
    await root.trigger('keydown', { key: 'm' })
    expect(el.muted).toBe(true)
  })

  it('leaves Space to a focused button', async () => {
    useServer()
    const { w, el } = await mountPlayer(videoFixture())
    await w.find('[data-menu-button="speed"]').trigger('keydown', { key: ' ' })
    expect(el.paused).toBe(true)
  })

  it('labels every control and changes the speed from its menu', async () => {
    useServer()
    const { w, el } = await mountPlayer(videoFixture())
    for (const b of w.findAll('.vp-controls button')) expect(b.attributes('aria-label'), b.html()).toBeTruthy()
    expect(w.find('.vp-seek').attributes('aria-label')).toBe('Seek')
    expect(w.find('.vp-seek').attributes('aria-valuetext')).toBe('0:00 of 3:20')
    await w.find('[data-menu-button="speed"]').trigger('click')
    const items = w.findAll('.vp-menu [role="menuitemradio"]')
    expect(items.map((i) => i.text())).toEqual(['0.5×', '0.75×', 'Normal', '1.25×', '1.5×', '2×'])
    await items[4].trigger('click')
    expect(el.playbackRate).toBe(1.5)
  })

  it('closes a menu with Escape and gives focus back to its button', async () => {
    useServer()
    const { w } = await mountPlayer(videoFixture())
    const button = w.find('[data-menu-button="speed"]')
    await button.trigger('click')
    await flushPromises()
    expect(document.activeElement?.textContent?.trim()).toBe('Normal')
    await w.find('.vp-menu').trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement?.textContent?.trim()).toBe('1.25×')
    await w.find('.vp-menu').trigger('keydown', { key: 'Escape' })
    expect(w.find('.vp-menu').exists()).toBe(false)
    expect(document.activeElement).toBe(button.element)
  })

  it('adds caption tracks and turns them on and off', async () => {
    useServer({
      captions: [
        { language: { id: 'en', label: 'English' }, captionPath: '/lazy-static/video-captions/en.vtt', fileUrl: 'http://x/en.vtt' },
        { language: { id: 'fr', label: 'French' }, captionPath: '/lazy-static/video-captions/fr.vtt' }
      ]
    })
    const { w, controller } = await mountPlayer(videoFixture(), { subtitle: 'fr' })
    const tracks = w.findAll('track')
    expect(tracks.map((t) => [t.attributes('kind'), t.attributes('srclang'), t.attributes('src'), t.attributes('label')])).toEqual([
      ['subtitles', 'en', '/lazy-static/video-captions/en.vtt', 'English'],
      ['subtitles', 'fr', '/lazy-static/video-captions/fr.vtt', 'French']
    ])
    expect(controller().getCaptions().map((c) => c.mode)).toEqual(['disabled', 'showing'])
    await w.find('.vp-root').trigger('keydown', { key: 'c' })
    expect(controller().getCaptions().every((c) => c.mode === 'disabled')).toBe(true)
    await w.find('.vp-root').trigger('keydown', { key: 'c' })
    expect(controller().getCaptions().find((c) => c.mode === 'showing')?.id).toBe('fr')
    const cc = w.find('[data-menu-button="captions"]')
    expect(cc.attributes('aria-label')).toBe('Subtitles: French')
    await cc.trigger('click')
    expect(w.findAll('.vp-menu [role="menuitemradio"]').map((i) => i.text())).toEqual(['Off', 'English', 'French'])
  })

  it('marks chapters and previews the storyboard on the seek bar', async () => {
    useServer({
      chapters: [
        { timecode: 0, title: 'Opening' },
        { timecode: 100, title: 'The dragon' }
      ],
      storyboards: [
        {
          storyboardPath: '/lazy-static/storyboards/s.jpg',
          fileUrl: 'http://x/s.jpg',
          totalWidth: 1920,
          totalHeight: 1080,
          spriteWidth: 192,
          spriteHeight: 108,
          spriteDuration: 2
        }
      ]
    })
    const { w } = await mountPlayer(videoFixture())
    const marks = w.findAll('.vp-chapter-mark')
    expect(marks.map((m) => [m.attributes('title'), (m.element as HTMLElement).style.left])).toEqual([
      ['Opening', '0%'],
      ['The dragon', '50%']
    ])
    const bar = w.find('.vp-bar').element as HTMLElement
    bar.getBoundingClientRect = () => ({ left: 0, top: 0, width: 1000, height: 16, right: 1000, bottom: 16, x: 0, y: 0, toJSON: () => '' })
    bar.dispatchEvent(new PointerEvent('pointermove', { clientX: 625, bubbles: true })) // 125 s: tile 62
    await flushPromises()
    const preview = w.find('.vp-storyboard').element as HTMLElement
    expect(preview.style.backgroundImage).toContain('/lazy-static/storyboards/s.jpg')
    expect(preview.style.backgroundPosition).toBe('-384px -648px')
    expect(w.find('.vp-hover-chapter').text()).toBe('The dragon')
    expect(w.find('.vp-hover-time').text()).toBe('2:05')
  })

  it('has no previews without storyboards, and no control bar with controls off', async () => {
    useServer()
    const { w } = await mountPlayer(videoFixture(), { controls: false })
    expect(w.find('.vp-controls').exists()).toBe(false)
    expect(w.find('.vp-big-play').exists()).toBe(false)
  })

  it('reports events through the controller', async () => {
    useServer()
    const { el, controller } = await mountPlayer(videoFixture())
    const seen: string[] = []
    controller().on('play', () => seen.push('play'))
    controller().on('pause', () => seen.push('pause'))
    controller().on('volumechange', (v) => seen.push(`volume ${v.volume}`))
    await controller().play()
    controller().pause()
    controller().setVolume(0.3)
    fire(el, 'volumechange')
    expect(seen).toContain('play')
    expect(seen).toContain('pause')
    expect(seen).toContain('volume 0.3')
    expect(controller().playbackState()).toBe('paused')
  })
})

describe('WatchPage player', () => {
  it('resumes from the history of a logged-in viewer', async () => {
    localStorage.setItem(
      'vidiverse.tokens',
      JSON.stringify({ accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, refreshExpiresAt: Date.now() + 86_400_000 })
    )
    api.reloadTokensFromStorage()
    const video = videoFixture({ userHistory: { currentTime: 65 } })
    vi.stubGlobal(
      'fetch',
      fakeFetch((c) => {
        const path = c.url.split('?')[0]
        if (path === '/api/v1/config') return { body: { instance: { name: 'T' }, tracker: { enabled: false }, defaults: { player: { autoPlay: false } } } }
        if (path === '/api/v1/users/me') return { body: { id: 1, username: 'u', account: { id: 1 }, role: { id: 2 }, p2pEnabled: false, autoPlayVideo: false } }
        if (path === '/api/v1/videos/abc') return { body: video }
        if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
        if (path.endsWith('/rating')) return { body: { videoId: 7, rating: 'none' } }
        if (path.endsWith('/comment-threads')) return { body: { total: 0, totalNotDeletedComments: 0, data: [] } }
        if (path.endsWith('/captions')) return { body: { total: 0, data: [] } }
        return { status: 404, body: { status: 404 } }
      }).fetch
    )
    const WatchPage = (await import('@/pages/WatchPage.vue')).default
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/w/:id', component: WatchPage }, { path: '/:p(.*)*', component: { template: '<p/>' } }] })
    await router.push('/w/abc')
    const w = mount(WatchPage, { global: { plugins: [router] }, attachTo: document.body })
    mounted.push(w)
    await flushPromises()
    await flushPromises()
    expect(w.text()).toContain('Resumed where you stopped (1:05)')
    const el = w.find('video').element as HTMLVideoElement
    fire(el, 'loadedmetadata')
    expect(el.currentTime).toBe(65)
  })
})

describe('PlayerMenu', () => {
  it('is a toggle only when asked to be', async () => {
    useServer({ captions: [{ language: { id: 'en', label: 'English' }, captionPath: '/en.vtt' }] })
    const { w } = await mountPlayer(videoFixture())
    expect(w.find('[data-menu-button="speed"]').attributes('aria-pressed')).toBeUndefined()
    expect(w.find('[data-menu-button="captions"]').attributes('aria-pressed')).toBe('false')
  })
})
