import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { defineComponent, h, type PropType } from 'vue'
import { api } from '@/api/client'
import WatchPage from '@/pages/WatchPage.vue'
import type { PlayerOptions } from '@/player/types'
import { resetSessionForTests } from '@/session'
import { fakeFetch, OAUTH_CLIENT, type Call } from './helpers'

/** Answers the requests a test cares about; undefined lets the common answers (or a 404) through. */
type Handler = (c: Call) => { status?: number; body?: unknown } | undefined

const SERVER_CONFIG = {
  serverVersion: '7.0.0',
  instance: { name: 'Test Tube', shortDescription: '' },
  signup: { allowed: false },
  user: { videoQuota: -1, videoQuotaDaily: -1 },
  client: { header: { hideInstanceName: false } }
}
const T0 = '2026-01-02T10:00:00.000Z'

function me(roleId = 2, accountId = 1) {
  return {
    id: 1,
    username: 'alice',
    email: 'alice@example.com',
    role: { id: roleId, label: 'x' },
    videoQuota: -1,
    videoQuotaDaily: -1,
    autoPlayVideo: false,
    videosHistoryEnabled: true,
    account: { id: accountId, name: 'alice', displayName: 'Alice', host: 'localhost', avatars: [] },
    videoChannels: [{ id: 4, name: 'alice_channel', displayName: 'Alice channel' }]
  }
}

function video(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: n,
    uuid: `00000000-0000-4000-8000-00000000000${n}`,
    shortUUID: `short${n}`,
    name: `Clip ${n}`,
    duration: 100,
    isLocal: true,
    privacy: { id: 1, label: 'Public' },
    state: { id: 1, label: 'Published' },
    files: [],
    streamingPlaylists: [],
    likes: 0,
    dislikes: 0,
    views: 0,
    publishedAt: T0,
    tags: [],
    downloadEnabled: true,
    blacklisted: false,
    commentsPolicy: { id: 1, label: 'Enabled' },
    thumbnails: [],
    channel: { id: 9, name: 'bob_channel', displayName: 'Bob channel', host: 'localhost', avatars: [] },
    account: { id: 2, name: 'bob', displayName: 'Bob', host: 'localhost', avatars: [] },
    ...extra
  }
}

/** Stands in for the real player: shows what it was given, and lets tests fire its events. */
const PlayerStub = defineComponent({
  name: 'VideoPlayer',
  props: { video: { type: Object as PropType<{ uuid: string }>, required: true }, options: { type: Object as PropType<PlayerOptions>, default: () => ({}) } },
  emits: ['ready', 'play', 'pause', 'ended', 'timeupdate'],
  setup(props) {
    return () =>
      h('div', {
        class: 'player-stub',
        'data-uuid': props.video.uuid,
        'data-start': String(props.options.startTime ?? ''),
        'data-stop': String(props.options.stopTime ?? ''),
        'data-autoplay': String(!!props.options.autoplay)
      })
  }
})

function useServer(extra: Handler) {
  const server = fakeFetch((c: Call) => {
    const path = c.url.split('?')[0]!
    if (path === '/api/v1/config') return { body: SERVER_CONFIG }
    if (path === '/api/v1/oauth-clients/local') return { body: OAUTH_CLIENT }
    const r = extra(c)
    if (r) return r
    if (path.endsWith('/comment-threads')) return { body: { total: 0, totalNotDeletedComments: 0, data: [] } }
    if (path.endsWith('/rating')) return { body: { id: 1, rating: 'none' } }
    return { status: 404, body: { status: 404, detail: 'Not found' } }
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

function loggedIn() {
  localStorage.setItem(
    'vidiverse.tokens',
    JSON.stringify({ accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, refreshExpiresAt: Date.now() + 86_400_000 })
  )
  api.reloadTokensFromStorage()
}

const mounted: VueWrapper[] = []
async function mountAt(path: string): Promise<{ w: VueWrapper; r: Router }> {
  const r = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/w/:id', component: WatchPage },
      { path: '/w/p/:playlistId', component: WatchPage },
      { path: '/:p(.*)*', component: { render: () => h('p', 'other') } }
    ]
  })
  await r.push(path)
  const w = mount({ render: () => h(WatchPage) }, { global: { plugins: [r], stubs: { VideoPlayer: PlayerStub } }, attachTo: document.body })
  mounted.push(w)
  await flushPromises()
  await flushPromises()
  return { w, r }
}

