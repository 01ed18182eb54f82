// Validates responses against PeerTube's OpenAPI 3.0 spec
// (shared/reference/peertube-openapi-7.0.yaml) with Ajv.
//
// OpenAPI 3.0 → JSON Schema conversion:
//   - `nullable: true` → the type (or the whole schema) also admits null
//   - `oneOf` → `anyOf` (the spec uses oneOf for "one of these shapes", e.g.
//     User | UserWithStats, where one is a superset of the other)
//   - `discriminator`, `example`, `x-*`: ignored
//   - `additionalProperties: false` removed: PeerTube's spec is incomplete,
//     extra properties are allowed everywhere
//   - regex literals written as '/.../' are turned into plain patterns
// Types, formats, enums, min/max and `required` are enforced.
//
// SPEC_FIXES lists the places where the spec contradicts what PeerTube really
// sends (checked against PeerTube's source); each is applied before compiling.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import yaml from 'js-yaml'

const here = path.dirname(fileURLToPath(import.meta.url))

function findSpec () {
  const candidates = [
    process.env.PEERTUBE_OPENAPI,
    path.resolve(here, '..', '..', '..', '..', 'shared', 'reference', 'peertube-openapi-7.0.yaml'),
    path.resolve(here, '..', '..', '..', 'shared', 'reference', 'peertube-openapi-7.0.yaml'),
    '/work/shared/reference/peertube-openapi-7.0.yaml'
  ].filter(Boolean)
  for (const c of candidates) if (fs.existsSync(c)) return c
  throw new Error('peertube-openapi-7.0.yaml not found (set PEERTUBE_OPENAPI)')
}

const SPEC_ID = 'peertube-openapi.json'

const ref = (name) => ({ $ref: `#/components/schemas/${name}` })
const labelMap = () => ({
  type: 'object',
  minProperties: 1,
  additionalProperties: { type: 'string', minLength: 1 }
})

