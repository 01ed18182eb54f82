import type { PeerTubeProblemDocument } from '@peertube/peertube-types'
import { fmt, t } from '@/i18n'

/** One invalid request parameter, as the server reported it. */
export interface FieldError {
  /** parameter name as sent (`email`, `channel.name`, `instance.name`) */
  field: string
  /** human label for the field, from the translation table when known */
  label: string
  message: string
}

/** An error answer from the REST API (RFC 7807 problem document) or a failed request. */
export class ApiError extends Error {
  readonly status: number
  readonly code?: string
  readonly detail?: string
  readonly title?: string
  readonly fields: FieldError[]
  /** true when the request never got an answer (offline, DNS, refused connection) */
  readonly network: boolean

  constructor(init: {
    status: number
    code?: string
    detail?: string
    title?: string
    fields?: FieldError[]
    network?: boolean
  }) {
    super(init.detail || init.title || `HTTP ${init.status}`)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.detail = init.detail
    this.title = init.title
    this.fields = init.fields ?? []
    this.network = init.network ?? false
  }
}

type InvalidParam = { msg?: unknown; message?: unknown; param?: unknown; path?: unknown }

/** Label for a request field: the translation when there is one, else the name made readable. */
export function fieldLabel(field: string): string {
  const labels = t.fields as Record<string, string>
  if (labels[field]) return labels[field]
  const last = field.split('.').pop() ?? field
  if (labels[last]) return labels[last]
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function sentence(text: string): string {
  const s = text.trim()
  if (!s) return s
  const first = s.charAt(0).toUpperCase() + s.slice(1)
  return /[.!?…]$/.test(first) ? first : first + '.'
}

function parseInvalidParams(raw: unknown): FieldError[] {
  if (!raw || typeof raw !== 'object') return []
  const out: FieldError[] = []
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const v = (value ?? {}) as InvalidParam
    const field = typeof v.path === 'string' && v.path ? v.path : typeof v.param === 'string' && v.param ? v.param : key
    const msgRaw = typeof v.msg === 'string' ? v.msg : typeof v.message === 'string' ? v.message : typeof value === 'string' ? value : ''
    const message = msgRaw && msgRaw !== 'Invalid value' ? sentence(msgRaw) : t.errors.invalidValue
    out.push({ field, label: fieldLabel(field), message })
  }
  return out
}

/** Builds an ApiError from a non-2xx response whose body has been read as text. */
export function errorFromResponse(status: number, bodyText: string): ApiError {
  let doc: Partial<PeerTubeProblemDocument> & { error?: string; 'invalid-params'?: unknown } = {}
  try {
    const parsed: unknown = bodyText ? JSON.parse(bodyText) : {}
    if (parsed && typeof parsed === 'object') doc = parsed as typeof doc
  } catch {
    // not JSON (a proxy's HTML page, an empty body): keep the status only
  }
  const detail = typeof doc.detail === 'string' ? doc.detail : typeof doc.error === 'string' ? doc.error : undefined
  return new ApiError({
    status,
    code: typeof doc.code === 'string' ? doc.code : undefined,
    detail,
    title: typeof doc.title === 'string' ? doc.title : undefined,
    fields: parseInvalidParams(doc['invalid-params'])
  })
}

export function networkError(): ApiError {
  return new ApiError({ status: 0, network: true })
}

/** Messages for error codes whose server wording is not meant for people. */
function messageForCode(code: string | undefined, detail: string | undefined): string | undefined {
  switch (code) {
    case 'invalid_grant':
      // "Invalid grant: ..." is for programs; other details ("User email is not verified.") are for people
      return detail && !/^invalid grant/i.test(detail) ? sentence(detail) : t.errors.invalidGrant
    case 'invalid_client':
      return t.errors.invalidClient
    case 'invalid_token':
      return t.errors.sessionExpired
    case 'unauthorized_request':
      return t.errors.loginRequired
    case 'current_password_is_invalid':
      return t.errors.currentPasswordInvalid
    default:
      return undefined
  }
}

function messageForStatus(status: number): string {
  if (status === 400) return t.errors.badRequest
  if (status === 401) return t.errors.sessionExpired
  if (status === 403) return t.errors.forbidden
  if (status === 404) return t.errors.notFound
  if (status === 409) return t.errors.conflict
  if (status === 413) return t.errors.tooLarge
  if (status === 415) return t.errors.unsupportedMedia
  if (status === 429) return t.errors.tooManyRequests
  if (status >= 500) return t.errors.server
  return fmt(t.errors.unexpectedStatus, { status })
}

export interface ErrorDescription {
  /** one sentence a person can read */
  summary: string
  /** per-field problems, in the order the server listed them */
  fields: FieldError[]
}

/** Turns anything thrown by an API call into sentences a person understands. */
export function describeError(err: unknown): ErrorDescription {
  if (err instanceof ApiError) {
    if (err.network) return { summary: t.errors.network, fields: [] }
    if (err.fields.length > 0) return { summary: t.errors.checkFields, fields: err.fields }
    const byCode = messageForCode(err.code, err.detail)
    if (byCode) return { summary: byCode, fields: [] }
    if (err.status === 429 || err.status === 413 || err.status >= 500) {
      const generic = messageForStatus(err.status)
      return { summary: err.detail && err.status < 500 ? `${generic} ${sentence(err.detail)}` : generic, fields: [] }
    }
    if (err.detail) return { summary: sentence(err.detail), fields: [] }
    return { summary: messageForStatus(err.status), fields: [] }
  }
  if (err instanceof TypeError) return { summary: t.errors.network, fields: [] }
  return { summary: t.errors.unknown, fields: [] }
}

/** The whole description as plain text (summary, then one line per field). */
export function errorToText(err: unknown): string {
  const d = describeError(err)
  return [d.summary, ...d.fields.map((f) => `${f.label}: ${f.message}`)].join('\n')
}