const button = (w: VueWrapper, text: string) => w.findAll('button').find((b) => b.text() === text)

beforeEach(() => {
  localStorage.clear()
  api.reloadTokensFromStorage()
  resetSessionForTests()
})
afterEach(() => {
  while (mounted.length) mounted.pop()!.unmount()
  vi.unstubAllGlobals()
})

describe('watch page: next videos', () => {
  it('asks for the 8 most recent videos and leaves the current one out', async () => {
    const server = useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === `/api/v1/videos/${video(1).uuid}`) return { body: video(1) }
      if (path === '/api/v1/videos') return { body: { total: 3, data: [video(3), video(1), video(2)] } }
    })
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    const list = server.calls.find((c) => c.url.startsWith('/api/v1/videos?'))!
    const q = new URL(list.url, 'http://x').searchParams
    expect(q.get('count')).toBe('8')
    expect(q.get('sort')).toBe('-publishedAt')
    const titles = w.findAll('.next-list h3').map((e) => e.text())
    expect(titles).toEqual(['Clip 3', 'Clip 2'])
  })
})

describe('watch page: share dialog', () => {
  it('gives the short link, the start time and the embed code, and copies them', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === `/api/v1/videos/${video(1).uuid}`) return { body: video(1) }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
    })
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    // the player is at 1:23 when the dialog opens
    w.findComponent(PlayerStub).vm.$emit('ready', { getCurrentTime: () => 83.4 })
    await button(w, 'Share')!.trigger('click')
    await flushPromises()
    const dialog = w.find('dialog.share-dialog')
    expect(dialog.attributes('open')).toBeDefined()
    expect(dialog.find('h2').text()).toBe('Share “Clip 1”')

    const origin = location.origin
    const link = w.find<HTMLInputElement>('#share-link')
    expect(link.element.value).toBe(`${origin}/w/short1`)
    const embed = w.find<HTMLTextAreaElement>('#share-embed')
    expect(embed.element.value).toBe(
      `<iframe title="Clip 1" width="560" height="315" src="${origin}/videos/embed/${video(1).uuid}" style="border: 0px;" allow="fullscreen" ` +
        'sandbox="allow-same-origin allow-scripts allow-popups allow-forms"></iframe>'
    )
    expect(w.find('label[for="share-link"]').exists()).toBe(true)
    expect(w.find('#share-start').element.closest('label')!.textContent).toContain('Start at 1:23')

    await w.find('#share-start').setValue(true)
    expect(link.element.value).toBe(`${origin}/w/short1?start=1m23s`)
    expect(embed.element.value).toContain(`/videos/embed/${video(1).uuid}?start=1m23s"`)

    await button(w, 'Copy link')!.trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenLastCalledWith(`${origin}/w/short1?start=1m23s`)
    expect(w.find('.share-status').text()).toBe('Copied to the clipboard.')
    await button(w, 'Copy embed code')!.trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenLastCalledWith(embed.element.value)

    // a browser that refuses: the viewer is told to copy the selected text
    writeText.mockRejectedValueOnce(new Error('denied'))
    await button(w, 'Copy link')!.trigger('click')
    await flushPromises()
    expect(w.find('.share-status').text()).toContain('press Ctrl+C')

    await button(w, 'Close')!.trigger('click')
    await flushPromises()
    expect(w.find('dialog.share-dialog').attributes('open')).toBeUndefined()
    delete (navigator as unknown as Record<string, unknown>).clipboard
  })
})

