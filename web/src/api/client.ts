import type { OAuthClientLocal } from '@peertube/peertube-types'
import { ApiError, errorFromResponse, networkError } from './errors'

/** What the client keeps of an OAuth token answer. Times are epoch milliseconds. */
export interface StoredTokens {
  accessToken: string
  refreshToken: string
  tokenType: string
  expiresAt: number
  refreshExpiresAt: number
}

/** POST /api/v1/users/token answer (PeerTube's fields). */
interface TokenAnswer {
  access_token: string
  refresh_token: string
  token_type?: string
  expires_in?: number
  refresh_token_expires_in?: number
}

export type QueryValue = string | number | boolean | undefined | null
export interface RequestOptions {
  query?: Record<string, QueryValue>
  /** a JSON body */
  json?: unknown
  /** a multipart body (file uploads) */
  form?: FormData
  /** send the bearer token: true (default) when logged in, false never */
  auth?: boolean
  /** extra request headers (e.g. x-peertube-video-password) */
  headers?: Record<string, string>
  signal?: AbortSignal
}

export type AuthEvent = 'login' | 'logout' | 'expired' | 'refresh'

export interface ApiClientOptions {
  /** prefix of every URL; '' means the page's own origin */
  baseUrl?: string
  /** where the tokens live between page loads (localStorage in the browser) */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
  now?: () => number
  /** refresh the access token this long before it expires */
  refreshMarginMs?: number
  /** fetch implementation; defaults to the global one at call time */
  fetch?: typeof fetch
}

export const TOKEN_STORAGE_KEY = 'vidiverse.tokens'
const DEFAULT_MARGIN_MS = 60_000
/** setTimeout cannot wait longer than this (about 24.8 days) */
const MAX_TIMEOUT_MS = 2 ** 31 - 1

/**
 * The REST API client: JSON and multipart requests, RFC 7807 errors turned into
 * ApiError, and PeerTube's OAuth password flow with tokens kept in storage and
 * refreshed before they expire (and once after a 401).
 */
export class ApiClient {
  private readonly baseUrl: string
  private readonly storage: ApiClientOptions['storage']
  private readonly now: () => number
  private readonly margin: number
  private readonly fetchImpl?: typeof fetch
  private tokens: StoredTokens | null
  private oauthClient: OAuthClientLocal | null = null
  private refreshing: Promise<StoredTokens> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private autoRefresh = false
  private readonly listeners = new Set<(e: AuthEvent) => void>()

  constructor(opts: ApiClientOptions = {}) {
    this.baseUrl = opts.baseUrl ?? ''
    this.storage = opts.storage === undefined ? safeLocalStorage() : opts.storage
    this.now = opts.now ?? (() => Date.now())
    this.margin = opts.refreshMarginMs ?? DEFAULT_MARGIN_MS
    this.fetchImpl = opts.fetch
    this.tokens = this.readStoredTokens()
  }

  // ---- tokens ---------------------------------------------------------------

  isLoggedIn(): boolean {
    return this.tokens !== null && this.tokens.refreshExpiresAt > this.now()
  }

  getTokens(): StoredTokens | null {
    return this.tokens ? { ...this.tokens } : null
  }

