/** A fake `fetch` answering from a handler, recording every call. */
export interface Call {
  method: string
  url: string
  headers: Record<string, string>
  body: BodyInit | null | undefined
}

export type Handler = (call: Call) => { status?: number; body?: unknown } | Promise<{ status?: number; body?: unknown }>

export function fakeFetch(handler: Handler) {
  const calls: Call[] = []
  const fn = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: Call = {
      method: init.method ?? 'GET',
      url: String(input),
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body
    }
    calls.push(call)
    const r = await handler(call)
    const status = r.status ?? 200
    const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body)
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } })
  }
  return { fetch: fn as typeof fetch, calls }
}

export function memoryStorage(): Storage {
  const m = new Map<string, string>()
  return {
    get length() {
      return m.size
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
    key: (i) => [...m.keys()][i] ?? null
  }
}

/** Form fields of a URL-encoded body. */
export function formOf(call: Call): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(String(call.body)))
}

export const OAUTH_CLIENT = { client_id: 'cid', client_secret: 'csecret' }

export function tokenAnswer(n: number, expiresIn = 3600) {
  return {
    token_type: 'Bearer',
    access_token: `access-${n}`,
    refresh_token: `refresh-${n}`,
    expires_in: expiresIn,
    refresh_token_expires_in: 1209600
  }
}