describe('watch page: downloads', () => {
  const withFiles = (extra: Record<string, unknown> = {}) =>
    video(1, {
      files: [
        { id: 11, resolution: { id: 720, label: '720p' }, fps: 30, size: 5 * 1024 * 1024, fileUrl: '/static/web-videos/a-720.mp4', fileDownloadUrl: '/download/web-videos/a-720.mp4' },
        { id: 12, resolution: { id: 240, label: '240p' }, fps: 30, size: 1024 * 1024, fileUrl: '/static/web-videos/a-240.mp4', fileDownloadUrl: '/download/web-videos/a-240.mp4' }
      ],
      streamingPlaylists: [
        {
          id: 1,
          type: 1,
          playlistUrl: '/static/streaming-playlists/hls/a/master.m3u8',
          files: [{ id: 21, resolution: { id: 1080, label: '1080p' }, fps: 60, size: 9 * 1024 * 1024, fileUrl: '/x', fileDownloadUrl: '/download/streaming-playlists/hls/videos/a-1080-fragmented.mp4' }]
        }
      ],
      ...extra
    })

  it('lists every file with resolution, kind and size', async () => {
    useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === `/api/v1/videos/${video(1).uuid}`) return { body: withFiles() }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
    })
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    const toggle = button(w, 'Download')!
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    await flushPromises()
    expect(toggle.attributes('aria-expanded')).toBe('true')
    const links = w.findAll('.download-list a')
    expect(links.map((a) => a.text())).toEqual(['720p · MP4 · 5 MB', '240p · MP4 · 1 MB', '1080p60 · HLS file (MP4) · 9 MB'])
    expect(links.map((a) => a.attributes('href'))).toEqual([
      '/download/web-videos/a-720.mp4',
      '/download/web-videos/a-240.mp4',
      '/download/streaming-playlists/hls/videos/a-1080-fragmented.mp4'
    ])
    expect(links[0]!.attributes('download')).toBeDefined()
    // Escape closes the list and gives focus back to the button
    await w.find('.popover').trigger('keydown', { key: 'Escape' })
    expect(w.find('.download-list').exists()).toBe(false)
    expect(document.activeElement).toBe(toggle.element)
  })

  it('is not offered when downloads are off, except to the owner', async () => {
    useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === `/api/v1/videos/${video(1).uuid}`) return { body: withFiles({ downloadEnabled: false }) }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
      if (path === '/api/v1/users/me') return { body: me(2, 2) }
    })
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    expect(button(w, 'Download')).toBeUndefined()
    w.unmount()
    mounted.pop()

    // the owner (account 2) can always download their video
    loggedIn()
    resetSessionForTests()
    const again = await mountAt(`/w/${video(1).uuid}`)
    expect(button(again.w, 'Download')).toBeDefined()
  })

  it('adds a file token to the links of a private video', async () => {
    loggedIn()
    useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === `/api/v1/videos/${video(1).uuid}`) return { body: withFiles({ privacy: { id: 3, label: 'Private' }, account: me().account }) }
      if (path === `/api/v1/videos/${video(1).uuid}/token`) return { body: { files: { token: 'tok123', expires: T0 } } }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
      if (path === '/api/v1/users/me') return { body: me() }
    })
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    await button(w, 'Download')!.trigger('click')
    await flushPromises()
    expect(w.find('.download-list a').attributes('href')).toBe('/download/web-videos/a-720.mp4?videoFileToken=tok123')
  })
})

