import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { h, type Component } from 'vue'
import { api } from '@/api/client'
import AppHeader from '@/components/AppHeader.vue'
import CardGrid from '@/components/CardGrid.vue'
import SubscribeButton from '@/components/SubscribeButton.vue'
import ChannelPage from '@/pages/ChannelPage.vue'
import HomePage from '@/pages/HomePage.vue'
import MySubscriptionsPage from '@/pages/MySubscriptionsPage.vue'
import { createAppRouter } from '@/router'
import { loadUser, resetSessionForTests } from '@/session'
import { fakeFetch, OAUTH_CLIENT, type Call } from './helpers'

type Handler = (c: Call) => { status?: number; body?: unknown } | undefined

const SERVER_CONFIG = {
  serverVersion: '7.0.0',
  instance: { name: 'Test Tube', shortDescription: '' },
  signup: { allowed: false },
  user: { videoQuota: -1, videoQuotaDaily: -1 },
  client: { header: { hideInstanceName: false } }
}
const T0 = '2026-01-02T10:00:00.000Z'

function me() {
  return {
    id: 1,
    username: 'alice',
    role: { id: 2, label: 'User' },
    account: { id: 1, name: 'alice', displayName: 'Alice', host: 'localhost', avatars: [] },
    videoChannels: [{ id: 4, name: 'alice_channel', displayName: 'Alice channel' }]
  }
}

function channel(id: number, name: string, extra: Record<string, unknown> = {}) {
  return { id, name, displayName: `${name} shown`, host: 'localhost', isLocal: true, followersCount: 3, avatars: [], banners: [], createdAt: T0, ...extra }
}
const BOB = channel(9, 'bob_channel', { displayName: 'Bob channel' })

function video(n: number) {
  return {
    id: n,
    uuid: `uuid-${n}`,
    shortUUID: `short${n}`,
    name: `Clip ${n}`,
    duration: 60,
    isLocal: true,
    views: 0,
    publishedAt: T0,
    thumbnails: [],
    thumbnailPath: `/lazy-static/thumbnails/${n}.jpg`,
    channel: { id: 9, name: 'bob_channel', displayName: 'Bob channel', host: 'localhost', avatars: [] }
  }
}
/** `count` videos from `start` of a list of `total` */
function videoPage(start: number, count: number, total: number) {
  const data = []
  for (let i = start; i < Math.min(total, start + count); i++) data.push(video(i + 1))
  return { total, data }
}

let user: unknown = null
function useServer(extra: Handler) {
  const server = fakeFetch((c: Call) => {
    const path = c.url.split('?')[0]
    if (path === '/api/v1/config') return { body: SERVER_CONFIG }
    if (path === '/api/v1/oauth-clients/local') return { body: OAUTH_CLIENT }
    if (path === '/api/v1/users/me' && c.method === 'GET' && user) return { body: user }
    return extra(c) ?? { status: 404, body: { status: 404, detail: 'Not found' } }
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

function loggedIn() {
  user = me()
  localStorage.setItem(
    'vidiverse.tokens',
    JSON.stringify({ accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, refreshExpiresAt: Date.now() + 86_400_000 })
  )
  api.reloadTokensFromStorage()
}

const mounted: VueWrapper[] = []
async function mountAt(component: Component, routePath: string, at: string, props: Record<string, unknown> = {}): Promise<{ w: VueWrapper; r: Router }> {
  const r = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: routePath, component }, { path: '/:p(.*)*', component: { render: () => h('p', { class: 'other' }, 'other') } }]
  })
  await r.push(at)
  const w = mount({ render: () => h(component, props) }, { global: { plugins: [r] }, attachTo: document.body })
  mounted.push(w)
  await flushPromises()
  await flushPromises()
  return { w, r }
}
const pathOf = (c: Call) => c.url.split('?')[0]
const queryOf = (c: Call) => new URL(c.url, 'http://x').searchParams
const SUBS = '/api/v1/users/me/subscriptions'

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

