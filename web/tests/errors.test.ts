import { describe, expect, it } from 'vitest'
import { ApiError, describeError, errorFromResponse, errorToText, networkError } from '@/api/errors'

describe('error formatting', () => {
  it('uses the server detail as a sentence', () => {
    const e = errorFromResponse(409, JSON.stringify({ status: 409, detail: 'user name or email already exists' }))
    expect(e).toBeInstanceOf(ApiError)
    expect(describeError(e)).toEqual({ summary: 'User name or email already exists.', fields: [] })
  })

  it('lists invalid-params per field with readable labels', () => {
    const body = {
      status: 400,
      detail: 'Incorrect request parameters: email, channel.name',
      'invalid-params': {
        email: { msg: 'Should have a valid email', param: 'email', location: 'body' },
        'channel.name': { msg: 'Should have a valid channel name', path: 'channel.name', location: 'body' },
        someNewField: { msg: 'Invalid value', location: 'body' }
      }
    }
    const d = describeError(errorFromResponse(400, JSON.stringify(body)))
    expect(d.summary).toBe('Some fields need your attention:')
    expect(d.fields).toEqual([
      { field: 'email', label: 'Email', message: 'Should have a valid email.' },
      { field: 'channel.name', label: 'Channel name', message: 'Should have a valid channel name.' },
      { field: 'someNewField', label: 'Some new field', message: 'This value is not valid.' }
    ])
    expect(errorToText(errorFromResponse(400, JSON.stringify(body)))).toBe(
      'Some fields need your attention:\nEmail: Should have a valid email.\nChannel name: Should have a valid channel name.\nSome new field: This value is not valid.'
    )
  })

  it('explains a wrong password instead of the OAuth wording', () => {
    const e = errorFromResponse(400, JSON.stringify({ status: 400, code: 'invalid_grant', detail: 'Invalid grant: user credentials are invalid' }))
    expect(describeError(e).summary).toBe('The username or password is wrong.')
  })

  it('keeps a human invalid_grant detail (unverified email)', () => {
    const e = errorFromResponse(400, JSON.stringify({ status: 400, code: 'invalid_grant', detail: 'User email is not verified.' }))
    expect(describeError(e).summary).toBe('User email is not verified.')
  })

  it('words the wrong current password', () => {
    const e = errorFromResponse(401, JSON.stringify({ status: 401, code: 'current_password_is_invalid', detail: 'currentPassword is invalid.' }))
    expect(describeError(e).summary).toBe('The current password is wrong.')
  })

  it('handles network failures', () => {
    expect(describeError(networkError()).summary).toMatch(/could not be reached/)
    expect(describeError(new TypeError('Failed to fetch')).summary).toMatch(/could not be reached/)
  })

  it('handles bodies that are not JSON', () => {
    const e = errorFromResponse(502, '<html>Bad gateway</html>')
    expect(e.status).toBe(502)
    expect(describeError(e).summary).toMatch(/server had a problem/)
  })

  it('words rate limiting and size limits even with a detail', () => {
    expect(describeError(errorFromResponse(429, '{"status":429,"detail":"Too many requests, please try again later."}')).summary).toMatch(
      /^Too many requests in a short time/
    )
    expect(describeError(errorFromResponse(413, '')).summary).toBe('The file or request is too large.')
  })

  it('falls back on the status when there is no detail', () => {
    expect(describeError(errorFromResponse(403, '{}')).summary).toBe('You are not allowed to do this.')
    expect(describeError(errorFromResponse(404, '')).summary).toMatch(/could not be found/)
    expect(describeError(errorFromResponse(418, '')).summary).toMatch(/HTTP 418/)
  })

  it('describes unknown throwables without leaking internals', () => {
    expect(describeError(new Error('x is undefined')).summary).toBe('Something went wrong. Try again.')
  })
})
