// Video metadata: GET/PUT/DELETE /api/v1/videos/{id} by id, UUID and short UUID,
// the constants endpoints, /description, /source (controllers/api/videos/index.ts,
// update.ts, source.ts; validators/videos/videos.ts).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { imageInfo } from './lib/images.mjs'
import { media, makeJpeg, sha256 } from './lib/media.mjs'
import { PRIVACY, uploadVideo, getVideo, waitPublished, fetchUrl, myChannel, uuidToShort, formFields, filePart } from './lib/videos.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))

const CATEGORIES = {
  1: 'Music', 2: 'Films', 3: 'Vehicles', 4: 'Art', 5: 'Sports', 6: 'Travels', 7: 'Gaming', 8: 'People', 9: 'Comedy',
  10: 'Entertainment', 11: 'News & Politics', 12: 'How To', 13: 'Education', 14: 'Activism', 15: 'Science & Technology',
  16: 'Animals', 17: 'Kids', 18: 'Food'
}
const LICENCES = {
  1: 'Attribution',
  2: 'Attribution - Share Alike',
  3: 'Attribution - No Derivatives',
  4: 'Attribution - Non Commercial',
  5: 'Attribution - Non Commercial - Share Alike',
  6: 'Attribution - Non Commercial - No Derivatives',
  7: 'Public Domain Dedication',
  8: 'Free of known copyright restrictions',
  9: 'All Rights Reserved'
}
const PRIVACIES = { 1: 'Public', 2: 'Unlisted', 3: 'Private', 4: 'Internal', 5: 'Password protected' }