describe('SubscribeButton', () => {
  it('asks whether I am subscribed, subscribes and unsubscribes, moving the follower count', async () => {
    loggedIn()
    let following = false
    const server = useServer((c) => {
      if (pathOf(c) === `${SUBS}/exist`) return { body: { [queryOf(c).get('uris')!]: following } }
      if (c.method === 'POST' && pathOf(c) === SUBS) {
        following = true
        return { status: 204 }
      }
      if (c.method === 'DELETE' && pathOf(c) === `${SUBS}/bob_channel%40localhost`) {
        following = false
        return { status: 204 }
      }
    })
    const { w } = await mountAt(SubscribeButton, '/w/:id', '/w/abc', { channel: BOB })
    const exist = server.calls.find((c) => pathOf(c) === `${SUBS}/exist`)!
    expect(queryOf(exist).getAll('uris')).toEqual(['bob_channel@localhost'])
    expect(w.find('button').text()).toBe('Subscribe to Bob channel')
    expect(w.find('.subscribe-count').text()).toBe('3 followers')

    await w.find('button').trigger('click')
    await flushPromises()
    const post = server.calls.find((c) => c.method === 'POST')!
    expect(JSON.parse(String(post.body))).toEqual({ uri: 'bob_channel@localhost' })
    expect(w.find('.badge').text()).toBe('Subscribed')
    expect(w.find('button').text()).toBe('Unsubscribe from Bob channel')
    expect(w.find('.subscribe-count').text()).toBe('4 followers')
    expect(w.find('[role="status"]').text()).toBe('You are now subscribed to Bob channel.')

    await w.find('button').trigger('click')
    await flushPromises()
    expect(server.calls.some((c) => c.method === 'DELETE' && c.url === `${SUBS}/bob_channel%40localhost`)).toBe(true)
    expect(w.find('.badge').exists()).toBe(false)
    expect(w.find('button').text()).toBe('Subscribe to Bob channel')
    expect(w.find('.subscribe-count').text()).toBe('3 followers')
  })

  it('starts as subscribed when the server says so', async () => {
    loggedIn()
    useServer((c) => (pathOf(c) === `${SUBS}/exist` ? { body: { 'bob_channel@localhost': true } } : undefined))
    const { w } = await mountAt(SubscribeButton, '/c/:channel', '/c/bob_channel', { channel: BOB })
    expect(w.find('.badge').text()).toBe('Subscribed')
    expect(w.find('button').text()).toContain('Unsubscribe')
  })

  it('shows why the server refused (a channel of another instance)', async () => {
    loggedIn()
    const remote = channel(12, 'far', { host: 'other.example', isLocal: false, followersCount: 0 })
    useServer((c) => {
      if (pathOf(c) === `${SUBS}/exist`) return { body: { 'far@other.example': false } }
      if (c.method === 'POST' && pathOf(c) === SUBS)
        return { status: 400, body: { status: 400, detail: 'Cannot subscribe to a remote channel: federation is not available on this instance' } }
    })
    const { w } = await mountAt(SubscribeButton, '/c/:channel', '/c/far@other.example', { channel: remote })
    await w.find('button').trigger('click')
    await flushPromises()
    expect(w.find('[role="alert"]').text()).toBe('Cannot subscribe to a remote channel: federation is not available on this instance.')
    expect(w.find('button').text()).toContain('Subscribe')
    expect(w.find('.subscribe-count').text()).toBe('0 followers')
  })

  it('sends signed-out visitors to the login page, back here afterwards', async () => {
    const server = useServer(() => undefined)
    const { w, r } = await mountAt(SubscribeButton, '/w/:id', '/w/abc?start=30', { channel: BOB })
    expect(w.find('button').exists()).toBe(false)
    const link = w.find('a.btn')
    expect(link.text()).toBe('Subscribe to Bob channel')
    expect(link.attributes('href')).toMatch(/^\/login\?redirect=/)
    await link.trigger('click')
    await flushPromises()
    expect(r.currentRoute.value.path).toBe('/login')
    expect(r.currentRoute.value.query.redirect).toBe('/w/abc?start=30')
    expect(server.calls.some((c) => pathOf(c).startsWith(SUBS))).toBe(false)
  })

  it('offers nothing on my own channel, the count still shown', async () => {
    loggedIn()
    const server = useServer(() => undefined)
    const { w } = await mountAt(SubscribeButton, '/c/:channel', '/c/alice_channel', { channel: channel(4, 'alice_channel') })
    expect(w.find('button').exists()).toBe(false)
    expect(w.find('.subscribe-count').text()).toBe('3 followers')
    expect(server.calls.some((c) => pathOf(c).startsWith(SUBS))).toBe(false)
  })

  it('is on the channel page header', async () => {
    loggedIn()
    useServer((c) => {
      const p = pathOf(c)
      if (p === '/api/v1/video-channels/bob_channel') return { body: BOB }
      if (p === `${SUBS}/exist`) return { body: { 'bob_channel@localhost': false } }
      if (p.startsWith('/api/v1/video-channels/bob_channel/')) return { body: { total: 0, data: [] } }
    })
    const { w } = await mountAt(ChannelPage, '/c/:channel', '/c/bob_channel')
    const header = w.find('.actor-header')
    expect(header.find('button').text()).toBe('Subscribe to Bob channel')
    expect(header.find('.subscribe-count').text()).toBe('3 followers')
  })
})