describe('watch page: save to playlist', () => {
  const playlists = [
    { id: 8, displayName: 'Music', privacy: { id: 1, label: 'Public' }, type: { id: 1, label: 'Regular' }, videosLength: 1 },
    { id: 9, displayName: 'Talks', privacy: { id: 3, label: 'Private' }, type: { id: 1, label: 'Regular' }, videosLength: 0 }
  ]
  const watchLater = { id: 2, displayName: 'Watch later', privacy: { id: 3, label: 'Private' }, type: { id: 2, label: 'Watch later' }, videosLength: 0 }

  function server(extra: Handler = () => undefined) {
    return useServer((c) => {
      const path = c.url.split('?')[0]
      const q = new URL(c.url, 'http://x').searchParams
      if (path === `/api/v1/videos/${video(1).uuid}`) return { body: video(1) }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
      if (path === '/api/v1/users/me') return { body: me() }
      if (path === '/api/v1/accounts/alice/video-playlists')
        return q.get('playlistType') === '2' ? { body: { total: 1, data: [watchLater] } } : { body: { total: 3, data: [...playlists, watchLater] } }
      if (path === '/api/v1/users/me/video-playlists/videos-exist') return { body: { 1: [{ playlistId: 8, playlistElementId: 80 }] } }
      if (c.method === 'POST' && /\/api\/v1\/video-playlists\/\d+\/videos$/.test(path)) return { body: { videoPlaylistElement: { id: 99 } } }
      if (c.method === 'DELETE' && path.startsWith('/api/v1/video-playlists/')) return { status: 204 }
      return extra(c)
    })
  }

  it('ticks the playlists that hold the video, Watch later first, and adds or removes it', async () => {
    loggedIn()
    const s = server()
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    await button(w, 'Save')!.trigger('click')
    await flushPromises()
    const exist = s.calls.find((c) => c.url.startsWith('/api/v1/users/me/video-playlists/videos-exist'))!
    expect(new URL(exist.url, 'http://x').searchParams.getAll('videoIds')).toEqual(['1'])

    const boxes = () => w.findAll<HTMLInputElement>('.playlist-checks input[type="checkbox"]')
    expect(boxes().map((b) => b.attributes('data-playlist-id'))).toEqual(['2', '8', '9'])
    expect(w.findAll('.playlist-checks label').map((l) => l.text())).toEqual(['Watch later · Private', 'Music · Public', 'Talks · Private'])
    expect(boxes().map((b) => b.element.checked)).toEqual([false, true, false])

    // add to Watch later
    await boxes()[0]!.setValue(true)
    await flushPromises()
    const add = s.calls.find((c) => c.method === 'POST' && c.url === '/api/v1/video-playlists/2/videos')!
    expect(JSON.parse(String(add.body))).toEqual({ videoId: 1 })
    expect(w.find('.popover').text()).toContain('Added to “Watch later”.')

    // remove from Music, with the element id videos-exist gave
    await boxes()[1]!.setValue(false)
    await flushPromises()
    expect(s.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/video-playlists/8/videos/80')).toBe(true)
    expect(boxes().map((b) => b.element.checked)).toEqual([true, false, false])

    // and remove from Watch later again: the element id the add returned
    await boxes()[0]!.setValue(false)
    await flushPromises()
    expect(s.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/video-playlists/2/videos/99')).toBe(true)
  })

  it('creates a private playlist holding the video', async () => {
    loggedIn()
    const s = server((c) => {
      const path = c.url.split('?')[0]
      if (c.method === 'POST' && path === '/api/v1/video-playlists') return { body: { videoPlaylist: { id: 31, uuid: 'u31', shortUUID: 's31' } } }
      if (path === '/api/v1/video-playlists/31') return { body: { id: 31, displayName: 'Later maybe', privacy: { id: 3, label: 'Private' }, type: { id: 1 } } }
    })
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    await button(w, 'Save')!.trigger('click')
    await flushPromises()
    await w.find('#quick-playlist-name').setValue('Later maybe')
    await w.find('.quick-create').trigger('submit')
    await flushPromises()
    const create = s.calls.find((c) => c.method === 'POST' && c.url === '/api/v1/video-playlists')!
    const form = create.body as FormData
    expect(form.get('displayName')).toBe('Later maybe')
    expect(form.get('privacy')).toBe('3')
    expect(s.calls.some((c) => c.method === 'POST' && c.url === '/api/v1/video-playlists/31/videos')).toBe(true)
    const last = w.findAll<HTMLInputElement>('.playlist-checks input').at(-1)!
    expect(last.attributes('data-playlist-id')).toBe('31')
    expect(last.element.checked).toBe(true)
  })

  it('is not shown to anonymous viewers', async () => {
    server()
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    expect(button(w, 'Save')).toBeUndefined()
    expect(button(w, 'Share')).toBeDefined()
  })
})

describe('watch page: moderation', () => {
  function server(v = video(1)) {
    return useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === `/api/v1/videos/${v.uuid}/blacklist`) return { status: 204 }
      if (path === `/api/v1/videos/${v.uuid}`) return { body: v }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
      if (path === '/api/v1/users/me') return { body: me(1) }
    })
  }

  it('lets a moderator block a video with a reason and unfederation', async () => {
    loggedIn()
    const s = server()
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    expect(w.find('dialog.block-dialog').attributes('open')).toBeUndefined()
    await button(w, 'Block')!.trigger('click')
    await flushPromises()
    expect(w.find('dialog.block-dialog').attributes('open')).toBeDefined()
    expect(w.find('label[for="block-reason"]').exists()).toBe(true)
    await w.find('#block-reason').setValue('Spam links')
    await w.find('#block-unfederate').setValue(true)
    await w.find('dialog.block-dialog form').trigger('submit')
    await flushPromises()
    expect(w.find('dialog.block-dialog').attributes('open')).toBeUndefined()
    const post = s.calls.find((c) => c.method === 'POST' && c.url.endsWith('/blacklist'))!
    expect(post.url).toBe(`/api/v1/videos/${video(1).uuid}/blacklist`)
    expect(JSON.parse(String(post.body))).toEqual({ reason: 'Spam links', unfederate: true })
    expect(w.text()).toContain('The video has been blocked.')
    expect(w.find('.blocked-alert').exists()).toBe(true)
    expect(button(w, 'Unblock')).toBeDefined()
  })

  it('lets a moderator unblock a blocked video', async () => {
    loggedIn()
    vi.stubGlobal('confirm', () => true)
    const s = server(video(1, { blacklisted: true, blacklistedReason: 'Spam' }))
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    expect(w.find('.blocked-alert').text()).toContain('Reason: Spam')
    await button(w, 'Unblock')!.trigger('click')
    await flushPromises()
    expect(s.calls.some((c) => c.method === 'DELETE' && c.url === `/api/v1/videos/${video(1).uuid}/blacklist`)).toBe(true)
    expect(w.find('.blocked-alert').exists()).toBe(false)
    expect(button(w, 'Block')).toBeDefined()
  })

  it('offers no block action to ordinary users', async () => {
    loggedIn()
    useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === `/api/v1/videos/${video(1).uuid}`) return { body: video(1) }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
      if (path === '/api/v1/users/me') return { body: me(2) }
    })
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    expect(button(w, 'Like (0)')).toBeDefined()
    expect(button(w, 'Block')).toBeUndefined()
  })
})