// Places where PeerTube's real responses differ from its spec.
const SPEC_FIXES = {
  // Properties PeerTube returns as null (user.toFormattedJSON(): blockedReason,
  // pluginAuth, lastLoginDate and emailVerified are null until set).
  nullableProperties: {
    User: ['blockedReason', 'pluginAuth', 'lastLoginDate', 'emailVerified'],
    // video-api-format.ts videoModelToFormattedJSON(): category/licence/language are
    // { id: video.category, label: getCategoryLabel(...) } and the columns are optional
    // (upload validators: body('category').optional()), so an unset one is { id: null, label: 'Unknown' }.
    'VideoConstantNumber-Category': ['id'],
    'VideoConstantNumber-Licence': ['id'],
    'VideoConstantString-Language': ['id'],
    // models/video/video-source.ts toFormattedJSON(): fileDownloadUrl = getFileDownloadUrl(),
    // which returns null when the original file is not kept (transcoding.original_file.keep: false).
    VideoSource: ['fileDownloadUrl'],
    // models/video/video-playlist.ts toFormattedJSON(): description is an optional column (AllowNull(true),
    // validators body('description').optional()), thumbnailPath = getThumbnailStaticPath() which returns null
    // when the playlist has no thumbnail, videoChannel = this.VideoChannel ? ...toFormattedSummaryJSON() : null
    // (a private playlist needs no channel, e.g. every user's "Watch later").
    VideoPlaylist: ['description', 'thumbnailPath', 'videoChannel'],
    // models/video/video-file.ts getTorrentUrl()/getTorrentDownloadUrl(): `if (!this.torrentFilename) return null`
    // (a file without a torrent yet); magnetUri is `string | null` in @peertube/peertube-types VideoFile.
    VideoFile: ['torrentUrl', 'torrentDownloadUrl', 'magnetUri'],
    // models/video/video-comment.ts: markAsDeleted() sets accountId = null, and
    // toFormattedJSON() sends `account: this.Account ? this.Account.toFormattedJSON() : null`
    // (a deleted comment stays in its thread as a tombstone without account).
    VideoComment: ['account'],
    // controllers/api/jobs.ts formatJob(): finishedOn: new Date(job.finishedOn), processedOn:
    // new Date(job.processedOn); BullMQ leaves both undefined until the job is processed/finished,
    // and an invalid Date serializes as null (a waiting job has both null).
    Job: ['finishedOn', 'processedOn']
  },
  // Property constraints of the spec that PeerTube does not honour, keyed by schema
  // name (properties found in the schema or in its inline allOf members).
  propertyPatches: {
    VideoDetails: {
      // video-api-format.ts videoModelToFormattedDetailsJSON(): tags = video.Tags ? video.Tags.map(...) : [],
      // and tags are optional on upload (CONSTRAINTS_FIELDS.VIDEOS.TAGS.min = 0): [] is sent.
      tags: { minItems: undefined },
      // CONSTRAINTS_FIELDS.VIDEOS.DESCRIPTION = { min: 3, max: 10000 } (initializers/constants.ts);
      // the full description is sent (completeDescription: true).
      description: { maxLength: 10000 }
    },
    VideoComment: {
      // models/video/video-comment.ts markAsDeleted(): `this.text = ''`; deleted comments are
      // still listed in threads (listThreadsForApi has no notDeleted filter) with text ''.
      text: { minLength: undefined }
    },
    Job: {
      // controllers/api/jobs.ts formatJob(): `error: getJobError(job)`, which returns
      // job.stacktrace[0] (a string), else job.failedReason (a string), else null; the spec
      // says an object.
      error: { type: ['string', 'null'], additionalProperties: undefined },
      // formatJob(): `state: await job.getState()`; JobState (packages/models/src/server/job.model.ts)
      // also has 'paused', 'waiting-children' and 'prioritized' (and 'unknown' from getState()).
      state: { enum: ['active', 'completed', 'failed', 'waiting', 'delayed', 'paused', 'waiting-children', 'prioritized', 'unknown'] },
      // formatJob(): `type: job.queueName as JobType`; the spec's enum predates most of JobType
      // (packages/models/src/server/job.model.ts), e.g. 'generate-video-storyboard',
      // 'transcoding-job-builder', 'manage-video-torrent', 'federate-video'.
      type: {
        enum: ['activitypub-cleaner', 'activitypub-follow', 'activitypub-http-broadcast-parallel', 'activitypub-http-broadcast',
          'activitypub-http-fetcher', 'activitypub-http-unicast', 'activitypub-refresher', 'actor-keys', 'after-video-channel-import',
          'email', 'federate-video', 'transcoding-job-builder', 'manage-video-torrent', 'move-to-object-storage', 'move-to-file-system',
          'notify', 'video-channel-import', 'video-file-import', 'video-import', 'video-live-ending', 'video-redundancy',
          'video-studio-edition', 'video-transcoding', 'videos-views-stats', 'generate-video-storyboard', 'create-user-export',
          'import-user-archive', 'video-transcription']
      }
    }
  },
  // Response schemas that are wrong in the spec, keyed "METHOD path status".
  responses: {
    // The spec says "array of User"; PeerTube answers one MyUser object.
    'get /api/v1/users/me 200': ref('User'),
    // The spec says "array of User"; PeerTube answers a ResultList.
    'get /api/v1/users 200': {
      type: 'object',
      required: ['total', 'data'],
      properties: { total: { type: 'integer', minimum: 0 }, data: { type: 'array', items: ref('User') } }
    },
    // The spec says "array of string"; controllers/api/videos/index.ts answers
    // res.json(VIDEO_CATEGORIES) (resp. VIDEO_LICENCES, VIDEO_LANGUAGES, VIDEO_PRIVACIES):
    // an object { "<id>": "<label>" }.
    'get /api/v1/videos/categories 200': labelMap(),
    'get /api/v1/videos/licences 200': labelMap(),
    'get /api/v1/videos/languages 200': labelMap(),
    'get /api/v1/videos/privacies 200': labelMap(),
    // The spec says "array of string"; controllers/api/video-playlist.ts listVideoPlaylistPrivacies()
    // answers res.json(VIDEO_PLAYLIST_PRIVACIES): { "1": "Public", "2": "Unlisted", "3": "Private" }.
    'get /api/v1/video-playlists/privacies 200': labelMap(),
    // The spec says VideoListResponse; getVideoPlaylistVideos() answers getFormattedObjects() of
    // VideoPlaylistElementModel rows, whose toFormattedJSON() is { id, position, startTimestamp,
    // stopTimestamp, type: VideoPlaylistElementType (0 regular, 1 deleted, 2 private, 3 unavailable),
    // video: this.Video.toFormattedJSON(), or null when the type is not REGULAR }.
    'get /api/v1/video-playlists/{playlistId}/videos 200': {
      type: 'object',
      required: ['total', 'data'],
      properties: {
        total: { type: 'integer', minimum: 0 },
        data: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'position', 'startTimestamp', 'stopTimestamp', 'type', 'video'],
            properties: {
              id: { type: 'integer', minimum: 1 },
              position: { type: 'integer', minimum: 1 },
              startTimestamp: { type: ['integer', 'null'], minimum: 0 },
              stopTimestamp: { type: ['integer', 'null'], minimum: 0 },
              type: { type: 'integer', enum: [0, 1, 2, 3] },
              video: { anyOf: [ref('Video'), { type: 'null' }] }
            }
          }
        }
      }
    },
    // The spec's VideoChapters says chapters is one object; controllers/api/videos/chapters.ts
    // listVideoChapters() answers res.json({ chapters: chapters.map(c => c.toFormattedJSON()) }):
    // an array of { timecode, title } (models/video/video-chapter.ts).
    'get /api/v1/videos/{id}/chapters 200': {
      type: 'object',
      required: ['chapters'],
      properties: {
        chapters: {
          type: 'array',
          items: {
            type: 'object',
            required: ['timecode', 'title'],
            properties: { timecode: { type: 'integer', minimum: 0 }, title: { type: 'string', minLength: 1, maxLength: 100 } }
          }
        }
      }
    },
    // The spec says { id, rating }; controllers/api/users/me.ts getUserVideoRating() answers
    // `const json: FormattedUserVideoRate = { videoId, rating }` (rating 'none' when unrated).
    'get /api/v1/users/me/videos/{videoId}/rating 200': {
      type: 'object',
      required: ['videoId', 'rating'],
      properties: { videoId: { type: 'integer', minimum: 1 }, rating: { type: 'string', enum: ['like', 'dislike', 'none'] } }
    },
    // The spec says "array of VideoRating"; controllers/api/accounts.ts listAccountRatings() answers
    // res.json(getFormattedObjects(resultList.data, resultList.total)): a ResultList.
    'get /api/v1/accounts/{name}/ratings 200': {
      type: 'object',
      required: ['total', 'data'],
      properties: { total: { type: 'integer', minimum: 0 }, data: { type: 'array', items: ref('VideoRating') } }
    },
    // The spec says a bare string; getVideoDescription() answers res.json({ description })
    // (description is null when the video has none).
    'get /api/v1/videos/{id}/description 200': {
      type: 'object',
      required: ['description'],
      properties: { description: { type: ['string', 'null'], maxLength: 10000 } }
    }
  }
}

