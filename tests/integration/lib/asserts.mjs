import assert from 'node:assert/strict'

/** Asserts the status, showing the whole response when it differs. */
export function expectStatus (res, status, what = '') {
  const ok = Array.isArray(status) ? status.includes(res.status) : res.status === status
  if (!ok) assert.fail(`${what ? what + ': ' : ''}expected HTTP ${Array.isArray(status) ? status.join('|') : status}, got ${res.describe()}`)
  return res
}

export const PROBLEM_TYPE_PREFIX = 'https://docs.joinpeertube.org/api-rest-reference.html#section/Errors/'

/**
 * PeerTube's error format (res.fail in server/core/middlewares/error.ts):
 * Content-Type application/problem+json; charset=utf-8 and an RFC 7807 body
 * { status, title?, detail, type, code?, 'invalid-params'? , docs? }.
 * With a code, type is PROBLEM_TYPE_PREFIX + code; without one, "about:blank".
 *  opts.code: expected `code` (string or array of accepted codes)
 *  opts.invalidParams: field names that must appear in 'invalid-params'
 */
export function expectProblem (res, status, opts = {}) {
  expectStatus(res, status, opts.what)
  assert.match(res.headers['content-type'] || '', /^application\/problem\+json/,
    `error responses use application/problem+json: ${res.describe()}`)
  const body = res.json
  assert.ok(body && typeof body === 'object' && !Array.isArray(body), `error body must be a JSON object: ${res.describe()}`)
  assert.equal(body.status, res.status, `problem.status must equal the HTTP status: ${res.describe()}`)
  assert.equal(typeof body.detail, 'string', `problem.detail must be a string: ${res.describe()}`)
  assert.ok(body.detail.length > 0, `problem.detail must not be empty: ${res.describe()}`)
  assert.equal(typeof body.type, 'string', `problem.type must be a string: ${res.describe()}`)
  if (body.title !== undefined) assert.equal(typeof body.title, 'string', `problem.title must be a string: ${res.describe()}`)
  if (body.code !== undefined) {
    assert.equal(typeof body.code, 'string')
    assert.equal(body.type, PROBLEM_TYPE_PREFIX + body.code, `problem.type must be the docs URL of its code: ${res.describe()}`)
  }
  if (opts.code !== undefined) {
    const codes = Array.isArray(opts.code) ? opts.code : [opts.code]
    assert.ok(codes.includes(body.code), `expected problem code ${codes.join('|')}, got ${res.describe()}`)
  }
  if (opts.invalidParams) {
    const ip = body['invalid-params']
    assert.ok(ip && typeof ip === 'object', `expected 'invalid-params' in ${res.describe()}`)
    for (const field of opts.invalidParams) {
      assert.ok(Object.hasOwn(ip, field), `expected '${field}' in invalid-params: ${res.describe()}`)
      assert.equal(typeof ip[field].msg, 'string', `invalid-params.${field}.msg must be a string: ${res.describe()}`)
    }
  }
  return body
}

/** A 4xx (any of them unless given) in PeerTube's error format. */
export function expectClientError (res, statuses, opts = {}) {
  const s = statuses ?? res.status
  assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx, got ${res.describe()}`)
  return expectProblem(res, s, opts)
}

export function randomSuffix (n = 6) {
  return Math.random().toString(36).slice(2, 2 + n).padEnd(n, '0')
}
