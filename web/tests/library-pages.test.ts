import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { h, type Component } from 'vue'
import { api } from '@/api/client'
import AppHeader from '@/components/AppHeader.vue'
import AccountPage from '@/pages/AccountPage.vue'
import AdminVideoBlocksPage from '@/pages/AdminVideoBlocksPage.vue'
import ChannelPage from '@/pages/ChannelPage.vue'
import HistoryPage from '@/pages/HistoryPage.vue'
import MyPlaylistsPage from '@/pages/MyPlaylistsPage.vue'
import PlaylistEditPage from '@/pages/PlaylistEditPage.vue'
import { createAppRouter } from '@/router'
import { loadUser, resetSessionForTests } from '@/session'
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

function me(roleId = 2, extra: Record<string, unknown> = {}) {
  return {
    id: 1,
    username: 'alice',
    email: 'alice@example.com',
    role: { id: roleId, label: 'x' },
    videoQuota: -1,
    videoQuotaDaily: -1,
    videosHistoryEnabled: true,
    account: { id: 1, name: 'alice', displayName: 'Alice', host: 'localhost', avatars: [] },
    videoChannels: [
      { id: 4, name: 'alice_channel', displayName: 'Alice channel' },
      { id: 6, name: 'alice_music', displayName: 'Alice music' }
    ],
    ...extra
  }
}

function video(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: n,
    uuid: `uuid-${n}`,
    shortUUID: `short${n}`,
    name: `Clip ${n}`,
    duration: 200,
    isLocal: true,
    views: 0,
    publishedAt: T0,
    thumbnails: [],
    thumbnailPath: `/lazy-static/thumbnails/${n}.jpg`,
    channel: { id: 9, name: 'bob_channel', displayName: 'Bob channel', host: 'localhost', avatars: [] },
    ...extra
  }
}

function playlist(id: number, name: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    uuid: `pl-${id}`,
    shortUUID: `pls${id}`,
    displayName: name,
    description: null,
    privacy: { id: 1, label: 'Public' },
    type: { id: 1, label: 'Regular' },
    videosLength: 2,
    thumbnails: [],
    thumbnailPath: null,
    updatedAt: T0,
    createdAt: T0,
    videoChannel: { id: 4, name: 'alice_channel', displayName: 'Alice channel' },
    ownerAccount: { id: 1, name: 'alice', displayName: 'Alice', host: 'localhost' },
    ...extra
  }
}