function convertPattern (p) {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(p)
  if (!m) return p
  let body = m[1]
  if (m[2].includes('i')) return undefined // no inline flags in JSON Schema regexes: drop
  // '/^[a-z0-9]$/' means "only these characters" (lengths are given beside it)
  if (/^\^\[[^\]]+\]\$$/.test(body)) body = body.slice(0, -1) + '+$'
  body = body.replace(/\\\\/g, '\\')
  try { new RegExp(body, 'u'); return body } catch { return undefined }
}

// Converts one OpenAPI schema object (recursively) into JSON Schema.
function convertSchema (s) {
  if (Array.isArray(s)) return s.map(convertSchema)
  if (s === null || typeof s !== 'object') return s
  if (s.$ref) return { $ref: s.$ref } // OpenAPI 3.0: siblings of $ref are ignored

  const out = {}
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-') || k === 'example' || k === 'examples' || k === 'discriminator' ||
        k === 'xml' || k === 'externalDocs' || k === 'deprecated' || k === 'nullable') continue
    if (k === 'properties' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, convertSchema(pv)]))
    } else if (k === 'items' || k === 'not') {
      out[k] = convertSchema(v)
    } else if (k === 'additionalProperties') {
      if (typeof v === 'object') out[k] = convertSchema(v)
      // `false` dropped on purpose: extra properties are allowed
    } else if (k === 'allOf' || k === 'anyOf') {
      out[k] = v.map(convertSchema)
    } else if (k === 'oneOf') {
      out.anyOf = v.map(convertSchema)
    } else if (k === 'pattern') {
      const p = convertPattern(v)
      if (p !== undefined) out.pattern = p
    } else {
      out[k] = v
    }
  }

  if (s.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
      return out
    }
    return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

