import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { api } from '@/api/client'
import EmbedApp from '@/embed/EmbedApp.vue'
import { fakeFetch, type Call, type Handler } from './helpers'

const UUID = '9c9de5e8-0a1e-484a-b099-e80766180a6d'
const VIDEO = {
  id: 7,
  uuid: UUID,
  shortUUID: 'kkGMgK9ZtnKfYAgnEtQxbv',
  name: 'Sintel',
  duration: 200,
  isLocal: true,
  privacy: { id: 1, label: 'Public' },
  state: { id: 1, label: 'Published' },
  files: [{ id: 1, resolution: { id: 720, label: '720p' }, fileUrl: `http://localhost:3000/static/web-videos/${UUID}-720.mp4`, fps: 30 }],
  streamingPlaylists: [],
  trackerUrls: []
}
const CONFIG = { instance: { name: 'Test Tube' }, tracker: { enabled: true }, defaults: { p2p: { embed: { enabled: true }, webapp: { enabled: true } } } }

function useServer(videoAnswer: Handler) {
  const server = fakeFetch((c: Call) => {
    const path = c.url.split('?')[0]
    if (path === '/api/v1/config') return { body: CONFIG }
    if (path === `/api/v1/videos/${UUID}`) return videoAnswer(c)
    if (path.startsWith(`/api/v1/videos/${UUID}/`)) return { body: { total: 0, data: [], chapters: [], storyboards: [] } }
    return { status: 404, body: { status: 404 } }
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

const mounted: VueWrapper[] = []
async function open(search = '', id = UUID) {
  history.replaceState(null, '', `/videos/embed/${id}${search}`)
  const w = mount(EmbedApp, { attachTo: document.body })
  mounted.push(w)
  await flushPromises()
  await flushPromises()
  return w
}

beforeEach(() => {
  localStorage.clear()
  api.reloadTokensFromStorage()
  vi.stubGlobal('RTCPeerConnection', function RTCPeerConnection() {})
})
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
  vi.unstubAllGlobals()
  history.replaceState(null, '', '/')
})

describe('embed page', () => {
  it('shows the player with the title, the P2P notice and a link to the watch page', async () => {
    useServer(() => ({ body: VIDEO }))
    const w = await open()
    expect(w.find('video').exists()).toBe(true)
    expect(w.find('.embed-title').text()).toBe('Sintel')
    expect(w.find('.embed-warning').text()).toContain('may reveal your IP address')
    const link = w.find('a.embed-link')
    expect(link.attributes('href')).toBe(`${location.origin}/w/kkGMgK9ZtnKfYAgnEtQxbv`)
    expect(link.attributes('target')).toBe('_blank')
    expect(link.text()).toBe('Watch on Test Tube')
    expect(document.title).toBe('Sintel')
  })

  it('follows title=0, peertubeLink=0, p2p=0, controls=0', async () => {
    useServer(() => ({ body: VIDEO }))
    const w = await open('?title=0&peertubeLink=0&p2p=0&controls=0')
    expect(w.find('.embed-title').exists()).toBe(false)
    expect(w.find('.embed-link').exists()).toBe(false)
    expect(w.find('.embed-warning').exists()).toBe(false)
    expect(w.find('.vp-controls').exists()).toBe(false)
  })

  it('shows no overlay without controls, as PeerTube', async () => {
    useServer(() => ({ body: VIDEO }))
    const w = await open('?controls=0')
    expect(w.find('video').exists()).toBe(true)
    expect(w.find('.embed-top').exists()).toBe(false)
  })

  it('starts at start= and mutes with muted=1', async () => {
    useServer(() => ({ body: VIDEO }))
    const w = await open('?start=1m30s&muted=1&loop=1')
    const el = w.find('video').element as HTMLVideoElement
    el.dispatchEvent(new Event('loadedmetadata'))
    expect(el.currentTime).toBe(90)
    expect(el.muted).toBe(true)
    expect(el.loop).toBe(true)
  })

  it('asks for the password of a protected video and sends it in the header', async () => {
    const server = useServer((c) =>
      c.headers['x-peertube-video-password'] === 'open sesame'
        ? { body: { ...VIDEO, privacy: { id: 5, label: 'Password protected' } } }
        : {
            status: 403,
            body: {
              status: 403,
              code: c.headers['x-peertube-video-password'] ? 'incorrect_video_password' : 'video_requires_password',
              detail: 'Please provide a password'
            }
          }
    )
    const w = await open()
    expect(w.find('h1').text()).toBe('This video is protected by a password')
    await w.find('#embed-password').setValue('wrong')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('[role="alert"]').text()).toBe('This password is not correct.')
    expect(w.find('#embed-password').attributes('aria-invalid')).toBe('true')
    await w.find('#embed-password').setValue('open sesame')
    await w.find('form').trigger('submit')
    await flushPromises()
    await flushPromises()
    expect(w.find('video').exists()).toBe(true)
    // the player asks for a file token with the same password
    expect(server.calls.find((c) => c.url.endsWith('/token'))?.headers['x-peertube-video-password']).toBe('open sesame')
  })

  it('explains private and unknown videos inside the frame', async () => {
    useServer(() => ({ status: 403, body: { status: 403, detail: 'Cannot get this private video' } }))
    let w = await open()
    expect(w.find('h1').text()).toBe('This video is private')
    expect(w.text()).toContain('Test Tube')
    w.unmount()
    mounted.pop()

    useServer(() => ({ status: 404, body: { status: 404, detail: 'Video not found' } }))
    w = await open()
    expect(w.find('h1').text()).toBe('This video is unavailable')

    w.unmount()
    mounted.pop()
    w = await open('', 'bad%2Fid')
    expect(w.text()).toContain('does not name a video')
  })
})