let user: unknown = null
function useServer(extra: Handler) {
  const server = fakeFetch((c: Call) => {
    const path = c.url.split('?')[0]
    if (path === '/api/v1/config') return { body: SERVER_CONFIG }
    if (path === '/api/v1/oauth-clients/local') return { body: OAUTH_CLIENT }
    if (path === '/api/v1/users/me' && c.method === 'GET' && user) return { body: user }
    const r = extra(c)
    return r ?? { status: 404, body: { status: 404, detail: 'Not found' } }
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

function loggedIn(u: unknown = me()) {
  user = u
  localStorage.setItem(
    'vidiverse.tokens',
    JSON.stringify({ accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, refreshExpiresAt: Date.now() + 86_400_000 })
  )
  api.reloadTokensFromStorage()
}

const mounted: VueWrapper[] = []
async function mountPage(component: Component, routePath: string, at: string): Promise<{ w: VueWrapper; r: Router }> {
  const r = createRouter({ history: createMemoryHistory(), routes: [{ path: routePath, component }, { path: '/:p(.*)*', component: { render: () => h('p', 'other') } }] })
  await r.push(at)
  const w = mount({ render: () => h(component) }, { global: { plugins: [r] }, attachTo: document.body })
  mounted.push(w)
  await flushPromises()
  await flushPromises()
  return { w, r }
}
const button = (w: VueWrapper, text: string) => w.findAll('button').find((b) => b.text() === text)
const pathOf = (c: Call) => c.url.split('?')[0]
const queryOf = (c: Call) => new URL(c.url, 'http://x').searchParams

beforeEach(() => {
  user = null
  localStorage.clear()
  api.reloadTokensFromStorage()
  resetSessionForTests()
})
afterEach(() => {
  vi.useRealTimers()
  while (mounted.length) mounted.pop()!.unmount()
  vi.unstubAllGlobals()
})

describe('MyPlaylistsPage', () => {
  it('lists my playlists, Watch later first and not deletable, and deletes one', async () => {
    loggedIn()
    vi.stubGlobal('confirm', () => true)
    let list = [playlist(8, 'Music'), playlist(2, 'Watch later', { type: { id: 2, label: 'Watch later' }, privacy: { id: 3, label: 'Private' }, videoChannel: null })]
    const server = useServer((c) => {
      if (pathOf(c) === '/api/v1/accounts/alice/video-playlists') return { body: { total: list.length, data: list } }
      if (c.method === 'DELETE' && pathOf(c) === '/api/v1/video-playlists/8') {
        list = list.filter((p) => p.id !== 8)
        return { status: 204 }
      }
    })
    const { w } = await mountPage(MyPlaylistsPage, '/my-library/video-playlists', '/my-library/video-playlists')
    expect(w.find('h1').text()).toBe('My playlists')
    const rows = w.findAll('.playlist-row')
    expect(rows.map((r) => r.attributes('data-playlist-id'))).toEqual(['2', '8'])
    expect(rows[0]!.find('h2').text()).toBe('Watch later')
    expect(rows[0]!.text()).toContain('Private')
    expect(rows[0]!.find('h2 a').attributes('href')).toBe('/w/p/pls2')
    expect(rows[0]!.findAll('button')).toHaveLength(0)
    expect(rows[1]!.text()).toContain('Public')
    expect(rows[1]!.text()).toContain('2 videos')
    expect(rows[1]!.text()).toContain('Alice channel')
    expect(rows[1]!.find('a[href="/my-library/video-playlists/update/pls8"]').exists()).toBe(true)
    const req = server.calls.find((c) => pathOf(c) === '/api/v1/accounts/alice/video-playlists')!
    expect(req.headers.Authorization).toBe('Bearer a')

    await rows[1]!.find('button[aria-label="Delete Music"]').trigger('click')
    await flushPromises()
    expect(server.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/video-playlists/8')).toBe(true)
    expect(w.text()).toContain('The playlist “Music” has been deleted.')
    expect(w.findAll('.playlist-row')).toHaveLength(1)
  })

  it('says when there is nothing yet', async () => {
    loggedIn()
    useServer((c) => (pathOf(c) === '/api/v1/accounts/alice/video-playlists' ? { body: { total: 0, data: [] } } : undefined))
    const { w } = await mountPage(MyPlaylistsPage, '/my-library/video-playlists', '/my-library/video-playlists')
    expect(w.text()).toContain('You have no playlists yet.')
  })
})

describe('PlaylistEditPage', () => {
  it('creates a playlist with its channel, privacy, description and thumbnail', async () => {
    loggedIn()
    const server = useServer((c) => {
      if (c.method === 'POST' && pathOf(c) === '/api/v1/video-playlists') return { body: { videoPlaylist: { id: 3, uuid: 'u', shortUUID: 's' } } }
    })
    const { w, r } = await mountPage(PlaylistEditPage, '/my-library/video-playlists/create', '/my-library/video-playlists/create')
    expect(w.find('h1').text()).toBe('Create a playlist')
    expect(w.findAll('#pl-channel option').map((o) => o.text())).toEqual(['No channel', 'Alice channel', 'Alice music'])
    expect((w.find('#pl-privacy').element as HTMLSelectElement).value).toBe('3')

    await w.find('#pl-name').setValue('  Road trip ')
    await w.find('#pl-description').setValue('Songs for the road')
    await w.find('#pl-privacy').setValue('1')
    await w.find('#pl-channel').setValue('6')
    const input = w.find('#pl-thumbnail')
    const file = new File(['jpeg'], 'cover.jpg', { type: 'image/jpeg' })
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await w.find('form').trigger('submit')
    await flushPromises()

    const post = server.calls.find((c) => c.method === 'POST' && pathOf(c) === '/api/v1/video-playlists')!
    const form = post.body as FormData
    expect(form.get('displayName')).toBe('Road trip')
    expect(form.get('description')).toBe('Songs for the road')
    expect(form.get('privacy')).toBe('1')
    expect(form.get('videoChannelId')).toBe('6')
    expect((form.get('thumbnailfile') as File).name).toBe('cover.jpg')
    expect(r.currentRoute.value.fullPath).toBe('/my-library/video-playlists?created=1')
  })

  it('asks for a name, and for a channel unless the playlist is private', async () => {
    loggedIn(me(2, { videoChannels: [] }))
    const server = useServer(() => undefined)
    const { w } = await mountPage(PlaylistEditPage, '/my-library/video-playlists/create', '/my-library/video-playlists/create')
    await w.find('#pl-privacy').setValue('2')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('#pl-name').attributes('aria-invalid')).toBe('true')
    expect(w.find('#pl-name-error').text()).toBe('The playlist needs a name.')
    expect(w.find('#pl-channel').attributes('aria-invalid')).toBe('true')
    expect(w.find('#pl-channel').attributes('aria-describedby')).toBe('pl-channel-error')
    expect(w.find('#pl-channel-error').text()).toContain('public and unlisted playlists need one')
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false)

    // private needs no channel
    await w.find('#pl-name').setValue('Mine')
    await w.find('#pl-privacy').setValue('3')
    expect(w.find('#pl-channel-error').exists()).toBe(false)
  })

  it('edits a playlist and can detach its channel when it becomes private', async () => {
    loggedIn()
    const server = useServer((c) => {
      if (c.method === 'GET' && pathOf(c) === '/api/v1/video-playlists/pls8') return { body: playlist(8, 'Music', { description: 'Good songs' }) }
      if (c.method === 'PUT' && pathOf(c) === '/api/v1/video-playlists/pls8') return { status: 204 }
    })
    const { w } = await mountPage(PlaylistEditPage, '/my-library/video-playlists/update/:id', '/my-library/video-playlists/update/pls8')
    expect(w.find('h1').text()).toBe('Edit playlist Music')
    expect((w.find('#pl-name').element as HTMLInputElement).value).toBe('Music')
    expect((w.find('#pl-description').element as HTMLTextAreaElement).value).toBe('Good songs')
    expect((w.find('#pl-channel').element as HTMLSelectElement).value).toBe('4')
    await w.find('#pl-privacy').setValue('3')
    await w.find('#pl-channel').setValue('')
    await w.find('form').trigger('submit')
    await flushPromises()
    const put = server.calls.find((c) => c.method === 'PUT')!
    const form = put.body as FormData
    expect(form.get('displayName')).toBe('Music')
    expect(form.get('privacy')).toBe('3')
    expect(form.get('videoChannelId')).toBe('')
    expect(form.has('thumbnailfile')).toBe(false)
    expect(w.text()).toContain('The playlist has been saved.')
  })
})

describe('HistoryPage', () => {
  function history(list: ReturnType<typeof video>[]) {
    return { total: list.length, data: list }
  }

  it('lists the watched videos with their progress, and removes one', async () => {
    loggedIn()
    let list = [video(1, { userHistory: { currentTime: 50 } }), video(2, { userHistory: { currentTime: 200 } })]
    const server = useServer((c) => {
      if (c.method === 'GET' && pathOf(c) === '/api/v1/users/me/history/videos') return { body: history(list) }
      if (c.method === 'DELETE' && pathOf(c) === '/api/v1/users/me/history/videos/1') {
        list = list.filter((v) => v.id !== 1)
        return { status: 204 }
      }
    })
    const { w } = await mountPage(HistoryPage, '/my-library/history/videos', '/my-library/history/videos')
    expect(w.find('h1').text()).toBe('My history')
    const items = w.findAll('.history-item')
    expect(items).toHaveLength(2)
    expect(items[0]!.find('.watch-progress span').attributes('style')).toContain('width: 25%')
    expect(items[0]!.find('.history-watched').text()).toContain('Watched 0:50 of 3:20')
    expect(items[0]!.find('.history-watched').text()).toContain('Watched 25%')
    expect(items[1]!.find('.watch-progress span').attributes('style')).toContain('width: 100%')
    expect(items[0]!.find('h2 a').attributes('href')).toBe('/w/short1')
    const get = server.calls.find((c) => pathOf(c) === '/api/v1/users/me/history/videos')!
    expect(queryOf(get).get('count')).toBe('20')

    await items[0]!.find('button[aria-label="Remove “Clip 1” from the history"]').trigger('click')
    await flushPromises()
    expect(server.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/users/me/history/videos/1')).toBe(true)
    expect(w.findAll('.history-item')).toHaveLength(1)
    expect(w.text()).toContain('“Clip 1” was removed from your history.')
  })

  it('searches the history', async () => {
    loggedIn()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const server = useServer((c) => {
      if (pathOf(c) !== '/api/v1/users/me/history/videos') return undefined
      return { body: queryOf(c).get('search') === 'cat' ? history([]) : history([video(1)]) }
    })
    const { w } = await mountPage(HistoryPage, '/my-library/history/videos', '/my-library/history/videos')
    await w.find('#history-search').setValue('cat')
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    const last = server.calls.filter((c) => pathOf(c) === '/api/v1/users/me/history/videos').at(-1)!
    expect(queryOf(last).get('search')).toBe('cat')
    expect(queryOf(last).get('start')).toBe('0')
    expect(w.text()).toContain('No video of your history matches this search.')
  })

  it('clears the whole history after confirmation only', async () => {
    loggedIn()
    let list = [video(1)]
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    const server = useServer((c) => {
      if (c.method === 'GET' && pathOf(c) === '/api/v1/users/me/history/videos') return { body: history(list) }
      if (c.method === 'POST' && pathOf(c) === '/api/v1/users/me/history/videos/remove') {
        list = []
        return { status: 204 }
      }
    })
    const { w } = await mountPage(HistoryPage, '/my-library/history/videos', '/my-library/history/videos')
    await button(w, 'Clear the history')!.trigger('click')
    await flushPromises()
    expect(confirm).toHaveBeenCalled()
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false)

    confirm.mockReturnValue(true)
    await button(w, 'Clear the history')!.trigger('click')
    await flushPromises()
    expect(server.calls.some((c) => c.method === 'POST' && c.url === '/api/v1/users/me/history/videos/remove')).toBe(true)
    expect(w.text()).toContain('Your history has been cleared.')
    expect(w.text()).toContain('Your history is empty.')
    expect(button(w, 'Clear the history')!.attributes('disabled')).toBeDefined()
  })

  it('turns the history off and on', async () => {
    loggedIn()
    const server = useServer((c) => {
      if (c.method === 'GET' && pathOf(c) === '/api/v1/users/me/history/videos') return { body: history([]) }
      if (c.method === 'PUT' && pathOf(c) === '/api/v1/users/me') {
        user = me(2, { videosHistoryEnabled: JSON.parse(String(c.body)).videosHistoryEnabled })
        return { status: 204 }
      }
    })
    await loadUser()
    const { w } = await mountPage(HistoryPage, '/my-library/history/videos', '/my-library/history/videos')
    const box = w.find<HTMLInputElement>('#history-enabled')
    expect(box.element.checked).toBe(true)
    await box.setValue(false)
    await flushPromises()
    const put = server.calls.find((c) => c.method === 'PUT')!
    expect(JSON.parse(String(put.body))).toEqual({ videosHistoryEnabled: false })
    expect(w.text()).toContain('Your history is off')
    expect(w.find<HTMLInputElement>('#history-enabled').element.checked).toBe(false)
  })
})

describe('AdminVideoBlocksPage', () => {
  const block = (id: number, v: ReturnType<typeof video>, extra: Record<string, unknown> = {}) => ({
    id,
    reason: 'Spam',
    unfederated: false,
    type: 1,
    video: v,
    createdAt: T0,
    updatedAt: T0,
    ...extra
  })

  it('lists the blocked videos and unblocks one', async () => {
    loggedIn(me(1))
    vi.stubGlobal('confirm', () => true)
    let list = [block(1, video(1)), block(2, video(2), { reason: null, unfederated: true, type: 2 })]
    const server = useServer((c) => {
      if (c.method === 'GET' && pathOf(c) === '/api/v1/videos/blacklist') return { body: { total: list.length, data: list } }
      if (c.method === 'DELETE' && pathOf(c) === '/api/v1/videos/uuid-1/blacklist') {
        list = list.filter((b) => b.id !== 1)
        return { status: 204 }
      }
    })
    const { w } = await mountPage(AdminVideoBlocksPage, '/admin/video-blocks', '/admin/video-blocks')
    expect(w.find('h1').text()).toBe('Video blocks')
    expect(w.text()).toContain('2 blocked videos')
    const rows = w.findAll('tr[data-block-id]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('Clip 1')
    expect(rows[0]!.text()).toContain('Spam')
    expect(rows[0]!.text()).toContain('Manual')
    expect(rows[0]!.find('a').attributes('href')).toBe('/w/short1')
    expect(rows[1]!.text()).toContain('No reason given')
    expect(rows[1]!.text()).toContain('Automatic (to review)')
    expect(rows[1]!.text()).toContain('Unfederated')
    const get = server.calls.find((c) => pathOf(c) === '/api/v1/videos/blacklist')!
    expect(queryOf(get).get('sort')).toBe('-createdAt')
    expect(queryOf(get).get('count')).toBe('15')

    await rows[0]!.findAll('button').find((b) => b.text() === 'Unblock')!.trigger('click')
    await flushPromises()
    expect(server.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/videos/uuid-1/blacklist')).toBe(true)
    expect(w.text()).toContain('“Clip 1” has been unblocked.')
    expect(w.findAll('tr[data-block-id]')).toHaveLength(1)
  })

  it('edits the reason of a block', async () => {
    loggedIn(me(1))
    vi.stubGlobal('prompt', () => '  Repeated spam ')
    const server = useServer((c) => {
      if (c.method === 'GET' && pathOf(c) === '/api/v1/videos/blacklist') return { body: { total: 1, data: [block(1, video(1))] } }
      if (c.method === 'PUT') return { status: 204 }
    })
    const { w } = await mountPage(AdminVideoBlocksPage, '/admin/video-blocks', '/admin/video-blocks')
    await button(w, 'Edit reason')!.trigger('click')
    await flushPromises()
    const put = server.calls.find((c) => c.method === 'PUT')!
    expect(put.url).toBe('/api/v1/videos/uuid-1/blacklist')
    expect(JSON.parse(String(put.body))).toEqual({ reason: 'Repeated spam' })
  })

  it('filters by kind through the address', async () => {
    loggedIn(me(1))
    const server = useServer((c) => (pathOf(c) === '/api/v1/videos/blacklist' ? { body: { total: 0, data: [] } } : undefined))
    const { w, r } = await mountPage(AdminVideoBlocksPage, '/admin/video-blocks', '/admin/video-blocks')
    expect(w.text()).toContain('No video is blocked.')
    await w.find('#blocks-type').setValue('2')
    await flushPromises()
    expect(r.currentRoute.value.query).toEqual({ type: '2' })
    expect(queryOf(server.calls.filter((c) => pathOf(c) === '/api/v1/videos/blacklist').at(-1)!).get('type')).toBe('2')
    expect(w.text()).toContain('No blocked video matches these filters.')
  })
})

describe('account and channel playlists', () => {
  it('shows the playlists of a channel', async () => {
    const server = useServer((c) => {
      const p = pathOf(c)
      if (p === '/api/v1/video-channels/bob_channel') return { body: { id: 9, name: 'bob_channel', displayName: 'Bob channel', host: 'localhost', avatars: [], banners: [], createdAt: T0 } }
      if (p === '/api/v1/video-channels/bob_channel/videos') return { body: { total: 0, data: [] } }
      if (p === '/api/v1/video-channels/bob_channel/video-playlists') return { body: { total: 1, data: [playlist(3, 'Best of')] } }
    })
    const { w } = await mountPage(ChannelPage, '/c/:channel', '/c/bob_channel')
    expect(w.find('#ch-playlists').text()).toBe('Playlists')
    const card = w.find('.playlist-card')
    expect(card.find('h3').text()).toBe('Best of')
    expect(card.find('h3 a').attributes('href')).toBe('/w/p/pls3')
    expect(server.calls.some((c) => pathOf(c) === '/api/v1/video-channels/bob_channel/video-playlists')).toBe(true)
  })

  it('shows the playlists of an account, or says there are none', async () => {
    useServer((c) => {
      const p = pathOf(c)
      if (p === '/api/v1/accounts/bob') return { body: { id: 2, name: 'bob', displayName: 'Bob', host: 'localhost', avatars: [], createdAt: T0 } }
      if (p === '/api/v1/accounts/bob/video-channels') return { body: { total: 0, data: [] } }
      if (p === '/api/v1/accounts/bob/videos') return { body: { total: 0, data: [] } }
      if (p === '/api/v1/accounts/bob/video-playlists') return { body: { total: 0, data: [] } }
    })
    const { w } = await mountPage(AccountPage, '/a/:account', '/a/bob')
    expect(w.find('#acc-playlists').text()).toBe('Playlists')
    expect(w.text()).toContain('This account has no public playlists.')
  })
})

describe('routes and navigation', () => {
  it('keeps the library pages for logged-in users and video blocks for moderators', async () => {
    useServer(() => undefined)
    const r = createAppRouter(createMemoryHistory())
    await r.push('/my-library/history/videos')
    expect(r.currentRoute.value.path).toBe('/login')
    await r.push('/my-library/video-playlists')
    expect(r.currentRoute.value.path).toBe('/login')

    loggedIn(me(2))
    resetSessionForTests()
    const r2 = createAppRouter(createMemoryHistory())
    await r2.push('/admin/video-blocks')
    expect(r2.currentRoute.value.name).toBe('forbidden')
    await r2.push('/my-library/history')
    expect(r2.currentRoute.value.path).toBe('/my-library/history/videos')

    user = me(1)
    resetSessionForTests()
    const r3 = createAppRouter(createMemoryHistory())
    await r3.push('/admin/moderation/video-blocks/list')
    expect(r3.currentRoute.value.meta.title).toBe('Video blocks')
  })

  it('plays playlists at PeerTube\'s addresses', async () => {
    useServer(() => undefined)
    const r = createAppRouter(createMemoryHistory())
    await r.push('/videos/watch/playlist/abc?playlistPosition=2')
    expect(r.currentRoute.value.params.playlistId).toBe('abc')
    expect(r.currentRoute.value.name).not.toBe('not-found')
    await r.push('/w/p/abc')
    expect(r.currentRoute.value.params.playlistId).toBe('abc')
  })

  it('links the new pages from the account menu', async () => {
    loggedIn(me(1))
    useServer(() => undefined)
    await loadUser()
    const { w } = await mountPage(AppHeader, '/', '/')
    const hrefs = w.findAll('#user-menu a').map((a) => a.attributes('href'))
    expect(hrefs).toContain('/my-library/video-playlists')
    expect(hrefs).toContain('/my-library/history/videos')
    expect(hrefs).toContain('/admin/video-blocks')
  })
})
