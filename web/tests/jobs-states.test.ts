import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Component } from 'vue'
import { api } from '@/api/client'
import AdminJobsPage from '@/pages/AdminJobsPage.vue'
import MyVideosPage from '@/pages/MyVideosPage.vue'
import WatchPage from '@/pages/WatchPage.vue'
import { createAppRouter } from '@/router'
import { resetSessionForTests } from '@/session'
import { fakeFetch, OAUTH_CLIENT, type Call, type Handler } from './helpers'

const SERVER_CONFIG = {
  serverVersion: '7.0.0',
  instance: { name: 'Test Tube', shortDescription: 'A test instance' },
  signup: { allowed: false, allowedForCurrentIP: true, requiresEmailVerification: false, requiresApproval: false, minimumAge: 16 },
  user: { videoQuota: -1, videoQuotaDaily: -1 },
  client: { header: { hideInstanceName: false } }
}

function user(roleId: number) {
  return {
    id: 1,
    username: 'root',
    email: 'admin@example.com',
    role: { id: roleId, label: ['Administrator', 'Moderator', 'User'][roleId] },
    videoQuota: -1,
    videoQuotaDaily: -1,
    account: { id: 1, name: 'root', displayName: 'Root', host: 'localhost', avatars: [] },
    videoChannels: []
  }
}

function useServer(extra: Handler) {
  const server = fakeFetch((c: Call) => {
    if (c.url === '/api/v1/config') return { body: SERVER_CONFIG }
    if (c.url === '/api/v1/oauth-clients/local') return { body: OAUTH_CLIENT }
    return extra(c)
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

function router(component: Component) {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/jobs', component },
      { path: '/:p(.*)*', component: { template: '<p>other</p>' } }
    ]
  })
}

const T0 = '2026-01-02T10:00:00.000Z'

function job(id: number, state: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    state,
    type: 'video-transcoding',
    data: { type: 'optimize-to-web-video', videoUUID: 'c4b2a6d1-0000-4000-8000-000000000001', isNewVideo: true },
    priority: 100,
    progress: 0,
    error: null,
    createdAt: T0,
    processedOn: null,
    finishedOn: null,
    ...extra
  }
}

function jobsUrl(c: Call): { path: string; query: URLSearchParams } | null {
  const u = new URL(c.url, 'http://x')
  return u.pathname.startsWith('/api/v1/jobs') ? { path: u.pathname, query: u.searchParams } : null
}