serverSuite('videos: metadata', {}, (ctx, it) => {
  let alice, bob, aliceChannel, bobChannel
  let video // public video of alice, full metadata
  const landscape = media.landscape()
  const landscapeBytes = fs.readFileSync(landscape)

  const put = (id, json, token = alice.token) => ctx.api.put(`/api/v1/videos/${id}`, { token, json })

  it('setup: users, channels, a video', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    bobChannel = await myChannel(ctx.api, bob.token)
    video = await uploadVideo(ctx.api, alice.token, {
      name: 'metadata video', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC, category: 1, licence: 1, language: 'en',
      tags: ['first', 'second'], description: 'A description', support: 'Support text'
    }, { file: landscape, filename: 'my-source-file.mp4' })
    await waitPublished(ctx.api, video.uuid, alice.token)
  })

  it('GET /api/v1/videos/categories, licences, privacies: PeerTube\'s exact { id: label } maps', async () => {
    const cat = await ctx.api.get('/api/v1/videos/categories')
    assert.deepEqual(expectValid(cat, undefined, 'get', '/api/v1/videos/categories'), Object.fromEntries(Object.entries(CATEGORIES).map(([k, v]) => [k, v])))
    const lic = await ctx.api.get('/api/v1/videos/licences')
    assert.deepEqual(expectValid(lic, undefined, 'get', '/api/v1/videos/licences'), LICENCES)
    const pri = await ctx.api.get('/api/v1/videos/privacies')
    assert.deepEqual(expectValid(pri, undefined, 'get', '/api/v1/videos/privacies'), PRIVACIES)
  })

  it('GET /api/v1/videos/languages: the ISO 639 selection PeerTube builds (buildLanguages())', async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(here, 'fixtures', 'peertube-video-languages.json'), 'utf8'))
    const res = await ctx.api.get('/api/v1/videos/languages')
    const body = expectValid(res, undefined, 'get', '/api/v1/videos/languages')
    assert.equal(Object.keys(body).length, Object.keys(expected).length)
    assert.deepEqual(body, expected)
    for (const [k, v] of [['en', 'English'], ['fr', 'French'], ['pt', 'Portuguese (Brazilian)'], ['pt-PT', 'Portuguese (Portugal)'],
      ['es', 'Spanish (Spain)'], ['zh-Hans', 'Simplified Chinese'], ['oc', 'Occitan'], ['el', 'Greek'], ['eo', 'Esperanto'],
      ['kab', 'Kabyle'], ['tok', 'Toki Pona'], ['zxx', 'No linguistic content']]) assert.equal(body[k], v, k)
  })

  it('GET by numeric id, UUID and short UUID give the same VideoDetails', async () => {
    const byId = await getVideo(ctx.api, video.id)
    const byUuid = await getVideo(ctx.api, video.uuid)
    const byShort = await getVideo(ctx.api, video.shortUUID)
    for (const v of [byUuid, byShort]) {
      assert.equal(v.id, byId.id)
      assert.equal(v.uuid, byId.uuid)
      assert.equal(v.name, byId.name)
    }
    assert.equal(byId.name, 'metadata video')
    assert.deepEqual(byId.category, { id: 1, label: 'Music' })
    assert.deepEqual(byId.licence, { id: 1, label: 'Attribution' })
    assert.deepEqual(byId.language, { id: 'en', label: 'English' })
    assert.deepEqual([...byId.tags].sort(), ['first', 'second'])
    assert.equal(byId.description, 'A description')
    assert.equal(byId.support, 'Support text')
    assert.equal(byId.channel.id, aliceChannel.id)
    assert.equal(byId.account.name, alice.username)
  })

  it('GET unknown → 404; malformed id → 400', async () => {
    expectProblem(await ctx.api.get('/api/v1/videos/987654'), 404)
    expectProblem(await ctx.api.get('/api/v1/videos/9d5ae3e8-9a3c-4a5d-8a5f-1e2b3c4d5e6f'), 404)
    expectProblem(await ctx.api.get(`/api/v1/videos/${uuidToShort('9d5ae3e8-9a3c-4a5d-8a5f-1e2b3c4d5e6f')}`), 404)
    expectProblem(await ctx.api.get('/api/v1/videos/not-an-id'), 400)
  })

  it('PUT updates every field (JSON) → 204; GET reflects it', async () => {
    const before = await getVideo(ctx.api, video.uuid)
    await new Promise(resolve => setTimeout(resolve, 20))
    const res = await put(video.id, {
      name: 'renamed video',
      description: 'New **description**',
      category: 13,
      licence: 9,
      language: 'pt-PT',
      privacy: PRIVACY.UNLISTED,
      tags: ['new tag', 'zz'],
      nsfw: true,
      commentsPolicy: 2,
      downloadEnabled: false,
      support: 'New support',
      waitTranscoding: true,
      originallyPublishedAt: '2020-02-29T12:00:00.000Z'
    })
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/videos/{id}')
    const v = await getVideo(ctx.api, video.uuid, alice.token)
    assert.equal(v.name, 'renamed video')
    assert.equal(v.description, 'New **description**')
    assert.deepEqual(v.category, { id: 13, label: 'Education' })
    assert.deepEqual(v.licence, { id: 9, label: 'All Rights Reserved' })
    assert.deepEqual(v.language, { id: 'pt-PT', label: 'Portuguese (Portugal)' })
    assert.deepEqual(v.privacy, { id: 2, label: 'Unlisted' })
    assert.deepEqual([...v.tags].sort(), ['new tag', 'zz'])
    assert.equal(v.nsfw, true)
    assert.deepEqual(v.commentsPolicy, { id: 2, label: 'Disabled' })
    assert.equal(v.downloadEnabled, false)
    assert.equal(v.support, 'New support')
    assert.equal(v.waitTranscoding, true)
    assert.equal(new Date(v.originallyPublishedAt).toISOString(), '2020-02-29T12:00:00.000Z')
    assert.ok(Date.parse(v.updatedAt) > Date.parse(before.updatedAt), 'updatedAt moves')
    assert.equal(v.createdAt, before.createdAt)
    assert.equal(v.uuid, before.uuid)
  })

  it('PUT of one field leaves the others; null / [] clear optional fields', async () => {
    expectStatus(await put(video.uuid, { name: 'only the name' }), 204)
    let v = await getVideo(ctx.api, video.uuid, alice.token)
    assert.equal(v.name, 'only the name')
    assert.equal(v.description, 'New **description**')
    assert.deepEqual([...v.tags].sort(), ['new tag', 'zz'])
    assert.deepEqual(v.category, { id: 13, label: 'Education' })

    expectStatus(await put(video.shortUUID, { originallyPublishedAt: null, tags: [], description: null, privacy: PRIVACY.PUBLIC, nsfw: false }), 204)
    v = await getVideo(ctx.api, video.uuid)
    assert.equal(v.originallyPublishedAt, null)
    assert.deepEqual(v.tags, [])
    assert.equal(v.description, null)
    assert.deepEqual(v.privacy, { id: 1, label: 'Public' })
  })

  it('PUT as multipart form (tags[0], booleans as strings) with a thumbnailfile', async () => {
    const before = await getVideo(ctx.api, video.uuid)
    const oldThumb = await fetchUrl(ctx.server.url + before.thumbnailPath)
    const parts = [...formFields({ name: 'multipart update', tags: ['mp1', 'mp2'], nsfw: false, downloadEnabled: true }),
      filePart('thumbnailfile', makeJpeg({ width: 400, height: 225, color: 'green' }))]
    const res = await ctx.api.put(`/api/v1/videos/${video.id}`, { token: alice.token, multipart: parts })
    expectStatus(res, 204)
    const v = await getVideo(ctx.api, video.uuid)
    assert.equal(v.name, 'multipart update')
    assert.deepEqual([...v.tags].sort(), ['mp1', 'mp2'])
    assert.equal(v.downloadEnabled, true)
    const thumb = await fetchUrl(ctx.server.url + v.thumbnailPath)
    expectStatus(thumb, 200)
    assert.deepEqual(imageInfo(thumb.body), { format: 'jpeg', width: 280, height: 157 })
    assert.notEqual(sha256(thumb.body), sha256(oldThumb.body), 'the thumbnail was replaced')
  })

  it('PUT validation → 400 with invalid-params', async () => {
    const cases = [
      [{ name: 'ab' }, 'name'],
      [{ name: 'n'.repeat(10000) }, 'name'],
      [{ description: 'd'.repeat(10001) }, 'description'],
      [{ support: 'ab' }, 'support'],
      [{ category: 99 }, 'category'],
      [{ licence: 99 }, 'licence'],
      [{ language: 'zz-ZZ-nope' }, 'language'],
      [{ privacy: 99 }, 'privacy'],
      [{ commentsPolicy: 9 }, 'commentsPolicy'],
      [{ tags: ['1', 'ok'] }, 'tags'],
      [{ tags: ['t'.repeat(31)] }, 'tags'],
      [{ tags: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'] }, 'tags'],
      [{ nsfw: 'maybe' }, 'nsfw'],
      [{ downloadEnabled: 'maybe' }, 'downloadEnabled'],
      [{ waitTranscoding: 'maybe' }, 'waitTranscoding'],
      [{ originallyPublishedAt: 'yesterday' }, 'originallyPublishedAt'],
      [{ channelId: 'abc' }, 'channelId']
    ]
    const before = await getVideo(ctx.api, video.uuid)
    for (const [json, field] of cases) {
      expectProblem(await put(video.id, json), 400, { invalidParams: [field], what: field })
    }
    expectProblem(await put(video.id, { privacy: PRIVACY.PASSWORD_PROTECTED }), 400, { what: 'password protected without videoPasswords' })
    const after = await getVideo(ctx.api, video.uuid)
    assert.equal(after.name, before.name, 'nothing changed')
    assert.equal(after.updatedAt, before.updatedAt)
  })

  it('PUT rights: anonymous 401, another user 403, admin 204; unknown video 404', async () => {
    expectProblem(await ctx.api.put(`/api/v1/videos/${video.id}`, { json: { name: 'anon edit' } }), 401)
    expectProblem(await put(video.id, { name: 'bob edit' }, bob.token), 403)
    expectStatus(await put(video.id, { name: 'admin edit' }, ctx.rootToken), 204)
    assert.equal((await getVideo(ctx.api, video.uuid)).name, 'admin edit')
    expectProblem(await put(987654, { name: 'nothing' }), 404)
  })

  it('PUT channelId: to another own channel moves the video; to another user\'s → 403', async () => {
    const res = await ctx.api.post('/api/v1/video-channels', { token: alice.token, json: { name: 'alice_second_' + randomSuffix(4), displayName: 'Second' } })
    expectStatus(res, 200)
    const second = res.json.videoChannel.id
    expectStatus(await put(video.id, { channelId: second }), 204)
    assert.equal((await getVideo(ctx.api, video.uuid)).channel.id, second)
    expectProblem(await put(video.id, { channelId: bobChannel.id }), 403)
    expectProblem(await put(video.id, { channelId: 987654 }), [400, 404]) // PeerTube ≤ 7: 400, 8: 404
    expectStatus(await put(video.id, { channelId: aliceChannel.id }), 204)
    assert.equal((await getVideo(ctx.api, video.uuid)).channel.id, aliceChannel.id)
  })

  it('long descriptions: full in GET and /description, truncated to 250 characters in lists', async () => {
    const long = 'my super description for server 1'.repeat(50) // 1650 characters
    const truncated = 'my super description for server 1'.repeat(7) + 'my super descrip...'
    assert.equal(truncated.length, 250)
    expectStatus(await put(video.id, { description: long, name: 'long description video' }), 204)
    const v = await getVideo(ctx.api, video.uuid)
    assert.equal(v.description, long)
    assert.equal(v.truncatedDescription, truncated)

    const d = await ctx.api.get(`/api/v1/videos/${video.shortUUID}/description`)
    assert.deepEqual(expectValid(d, undefined, 'get', '/api/v1/videos/{id}/description'), { description: long })

    const list = expectValid(await ctx.api.get('/api/v1/videos?count=100'), undefined, 'get', '/api/v1/videos')
    const item = list.data.find(x => x.uuid === video.uuid)
    assert.ok(item, 'the public video is listed')
    assert.equal(item.description, truncated)
    assert.equal(item.truncatedDescription, truncated)

    const ten = 'x'.repeat(10000)
    expectStatus(await put(video.id, { description: ten }), 204)
    assert.equal((await getVideo(ctx.api, video.uuid)).description, ten, 'a 10,000-character description is kept whole')
    expectProblem(await ctx.api.get('/api/v1/videos/987654/description'), 404)
  })

  it('GET /api/v1/videos/{id}/source: the upload\'s file metadata, for the owner (and admins) only', async () => {
    const res = await ctx.api.get(`/api/v1/videos/${video.id}/source`, { token: alice.token })
    const s = expectValid(res, undefined, 'get', '/api/v1/videos/{id}/source')
    assert.equal(s.inputFilename, 'my-source-file.mp4')
    assert.equal(s.size, landscapeBytes.length)
    assert.equal(s.width, 640)
    assert.equal(s.height, 360)
    assert.equal(s.fps, 25)
    assert.deepEqual(s.resolution, { id: 360, label: '360p' })
    assert.ok(!Number.isNaN(Date.parse(s.createdAt)))
    assert.equal(s.fileDownloadUrl, null, 'original file not kept (transcoding.original_file.keep: false)')

    const admin = await ctx.api.get(`/api/v1/videos/${video.uuid}/source`, { token: ctx.rootToken })
    assert.equal(expectValid(admin, undefined, 'get', '/api/v1/videos/{id}/source').inputFilename, 'my-source-file.mp4')
    expectProblem(await ctx.api.get(`/api/v1/videos/${video.id}/source`, { token: bob.token }), 403)
    expectProblem(await ctx.api.get(`/api/v1/videos/${video.id}/source`), 401)
    expectProblem(await ctx.api.get('/api/v1/videos/987654/source', { token: alice.token }), 404)
  })

  it('DELETE: anonymous 401, another user 403, owner 204; then 404 everywhere and the files are gone', async () => {
    const doomed = await uploadVideo(ctx.api, alice.token, { name: 'to be deleted', channelId: aliceChannel.id, privacy: PRIVACY.PUBLIC }, { file: landscape })
    const v = await waitPublished(ctx.api, doomed.uuid, alice.token)
    const fileUrl = v.files[0].fileUrl
    expectStatus(await fetchUrl(fileUrl), 200)
    const quotaBefore = (await ctx.api.getOk('/api/v1/users/me/video-quota-used', { token: alice.token })).videoQuotaUsed

    expectProblem(await ctx.api.delete(`/api/v1/videos/${doomed.id}`), 401)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${doomed.id}`, { token: bob.token }), 403)
    const del = await ctx.api.delete(`/api/v1/videos/${doomed.shortUUID}`, { token: alice.token })
    expectStatus(del, 204)
    expectValid(del, undefined, 'delete', '/api/v1/videos/{id}')

    for (const id of [doomed.id, doomed.uuid, doomed.shortUUID]) expectProblem(await ctx.api.get(`/api/v1/videos/${id}`, { token: alice.token }), 404)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${doomed.uuid}`, { token: alice.token }), 404)
    expectStatus(await fetchUrl(fileUrl), 404, 'the video file is no longer served')
    expectStatus(await fetchUrl(ctx.server.url + v.thumbnailPath), 404, 'the thumbnail is no longer served')
    const mine = expectValid(await ctx.api.get('/api/v1/users/me/videos?count=100', { token: alice.token }), undefined, 'get', '/api/v1/users/me/videos')
    assert.ok(!mine.data.some(x => x.uuid === doomed.uuid))
    const quotaAfter = (await ctx.api.getOk('/api/v1/users/me/video-quota-used', { token: alice.token })).videoQuotaUsed
    assert.equal(quotaAfter, quotaBefore - landscapeBytes.length, 'quota is given back')
  })

  it('an admin deletes another user\'s video → 204', async () => {
    const b = await uploadVideo(ctx.api, bob.token, { name: 'bob video', channelId: bobChannel.id }, { file: landscape })
    await waitPublished(ctx.api, b.uuid, bob.token)
    expectStatus(await ctx.api.delete(`/api/v1/videos/${b.id}`, { token: ctx.rootToken }), 204)
    expectProblem(await ctx.api.get(`/api/v1/videos/${b.uuid}`, { token: bob.token }), 404)
    await expectServerUp(ctx.api)
  })
})
