import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Component } from 'vue'
import { api } from '@/api/client'
import { errorFromResponse } from '@/api/errors'
import AppHeader from '@/components/AppHeader.vue'
import ErrorAlert from '@/components/ErrorAlert.vue'
import PaginationNav from '@/components/PaginationNav.vue'
import AdminConfigPage from '@/pages/AdminConfigPage.vue'
import HomePage from '@/pages/HomePage.vue'
import LoginPage from '@/pages/LoginPage.vue'
import { createAppRouter } from '@/router'
import { loadConfig, loadUser, resetSessionForTests } from '@/session'
import { fakeFetch, formOf, OAUTH_CLIENT, tokenAnswer, type Call, type Handler } from './helpers'

const SERVER_CONFIG = {
  serverVersion: '7.0.0',
  instance: { name: 'Test Tube', shortDescription: 'A test instance' },
  signup: { allowed: true, allowedForCurrentIP: true, requiresEmailVerification: false, requiresApproval: false, minimumAge: 16 },
  user: { videoQuota: -1, videoQuotaDaily: -1 },
  webadmin: { configuration: { edition: { allowed: true } } },
  client: { header: { hideInstanceName: false } }
}

const ADMIN = {
  id: 1,
  username: 'root',
  email: 'admin@example.com',
  role: { id: 0, label: 'Administrator' },
  videoQuota: -1,
  videoQuotaDaily: -1,
  account: { id: 1, name: 'root', displayName: 'Root', host: 'localhost', avatars: [] },
  videoChannels: []
}