describe('MySubscriptionsPage', () => {
  it('lists my subscriptions, searches them and unsubscribes from one', async () => {
    loggedIn()
    vi.stubGlobal('confirm', () => true)
    let list = [BOB, channel(10, 'cooking', { displayName: 'Cooking', avatars: [{ path: '/lazy-static/avatars/c.png', width: 120 }] })]
    const server = useServer((c) => {
      if (c.method === 'GET' && pathOf(c) === SUBS) {
        const s = queryOf(c).get('search')
        const data = s ? list.filter((x) => x.name.includes(s)) : list
        return { body: { total: data.length, data } }
      }
      if (c.method === 'DELETE' && pathOf(c) === `${SUBS}/cooking%40localhost`) {
        list = list.filter((x) => x.name !== 'cooking')
        return { status: 204 }
      }
    })
    const { w } = await mountPage()
    expect(w.find('h1').text()).toBe('My subscriptions')
    const items = w.findAll('.channel-item')
    expect(items).toHaveLength(2)
    expect(items[1]!.find('.info a').text()).toBe('Cooking')
    expect(items[1]!.find('.info a').attributes('href')).toBe('/c/cooking')
    expect(items[1]!.find('img').attributes('alt')).toContain('Cooking')
    expect(items[1]!.text()).toContain('@cooking@localhost')
    const get = server.calls.find((c) => pathOf(c) === SUBS)!
    expect(queryOf(get).get('sort')).toBe('-createdAt')

    await items[1]!.find('button').trigger('click')
    await flushPromises()
    expect(server.calls.some((c) => c.method === 'DELETE' && c.url === `${SUBS}/cooking%40localhost`)).toBe(true)
    expect(w.findAll('.channel-item')).toHaveLength(1)
    expect(w.text()).toContain('You are no longer subscribed to Cooking.')

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    await w.find('#subscriptions-search').setValue('zzz')
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    const last = server.calls.filter((c) => pathOf(c) === SUBS).at(-1)!
    expect(queryOf(last).get('search')).toBe('zzz')
    expect(w.text()).toContain('No subscription matches this search.')
  })

  it('keeps the subscription when the confirmation is declined, and says when there are none', async () => {
    loggedIn()
    vi.stubGlobal('confirm', () => false)
    const server = useServer((c) => (c.method === 'GET' && pathOf(c) === SUBS ? { body: { total: 1, data: [BOB] } } : undefined))
    const { w } = await mountPage()
    await w.find('.channel-item button').trigger('click')
    await flushPromises()
    expect(server.calls.some((c) => c.method === 'DELETE')).toBe(false)

    useServer((c) => (c.method === 'GET' && pathOf(c) === SUBS ? { body: { total: 0, data: [] } } : undefined))
    const { w: w2 } = await mountPage()
    expect(w2.text()).toContain('No subscriptions yet')
  })

  function mountPage() {
    return mountAt(MySubscriptionsPage, '/my-library/subscriptions', '/my-library/subscriptions')
  }
})

