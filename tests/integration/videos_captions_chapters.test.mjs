// Captions (PUT/DELETE /videos/{id}/captions/{lang} from VTT or SRT, the list, the
// VTT file under /lazy-static/video-captions/) and chapters (GET/PUT
// /videos/{id}/chapters, chapters parsed from the description)
// (controllers/api/videos/captions.ts, chapters.ts; validators/videos/video-captions.ts,
// video-chapters.ts; helpers/custom-validators/video-chapters.ts; lib/video-chapters.ts;
// models/video/video-caption.ts and video-chapter.ts toFormattedJSON()).
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, waitPublished, fetchUrl, myChannel } from './lib/videos.mjs'

const PASSWORD = 'captions password'
const pw = (p) => ({ 'x-peertube-video-password': p })

const VTT_FR = 'WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nBonjour tout le monde\n\n00:00:01.600 --> 00:00:02.800\nDeuxième réplique\n'
const VTT_FR_2 = 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nNouvelle version\n'
const SRT_EN = '1\r\n00:00:01,000 --> 00:00:02,500\r\nHello from SRT\r\n\r\n2\r\n00:00:02,600 --> 00:00:02,900\r\nSecond line\r\n'
const SRT_DE = '1\n00:00:00,250 --> 00:00:01,750\nHallo aus einer Textdatei\n'