// Walks the whole document and converts every schema location.
function convertDocument (doc) {
  const out = structuredClone(doc)
  const schemas = out.components?.schemas || {}
  for (const [name, s] of Object.entries(schemas)) schemas[name] = convertSchema(s)

  const convertContent = (content) => {
    for (const media of Object.values(content || {})) {
      if (media && media.schema) media.schema = convertSchema(media.schema)
    }
  }
  for (const r of Object.values(out.components?.responses || {})) convertContent(r.content)
  for (const item of Object.values(out.paths || {})) {
    for (const op of Object.values(item)) {
      if (!op || typeof op !== 'object' || !op.responses) continue
      for (const r of Object.values(op.responses)) if (r && r.content) convertContent(r.content)
    }
  }
  return out
}

function applyFixes (doc) {
  for (const [schemaName, props] of Object.entries(SPEC_FIXES.nullableProperties)) {
    const s = doc.components.schemas[schemaName]
    for (const p of props) {
      const prop = s.properties?.[p]
      if (!prop) continue
      if (typeof prop.type === 'string') prop.type = [prop.type, 'null']
      else s.properties[p] = { anyOf: [prop, { type: 'null' }] }
    }
  }
  for (const [schemaName, props] of Object.entries(SPEC_FIXES.propertyPatches)) {
    const s = doc.components.schemas[schemaName]
    const holders = [s, ...(s.allOf || [])].filter(h => h && h.properties)
    for (const [p, patch] of Object.entries(props)) {
      const holder = holders.find(h => h.properties[p])
      if (!holder) throw new Error(`SPEC_FIXES.propertyPatches: ${schemaName}.${p} not found`)
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete holder.properties[p][k]
        else holder.properties[p][k] = v
      }
    }
  }
  return doc
}

let state = null

function init () {
  if (state) return state
  const specPath = findSpec()
  const raw = yaml.load(fs.readFileSync(specPath, 'utf8'))
  const doc = applyFixes(convertDocument(raw))
  doc.$id = SPEC_ID
  doc['x-fixes'] = Object.fromEntries(Object.entries(SPEC_FIXES.responses).map(([k, v]) => [fixKey(k), v]))

  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: true })
  addFormats(ajv)
  // PeerTube hosts carry the port when it is not 80/443 ("127.0.0.1:9000").
  ajv.addFormat('hostname', /^(?=.{1,253}(:\d+)?$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i)
  // ajv-formats' "url" regex refuses loopback/private addresses; test instances live on 127.0.0.1.
  // PeerTube sends '' for unset URLs (e.g. followings.instance.autoFollowIndex.indexUrl).
  ajv.addFormat('url', (v) => {
    if (v === '') return true
    // ws:/wss: too: VideoDetails.trackerUrls holds the WebSocket tracker URL (spec example: wss://.../tracker/socket).
    try { return ['http:', 'https:', 'ws:', 'wss:'].includes(new URL(v).protocol) } catch { return false }
  })
  // ajv-formats' full "uri" regex refuses URIs without an authority such as
  // "magnet:?xt=urn:btih:..." (VideoFile.magnetUri), valid under RFC 3986
  // (path-empty). Any absolute URI parses with the WHATWG URL parser.
  ajv.addFormat('uri', (v) => {
    try { return /^[a-z][a-z0-9+.-]*:/i.test(v) && Boolean(new URL(v)) } catch { return false }
  })
  for (const f of ['seconds', 'Nginx size', 'filename', 'markdown', 'mimetype', 'html']) ajv.addFormat(f, true)
  ajv.addSchema(doc)

  state = { ajv, doc, raw, cache: new Map() }
  return state
}

const fixKey = (k) => k.replace(/[^a-zA-Z0-9]/g, '_')

const escapePointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1')