beforeEach(() => {
  localStorage.clear()
  api.reloadTokensFromStorage()
  resetSessionForTests()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('AdminJobsPage', () => {
  it('lists the jobs of every state with what they do, progress, dates and the error of failed ones', async () => {
    loggedIn()
    const server = useServer((c) => {
      const j = jobsUrl(c)
      if (j && c.method === 'GET')
        return {
          body: {
            total: 3,
            data: [
              job(12, 'completed', {
                data: { type: 'new-resolution-to-hls', resolution: 240, videoUUID: 'c4b2a6d1-0000-4000-8000-000000000001' },
                progress: 100,
                processedOn: '2026-01-02T10:00:01.000Z',
                finishedOn: '2026-01-02T10:00:05.000Z'
              }),
              job(11, 'failed', { progress: 37, error: 'ffmpeg exited with code 1: Invalid data found when processing input', finishedOn: T0 }),
              job(10, 'completed', { type: 'generate-video-storyboard', data: { videoUUID: 'c4b2a6d1-0000-4000-8000-000000000001' }, progress: 100 })
            ]
          }
        }
      return { status: 404 }
    })
    const r = router(AdminJobsPage)
    await r.push('/admin/jobs')
    const w = mount(AdminJobsPage, { global: { plugins: [r] } })
    await flushPromises()

    const get = server.calls.find((c) => jobsUrl(c))!
    const { path, query } = jobsUrl(get)!
    expect(path).toBe('/api/v1/jobs/')
    expect(query.get('sort')).toBe('-createdAt')
    expect(query.get('start')).toBe('0')
    expect(query.get('count')).toBe('20')
    expect(query.has('jobType')).toBe(false)
    expect(get.headers.Authorization).toBe('Bearer a')

    expect(w.text()).toContain('3 jobs')
    const rows = w.findAll('tr[data-job-id]')
    expect(rows.map((row) => row.attributes('data-job-id'))).toEqual(['12', '11', '10'])
    expect(rows[0]!.text()).toContain('video-transcoding')
    expect(rows[0]!.find('.job-detail').text()).toBe('new-resolution-to-hls · 240p')
    expect(rows[0]!.text()).toContain('Completed')
    expect(rows[0]!.find('progress').attributes('value')).toBe('100')
    expect(rows[0]!.find('progress').attributes('aria-label')).toBe('Progress of job 12')
    expect(rows[0]!.text()).toContain('100 %')
    expect(rows[0]!.find('a').attributes('href')).toBe('/w/c4b2a6d1-0000-4000-8000-000000000001')
    // started and finished dates with their time of day
    expect(rows[0]!.findAll('td')[5]!.text()).toMatch(/2026.*\d{1,2}:\d{2}:\d{2}/)
    expect(rows[0]!.findAll('td')[6]!.text()).toMatch(/2026.*\d{1,2}:\d{2}:\d{2}/)

    expect(rows[1]!.text()).toContain('Failed')
    expect(rows[1]!.find('.badge-danger').exists()).toBe(true)
    expect(rows[1]!.find('progress').attributes('value')).toBe('37')
    expect(rows[1]!.find('.job-detail').text()).toBe('optimize-to-web-video')
    const errors = w.findAll('.job-error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.text()).toBe('ffmpeg exited with code 1: Invalid data found when processing input')

    expect(rows[2]!.text()).toContain('generate-video-storyboard')
    expect(rows[2]!.find('.job-detail').exists()).toBe(false)
    // nothing is moving: no auto-refresh notice
    expect(w.text()).not.toContain('Refreshing every few seconds')
  })

  it('filters by state and type through the address', async () => {
    loggedIn()
    const server = useServer((c) => (jobsUrl(c) ? { body: { total: 0, data: [] } } : { status: 404 }))
    const r = router(AdminJobsPage)
    await r.push('/admin/jobs')
    const w = mount(AdminJobsPage, { global: { plugins: [r] } })
    await flushPromises()
    expect(w.text()).toContain('No job matches these filters.')

    const states = w.findAll('#jobs-state option').map((o) => o.attributes('value'))
    expect(states).toEqual(['', 'waiting', 'active', 'completed', 'failed', 'delayed'])
    const types = w.findAll('#jobs-type option').map((o) => o.attributes('value'))
    expect(types).toContain('video-transcoding')
    expect(types).toContain('generate-video-storyboard')

    await w.find('#jobs-state').setValue('failed')
    await flushPromises()
    expect(r.currentRoute.value.query).toEqual({ state: 'failed' })
    await w.find('#jobs-type').setValue('video-transcoding')
    await flushPromises()
    expect(r.currentRoute.value.query).toEqual({ state: 'failed', jobType: 'video-transcoding' })

    const last = jobsUrl(server.calls.filter((c) => jobsUrl(c)).at(-1)!)!
    expect(last.path).toBe('/api/v1/jobs/failed')
    expect(last.query.get('jobType')).toBe('video-transcoding')
    expect(last.query.get('sort')).toBe('-createdAt')
  })

  it('reads the list again every few seconds while jobs wait or run, and stops when none does', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    loggedIn()
    let n = 0
    const server = useServer((c) => {
      if (!jobsUrl(c)) return { status: 404 }
      n++
      if (n === 1) return { body: { total: 2, data: [job(2, 'waiting'), job(1, 'active', { progress: 10 })] } }
      if (n === 2) return { body: { total: 2, data: [job(2, 'active', { progress: 5 }), job(1, 'completed', { progress: 100 })] } }
      return { body: { total: 2, data: [job(2, 'completed', { progress: 100 }), job(1, 'completed', { progress: 100 })] } }
    })
    const r = router(AdminJobsPage)
    await r.push('/admin/jobs')
    const w = mount(AdminJobsPage, { global: { plugins: [r] } })
    await flushPromises()
    const count = () => server.calls.filter((c) => jobsUrl(c)).length
    expect(count()).toBe(1)
    expect(w.find('tr[data-job-id="1"] progress').attributes('value')).toBe('10')
    expect(w.text()).toContain('Refreshing every few seconds')

    await vi.advanceTimersByTimeAsync(1000)
    expect(count()).toBe(1)
    await vi.advanceTimersByTimeAsync(2500)
    await flushPromises()
    expect(count()).toBe(2)
    expect(w.find('tr[data-job-id="2"]').attributes('data-job-state')).toBe('active')
    expect(w.find('tr[data-job-id="2"] progress').attributes('value')).toBe('5')

    await vi.advanceTimersByTimeAsync(3500)
    await flushPromises()
    expect(count()).toBe(3)
    expect(w.findAll('tr[data-job-state="completed"]')).toHaveLength(2)
    expect(w.text()).not.toContain('Refreshing every few seconds')

    // everything is finished: no more requests
    await vi.advanceTimersByTimeAsync(20000)
    expect(count()).toBe(3)
    w.unmount()
  })

  it('stops refreshing when the page is left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    loggedIn()
    const server = useServer((c) => (jobsUrl(c) ? { body: { total: 1, data: [job(1, 'active')] } } : { status: 404 }))
    const r = router(AdminJobsPage)
    await r.push('/admin/jobs')
    const w = mount(AdminJobsPage, { global: { plugins: [r] } })
    await flushPromises()
    w.unmount()
    await vi.advanceTimersByTimeAsync(10000)
    expect(server.calls.filter((c) => jobsUrl(c))).toHaveLength(1)
  })

  it('pauses and resumes the queue', async () => {
    loggedIn()
    const server = useServer((c) => {
      if (c.method === 'POST' && (c.url === '/api/v1/jobs/pause' || c.url === '/api/v1/jobs/resume')) return { status: 204 }
      return jobsUrl(c) ? { body: { total: 0, data: [] } } : { status: 404 }
    })
    const r = router(AdminJobsPage)
    await r.push('/admin/jobs')
    const w = mount(AdminJobsPage, { global: { plugins: [r] } })
    await flushPromises()
    const button = (label: string) => w.findAll('button').find((b) => b.text() === label)!

    await button('Pause the queue').trigger('click')
    await flushPromises()
    expect(server.calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/jobs/pause'])
    expect(w.find('[role="status"]').text()).toContain('The job queue is paused')

    await button('Resume the queue').trigger('click')
    await flushPromises()
    expect(server.calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/jobs/pause', '/api/v1/jobs/resume'])
    expect(w.find('[role="status"]').text()).toContain('The job queue has been resumed.')
  })

  it('shows the error when the server refuses', async () => {
    loggedIn()
    useServer((c) => (jobsUrl(c) ? { status: 403, body: { status: 403, detail: 'User does not have the right' } } : { status: 404 }))
    const r = router(AdminJobsPage)
    await r.push('/admin/jobs')
    const w = mount(AdminJobsPage, { global: { plugins: [r] } })
    await flushPromises()
    expect(w.find('[role="alert"]').exists()).toBe(true)
    expect(w.find('table').exists()).toBe(false)
  })
})

describe('/admin/jobs route', () => {
  it('is for administrators only', async () => {
    loggedIn()
    useServer((c) => (c.url === '/api/v1/users/me' ? { body: user(1) } : { status: 404 }))
    const r = createAppRouter(createMemoryHistory())
    await r.push('/admin/jobs')
    expect(r.currentRoute.value.name).toBe('forbidden')
  })

  it('opens for an administrator (and under PeerTube\'s address)', async () => {
    loggedIn()
    useServer((c) => (c.url === '/api/v1/users/me' ? { body: user(0) } : { status: 404 }))
    const r = createAppRouter(createMemoryHistory())
    await r.push('/admin/jobs')
    expect(r.currentRoute.value.path).toBe('/admin/jobs')
    expect(r.currentRoute.value.meta.title).toBe('Jobs')
    await r.push('/admin/system/jobs')
    expect(r.currentRoute.value.name).not.toBe('not-found')
    expect(r.currentRoute.value.name).not.toBe('forbidden')
  })
})

describe('MyVideosPage states', () => {
  it('says which videos are being processed and which failed', async () => {
    loggedIn()
    const video = (id: number, state: { id: number; label: string }) => ({
      id,
      uuid: `uuid-${id}`,
      shortUUID: `s${id}`,
      name: `video ${id}`,
      duration: 6,
      views: 0,
      privacy: { id: 1, label: 'Public' },
      state,
      publishedAt: T0,
      thumbnails: []
    })
    useServer((c) =>
      c.url.startsWith('/api/v1/users/me/videos')
        ? {
            body: {
              total: 3,
              data: [video(3, { id: 2, label: 'To transcode' }), video(2, { id: 7, label: 'Transcoding failed' }), video(1, { id: 1, label: 'Published' })]
            }
          }
        : { status: 404 }
    )
    const r = router(MyVideosPage)
    await r.push('/admin/jobs')
    const w = mount(MyVideosPage, { global: { plugins: [r] } })
    await flushPromises()
    const rows = w.findAll('tbody tr')
    expect(rows).toHaveLength(3)
    expect(rows[0]!.find('.badge-active').text()).toBe('Being processed')
    expect(rows[1]!.find('.badge-danger').text()).toBe('Transcoding failed')
    expect(rows[2]!.text()).toContain('Published')
    expect(rows[2]!.find('.badge-active').exists()).toBe(false)
  })
})

describe('WatchPage states', () => {
  const UUID = 'c4b2a6d1-0000-4000-8000-0000000000aa'
  function watchServer(state: { id: number; label: string }, files: unknown[] = []) {
    return useServer((c) => {
      const path = c.url.split('?')[0]
      if (path === `/api/v1/videos/${UUID}`)
        return {
          body: {
            id: 5,
            uuid: UUID,
            shortUUID: 'short5',
            name: 'A clip',
            duration: 6,
            isLocal: true,
            privacy: { id: 1, label: 'Public' },
            state,
            files,
            streamingPlaylists: [],
            likes: 0,
            dislikes: 0,
            views: 0,
            publishedAt: T0,
            tags: [],
            commentsPolicy: { id: 1, label: 'Enabled' },
            channel: { id: 1, name: 'chan', displayName: 'Chan', host: 'localhost', avatars: [] },
            account: { id: 1, name: 'root', displayName: 'Root', host: 'localhost', avatars: [] }
          }
        }
      if (path === '/api/v1/videos') return { body: { total: 0, data: [] } }
      if (path.endsWith('/comment-threads')) return { body: { total: 0, totalNotDeletedComments: 0, data: [] } }
      return { status: 404, body: { status: 404, detail: 'Not found' } }
    })
  }
  async function mountWatch() {
    const r = createRouter({ history: createMemoryHistory(), routes: [{ path: '/w/:id', component: WatchPage }, { path: '/:p(.*)*', component: { template: '<p>other</p>' } }] })
    await r.push(`/w/${UUID}`)
    const w = mount(WatchPage, { global: { plugins: [r] }, attachTo: document.body })
    await flushPromises()
    await flushPromises()
    return w
  }

  it('tells that the video is being processed (state 2)', async () => {
    watchServer({ id: 2, label: 'To transcode' })
    const w = await mountWatch()
    expect(w.find('h1').text()).toBe('A clip')
    expect(w.find('.state-alert').text()).toContain('This video is being processed')
    expect(w.find('.vp-message').text()).toContain('This video is being processed')
    w.unmount()
  })

  it('tells that transcoding failed (state 7)', async () => {
    watchServer({ id: 7, label: 'Transcoding failed' })
    const w = await mountWatch()
    expect(w.find('.state-alert').text()).toContain('Transcoding failed')
    expect(w.find('.vp-message').text()).toContain('Transcoding failed')
    w.unmount()
  })

  it('says nothing for a published video', async () => {
    watchServer({ id: 1, label: 'Published' }, [
      { id: 1, resolution: { id: 360, label: '360p' }, fileUrl: `http://localhost/static/web-videos/${UUID}-360.mp4`, fps: 25, size: 100 }
    ])
    const w = await mountWatch()
    expect(w.find('h1').text()).toBe('A clip')
    expect(w.find('.state-alert').exists()).toBe(false)
    w.unmount()
  })
})