describe('videos of my subscriptions', () => {
  it('shows them in a grid, as a tab of the home page', async () => {
    loggedIn()
    const server = useServer((c) => (pathOf(c) === `${SUBS}/videos` ? { body: videoPage(0, 24, 2) } : undefined))
    await loadUser()
    const { w } = await mountAt(HomePage, '/videos/subscriptions', '/videos/subscriptions')
    const get = server.calls.find((c) => pathOf(c) === `${SUBS}/videos`)!
    expect(queryOf(get).get('sort')).toBe('-publishedAt')
    expect(queryOf(get).get('start')).toBe('0')
    expect(w.findAll('.video-grid > li')).toHaveLength(2)
    expect(w.find('.tabs [aria-current="page"]').text()).toBe('Subscriptions')
    expect(w.find('a[href="/my-library/subscriptions"]').exists()).toBe(true)
    expect(server.calls.some((c) => pathOf(c) === '/api/v1/videos')).toBe(false)
  })

  it('says when the subscriptions have no videos yet', async () => {
    loggedIn()
    useServer((c) => (pathOf(c) === `${SUBS}/videos` ? { body: { total: 0, data: [] } } : undefined))
    await loadUser()
    const { w } = await mountAt(HomePage, '/videos/subscriptions', '/videos/subscriptions')
    expect(w.text()).toContain('Nothing from your subscriptions yet')
  })

  it('has no Subscriptions tab for signed-out visitors, and the pages need a login', async () => {
    useServer((c) => (pathOf(c) === '/api/v1/videos' ? { body: { total: 0, data: [] } } : undefined))
    const { w } = await mountAt(HomePage, '/', '/')
    expect(w.findAll('.tabs a').map((a) => a.text())).toEqual(['Recent', 'Trending', 'Local'])

    const r = createAppRouter(createMemoryHistory())
    await r.push('/videos/subscriptions')
    expect(r.currentRoute.value.fullPath).toBe('/login?redirect=/videos/subscriptions')
    await r.push('/my-library/subscriptions')
    expect(r.currentRoute.value.path).toBe('/login')
  })

  it('links both pages from the account menu', async () => {
    loggedIn()
    useServer(() => undefined)
    await loadUser()
    const { w } = await mountAt(AppHeader, '/', '/')
    const hrefs = w.findAll('#user-menu a').map((a) => a.attributes('href'))
    expect(hrefs).toContain('/videos/subscriptions')
    expect(hrefs).toContain('/my-library/subscriptions')
  })
})

/**
 * A stand-in for IntersectionObserver: like the real one, observing reports the
 * current state once (asynchronously); `scrollTo(true|false)` moves the sentinel
 * into or out of view and reports it.
 */
function fakeIntersectionObserver() {
  let visible = false
  const observers = new Set<{ cb: IntersectionObserverCallback; targets: Set<Element>; self: IntersectionObserver }>()
  const report = (o: { cb: IntersectionObserverCallback; self: IntersectionObserver }, targets: Iterable<Element>) =>
    o.cb([...targets].map((target) => ({ target, isIntersecting: visible }) as IntersectionObserverEntry), o.self)
  class FakeObserver {
    private o: { cb: IntersectionObserverCallback; targets: Set<Element>; self: IntersectionObserver }
    constructor(cb: IntersectionObserverCallback) {
      this.o = { cb, targets: new Set(), self: this as unknown as IntersectionObserver }
      observers.add(this.o)
    }
    observe(el: Element) {
      this.o.targets.add(el)
      queueMicrotask(() => this.o.targets.has(el) && report(this.o, [el]))
    }
    unobserve(el: Element) {
      this.o.targets.delete(el)
    }
    disconnect() {
      this.o.targets.clear()
    }
    takeRecords() {
      return []
    }
  }
  vi.stubGlobal('IntersectionObserver', FakeObserver)
  return {
    scrollTo(v: boolean) {
      visible = v
      for (const o of observers) if (o.targets.size) report(o, o.targets)
    },
    observed: () => [...observers].reduce((n, o) => n + o.targets.size, 0)
  }
}

