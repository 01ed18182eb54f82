import assert from 'node:assert/strict'
import { expectStatus } from './asserts.mjs'

const clients = new WeakMap()

/** GET /api/v1/oauth-clients/local (cached per Api). */
export async function getClient (api) {
  if (clients.has(api)) return clients.get(api)
  const res = await api.get('/api/v1/oauth-clients/local')
  expectStatus(res, 200, 'GET /api/v1/oauth-clients/local')
  clients.set(api, res.json)
  return res.json
}

/** POST /api/v1/users/token with the password grant; returns the raw response. */
export async function passwordGrant (api, username, password, opts = {}) {
  const client = await getClient(api)
  return api.post('/api/v1/users/token', {
    form: { client_id: client.client_id, client_secret: client.client_secret, grant_type: 'password', username, password },
    ...opts
  })
}

export async function refreshGrant (api, refreshToken, opts = {}) {
  const client = await getClient(api)
  return api.post('/api/v1/users/token', {
    form: { client_id: client.client_id, client_secret: client.client_secret, grant_type: 'refresh_token', refresh_token: refreshToken },
    ...opts
  })
}

/** Logs in and returns { access_token, refresh_token, ... }. */
export async function login (api, username, password, opts = {}) {
  const res = await passwordGrant(api, username, password, opts)
  expectStatus(res, 200, `login ${username}`)
  assert.equal(typeof res.json?.access_token, 'string', `no access_token: ${res.describe()}`)
  return res.json
}

export const ROLE = { ADMINISTRATOR: 0, MODERATOR: 1, USER: 2 }

/**
 * Creates a user through the admin API and logs it in.
 * Like PeerTube's own test helper it sends videoQuota/videoQuotaDaily (-1 unless
 * given); `omitQuota: true` leaves them out so the instance defaults apply.
 * Returns { id, accountId, username, password, email, token, refreshToken }.
 */
export async function createUser (api, adminToken, { username, password = 'secret-pass-123', email, role = ROLE.USER, omitQuota = false, ...rest } = {}) {
  email ??= `${username}@example.com`
  const quota = omitQuota ? {} : { videoQuota: -1, videoQuotaDaily: -1 }
  const res = await api.post('/api/v1/users', { token: adminToken, json: { username, password, email, role, ...quota, ...rest } })
  expectStatus(res, 200, `POST /api/v1/users ${username}`)
  const id = res.json?.user?.id
  const accountId = res.json?.user?.account?.id
  assert.ok(Number.isInteger(id), `POST /api/v1/users: no user.id in ${res.describe()}`)
  const tokens = await login(api, username, password)
  return { id, accountId, username, password, email, role, token: tokens.access_token, refreshToken: tokens.refresh_token }
}

export async function me (api, token) {
  const res = await api.get('/api/v1/users/me', { token })
  expectStatus(res, 200, 'GET /api/v1/users/me')
  return res.json
}