function useServer(extra: Handler = () => ({ status: 404, body: { status: 404, detail: 'Not found' } })) {
  const server = fakeFetch((c: Call) => {
    if (c.url === '/api/v1/config') return { body: SERVER_CONFIG }
    if (c.url === '/api/v1/oauth-clients/local') return { body: OAUTH_CLIENT }
    return extra(c)
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

function router(component: Component, path = '/') {
  return createRouter({ history: createMemoryHistory(), routes: [{ path, component }, { path: '/:p(.*)*', component: { template: '<p>other</p>' } }] })
}

beforeEach(() => {
  localStorage.clear()
  api.reloadTokensFromStorage()
  resetSessionForTests()
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('ErrorAlert', () => {
  it('shows the summary and each invalid field', () => {
    const err = errorFromResponse(
      400,
      JSON.stringify({ status: 400, 'invalid-params': { email: { msg: 'Should have a valid email' }, username: { msg: 'Should have a valid username' } } })
    )
    const w = mount(ErrorAlert, { props: { error: err } })
    expect(w.attributes('role')).toBe('alert')
    expect(w.text()).toContain('Some fields need your attention:')
    const items = w.findAll('li').map((li) => li.text())
    expect(items).toEqual(['Email: Should have a valid email.', 'Username: Should have a valid username.'])
  })

  it('renders nothing without an error', () => {
    const w = mount(ErrorAlert, { props: { error: null } })
    expect(w.find('.alert').exists()).toBe(false)
  })
})

describe('PaginationNav', () => {
  it('shows the page and emits the next start', async () => {
    const w = mount(PaginationNav, { props: { total: 40, start: 15, count: 15 } })
    expect(w.text()).toContain('Page 2 of 3')
    const [prev, next] = w.findAll('button')
    await next.trigger('click')
    await prev.trigger('click')
    expect(w.emitted('update:start')).toEqual([[30], [0]])
  })

  it('is hidden when everything fits on one page', () => {
    expect(mount(PaginationNav, { props: { total: 3, start: 0, count: 15 } }).find('nav').exists()).toBe(false)
  })
})

const VIDEO = {
  id: 5,
  uuid: 'uuid-5',
  shortUUID: 'short5',
  name: 'A test clip',
  duration: 65,
  views: 3,
  isLocal: true,
  nsfw: false,
  publishedAt: '2026-01-02T03:04:05Z',
  thumbnailPath: '/lazy-static/thumbnails/t5.jpg',
  thumbnails: [],
  channel: { id: 1, name: 'root_channel', displayName: 'Root channel', host: 'localhost', avatars: [] },
  account: { id: 1, name: 'root', displayName: 'Root', host: 'localhost', avatars: [] }
}

describe('HomePage', () => {
  it('lists recent videos with thumbnails, and loads more', async () => {
    const server = useServer((c) => {
      if (c.url.startsWith('/api/v1/videos?')) {
        const start = Number(new URL(c.url, 'http://x').searchParams.get('start'))
        return { body: { total: 2, data: [{ ...VIDEO, id: 5 + start, name: `Clip ${start}` }] } }
      }
      return { status: 404 }
    })
    const r = router(HomePage)
    await r.push('/')
    const w = mount(HomePage, { global: { plugins: [r] } })
    await flushPromises()
    expect(w.find('h1').exists()).toBe(true)
    expect(server.calls[0]!.url).toContain('sort=-publishedAt')
    expect(w.text()).toContain('Clip 0')
    expect(w.text()).toContain('Root channel')
    expect(w.text()).toContain('1:05')
    expect(w.find('img').attributes('alt')).toBe('Thumbnail of Clip 0')
    expect(w.find('img').attributes('src')).toBe('/lazy-static/thumbnails/t5.jpg')
    await w.find('.load-more button').trigger('click')
    await flushPromises()
    expect(w.text()).toContain('Clip 1')
    expect(w.find('.load-more').exists()).toBe(false)
  })

  it('asks for trending and local videos on those tabs', async () => {
    const server = useServer((c) => (c.url.startsWith('/api/v1/videos?') ? { body: { total: 0, data: [] } } : { status: 404 }))
    const r = createRouter({ history: createMemoryHistory(), routes: ['/', '/videos/trending', '/videos/local'].map((path) => ({ path, component: HomePage })) })
    await r.push('/videos/trending')
    const w = mount({ template: '<RouterView />' }, { global: { plugins: [r] } })
    await flushPromises()
    expect(server.calls.at(-1)!.url).toContain('sort=-trending')
    expect(w.text()).toContain('No videos yet')
    await r.push('/videos/local')
    await flushPromises()
    expect(server.calls.at(-1)!.url).toContain('isLocal=true')
  })
})

describe('LoginPage', () => {
  it('shows a readable message for a wrong password', async () => {
    useServer((c) =>
      c.url === '/api/v1/users/token'
        ? { status: 400, body: { status: 400, code: 'invalid_grant', detail: 'Invalid grant: user credentials are invalid' } }
        : { status: 404, body: {} }
    )
    await loadConfig()
    const r = router(LoginPage, '/login')
    await r.push('/login')
    const w = mount(LoginPage, { global: { plugins: [r] } })
    expect(w.find('h1').text()).toBe('Log in to Test Tube')
    await w.find('#login-username').setValue('root')
    await w.find('#login-password').setValue('bad')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('[role="alert"]').text()).toContain('The username or password is wrong.')
    expect((w.find('#login-password').element as HTMLInputElement).value).toBe('')
  })

  it('logs in and goes to the page asked for', async () => {
    const server = useServer((c) => {
      if (c.url === '/api/v1/users/token') return { body: tokenAnswer(1) }
      if (c.url === '/api/v1/users/me') return { body: ADMIN }
      return { status: 404, body: {} }
    })
    const r = router(LoginPage, '/login')
    await r.push('/login?redirect=/my-account/settings')
    const w = mount(LoginPage, { global: { plugins: [r] } })
    await w.find('#login-username').setValue('root')
    await w.find('#login-password').setValue('rootroot')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(formOf(server.calls.find((c) => c.url === '/api/v1/users/token')!)).toMatchObject({ username: 'root', password: 'rootroot' })
    expect(r.currentRoute.value.fullPath).toBe('/my-account/settings')
  })

  it('refuses to redirect to another site after login', async () => {
    useServer((c) => (c.url === '/api/v1/users/token' ? { body: tokenAnswer(1) } : c.url === '/api/v1/users/me' ? { body: ADMIN } : { status: 404 }))
    const r = router(LoginPage, '/login')
    await r.push('/login?redirect=//evil.example/x')
    const w = mount(LoginPage, { global: { plugins: [r] } })
    await w.find('#login-username').setValue('root')
    await w.find('#login-password').setValue('rootroot')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(r.currentRoute.value.fullPath).toBe('/')
  })
})

describe('AppHeader', () => {
  it('offers log in and sign up to visitors', async () => {
    useServer()
    await loadConfig()
    const r = router(HomePage)
    await r.push('/')
    const w = mount(AppHeader, { global: { plugins: [r] } })
    expect(w.text()).toContain('Test Tube')
    const links = w.findAll('a').map((a) => a.text())
    expect(links).toContain('Log in')
    expect(links).toContain('Create an account')
    expect(w.find('img').attributes('alt')).toBe('Test Tube home page')
  })

  it('shows the account menu with administration links to an administrator', async () => {
    localStorage.setItem(
      'vidiverse.tokens',
      JSON.stringify({ accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, refreshExpiresAt: Date.now() + 86_400_000 })
    )
    api.reloadTokensFromStorage()
    useServer((c) => (c.url === '/api/v1/users/me' ? { body: ADMIN } : { status: 404 }))
    await Promise.all([loadConfig(), loadUser()])
    const r = router(HomePage)
    await r.push('/')
    const w = mount(AppHeader, { global: { plugins: [r] }, attachTo: document.body })
    const button = w.find('button[aria-haspopup="true"]')
    // named by its content, which holds the visible name (the avatar is decoration)
    expect(button.attributes('aria-label')).toBeUndefined()
    expect(button.findAll('.visually-hidden, .user-name').map((s) => s.text()).join(' ')).toBe('Account menu for Root')
    expect(button.find('[aria-hidden="true"] .avatar').exists()).toBe(true)
    expect(button.attributes('aria-expanded')).toBe('false')
    await button.trigger('click')
    expect(button.attributes('aria-expanded')).toBe('true')
    const menu = w.find('#user-menu').text()
    expect(menu).toContain('Users')
    expect(menu).toContain('Configuration')
    expect(menu).toContain('Jobs')
    expect(w.find('#user-menu a[href="/admin/jobs"]').exists()).toBe(true)
    expect(menu).toContain('Log out')
    await w.find('#user-menu').trigger('keydown', { key: 'Escape' })
    expect(button.attributes('aria-expanded')).toBe('false')
    w.unmount()
  })
})

describe('AdminConfigPage', () => {
  it('sends the whole custom config back with the edits', async () => {
    const custom = {
      instance: { name: 'Old name', shortDescription: 's', description: 'd', terms: 't', codeOfConduct: '', languages: ['en'], customizations: { css: '', javascript: '' } },
      signup: { enabled: false, limit: 10, requiresApproval: false, requiresEmailVerification: false, minimumAge: 16 },
      user: { history: { videos: { enabled: true } }, videoQuota: -1, videoQuotaDaily: -1, defaultChannelName: 'Main $1 channel' },
      videoChannels: { maxPerUser: 20 },
      transcoding: { enabled: true, resolutions: { '720p': true } },
      somethingUnknown: { keep: 'me' }
    }
    let putBody: unknown = null
    useServer((c) => {
      if (c.url === '/api/v1/config/custom' && c.method === 'GET') return { body: custom }
      if (c.url === '/api/v1/config/custom' && c.method === 'PUT') {
        putBody = JSON.parse(String(c.body))
        return { body: putBody }
      }
      return { status: 404 }
    })
    const r = router(AdminConfigPage)
    await r.push('/')
    const w = mount(AdminConfigPage, { global: { plugins: [r] } })
    await flushPromises()
    await w.find('#cfg-name').setValue('New name')
    await w.find('#cfg-limit').setValue('25')
    const signupBox = w.findAll('input[type="checkbox"]')[0]
    await signupBox.setValue(true)
    await w.find('form').trigger('submit')
    await flushPromises()

    const expected = structuredClone(custom)
    expected.instance.name = 'New name'
    expected.signup.limit = 25
    expected.signup.enabled = true
    expect(putBody).toEqual(expected)
    expect(w.find('[role="status"]').text()).toContain('The configuration has been saved.')
  })

  it('shows the server validation per field', async () => {
    useServer((c) => {
      if (c.method === 'GET' && c.url === '/api/v1/config/custom')
        return { body: { instance: { name: 'x' }, signup: { enabled: true, limit: -1 }, user: { videoQuota: -1, videoQuotaDaily: -1 } } }
      return {
        status: 400,
        body: { status: 400, detail: 'Incorrect request parameters: signup.limit', 'invalid-params': { 'signup.limit': { msg: 'Should have a valid signup limit' } } }
      }
    })
    const r = router(AdminConfigPage)
    await r.push('/')
    const w = mount(AdminConfigPage, { global: { plugins: [r] } })
    await flushPromises()
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('[role="alert"]').text()).toContain('Sign-up limit: Should have a valid signup limit.')
    expect(w.find('#cfg-limit').attributes('aria-invalid')).toBe('true')
  })
})

describe('router guards', () => {
  it('sends visitors of private pages to the login page with a way back', async () => {
    useServer()
    const r = createAppRouter(createMemoryHistory())
    await r.push('/my-account/settings')
    expect(r.currentRoute.value.path).toBe('/login')
    expect(r.currentRoute.value.query.redirect).toBe('/my-account/settings')
  })

  it('keeps ordinary users out of the administration', async () => {
    localStorage.setItem(
      'vidiverse.tokens',
      JSON.stringify({ accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, refreshExpiresAt: Date.now() + 86_400_000 })
    )
    api.reloadTokensFromStorage()
    useServer((c) => (c.url === '/api/v1/users/me' ? { body: { ...ADMIN, role: { id: 2, label: 'User' } } } : { status: 404 }))
    const r = createAppRouter(createMemoryHistory())
    await r.push('/admin/users')
    expect(r.currentRoute.value.name).toBe('forbidden')
  })

  it('knows PeerTube addresses and has a not-found page', async () => {
    useServer()
    const r = createAppRouter(createMemoryHistory())
    for (const path of ['/c/some_channel', '/a/someone', '/w/abc', '/videos/watch/abc', '/about', '/search', '/login', '/signup']) {
      await r.push(path)
      expect(r.currentRoute.value.name, path).not.toBe('not-found')
    }
    await r.push('/no/such/page')
    expect(r.currentRoute.value.name).toBe('not-found')
  })
})