describe('home page infinite scroll', () => {
  const homeCalls = (calls: Call[]) => calls.filter((c) => pathOf(c) === '/api/v1/videos')

  it('loads the next page when the end of the grid comes into view, until the total', async () => {
    const io = fakeIntersectionObserver()
    const server = useServer((c) => {
      if (pathOf(c) !== '/api/v1/videos') return undefined
      const q = queryOf(c)
      return { body: videoPage(Number(q.get('start')), Number(q.get('count')), 60) }
    })
    const { w } = await mountAt(HomePage, '/', '/')
    await flushPromises()
    expect(homeCalls(server.calls)).toHaveLength(1)
    expect(w.findAll('.video-grid > li')).toHaveLength(24)
    expect(w.find('.scroll-sentinel').attributes('aria-hidden')).toBe('true')
    // the keyboard's way stays visible
    expect(w.find('.load-more button').text()).toBe('Load more')

    io.scrollTo(true)
    await flushPromises()
    await flushPromises()
    // page 2, and since the end is still in view, page 3: then the total is reached
    expect(homeCalls(server.calls).map((c) => queryOf(c).get('start'))).toEqual(['0', '24', '48'])
    expect(w.findAll('.video-grid > li')).toHaveLength(60)
    expect(w.find('.scroll-sentinel').exists()).toBe(false)
    expect(w.find('.load-more').exists()).toBe(false)
    expect(io.observed()).toBe(0)

    io.scrollTo(true)
    await flushPromises()
    expect(homeCalls(server.calls)).toHaveLength(3)
  })

  it('stops after a page when the end has left the view', async () => {
    const io = fakeIntersectionObserver()
    const server = useServer((c) => (pathOf(c) === '/api/v1/videos' ? { body: videoPage(Number(queryOf(c).get('start')), 24, 100) } : undefined))
    const { w } = await mountAt(HomePage, '/videos/trending', '/videos/trending')
    io.scrollTo(true)
    // the new cards push the sentinel down, out of view, before the re-check
    io.scrollTo(false)
    await flushPromises()
    await flushPromises()
    expect(homeCalls(server.calls).map((c) => queryOf(c).get('start'))).toEqual(['0', '24'])
    expect(queryOf(homeCalls(server.calls)[1]!).get('sort')).toBe('-trending')
    expect(w.findAll('.video-grid > li')).toHaveLength(48)
  })

  it('stops loading by itself after an error; the button tries again', async () => {
    const io = fakeIntersectionObserver()
    let fail = true
    const server = useServer((c) => {
      if (pathOf(c) !== '/api/v1/videos') return undefined
      const start = Number(queryOf(c).get('start'))
      if (start > 0 && fail) return { status: 500, body: { status: 500, detail: 'boom' } }
      return { body: videoPage(start, 24, 48) }
    })
    const { w } = await mountAt(HomePage, '/', '/')
    io.scrollTo(true)
    await flushPromises()
    await flushPromises()
    expect(homeCalls(server.calls)).toHaveLength(2)
    expect(w.find('[role="alert"]').exists()).toBe(true)
    expect(w.find('.scroll-sentinel').exists()).toBe(false)
    io.scrollTo(true)
    await flushPromises()
    expect(homeCalls(server.calls)).toHaveLength(2)

    fail = false
    await w.find('.load-more button').trigger('click')
    await flushPromises()
    expect(w.findAll('.video-grid > li')).toHaveLength(48)
    expect(w.find('.load-more').exists()).toBe(false)
  })

  it('works with the button alone where IntersectionObserver is missing', async () => {
    vi.stubGlobal('IntersectionObserver', undefined)
    let release!: () => void
    const load = vi.fn((start: number) =>
      start === 0 ? Promise.resolve(videoPage(0, 2, 3)) : new Promise<ReturnType<typeof videoPage>>((r) => (release = () => r(videoPage(start, 2, 3))))
    )
    const w = mount(CardGrid, {
      props: { load, count: 2, infinite: true },
      slots: { default: `<template #default="{ item }"><span class="card">{{ item.name }}</span></template>` }
    })
    mounted.push(w)
    await flushPromises()
    expect(w.findAll('.card')).toHaveLength(2)
    const more = w.find('.load-more button')
    await more.trigger('click')
    // the button stays (the keyboard focus with it), inactive until the page is there
    expect(w.find('.load-more button').attributes('aria-disabled')).toBe('true')
    await w.find('.load-more button').trigger('click')
    release()
    await flushPromises()
    expect(w.findAll('.card')).toHaveLength(3)
    expect(load).toHaveBeenCalledTimes(2)
  })
})