  onAuthChange(listener: (e: AuthEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Keeps the access token fresh with a timer even when no request is made. */
  startAutoRefresh(): void {
    this.autoRefresh = true
    this.schedule()
  }

  stopAutoRefresh(): void {
    this.autoRefresh = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Takes tokens written by another tab (the `storage` event). */
  reloadTokensFromStorage(): void {
    const before = this.tokens?.accessToken
    this.tokens = this.readStoredTokens()
    if (this.tokens?.accessToken !== before) this.emit(this.tokens ? 'refresh' : 'logout')
    this.schedule()
  }

  private readStoredTokens(): StoredTokens | null {
    try {
      const raw = this.storage?.getItem(TOKEN_STORAGE_KEY)
      if (!raw) return null
      const v = JSON.parse(raw) as Partial<StoredTokens>
      if (typeof v.accessToken !== 'string' || typeof v.refreshToken !== 'string') return null
      return {
        accessToken: v.accessToken,
        refreshToken: v.refreshToken,
        tokenType: v.tokenType || 'Bearer',
        expiresAt: Number(v.expiresAt) || 0,
        refreshExpiresAt: Number(v.refreshExpiresAt) || 0
      }
    } catch {
      return null
    }
  }

  private setTokens(tokens: StoredTokens | null): void {
    this.tokens = tokens
    try {
      if (tokens) this.storage?.setItem(TOKEN_STORAGE_KEY, JSON.stringify(tokens))
      else this.storage?.removeItem(TOKEN_STORAGE_KEY)
    } catch {
      // storage full or disabled: the session lasts as long as the page
    }
    this.schedule()
  }

  private emit(e: AuthEvent): void {
    for (const l of this.listeners) l(e)
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (!this.autoRefresh || !this.tokens) return
    const wait = Math.min(MAX_TIMEOUT_MS, Math.max(0, this.tokens.expiresAt - this.margin - this.now()))
    this.timer = setTimeout(() => {
      this.timer = null
      this.refresh().catch(() => {
        /* an expired session is reported through onAuthChange */
      })
    }, wait)
  }

  private tokensFromAnswer(a: TokenAnswer, previous?: StoredTokens | null): StoredTokens {
    const now = this.now()
    return {
      accessToken: a.access_token,
      refreshToken: a.refresh_token,
      tokenType: a.token_type || 'Bearer',
      expiresAt: now + (a.expires_in ?? 3600) * 1000,
      refreshExpiresAt:
        a.refresh_token_expires_in !== undefined
          ? now + a.refresh_token_expires_in * 1000
          : previous?.refreshExpiresAt ?? now + 14 * 24 * 3600 * 1000
    }
  }

  // ---- OAuth ----------------------------------------------------------------

  private async getOAuthClient(force = false): Promise<OAuthClientLocal> {
    if (!this.oauthClient || force) {
      this.oauthClient = await this.request<OAuthClientLocal>('GET', '/api/v1/oauth-clients/local', { auth: false })
    }
    return this.oauthClient
  }

  private async tokenRequest(fields: Record<string, string>): Promise<TokenAnswer> {
    let client = await this.getOAuthClient()
    const send = (c: OAuthClientLocal) =>
      this.rawRequest<TokenAnswer>('POST', '/api/v1/users/token', {
        body: new URLSearchParams({ client_id: c.client_id, client_secret: c.client_secret, ...fields }),
        auth: false
      })
    try {
      return await send(client)
    } catch (e) {
      // the server's local client changed (reinstalled instance): fetch it again once
      if (e instanceof ApiError && e.code === 'invalid_client') {
        client = await this.getOAuthClient(true)
        return await send(client)
      }
      throw e
    }
  }

  /** Password grant. `username` may also be the account's email, as on PeerTube. */
  async login(username: string, password: string): Promise<void> {
    const answer = await this.tokenRequest({ grant_type: 'password', username, password })
    this.setTokens(this.tokensFromAnswer(answer))
    this.emit('login')
  }

  /** Gets a new access token with the refresh token; one request at a time. */
  refresh(): Promise<StoredTokens> {
    if (this.refreshing) return this.refreshing
    const current = this.tokens
    if (!current) return Promise.reject(new ApiError({ status: 401, code: 'invalid_token' }))
    this.refreshing = (async () => {
      try {
        const answer = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken })
        const next = this.tokensFromAnswer(answer, current)
        this.setTokens(next)
        this.emit('refresh')
        return next
      } catch (e) {
        // a refused refresh token ends the session; a network failure does not
        if (e instanceof ApiError && !e.network && e.status >= 400 && e.status < 500) {
          this.setTokens(null)
          this.emit('expired')
          throw new ApiError({ status: 401, code: 'invalid_token', detail: e.detail })
        }
        throw e
      } finally {
        this.refreshing = null
      }
    })()
    return this.refreshing
  }

  /** Revokes the token on the server (best effort) and forgets it here. */
  async logout(): Promise<void> {
    const had = this.tokens
    if (had) {
      try {
        await this.rawRequest('POST', '/api/v1/users/revoke-token', { auth: true })
      } catch {
        // already expired or server unreachable: forgetting it locally is what matters
      }
    }
    this.setTokens(null)
    this.emit('logout')
  }

  // ---- requests -------------------------------------------------------------

  get<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, opts)
  }
  post<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, opts)
  }
  put<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, opts)
  }
  delete<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, opts)
  }

  /** A request with the session: fresh token first, one retry after refreshing on a 401. */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const useAuth = opts.auth !== false
    if (useAuth && this.tokens && this.tokens.expiresAt - this.margin <= this.now()) {
      try {
        await this.refresh()
      } catch (e) {
        if (!(e instanceof ApiError) || e.network) throw e
        // session ended: go on anonymously; the server decides whether that is enough
      }
    }
    const body = opts.form ?? (opts.json !== undefined ? JSON.stringify(opts.json) : undefined)
    const headers: Record<string, string> = { ...opts.headers, ...(opts.json !== undefined ? { 'Content-Type': 'application/json' } : {}) }
    const sentToken = useAuth ? this.tokens?.accessToken : undefined
    try {
      return await this.rawRequest<T>(method, path, { ...opts, body, headers, auth: useAuth })
    } catch (e) {
      if (sentToken && e instanceof ApiError && isTokenProblem(e) && this.tokens) {
        // another request may have refreshed meanwhile: then just use the new token
        if (this.tokens.accessToken === sentToken) await this.refresh()
        return await this.rawRequest<T>(method, path, { ...opts, body, headers, auth: useAuth })
      }
      throw e
    }
  }

  /**
   * A raw request with the session (fresh token, one retry after a refused token):
   * the Response itself, whatever its status, for callers that need headers
   * (resumable uploads read Location and Range).
   */
  async fetchRaw(method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit; signal?: AbortSignal } = {}): Promise<Response> {
    if (this.tokens && this.tokens.expiresAt - this.margin <= this.now()) {
      try {
        await this.refresh()
      } catch (e) {
        if (!(e instanceof ApiError) || e.network) throw e
      }
    }
    const doFetch = this.fetchImpl ?? globalThis.fetch
    const send = () => {
      const headers: Record<string, string> = { Accept: 'application/json', ...init.headers }
      if (this.tokens) headers.Authorization = `${this.tokens.tokenType || 'Bearer'} ${this.tokens.accessToken}`
      return doFetch(this.baseUrl + path, { method, headers, body: init.body, signal: init.signal })
    }
    const sentToken = this.tokens?.accessToken
    let res: Response
    try {
      res = await send()
      if (res.status === 401 && sentToken && this.tokens) {
        const err = errorFromResponse(401, await res.clone().text().catch(() => ''))
        if (isTokenProblem(err)) {
          if (this.tokens.accessToken === sentToken) await this.refresh()
          res = await send()
        }
      }
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e
      if (e instanceof ApiError) throw e
      throw networkError()
    }
    return res
  }

  private url(path: string, query?: Record<string, QueryValue>): string {
    let url = this.baseUrl + path
    if (query) {
      const q = new URLSearchParams()
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.append(k, String(v))
      const s = q.toString()
      if (s) url += (url.includes('?') ? '&' : '?') + s
    }
    return url
  }

  private async rawRequest<T>(
    method: string,
    path: string,
    opts: { query?: RequestOptions['query']; body?: BodyInit; headers?: Record<string, string>; auth?: boolean; signal?: AbortSignal }
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
    if (opts.auth !== false && this.tokens) headers.Authorization = `${this.tokens.tokenType || 'Bearer'} ${this.tokens.accessToken}`
    const doFetch = this.fetchImpl ?? globalThis.fetch
    let res: Response
    try {
      res = await doFetch(this.url(path, opts.query), { method, headers, body: opts.body, signal: opts.signal })
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e
      throw networkError()
    }
    const text = await res.text().catch(() => '')
    if (!res.ok) throw errorFromResponse(res.status, text)
    if (!text) return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      return text as T
    }
  }
}

/** A 401 about the token itself (not, say, a wrong current password). */
function isTokenProblem(e: ApiError): boolean {
  return e.status === 401 && (e.code === undefined || e.code === 'invalid_token')
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null
  } catch {
    return null
  }
}

/** The client every page uses. */
export const api = new ApiClient()
