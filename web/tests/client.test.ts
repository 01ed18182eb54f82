import { describe, expect, it, vi } from 'vitest'
import { ApiClient, TOKEN_STORAGE_KEY } from '@/api/client'
import { ApiError } from '@/api/errors'
import { fakeFetch, formOf, memoryStorage, OAUTH_CLIENT, tokenAnswer, type Call } from './helpers'

/** The ApiError a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    return e as ApiError
  }
  throw new Error('expected a rejection')
}

function setup(handler: (c: Call) => { status?: number; body?: unknown } | undefined) {
  let now = 1_000_000
  let issued = 0
  const storage = memoryStorage()
  const { fetch, calls } = fakeFetch((c) => {
    const custom = handler(c)
    if (custom) return custom
    if (c.url === '/api/v1/oauth-clients/local') return { body: OAUTH_CLIENT }
    if (c.url === '/api/v1/users/token') return { body: tokenAnswer(++issued) }
    if (c.url === '/api/v1/users/revoke-token') return { status: 200, body: {} }
    return { status: 404, body: { status: 404, detail: 'nope' } }
  })
  const client = new ApiClient({ fetch, storage, now: () => now, refreshMarginMs: 60_000 })
  return {
    client,
    calls,
    storage,
    advance: (ms: number) => {
      now += ms
    }
  }
}

const tokenCalls = (calls: Call[]) => calls.filter((c) => c.url === '/api/v1/users/token')

describe('ApiClient OAuth', () => {
  it('logs in with the password grant and the local client, and stores the tokens', async () => {
    const { client, calls, storage } = setup(() => undefined)
    const events: string[] = []
    client.onAuthChange((e) => events.push(e))
    await client.login('alice', 'secret')

    const tokenCall = tokenCalls(calls)[0]
    expect(tokenCall.method).toBe('POST')
    expect(formOf(tokenCall)).toEqual({
      client_id: 'cid',
      client_secret: 'csecret',
      grant_type: 'password',
      username: 'alice',
      password: 'secret'
    })
    expect(client.isLoggedIn()).toBe(true)
    const stored = JSON.parse(storage.getItem(TOKEN_STORAGE_KEY)!)
    expect(stored.accessToken).toBe('access-1')
    expect(stored.refreshToken).toBe('refresh-1')
    expect(stored.expiresAt).toBe(1_000_000 + 3600 * 1000)
    expect(events).toEqual(['login'])
  })

  it('sends the bearer token on API requests', async () => {
    const { client, calls } = setup((c) => (c.url === '/api/v1/users/me' ? { body: { id: 1 } } : undefined))
    await client.login('alice', 'secret')
    await client.get('/api/v1/users/me')
    expect(calls.at(-1)!.headers.Authorization).toBe('Bearer access-1')
  })

  it('keeps the session across page loads through storage', async () => {
    const { client, storage, calls } = setup(() => undefined)
    await client.login('alice', 'secret')
    const { fetch } = fakeFetch(() => ({ body: {} }))
    const again = new ApiClient({ fetch, storage, now: () => 1_000_000 })
    expect(again.isLoggedIn()).toBe(true)
    expect(again.getTokens()!.accessToken).toBe('access-1')
    expect(calls.length).toBe(2)
  })

  it('refreshes the access token before it expires, then sends the new one', async () => {
    const { client, calls, advance } = setup((c) => (c.url === '/api/v1/users/me' ? { body: { id: 1 } } : undefined))
    await client.login('alice', 'secret')
    advance(3600 * 1000 - 30_000) // 30 s left, inside the 60 s margin
    await client.get('/api/v1/users/me')

    expect(tokenCalls(calls)).toHaveLength(2)
    expect(formOf(tokenCalls(calls)[1])).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'cid' })
    expect(calls.at(-1)!.url).toBe('/api/v1/users/me')
    expect(calls.at(-1)!.headers.Authorization).toBe('Bearer access-2')
  })

  it('does not refresh while the token is still fresh', async () => {
    const { client, calls, advance } = setup((c) => (c.url === '/api/v1/users/me' ? { body: {} } : undefined))
    await client.login('alice', 'secret')
    advance(10 * 60 * 1000)
    await client.get('/api/v1/users/me')
    expect(tokenCalls(calls)).toHaveLength(1)
  })

  it('refreshes once on a 401 invalid_token and retries the request', async () => {
    let meCalls = 0
    const { client, calls } = setup((c) => {
      if (c.url !== '/api/v1/users/me') return undefined
      meCalls++
      return c.headers.Authorization === 'Bearer access-1'
        ? { status: 401, body: { status: 401, code: 'invalid_token', detail: 'Invalid token: access token has expired' } }
        : { body: { id: 7 } }
    })
    await client.login('alice', 'secret')
    await expect(client.get('/api/v1/users/me')).resolves.toEqual({ id: 7 })
    expect(meCalls).toBe(2)
    expect(tokenCalls(calls)).toHaveLength(2)
  })

  it('retries only once: a second 401 is reported', async () => {
    let meCalls = 0
    const { client } = setup((c) => {
      if (c.url !== '/api/v1/users/me') return undefined
      meCalls++
      return { status: 401, body: { status: 401, code: 'invalid_token', detail: 'Invalid token' } }
    })
    await client.login('alice', 'secret')
    const err = await failure(client.get('/api/v1/users/me'))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(401)
    expect(meCalls).toBe(2)
  })

  it('does not treat a wrong current password (401 with another code) as an expired token', async () => {
    const { client, calls } = setup((c) =>
      c.url === '/api/v1/users/me' && c.method === 'PUT'
        ? { status: 401, body: { status: 401, code: 'current_password_is_invalid', detail: 'currentPassword is invalid.' } }
        : undefined
    )
    await client.login('alice', 'secret')
    const err = await failure(client.put('/api/v1/users/me', { json: { currentPassword: 'x', password: 'yyyyyy' } }))
    expect(err.code).toBe('current_password_is_invalid')
    expect(tokenCalls(calls)).toHaveLength(1)
  })

  it('shares one refresh between concurrent requests', async () => {
    const { client, calls, advance } = setup((c) => (c.url.startsWith('/api/v1/users/me') ? { body: {} } : undefined))
    await client.login('alice', 'secret')
    advance(3600 * 1000)
    await Promise.all([client.get('/api/v1/users/me'), client.get('/api/v1/users/me/video-quota-used'), client.get('/api/v1/users/me')])
    expect(tokenCalls(calls)).toHaveLength(2)
  })

  it('ends the session when the refresh token is refused', async () => {
    const { client, storage, advance } = setup((c) =>
      c.url === '/api/v1/users/token' && formOf(c).grant_type === 'refresh_token'
        ? { status: 400, body: { status: 400, code: 'invalid_grant', detail: 'Invalid grant: refresh token is invalid' } }
        : c.url === '/api/v1/users/me'
          ? { status: 401, body: { status: 401, code: 'unauthorized_request', detail: 'Unauthorized request: no authentication given' } }
          : undefined
    )
    const events: string[] = []
    client.onAuthChange((e) => events.push(e))
    await client.login('alice', 'secret')
    advance(3600 * 1000)
    const err = await failure(client.get('/api/v1/users/me'))
    expect(err).toBeInstanceOf(ApiError)
    expect(client.isLoggedIn()).toBe(false)
    expect(storage.getItem(TOKEN_STORAGE_KEY)).toBeNull()
    expect(events).toEqual(['login', 'expired'])
  })

  it('keeps the tokens when the refresh fails because the network is down', async () => {
    let offline = false
    const { client, advance } = setup(() => {
      if (offline) throw new TypeError('Failed to fetch')
      return undefined
    })
    await client.login('alice', 'secret')
    offline = true
    advance(3600 * 1000)
    const err = await failure(client.get('/api/v1/users/me'))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.network).toBe(true)
    expect(client.getTokens()!.refreshToken).toBe('refresh-1')
  })

  it('refreshes on a timer before expiry when auto-refresh is on', async () => {
    vi.useFakeTimers()
    try {
      const { client, calls, advance } = setup(() => undefined)
      await client.login('alice', 'secret')
      client.startAutoRefresh()
      advance(3600 * 1000 - 60_000)
      await vi.advanceTimersByTimeAsync(3600 * 1000 - 60_000)
      expect(tokenCalls(calls)).toHaveLength(2)
      expect(client.getTokens()!.accessToken).toBe('access-2')
      client.stopAutoRefresh()
    } finally {
      vi.useRealTimers()
    }
  })

  it('logs out: revokes the token on the server and forgets it', async () => {
    const { client, calls, storage } = setup(() => undefined)
    await client.login('alice', 'secret')
    await client.logout()
    const revoke = calls.find((c) => c.url === '/api/v1/users/revoke-token')!
    expect(revoke.method).toBe('POST')
    expect(revoke.headers.Authorization).toBe('Bearer access-1')
    expect(client.isLoggedIn()).toBe(false)
    expect(storage.getItem(TOKEN_STORAGE_KEY)).toBeNull()
  })

  it('logs out locally even when the server cannot be reached', async () => {
    let offline = false
    const { client } = setup(() => {
      if (offline) throw new TypeError('Failed to fetch')
      return undefined
    })
    await client.login('alice', 'secret')
    offline = true
    await client.logout()
    expect(client.isLoggedIn()).toBe(false)
  })

  it('fetches the local client again once when the server says invalid_client', async () => {
    let clientFetches = 0
    const { client } = setup((c) => {
      if (c.url === '/api/v1/oauth-clients/local') {
        clientFetches++
        return { body: clientFetches === 1 ? { client_id: 'old', client_secret: 'old' } : OAUTH_CLIENT }
      }
      if (c.url === '/api/v1/users/token' && formOf(c).client_id === 'old')
        return { status: 400, body: { status: 400, code: 'invalid_client', detail: 'Invalid client: client is invalid' } }
      return undefined
    })
    await client.login('alice', 'secret')
    expect(clientFetches).toBe(2)
    expect(client.isLoggedIn()).toBe(true)
  })

  it('reports a wrong password as an ApiError with invalid_grant', async () => {
    const { client } = setup((c) =>
      c.url === '/api/v1/users/token'
        ? { status: 400, body: { status: 400, code: 'invalid_grant', detail: 'Invalid grant: user credentials are invalid' } }
        : undefined
    )
    const err = await failure(client.login('alice', 'bad'))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('invalid_grant')
    expect(client.isLoggedIn()).toBe(false)
  })
})

describe('ApiClient requests', () => {
  it('encodes query strings, skipping empty values, and sends JSON bodies', async () => {
    const { client, calls } = setup(() => ({ body: { total: 0, data: [] } }))
    await client.get('/api/v1/users', { query: { start: 0, count: 15, search: '', sort: '-createdAt', blocked: undefined } })
    expect(calls[0].url).toBe('/api/v1/users?start=0&count=15&sort=-createdAt')
    await client.put('/api/v1/users/me', { json: { displayName: 'A' } })
    expect(calls[1].headers['Content-Type']).toBe('application/json')
    expect(calls[1].body).toBe('{"displayName":"A"}')
  })

  it('returns undefined for 204 answers', async () => {
    const { client } = setup(() => ({ status: 204 }))
    await expect(client.post('/api/v1/users/register', { json: {}, auth: false })).resolves.toBeUndefined()
  })

  it('sends multipart bodies without forcing a content type', async () => {
    const { client, calls } = setup(() => ({ body: { avatars: [] } }))
    const form = new FormData()
    form.append('avatarfile', new Blob(['x'], { type: 'image/png' }), 'a.png')
    await client.post('/api/v1/users/me/avatar/pick', { form })
    expect(calls[0].body).toBe(form)
    expect(calls[0].headers['Content-Type']).toBeUndefined()
  })
})