describe('playlist watch page', () => {
  const PLAYLIST = {
    id: 5,
    uuid: 'pl-uuid',
    shortUUID: 'plShort',
    displayName: 'Road trip',
    privacy: { id: 1, label: 'Public' },
    type: { id: 1, label: 'Regular' },
    videosLength: 4,
    ownerAccount: { id: 1, name: 'alice', displayName: 'Alice', host: 'localhost' }
  }
  const el = (id: number, position: number, v: ReturnType<typeof video> | null, extra: Record<string, unknown> = {}) => ({
    id,
    position,
    startTimestamp: null,
    stopTimestamp: null,
    type: v ? 0 : 1,
    video: v,
    ...extra
  })

  function server(elements: unknown[], user: unknown = null) {
    return useServer((c) => {
      const path = c.url.split('?')[0]!
      if (path === '/api/v1/video-playlists/plShort') return { body: PLAYLIST }
      if (path === '/api/v1/video-playlists/plShort/videos') return { body: { total: elements.length, data: elements } }
      if (path === '/api/v1/video-playlists/5/videos/reorder') return { status: 204 }
      if (c.method === 'DELETE' && path.startsWith('/api/v1/video-playlists/5/videos/')) return { status: 204 }
      if (path === '/api/v1/users/me' && user) return { body: user }
      const m = /^\/api\/v1\/videos\/(.+)$/.exec(path)
      if (m && !m[1]!.includes('/')) {
        const n = Number(m[1]!.slice(-1))
        return { body: video(n) }
      }
    })
  }

  it('plays the element of ?playlistPosition= and lists the playlist, with the next element up next', async () => {
    const s = server([el(51, 1, video(1)), el(52, 2, video(2), { startTimestamp: 10, stopTimestamp: 40 }), el(53, 3, null), el(54, 4, video(4))])
    const { w } = await mountAt('/w/p/plShort?playlistPosition=2')
    expect(w.find('.player-stub').attributes('data-uuid')).toBe(video(2).uuid)
    // the element's start and stop times
    expect(w.find('.player-stub').attributes('data-start')).toBe('10')
    expect(w.find('.player-stub').attributes('data-stop')).toBe('40')
    expect(w.find('h1').text()).toBe('Clip 2')
    expect(s.calls.some((c) => c.url.startsWith('/api/v1/videos?'))).toBe(false)

    const items = w.findAll('.playlist-element')
    expect(items.map((i) => i.attributes('data-element-id'))).toEqual(['51', '52', '53', '54'])
    expect(items[1]!.classes()).toContain('current')
    expect(items[1]!.find('a').attributes('aria-current')).toBe('true')
    expect(items[2]!.text()).toContain('Deleted video')
    expect(items[2]!.find('a').exists()).toBe(false)
    expect(items[3]!.find('a').attributes('href')).toBe('/w/p/plShort?playlistPosition=4')
    expect(w.find('.playlist-panel').text()).toContain('2 of 4')

    // up next skips the deleted element
    expect(w.find('.up-next h3').text()).toBe('Clip 4')
    expect(w.find('.up-next a').attributes('href')).toBe('/w/p/plShort?playlistPosition=4')
    // not the owner: no reordering
    expect(w.find('.pe-actions').exists()).toBe(false)
  })

  it('goes on with the next playable element when a video ends, and starts it at once', async () => {
    server([el(51, 1, video(1)), el(53, 2, null), el(54, 3, video(4))])
    const { w, r } = await mountAt('/w/p/plShort')
    expect(w.find('.player-stub').attributes('data-uuid')).toBe(video(1).uuid)
    expect(w.find('.player-stub').attributes('data-autoplay')).toBe('false')
    w.findComponent(PlayerStub).vm.$emit('ended')
    await flushPromises()
    await flushPromises()
    expect(r.currentRoute.value.query.playlistPosition).toBe('3')
    expect(w.find('.player-stub').attributes('data-uuid')).toBe(video(4).uuid)
    expect(w.find('.player-stub').attributes('data-autoplay')).toBe('true')
    expect(w.find('.up-next').text()).toContain('This is the last video of the playlist.')
  })

  it('goes on when an element reaches its stop time, and not at all when autoplay is off', async () => {
    server([el(51, 1, video(1), { stopTimestamp: 30 }), el(52, 2, video(2))])
    const { w, r } = await mountAt('/w/p/plShort')
    w.findComponent(PlayerStub).vm.$emit('timeupdate', { position: 12, duration: 100 })
    await flushPromises()
    expect(r.currentRoute.value.query.playlistPosition).toBeUndefined()
    w.findComponent(PlayerStub).vm.$emit('timeupdate', { position: 30.2, duration: 100 })
    await flushPromises()
    await flushPromises()
    expect(r.currentRoute.value.query.playlistPosition).toBe('2')

    await r.push('/w/p/plShort?playlistPosition=1')
    await flushPromises()
    await w.find('#playlist-autoplay').setValue(false)
    expect(localStorage.getItem('vidiverse.playlist.autoplayNext')).toBe('false')
    w.findComponent(PlayerStub).vm.$emit('ended')
    await flushPromises()
    expect(r.currentRoute.value.query.playlistPosition).toBe('1')
  })

  it('follows the account setting when this device has no choice of its own', async () => {
    loggedIn()
    server([el(51, 1, video(1)), el(52, 2, video(2))], { ...me(), autoPlayNextVideoPlaylist: false })
    const { w, r } = await mountAt('/w/p/plShort')
    expect(w.find<HTMLInputElement>('#playlist-autoplay').element.checked).toBe(false)
    w.findComponent(PlayerStub).vm.$emit('ended')
    await flushPromises()
    expect(r.currentRoute.value.query.playlistPosition).toBeUndefined()
    expect(w.find('.player-stub').attributes('data-uuid')).toBe(video(1).uuid)
  })

  it('lets the owner reorder and remove elements, keeping the video that plays', async () => {
    loggedIn()
    const s = server([el(51, 1, video(1)), el(52, 2, video(2)), el(54, 3, video(4))], me())
    const { w, r } = await mountAt('/w/p/plShort?playlistPosition=2')
    expect(w.find('.player-stub').attributes('data-uuid')).toBe(video(2).uuid)
    const up = w.find('button[aria-label="Move “Clip 2” up"]')
    expect(w.find('button[aria-label="Move “Clip 1” up"]').attributes('disabled')).toBeDefined()
    await up.trigger('click')
    await flushPromises()
    const reorder = s.calls.find((c) => c.url === '/api/v1/video-playlists/5/videos/reorder')!
    expect(JSON.parse(String(reorder.body))).toEqual({ startPosition: 2, insertAfterPosition: 0, reorderLength: 1 })
    expect(w.findAll('.playlist-element').map((i) => i.attributes('data-element-id'))).toEqual(['52', '51', '54'])
    // the same video goes on playing, now at position 1
    expect(r.currentRoute.value.query.playlistPosition).toBe('1')
    expect(w.find('.player-stub').attributes('data-uuid')).toBe(video(2).uuid)
    expect(w.find('.up-next h3').text()).toBe('Clip 1')

    await w.find('button[aria-label="Move “Clip 1” down"]').trigger('click')
    await flushPromises()
    expect(JSON.parse(String(s.calls.filter((c) => c.url.endsWith('/reorder')).at(-1)!.body))).toEqual({
      startPosition: 2,
      insertAfterPosition: 3,
      reorderLength: 1
    })
    expect(w.findAll('.playlist-element').map((i) => i.attributes('data-element-id'))).toEqual(['52', '54', '51'])

    await w.find('button[aria-label="Remove “Clip 4” from the playlist"]').trigger('click')
    await flushPromises()
    expect(s.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/video-playlists/5/videos/54')).toBe(true)
    expect(w.findAll('.playlist-element').map((i) => i.attributes('data-element-id'))).toEqual(['52', '51'])
    expect(w.text()).toContain('“Clip 4” was removed from the playlist.')
    expect(w.find('.player-stub').attributes('data-uuid')).toBe(video(2).uuid)
  })

  it('shares the playlist address at the current element too', async () => {
    server([el(51, 1, video(1)), el(52, 2, video(2))])
    const { w } = await mountAt('/w/p/plShort?playlistPosition=2')
    await button(w, 'Share')!.trigger('click')
    await flushPromises()
    expect(w.find<HTMLInputElement>('#share-playlist-link').element.value).toBe(`${location.origin}/w/p/plShort?playlistPosition=2`)
    expect(w.find<HTMLInputElement>('#share-link').element.value).toBe(`${location.origin}/w/short2`)
  })

  it('says so when the playlist cannot be seen', async () => {
    useServer(() => undefined)
    const { w } = await mountAt('/w/p/nothing')
    expect(w.find('h1').text()).toBe('This playlist cannot be shown')
  })

  it('says so when the playlist is empty', async () => {
    server([])
    const { w } = await mountAt('/w/p/plShort')
    expect(w.find('h1').text()).toBe('Road trip')
    expect(w.text()).toContain('This playlist has no videos yet.')
    expect(w.find('.player-stub').exists()).toBe(false)
  })
})

describe('watch page: subscribe', () => {
  it('offers to subscribe to the channel of the video, next to its name', async () => {
    loggedIn()
    const server = useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === '/api/v1/users/me') return { body: me() }
      if (path === `/api/v1/videos/${video(1).uuid}`) return { body: video(1, { channel: { ...video(1).channel, followersCount: 7 } }) }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
      if (path === '/api/v1/users/me/subscriptions/exist') return { body: { 'bob_channel@localhost': false } }
      if (c.method === 'POST' && path === '/api/v1/users/me/subscriptions') return { status: 204 }
    })
    const { w } = await mountAt(`/w/${video(1).uuid}`)
    const box = w.find('.watch-channel')
    expect(box.find('a').text()).toBe('Bob channel')
    expect(box.find('.subscribe-count').text()).toBe('7 followers')
    await box.find('button').trigger('click')
    await flushPromises()
    expect(server.calls.some((c) => c.method === 'POST' && c.url === '/api/v1/users/me/subscriptions')).toBe(true)
    expect(w.find('.watch-channel .subscribe-count').text()).toBe('8 followers')
  })
})