serverSuite('videos: captions and chapters', {}, (ctx, it) => {
  let alice, bob, channel
  const v = {} // pub, priv, unlisted, password, desc → { id, uuid, shortUUID }

  const captionPart = (text, { filename = 'caption.vtt', contentType = 'text/vtt' } = {}) =>
    ({ name: 'captionfile', filename, contentType, data: Buffer.from(text, 'utf8') })
  const putCaption = (token, videoId, lang, part) =>
    ctx.api.put(`/api/v1/videos/${videoId}/captions/${lang}`, { token, multipart: part ? [part] : [{ name: 'other', data: 'x' }] })
  const listCaptions = async (videoId, token, headers) => {
    const res = await ctx.api.get(`/api/v1/videos/${videoId}/captions`, { token, headers })
    expectStatus(res, 200, `GET captions of ${videoId}`)
    return expectValid(res, undefined, 'get', '/api/v1/videos/{id}/captions')
  }
  const getChapters = async (videoId, token, headers) => {
    const res = await ctx.api.get(`/api/v1/videos/${videoId}/chapters`, { token, headers })
    expectStatus(res, 200, `GET chapters of ${videoId}`)
    return expectValid(res, undefined, 'get', '/api/v1/videos/{id}/chapters').chapters
  }
  const putChapters = (token, videoId, chapters) => ctx.api.put(`/api/v1/videos/${videoId}/chapters`, { token, json: { chapters } })
  const updateVideo = (videoId, json) => ctx.api.put(`/api/v1/videos/${videoId}`, { token: alice.token, json })

  it('setup: users and alice\'s videos', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    channel = await myChannel(ctx.api, alice.token)
    const file = media.landscape()
    const specs = {
      pub: { privacy: PRIVACY.PUBLIC, description: '00:00 Only one chapter line is not a chapter list' },
      priv: { privacy: PRIVACY.PRIVATE },
      unlisted: { privacy: PRIVACY.UNLISTED },
      password: { privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: [PASSWORD] },
      desc: { privacy: PRIVACY.PUBLIC, description: 'Chapters of this video:\n00:00 Opening\n00:01 Middle part\n00:02 Ending\nThanks for watching' }
    }
    for (const [k, extra] of Object.entries(specs)) {
      v[k] = await uploadVideo(ctx.api, alice.token, { name: `captions video ${k}`, channelId: channel.id, ...extra }, { file })
    }
    for (const k of Object.keys(specs)) await waitPublished(ctx.api, v[k].uuid, alice.token)
  })

  // ----- captions -----

  it('a video without captions: { total: 0, data: [] }', async () => {
    assert.deepEqual(await listCaptions(v.pub.uuid), { total: 0, data: [] })
  })

  it('PUT a VTT caption (204); listed with language, captionPath, fileUrl, updatedAt; the file is served as text/vtt', async () => {
    const res = await putCaption(alice.token, v.pub.id, 'fr', captionPart(VTT_FR, { filename: 'sous-titres.vtt' }))
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/videos/{id}/captions/{captionLanguage}')
    const list = await listCaptions(v.pub.shortUUID)
    assert.equal(list.total, 1)
    const c = list.data[0]
    assert.deepEqual(c.language, { id: 'fr', label: 'French' })
    assert.match(c.captionPath || '', /^\/lazy-static\/video-captions\/[^/]+\.vtt$/, 'captionPath')
    assert.equal(c.fileUrl, ctx.server.url + c.captionPath, 'fileUrl is the absolute URL of captionPath')
    assert.equal(c.automaticallyGenerated, false)
    assert.ok(!Number.isNaN(Date.parse(c.updatedAt)), 'updatedAt is a date')
    const file = await fetchUrl(ctx.server.url + c.captionPath)
    expectStatus(file, 200, 'the caption file')
    assert.match(file.headers['content-type'] || '', /^text\/vtt/)
    assert.equal(file.text, VTT_FR, 'a VTT file is served as uploaded')
    v.pub.frPath = c.captionPath
  })

  it('an SRT caption (application/x-subrip, or text/plain) is converted to WebVTT', async () => {
    expectStatus(await putCaption(alice.token, v.pub.uuid, 'en', captionPart(SRT_EN, { filename: 'subs.srt', contentType: 'application/x-subrip' })), 204)
    expectStatus(await putCaption(alice.token, v.pub.uuid, 'de', captionPart(SRT_DE, { filename: 'subs.srt', contentType: 'text/plain' })), 204)
    const list = await listCaptions(v.pub.uuid)
    assert.equal(list.total, 3)
    assert.deepEqual(list.data.map(c => c.language), [{ id: 'de', label: 'German' }, { id: 'en', label: 'English' }, { id: 'fr', label: 'French' }],
      'ordered by language')
    for (const [lang, texts, times] of [['en', ['Hello from SRT', 'Second line'], ['00:00:01.000 --> 00:00:02.500', '00:00:02.600 --> 00:00:02.900']],
      ['de', ['Hallo aus einer Textdatei'], ['00:00:00.250 --> 00:00:01.750']]]) {
      const c = list.data.find(x => x.language.id === lang)
      assert.match(c.captionPath, /\.vtt$/, `${lang} is stored as .vtt`)
      const file = await fetchUrl(ctx.server.url + c.captionPath)
      expectStatus(file, 200)
      assert.match(file.headers['content-type'] || '', /^text\/vtt/)
      assert.match(file.text, /^WEBVTT/, `${lang}: a WebVTT file`)
      for (const t of texts) assert.ok(file.text.includes(t), `${lang}: cue text "${t}" kept: ${JSON.stringify(file.text)}`)
      for (const t of times) assert.ok(file.text.includes(t), `${lang}: timing "${t}" in VTT form: ${JSON.stringify(file.text)}`)
      assert.doesNotMatch(file.text, /\d\d:\d\d:\d\d,\d\d\d/, `${lang}: no SRT-style timing left`)
    }
  })

  it('PUT again replaces the caption of that language: new file, the old one is gone', async () => {
    expectStatus(await putCaption(alice.token, v.pub.id, 'fr', captionPart(VTT_FR_2)), 204)
    const list = await listCaptions(v.pub.uuid)
    assert.equal(list.total, 3)
    const fr = list.data.find(c => c.language.id === 'fr')
    const file = await fetchUrl(ctx.server.url + fr.captionPath)
    expectStatus(file, 200)
    assert.equal(file.text, VTT_FR_2)
    if (fr.captionPath !== v.pub.frPath) {
      expectStatus(await fetchUrl(ctx.server.url + v.pub.frPath), 404, 'the replaced file is no longer served')
    }
    v.pub.frPath = fr.captionPath
  })

  it('PUT validation and rights: language, file, owner', async () => {
    expectProblem(await putCaption(undefined, v.pub.id, 'es', captionPart(VTT_FR)), 401)
    expectProblem(await putCaption(bob.token, v.pub.id, 'es', captionPart(VTT_FR)), 403)
    expectProblem(await putCaption(alice.token, v.pub.id, 'zz-invalid', captionPart(VTT_FR)), 400, { invalidParams: ['captionLanguage'] })
    expectProblem(await putCaption(alice.token, v.pub.id, 'es', null), 400, { invalidParams: ['captionfile'] })
    expectProblem(await putCaption(alice.token, v.pub.id, 'es', captionPart('\x89PNG\r\n\x1a\n', { filename: 'image.png', contentType: 'image/png' })), 400,
      { invalidParams: ['captionfile'] })
    expectProblem(await putCaption(alice.token, 987654, 'es', captionPart(VTT_FR)), 404)
    expectProblem(await putCaption(alice.token, 'not-an-id', 'es', captionPart(VTT_FR)), 400)
    const list = await listCaptions(v.pub.uuid)
    assert.deepEqual(list.data.map(c => c.language.id), ['de', 'en', 'fr'], 'no caption added by refused requests')
    // an admin may add captions to any video (UPDATE_ANY_VIDEO)
    expectStatus(await putCaption(ctx.rootToken, v.pub.id, 'es', captionPart(VTT_FR)), 204)
    assert.equal((await listCaptions(v.pub.uuid)).total, 4)
  })

  it('the caption list follows the video\'s privacy', async () => {
    expectStatus(await putCaption(alice.token, v.priv.id, 'fr', captionPart(VTT_FR)), 204)
    expectStatus(await putCaption(alice.token, v.unlisted.id, 'fr', captionPart(VTT_FR)), 204)
    expectStatus(await putCaption(alice.token, v.password.id, 'fr', captionPart(VTT_FR)), 204)

    const anon = await ctx.api.get(`/api/v1/videos/${v.priv.uuid}/captions`)
    expectProblem(anon, 401)
    assert.ok(!anon.text.includes('video-captions'), 'no caption path in the refusal')
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.priv.uuid}/captions`, { token: bob.token }), 403)
    assert.equal((await listCaptions(v.priv.uuid, alice.token)).total, 1)
    assert.equal((await listCaptions(v.priv.uuid, ctx.rootToken)).total, 1)

    assert.equal((await listCaptions(v.unlisted.uuid)).total, 1, 'unlisted: anyone with the UUID')
    assert.equal((await listCaptions(v.unlisted.shortUUID)).total, 1)

    // PeerTube 7: 403 video_requires_password for anonymous; PeerTube 8: 401 with the same code
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.password.uuid}/captions`), [401, 403], { code: 'video_requires_password' })
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.password.uuid}/captions`, { headers: pw('wrong one') }), 403, { code: 'incorrect_video_password' })
    assert.equal((await listCaptions(v.password.uuid, undefined, pw(PASSWORD))).total, 1)
    assert.equal((await listCaptions(v.password.uuid, alice.token)).total, 1)

    expectProblem(await ctx.api.get('/api/v1/videos/987654/captions'), 404)
  })

  it('DELETE a caption: owner or admin (204); unknown language caption 404; the file is removed', async () => {
    expectProblem(await ctx.api.delete(`/api/v1/videos/${v.pub.id}/captions/en`), 401)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${v.pub.id}/captions/en`, { token: bob.token }), 403)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${v.pub.id}/captions/it`, { token: alice.token }), 404)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${v.pub.id}/captions/zz-invalid`, { token: alice.token }), 400)
    const res = await ctx.api.delete(`/api/v1/videos/${v.pub.id}/captions/fr`, { token: alice.token })
    expectStatus(res, 204)
    expectValid(res, undefined, 'delete', '/api/v1/videos/{id}/captions/{captionLanguage}')
    const list = await listCaptions(v.pub.uuid)
    assert.deepEqual(list.data.map(c => c.language.id), ['de', 'en', 'es'])
    expectStatus(await fetchUrl(ctx.server.url + v.pub.frPath), 404, 'the deleted caption file is no longer served')
    expectStatus(await ctx.api.delete(`/api/v1/videos/${v.pub.id}/captions/es`, { token: ctx.rootToken }), 204)
    expectProblem(await ctx.api.delete(`/api/v1/videos/${v.pub.id}/captions/fr`, { token: alice.token }), 404, { what: 'already deleted' })
    assert.equal((await listCaptions(v.pub.uuid)).total, 2)
  })

  // ----- chapters -----

  it('chapters are parsed from the description at upload (two timecoded lines or more)', async () => {
    assert.deepEqual(await getChapters(v.desc.uuid), [
      { timecode: 0, title: 'Opening' },
      { timecode: 1, title: 'Middle part' },
      { timecode: 2, title: 'Ending' }
    ])
    assert.deepEqual(await getChapters(v.pub.uuid), [], 'a single timecoded line makes no chapters')
    assert.deepEqual(await getChapters(v.priv.uuid, alice.token), [])
  })

  it('changing the description replaces chapters that came from the old description, never hand-made ones', async () => {
    expectStatus(await updateVideo(v.desc.id, { description: '0:00 Start\n0:02 Finish' }), 204)
    assert.deepEqual(await getChapters(v.desc.id), [{ timecode: 0, title: 'Start' }, { timecode: 2, title: 'Finish' }])

    expectStatus(await putChapters(alice.token, v.desc.id, [{ timecode: 0, title: 'Manual A' }, { timecode: 1, title: 'Manual B' }]), 204)
    expectStatus(await updateVideo(v.desc.id, { description: '0:00 X\n0:01 Y' }), 204)
    assert.deepEqual(await getChapters(v.desc.id), [{ timecode: 0, title: 'Manual A' }, { timecode: 1, title: 'Manual B' }],
      'chapters edited by hand are kept')
  })

  it('PUT /chapters replaces the whole list (204); GET sorts by timecode; [] clears', async () => {
    const res = await putChapters(alice.token, v.pub.id, [
      { timecode: 2, title: 'Third' },
      { timecode: 0, title: 'First' },
      { timecode: 1, title: 'Second — with ünïcode' }
    ])
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/videos/{id}/chapters')
    const expected = [{ timecode: 0, title: 'First' }, { timecode: 1, title: 'Second — with ünïcode' }, { timecode: 2, title: 'Third' }]
    for (const id of [v.pub.id, v.pub.uuid, v.pub.shortUUID]) assert.deepEqual(await getChapters(id), expected, `GET by ${id}`)

    expectStatus(await putChapters(alice.token, v.pub.uuid, [{ timecode: 1, title: 't'.repeat(100) }]), 204)
    assert.deepEqual(await getChapters(v.pub.uuid), [{ timecode: 1, title: 't'.repeat(100) }])

    expectStatus(await putChapters(ctx.rootToken, v.pub.uuid, [{ timecode: 0, title: 'By the admin' }, { timecode: 2, title: 'Admin end' }]), 204,
      'an admin may edit chapters of any video')
    assert.equal((await getChapters(v.pub.uuid)).length, 2)

    expectStatus(await putChapters(alice.token, v.pub.shortUUID, []), 204)
    assert.deepEqual(await getChapters(v.pub.uuid), [])
  })

  it('PUT /chapters validation: title 1–100 characters, integer timecodes ≥ 0, unique timecodes; rights', async () => {
    expectStatus(await putChapters(alice.token, v.pub.id, [{ timecode: 0, title: 'Kept' }, { timecode: 1, title: 'Also kept' }]), 204)
    const cases = [
      [[{ timecode: 0, title: '' }], 'empty title'],
      [[{ timecode: 0, title: 't'.repeat(101) }], '101-character title'],
      [[{ timecode: -1, title: 'Negative' }], 'negative timecode'],
      [[{ timecode: 'abc', title: 'Not a number' }], 'non-numeric timecode'],
      [[{ timecode: 1.5, title: 'Fraction' }], 'fractional timecode'],
      [[{ timecode: 1, title: 'One' }, { timecode: 1, title: 'Same' }], 'duplicate timecodes'],
      ['not an array', 'chapters not an array']
    ]
    for (const [chapters, what] of cases) {
      expectProblem(await putChapters(alice.token, v.pub.id, chapters), 400, { invalidParams: ['chapters'], what })
    }
    expectProblem(await ctx.api.put(`/api/v1/videos/${v.pub.id}/chapters`, { token: alice.token, json: {} }), 400, { invalidParams: ['chapters'], what: 'no chapters' })
    expectProblem(await putChapters(undefined, v.pub.id, [{ timecode: 0, title: 'x' }]), 401)
    expectProblem(await putChapters(bob.token, v.pub.id, [{ timecode: 0, title: 'x' }]), 403)
    expectProblem(await putChapters(alice.token, 987654, [{ timecode: 0, title: 'x' }]), 404)
    assert.deepEqual(await getChapters(v.pub.id), [{ timecode: 0, title: 'Kept' }, { timecode: 1, title: 'Also kept' }], 'refused edits changed nothing')
    await expectServerUp(ctx.api)
  })

  it('GET /chapters follows the video\'s privacy', async () => {
    expectStatus(await putChapters(alice.token, v.priv.id, [{ timecode: 0, title: 'Secret chapter' }]), 204)
    expectStatus(await putChapters(alice.token, v.password.id, [{ timecode: 0, title: 'Password chapter' }]), 204)

    const anon = await ctx.api.get(`/api/v1/videos/${v.priv.uuid}/chapters`)
    expectProblem(anon, 401)
    assert.ok(!anon.text.includes('Secret chapter'))
    const asBob = await ctx.api.get(`/api/v1/videos/${v.priv.uuid}/chapters`, { token: bob.token })
    expectProblem(asBob, 403)
    assert.ok(!asBob.text.includes('Secret chapter'))
    assert.deepEqual(await getChapters(v.priv.uuid, alice.token), [{ timecode: 0, title: 'Secret chapter' }])
    assert.deepEqual(await getChapters(v.priv.uuid, ctx.rootToken), [{ timecode: 0, title: 'Secret chapter' }])

    expectProblem(await ctx.api.get(`/api/v1/videos/${v.unlisted.id}/chapters`), 401, { what: 'unlisted by numeric id, anonymous' })
    assert.deepEqual(await getChapters(v.unlisted.uuid), [])

    expectProblem(await ctx.api.get(`/api/v1/videos/${v.password.uuid}/chapters`), [401, 403], { code: 'video_requires_password' })
    assert.deepEqual(await getChapters(v.password.uuid, undefined, pw(PASSWORD)), [{ timecode: 0, title: 'Password chapter' }])

    expectProblem(await ctx.api.get('/api/v1/videos/987654/chapters'), 404)
    expectProblem(await ctx.api.get('/api/v1/videos/not-an-id/chapters'), 400)
  })
})