// Returns { validate, pointer } for METHOD path status, or null when the spec
// documents no JSON body for it. Throws when the spec does not know the
// path/method, or the status is not documented for it.
export function responseValidator (method, specPath, status) {
  const { ajv, doc, cache } = init()
  method = method.toLowerCase()
  const key = `${method} ${specPath} ${status}`
  if (cache.has(key)) return cache.get(key)

  const item = doc.paths[specPath]
  if (!item) throw new Error(`OpenAPI: unknown path ${specPath}`)
  const op = item[method]
  if (!op) throw new Error(`OpenAPI: no ${method.toUpperCase()} on ${specPath}`)

  let result
  const fix = SPEC_FIXES.responses[key]
  if (fix) {
    const pointer = `${SPEC_ID}#/x-fixes/${fixKey(key)}`
    result = { validate: ajv.compile({ $ref: pointer }), pointer }
  } else {
    const statusKey = op.responses[String(status)] ? String(status)
      : op.responses[`${String(status)[0]}XX`] ? `${String(status)[0]}XX`
        : op.responses.default ? 'default' : null
    if (statusKey === null) {
      throw new Error(`OpenAPI: ${method.toUpperCase()} ${specPath} does not document status ${status} ` +
        `(documented: ${Object.keys(op.responses).join(', ')})`)
    }
    const content = op.responses[statusKey].content
    const mediaType = content && (content['application/json'] ? 'application/json' : Object.keys(content).find(m => m.includes('json')))
    if (!mediaType || !content[mediaType].schema) {
      result = null
    } else {
      const pointer = `${SPEC_ID}#/paths/${escapePointer(specPath)}/${method}/responses/${statusKey}/content/${escapePointer(mediaType)}/schema`
      result = { validate: ajv.compile({ $ref: pointer }), pointer }
    }
  }
  cache.set(key, result)
  return result
}

export function validateAgainst (schemaName, value) {
  const { ajv } = init()
  const v = ajv.getSchema(`${SPEC_ID}#/components/schemas/${schemaName}`)
  const ok = v(value)
  return { ok, errors: v.errors }
}

function formatErrors (errors, body) {
  return (errors || []).slice(0, 15).map(e => {
    let actual
    try {
      actual = e.instancePath.split('/').slice(1).reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], body)
    } catch {}
    const shown = actual === undefined ? '' : ` (got ${JSON.stringify(actual)?.slice(0, 80)})`
    return `  ${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}${shown}`
  }).join('\n')
}

/**
 * expectValid(res, body, method, specPath)
 * Asserts that the response matches what the spec documents for this path,
 * method and the response's status: a JSON body validating against the
 * schema (and a JSON content type), or — when the spec documents no body
 * (e.g. 204) — an empty body for 204.
 * `body` defaults to res.json. Returns the body.
 */
export function expectValid (res, body, method, specPath) {
  if (body === undefined) body = res.json
  assert.ok(res.status >= 200 && res.status < 300,
    `${method.toUpperCase()} ${specPath}: expected a success status, got ${res.describe ? res.describe() : res.status}`)
  let v
  try {
    v = responseValidator(method, specPath, res.status)
  } catch (err) {
    assert.fail(`${err.message}\nresponse: ${res.describe ? res.describe() : res.status}`)
  }
  if (v === null) {
    if (res.status === 204) assert.equal(res.body.length, 0, `204 must have an empty body, got ${res.describe()}`)
    return body
  }
  assert.match(res.headers['content-type'] || '', /^application\/json/,
    `${method.toUpperCase()} ${specPath}: expected a JSON content type, got ${res.describe()}`)
  assert.notEqual(body, undefined, `${method.toUpperCase()} ${specPath}: body is not JSON: ${res.describe()}`)
  const ok = v.validate(body)
  if (!ok) {
    assert.fail(`${method.toUpperCase()} ${specPath} → ${res.status}: response does not match the OpenAPI schema ` +
      `(${v.pointer}):\n${formatErrors(v.validate.errors, body)}\nbody: ${JSON.stringify(body).slice(0, 1500)}`)
  }
  return body
}

/** Validates a value against components/schemas/NAME (e.g. 'User'). */
export function expectSchema (schemaName, value, what = schemaName) {
  const { ok, errors } = validateAgainst(schemaName, value)
  if (!ok) assert.fail(`${what} does not match schema ${schemaName}:\n${formatErrors(errors, value)}\nvalue: ${JSON.stringify(value).slice(0, 1500)}`)
  return value
}
