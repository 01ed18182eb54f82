// Video playlists: CRUD with thumbnails and privacy, elements (add, update timestamps,
// reorder, remove), the "Watch later" playlist of every user, videos-exist, the
// account/channel lists, and the privacy of the videos inside a playlist
// (controllers/api/video-playlist.ts, users/my-video-playlists.ts, accounts.ts,
// video-channel.ts; validators/videos/video-playlists.ts;
// models/video/video-playlist.ts and video-playlist-element.ts toFormattedJSON()).
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser } from './lib/auth.mjs'
import { imageInfo } from './lib/images.mjs'
import { media, makeJpeg } from './lib/media.mjs'
import { PRIVACY, uploadVideo, waitPublished, fetchUrl, myChannel, uuidToShort, formFields, filePart, UUID_V4 } from './lib/videos.mjs'

// VideoPlaylistElementType (peertube-models): REGULAR 0, DELETED 1, PRIVATE 2, UNAVAILABLE 3
const ELEMENT = { REGULAR: 0, DELETED: 1, PRIVATE: 2, UNAVAILABLE: 3 }
const PLAYLIST_PRIVACY = { PUBLIC: 1, UNLISTED: 2, PRIVATE: 3 }
const PASSWORD = 'playlist video password'

serverSuite('videos: playlists', {}, (ctx, it) => {
  let alice, bob, aliceChannel, bobChannel
  const v = {} // alice's videos: p1..p4 public, priv, internal, unlisted, password, doomed
  let pub // alice's public playlist (with thumbnail) { id, uuid, shortUUID }
  let plain // alice's public playlist without thumbnail
  let unlisted, priv // alice's unlisted and private playlists
  let watchLater // alice's watch later playlist (VideoPlaylist)

  // PeerTube's clients send playlists as multipart (objectToFormData); thumbnailfile is a JPEG.
  const createRaw = (token, fields, thumbnail) => {
    const parts = formFields(fields)
    if (thumbnail) parts.push(filePart('thumbnailfile', thumbnail))
    return ctx.api.post('/api/v1/video-playlists', { token, multipart: parts })
  }
  const create = async (token, fields, thumbnail) => {
    const res = await createRaw(token, fields, thumbnail)
    expectStatus(res, 200, `create playlist ${fields.displayName}`)
    const body = expectValid(res, undefined, 'post', '/api/v1/video-playlists')
    const p = body.videoPlaylist
    assert.ok(Number.isInteger(p.id), `videoPlaylist.id: ${res.describe()}`)
    assert.match(p.uuid, UUID_V4)
    assert.equal(p.shortUUID, uuidToShort(p.uuid))
    return p
  }
  const updateRaw = (token, id, fields, thumbnail) => {
    const parts = formFields(fields)
    if (thumbnail) parts.push(filePart('thumbnailfile', thumbnail))
    return ctx.api.put(`/api/v1/video-playlists/${id}`, { token, multipart: parts })
  }
  const getPlaylist = async (id, token) => {
    const res = await ctx.api.get(`/api/v1/video-playlists/${id}`, { token })
    expectStatus(res, 200, `GET playlist ${id}`)
    return expectValid(res, undefined, 'get', '/api/v1/video-playlists/{playlistId}')
  }
  const elements = async (id, token, query = '') => {
    const res = await ctx.api.get(`/api/v1/video-playlists/${id}/videos${query}`, { token })
    expectStatus(res, 200, `GET playlist ${id} videos`)
    const body = expectValid(res, undefined, 'get', '/api/v1/video-playlists/{playlistId}/videos')
    return { body, res }
  }
  const addRaw = (token, playlistId, json) => ctx.api.post(`/api/v1/video-playlists/${playlistId}/videos`, { token, json })
  const add = async (token, playlistId, json) => {
    const res = await addRaw(token, playlistId, json)
    expectStatus(res, 200, `add ${JSON.stringify(json)} to ${playlistId}`)
    const body = expectValid(res, undefined, 'post', '/api/v1/video-playlists/{playlistId}/videos')
    assert.ok(Number.isInteger(body.videoPlaylistElement?.id), `videoPlaylistElement.id: ${res.describe()}`)
    return body.videoPlaylistElement.id
  }
  const reorder = (token, playlistId, json) => ctx.api.post(`/api/v1/video-playlists/${playlistId}/videos/reorder`, { token, json })
  const listOf = (body) => body.data.map(p => p.displayName).sort()
  // Tests below build on playlists created by earlier tests: say so instead of a TypeError.
  const need = (...things) => { for (const [name, x] of things) assert.ok(x, `needs ${name}, made by an earlier test that failed`) }

  it('setup: users and alice\'s videos of every privacy', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    aliceChannel = await myChannel(ctx.api, alice.token)
    bobChannel = await myChannel(ctx.api, bob.token)
    const file = media.landscape()
    const specs = {
      p1: { privacy: PRIVACY.PUBLIC },
      p2: { privacy: PRIVACY.PUBLIC },
      p3: { privacy: PRIVACY.PUBLIC },
      p4: { privacy: PRIVACY.PUBLIC },
      priv: { privacy: PRIVACY.PRIVATE },
      internal: { privacy: PRIVACY.INTERNAL },
      unlisted: { privacy: PRIVACY.UNLISTED },
      password: { privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: [PASSWORD] },
      doomed: { privacy: PRIVACY.PUBLIC }
    }
    for (const [k, extra] of Object.entries(specs)) {
      const up = await uploadVideo(ctx.api, alice.token, { name: `playlist video ${k}`, channelId: aliceChannel.id, ...extra }, { file })
      v[k] = { ...up, name: `playlist video ${k}` }
    }
    for (const k of Object.keys(specs)) await waitPublished(ctx.api, v[k].uuid, alice.token)
  })

  it('GET /api/v1/video-playlists/privacies: { 1: Public, 2: Unlisted, 3: Private }', async () => {
    const res = await ctx.api.get('/api/v1/video-playlists/privacies')
    assert.deepEqual(expectValid(res, undefined, 'get', '/api/v1/video-playlists/privacies'), { 1: 'Public', 2: 'Unlisted', 3: 'Private' })
  })

  it('every user has a private "Watch later" playlist (type 2), listed only for its owner', async () => {
    const own = expectValid(await ctx.api.get(`/api/v1/accounts/${alice.username}/video-playlists`, { token: alice.token }),
      undefined, 'get', '/api/v1/accounts/{name}/video-playlists')
    assert.equal(own.total, 1, `a new user has exactly one playlist: ${JSON.stringify(own)}`)
    watchLater = own.data[0]
    assert.equal(watchLater.displayName, 'Watch later')
    assert.deepEqual(watchLater.type, { id: 2, label: 'Watch later' })
    assert.deepEqual(watchLater.privacy, { id: 3, label: 'Private' })
    assert.equal(watchLater.videoChannel, null)
    assert.equal(watchLater.videosLength, 0)
    assert.equal(watchLater.isLocal, true)
    assert.equal(watchLater.ownerAccount.name, alice.username)

    const typed = expectValid(await ctx.api.get(`/api/v1/accounts/${alice.username}/video-playlists?playlistType=2`, { token: alice.token }),
      undefined, 'get', '/api/v1/accounts/{name}/video-playlists')
    assert.deepEqual(typed.data.map(p => p.id), [watchLater.id])
    const regular = expectValid(await ctx.api.get(`/api/v1/accounts/${alice.username}/video-playlists?playlistType=1`, { token: alice.token }),
      undefined, 'get', '/api/v1/accounts/{name}/video-playlists')
    assert.equal(regular.total, 0)

    for (const token of [undefined, bob.token]) {
      const other = expectValid(await ctx.api.get(`/api/v1/accounts/${alice.username}/video-playlists`, { token }),
        undefined, 'get', '/api/v1/accounts/{name}/video-playlists')
      assert.equal(other.total, 0, 'the watch later playlist is private')
      assert.deepEqual(other.data, [])
    }
    expectProblem(await ctx.api.get(`/api/v1/video-playlists/${watchLater.uuid}`), 401)
    expectProblem(await ctx.api.get(`/api/v1/video-playlists/${watchLater.uuid}`, { token: bob.token }), 403)
    assert.equal((await getPlaylist(watchLater.id, alice.token)).id, watchLater.id)
    assert.equal((await getPlaylist(watchLater.uuid, ctx.rootToken)).id, watchLater.id, 'admins see private playlists')
  })

  it('the watch later playlist cannot be updated nor deleted (400)', async () => {
    need(['the watch later playlist', watchLater])
    expectProblem(await updateRaw(alice.token, watchLater.id, { displayName: 'Renamed' }), 400)
    expectProblem(await ctx.api.delete(`/api/v1/video-playlists/${watchLater.id}`, { token: alice.token }), 400)
    assert.equal((await getPlaylist(watchLater.id, alice.token)).displayName, 'Watch later')
  })

  it('POST creates a public playlist with a thumbnail; GET by id, UUID and short UUID', async () => {
    pub = await create(alice.token, {
      displayName: 'Alice favourites', description: 'My favourite videos', privacy: PLAYLIST_PRIVACY.PUBLIC, videoChannelId: aliceChannel.id
    }, makeJpeg({ width: 640, height: 360, color: 'blue' }))
    const byId = await getPlaylist(pub.id)
    for (const id of [pub.uuid, pub.shortUUID]) assert.deepEqual(await getPlaylist(id), byId, `GET by ${id}`)
    assert.equal(byId.id, pub.id)
    assert.equal(byId.uuid, pub.uuid)
    assert.equal(byId.shortUUID, pub.shortUUID)
    assert.equal(byId.displayName, 'Alice favourites')
    assert.equal(byId.description, 'My favourite videos')
    assert.deepEqual(byId.privacy, { id: 1, label: 'Public' })
    assert.deepEqual(byId.type, { id: 1, label: 'Regular' })
    assert.equal(byId.isLocal, true)
    assert.equal(byId.videosLength, 0)
    assert.equal(byId.url, `${ctx.server.url}/video-playlists/${pub.uuid}`)
    // models/video/video-playlist.ts getEmbedStaticPath(): buildPlaylistEmbedPath({ shortUUID: uuidToShort(uuid) }) in
    // PeerTube 7/8; older releases passed the model itself (no shortUUID property) and so built it with the UUID.
    assert.ok([`/video-playlists/embed/${pub.shortUUID}`, `/video-playlists/embed/${pub.uuid}`].includes(byId.embedPath), `embedPath ${byId.embedPath}`)
    assert.equal(byId.ownerAccount.name, alice.username)
    assert.equal(byId.videoChannel.id, aliceChannel.id)
    assert.equal(byId.videoChannel.name, aliceChannel.name)
    assert.ok(!Number.isNaN(Date.parse(byId.createdAt)) && !Number.isNaN(Date.parse(byId.updatedAt)))
    assert.match(byId.thumbnailPath || '', /^\/lazy-static\/thumbnails\/[^/]+\.jpg$/, 'thumbnailPath')
    const thumb = await fetchUrl(ctx.server.url + byId.thumbnailPath)
    expectStatus(thumb, 200, 'the playlist thumbnail is served')
    assert.deepEqual(imageInfo(thumb.body), { format: 'jpeg', width: 280, height: 157 }, 'resized to THUMBNAILS_SIZE')
  })

  it('POST defaults: privacy private, no channel, no thumbnail, description null', async () => {
    priv = await create(alice.token, { displayName: 'Alice private list' })
    const p = await getPlaylist(priv.id, alice.token)
    assert.deepEqual(p.privacy, { id: 3, label: 'Private' })
    assert.equal(p.videoChannel, null)
    assert.equal(p.thumbnailPath, null)
    assert.equal(p.description, null)
    unlisted = await create(alice.token, { displayName: 'Alice unlisted list', privacy: PLAYLIST_PRIVACY.UNLISTED, videoChannelId: aliceChannel.id })
    plain = await create(alice.token, { displayName: 'Alice plain list', privacy: PLAYLIST_PRIVACY.PUBLIC, videoChannelId: aliceChannel.id })
    assert.equal((await getPlaylist(plain.id)).thumbnailPath, null)
  })

  it('POST validation: displayName, description, privacy, channel rules → 4xx, nothing created', async () => {
    const failures = []
    const refuse = async (what, token, fields, status, opts = {}, thumbnail) => {
      const res = await createRaw(token, fields, thumbnail)
      try {
        expectProblem(res, status, { ...opts, what })
      } catch (err) {
        failures.push(err.message.split('\n')[0])
        // a wrongly created playlist is removed so that later tests are not polluted by it
        const id = res.json?.videoPlaylist?.id
        if (res.status === 200 && id) await ctx.api.delete(`/api/v1/video-playlists/${id}`, { token: alice.token })
      }
    }
    await refuse('anonymous', undefined, { displayName: 'anonymous' }, 401)
    await refuse('no displayName', alice.token, { description: 'no name' }, 400, { invalidParams: ['displayName'] })
    await refuse('empty displayName', alice.token, { displayName: '' }, 400, { invalidParams: ['displayName'] })
    await refuse('121-character displayName', alice.token, { displayName: 'n'.repeat(121) }, 400, { invalidParams: ['displayName'] })
    await refuse('2-character description', alice.token, { displayName: 'short description', description: 'ab' }, 400, { invalidParams: ['description'] })
    await refuse('1001-character description', alice.token, { displayName: 'long description', description: 'd'.repeat(1001) }, 400, { invalidParams: ['description'] })
    await refuse('privacy 7', alice.token, { displayName: 'bad privacy', privacy: 7 }, 400, { invalidParams: ['privacy'] })
    await refuse('public without channel', alice.token, { displayName: 'public without channel', privacy: PLAYLIST_PRIVACY.PUBLIC }, 400)
    // validators/videos/video-playlists.ts videoPlaylistsAddValidator: 'Cannot set "public" or "unlisted" a playlist
    // that is not assigned to a channel.'
    await refuse('unlisted without channel', alice.token, { displayName: 'unlisted without channel', privacy: PLAYLIST_PRIVACY.UNLISTED }, 400)
    // PeerTube 7 doesVideoChannelOfAccountExist(): 400 for an unknown channel and for another account's channel;
    // PeerTube 8 (doesChannelIdExist with checkManage) answers 404 / 403.
    await refuse('another user\'s channel', alice.token, { displayName: 'bob channel', privacy: 1, videoChannelId: bobChannel.id }, [400, 403])
    await refuse('unknown channel', alice.token, { displayName: 'unknown channel', privacy: 1, videoChannelId: 987654 }, [400, 404])
    await refuse('thumbnail that is not an image', alice.token, { displayName: 'bad thumbnail' }, 400, {}, Buffer.from('not an image at all'))
    assert.deepEqual(failures, [], 'refused playlist creations')
    await expectServerUp(ctx.api)
  })

  it('PUT updates fields and the thumbnail (204); only the owner; public needs a channel', async () => {
    need(['the public playlist', pub], ['the private playlist', priv])
    const before = await getPlaylist(pub.id)
    await new Promise(resolve => setTimeout(resolve, 20))
    const res = await updateRaw(alice.token, pub.id, { displayName: 'Alice best of', description: 'Updated description' },
      makeJpeg({ width: 400, height: 300, color: 'yellow' }))
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/video-playlists/{playlistId}')
    const after = await getPlaylist(pub.uuid)
    assert.equal(after.displayName, 'Alice best of')
    assert.equal(after.description, 'Updated description')
    assert.deepEqual(after.privacy, { id: 1, label: 'Public' })
    assert.equal(after.videoChannel.id, aliceChannel.id)
    assert.ok(Date.parse(after.updatedAt) > Date.parse(before.updatedAt), 'updatedAt moves')
    assert.equal(after.createdAt, before.createdAt)
    assert.match(after.thumbnailPath || '', /^\/lazy-static\/thumbnails\//)
    const thumb = await fetchUrl(ctx.server.url + after.thumbnailPath)
    expectStatus(thumb, 200)
    assert.deepEqual(imageInfo(thumb.body), { format: 'jpeg', width: 280, height: 157 })

    expectProblem(await updateRaw(bob.token, pub.id, { displayName: 'hijacked' }), 403)
    expectProblem(await updateRaw(undefined, pub.id, { displayName: 'anonymous' }), 401)
    expectProblem(await updateRaw(alice.token, pub.id, { displayName: 'n'.repeat(121) }), 400, { invalidParams: ['displayName'] })
    expectProblem(await updateRaw(alice.token, priv.id, { privacy: PLAYLIST_PRIVACY.PUBLIC }), 400, { what: 'public without channel' })
    expectProblem(await ctx.api.put(`/api/v1/video-playlists/${pub.id}`, { token: alice.token, json: { videoChannelId: null } }), 400,
      { what: 'a public playlist cannot lose its channel' })
    expectProblem(await updateRaw(alice.token, 987654, { displayName: 'unknown' }), 404)
    assert.equal((await getPlaylist(pub.id)).displayName, 'Alice best of', 'refused updates changed nothing')
  })

  it('POST /videos adds elements (videoId as id, UUID or short UUID, timestamps) → { videoPlaylistElement: { id } }', async () => {
    need(['the public playlist', pub])
    v.p1.element = await add(alice.token, pub.id, { videoId: v.p1.id, startTimestamp: 1, stopTimestamp: 2 })
    v.p2.element = await add(alice.token, pub.id, { videoId: v.p2.uuid })
    v.p3.element = await add(alice.token, pub.id, { videoId: v.p3.shortUUID })
    v.p4.element = await add(alice.token, pub.id, { videoId: v.p4.id })
    const { body } = await elements(pub.id)
    assert.equal(body.total, 4)
    assert.deepEqual(body.data.map(e => [e.id, e.position, e.type, e.video?.uuid]), [
      [v.p1.element, 1, ELEMENT.REGULAR, v.p1.uuid],
      [v.p2.element, 2, ELEMENT.REGULAR, v.p2.uuid],
      [v.p3.element, 3, ELEMENT.REGULAR, v.p3.uuid],
      [v.p4.element, 4, ELEMENT.REGULAR, v.p4.uuid]
    ])
    assert.equal(body.data[0].startTimestamp, 1)
    assert.equal(body.data[0].stopTimestamp, 2)
    assert.equal(body.data[1].startTimestamp, null)
    assert.equal(body.data[1].stopTimestamp, null)
    assert.equal(body.data[0].video.name, v.p1.name)
    assert.equal((await getPlaylist(pub.id)).videosLength, 4)

    const page = (await elements(pub.id, undefined, '?start=1&count=2')).body
    assert.equal(page.total, 4)
    assert.deepEqual(page.data.map(e => e.position), [2, 3])
  })

  it('adding the first video gives a thumbnail-less playlist the video\'s thumbnail', async () => {
    need(['the playlist without thumbnail', plain])
    await add(alice.token, plain.id, { videoId: v.p1.id })
    const p = await getPlaylist(plain.id)
    assert.match(p.thumbnailPath || '', /^\/lazy-static\/thumbnails\/[^/]+\.jpg$/, 'a thumbnail was generated from the first video')
    expectStatus(await fetchUrl(ctx.server.url + p.thumbnailPath), 200)
    assert.equal(p.videosLength, 1)
  })

  it('POST /videos validation and rights', async () => {
    need(['the public playlist', pub])
    const failures = []
    const refuse = async (what, token, playlistId, json, status, opts = {}) => {
      try {
        expectProblem(await addRaw(token, playlistId, json), status, { ...opts, what })
      } catch (err) { failures.push(err.message.split('\n')[0]) }
    }
    await refuse('anonymous', undefined, pub.id, { videoId: v.p1.id }, 401)
    await refuse('not the owner', bob.token, pub.id, { videoId: v.p1.id }, 403)
    await refuse('malformed videoId', alice.token, pub.id, { videoId: 'not-a-video' }, 400, { invalidParams: ['videoId'] })
    await refuse('no videoId', alice.token, pub.id, {}, 400, { invalidParams: ['videoId'] })
    await refuse('negative startTimestamp', alice.token, pub.id, { videoId: v.p1.id, startTimestamp: -1 }, 400, { invalidParams: ['startTimestamp'] })
    await refuse('non-numeric stopTimestamp', alice.token, pub.id, { videoId: v.p1.id, stopTimestamp: 'abc' }, 400, { invalidParams: ['stopTimestamp'] })
    await refuse('unknown video', alice.token, pub.id, { videoId: 987654 }, 404)
    await refuse('unknown playlist', alice.token, 987654, { videoId: v.p1.id }, 404)
    assert.deepEqual(failures, [], 'refused element additions')
    assert.equal((await elements(pub.id)).body.total, 4, 'nothing was added')
  })

  it('PUT /videos/{elementId} updates the timestamps (null clears); 404 / 403 / 400', async () => {
    need(['the public playlist', pub], ['its elements', v.p1.element && v.p2.element])
    const put = (token, elementId, json, playlistId = pub.id) => ctx.api.put(`/api/v1/video-playlists/${playlistId}/videos/${elementId}`, { token, json })
    const res = await put(alice.token, v.p2.element, { startTimestamp: 3, stopTimestamp: 4 })
    expectStatus(res, 204)
    expectValid(res, undefined, 'put', '/api/v1/video-playlists/{playlistId}/videos/{playlistElementId}')
    expectStatus(await put(alice.token, v.p1.element, { stopTimestamp: null }), 204)
    const { body } = await elements(pub.id)
    const byId = Object.fromEntries(body.data.map(e => [e.id, e]))
    assert.equal(byId[v.p2.element].startTimestamp, 3)
    assert.equal(byId[v.p2.element].stopTimestamp, 4)
    assert.equal(byId[v.p1.element].startTimestamp, 1, 'an absent field is left unchanged')
    assert.equal(byId[v.p1.element].stopTimestamp, null)
    expectProblem(await put(bob.token, v.p2.element, { startTimestamp: 1 }), 403)
    expectProblem(await put(undefined, v.p2.element, { startTimestamp: 1 }), 401)
    expectProblem(await put(alice.token, 987654, { startTimestamp: 1 }), 404)
    expectProblem(await put(alice.token, v.p2.element, { startTimestamp: -5 }), 400, { invalidParams: ['startTimestamp'] })
    expectProblem(await put(alice.token, 'abc', { startTimestamp: 1 }), 400)
  })

  it('POST /videos/reorder moves blocks of elements (PeerTube\'s position arithmetic)', async () => {
    need(['the public playlist', pub], ['its four elements', v.p4.element])
    const order = async () => (await elements(pub.id)).body.data.map(e => [e.position, e.video.uuid])
    const expectOrder = async (keys, what) => assert.deepEqual(await order(), keys.map((k, i) => [i + 1, v[k].uuid]), what)
    await expectOrder(['p1', 'p2', 'p3', 'p4'], 'initial order')

    let res = await reorder(alice.token, pub.id, { startPosition: 1, insertAfterPosition: 3 })
    expectStatus(res, 204)
    expectValid(res, undefined, 'post', '/api/v1/video-playlists/{playlistId}/videos/reorder')
    await expectOrder(['p2', 'p3', 'p1', 'p4'], 'position 1 inserted after position 3')

    res = await reorder(alice.token, pub.id, { startPosition: 3, insertAfterPosition: 0, reorderLength: 2 })
    expectStatus(res, 204)
    await expectOrder(['p1', 'p4', 'p2', 'p3'], 'positions 3-4 moved to the front')

    expectStatus(await reorder(alice.token, pub.id, { startPosition: 2, insertAfterPosition: 2 }), 204, 'a no-op reorder')
    await expectOrder(['p1', 'p4', 'p2', 'p3'], 'unchanged')

    expectProblem(await reorder(bob.token, pub.id, { startPosition: 1, insertAfterPosition: 2 }), 403)
    expectProblem(await reorder(undefined, pub.id, { startPosition: 1, insertAfterPosition: 2 }), 401)
    expectProblem(await reorder(alice.token, pub.id, { startPosition: 0, insertAfterPosition: 2 }), 400, { invalidParams: ['startPosition'] })
    expectProblem(await reorder(alice.token, pub.id, { startPosition: 1, insertAfterPosition: -1 }), 400, { invalidParams: ['insertAfterPosition'] })
    expectProblem(await reorder(alice.token, pub.id, { startPosition: 1 }), 400, { invalidParams: ['insertAfterPosition'] })
    expectProblem(await reorder(alice.token, pub.id, { startPosition: 1, insertAfterPosition: 2, reorderLength: 0 }), 400, { invalidParams: ['reorderLength'] })
    expectProblem(await reorder(alice.token, pub.id, { startPosition: 5, insertAfterPosition: 1 }), 400, { what: 'start beyond the last position' })
    expectProblem(await reorder(alice.token, pub.id, { startPosition: 1, insertAfterPosition: 5 }), 400, { what: 'insert after beyond the last position' })
    expectProblem(await reorder(alice.token, pub.id, { startPosition: 3, insertAfterPosition: 0, reorderLength: 3 }), 400, { what: 'block beyond the end' })
    await expectOrder(['p1', 'p4', 'p2', 'p3'], 'refused reorders changed nothing')
  })

  it('DELETE /videos/{elementId} removes it and closes the gap in positions', async () => {
    need(['the public playlist', pub], ['its four elements', v.p4.element])
    const res = await ctx.api.delete(`/api/v1/video-playlists/${pub.id}/videos/${v.p4.element}`, { token: alice.token })
    expectStatus(res, 204)
    expectValid(res, undefined, 'delete', '/api/v1/video-playlists/{playlistId}/videos/{playlistElementId}')
    const { body } = await elements(pub.id)
    assert.equal(body.total, 3)
    assert.deepEqual(body.data.map(e => [e.position, e.video.uuid]), [[1, v.p1.uuid], [2, v.p2.uuid], [3, v.p3.uuid]])
    assert.equal((await getPlaylist(pub.id)).videosLength, 3)
    expectProblem(await ctx.api.delete(`/api/v1/video-playlists/${pub.id}/videos/${v.p4.element}`, { token: alice.token }), 404)
    expectProblem(await ctx.api.delete(`/api/v1/video-playlists/${pub.id}/videos/${v.p1.element}`, { token: bob.token }), 403)
    expectProblem(await ctx.api.delete(`/api/v1/video-playlists/${pub.id}/videos/${v.p1.element}`), 401)
  })

  it('videos of restricted privacy in a public playlist: only a typed placeholder (video: null) for those who cannot see them', async () => {
    need(['the public playlist', pub])
    for (const k of ['priv', 'internal', 'unlisted', 'password']) v[k].element = await add(alice.token, pub.id, { videoId: v[k].id })
    const typesFor = async (token) => {
      const { body, res } = await elements(pub.id, token)
      assert.equal(body.total, 7, 'every element is counted')
      return { map: Object.fromEntries(body.data.map(e => [e.id, e])), text: res.text }
    }
    const failures = []
    const expectFor = (map, k, type, what) => {
      try {
        const e = map[v[k].element]
        assert.ok(e, `element of ${k} listed (${what})`)
        assert.equal(e.type, type, `type of the ${k} element (${what}): expected ${type}, got ${e.type}`)
        if (type === ELEMENT.REGULAR) assert.equal(e.video?.uuid, v[k].uuid, `${k} video data (${what})`)
        else assert.equal(e.video, null, `no video data for ${k} (${what})`)
      } catch (err) { failures.push(err.message.split('\n')[0]) }
    }

    const anon = await typesFor(undefined)
    expectFor(anon.map, 'p1', ELEMENT.REGULAR, 'anonymous')
    expectFor(anon.map, 'unlisted', ELEMENT.REGULAR, 'anonymous')
    expectFor(anon.map, 'priv', ELEMENT.PRIVATE, 'anonymous')
    expectFor(anon.map, 'internal', ELEMENT.PRIVATE, 'anonymous')
    expectFor(anon.map, 'password', ELEMENT.PRIVATE, 'anonymous')
    for (const k of ['priv', 'internal', 'password']) {
      assert.ok(!anon.text.includes(v[k].uuid) && !anon.text.includes(v[k].name), `nothing of the ${k} video leaks anonymously`)
    }

    const asBob = await typesFor(bob.token)
    expectFor(asBob.map, 'internal', ELEMENT.REGULAR, 'bob (logged in)')
    expectFor(asBob.map, 'priv', ELEMENT.PRIVATE, 'bob')
    expectFor(asBob.map, 'password', ELEMENT.PRIVATE, 'bob')
    assert.ok(!asBob.text.includes(v.priv.uuid) && !asBob.text.includes(v.priv.name), 'nothing of the private video leaks to bob')

    const asAlice = await typesFor(alice.token)
    for (const k of ['p1', 'priv', 'internal', 'unlisted', 'password']) expectFor(asAlice.map, k, ELEMENT.REGULAR, 'the owner of the videos')
    assert.deepEqual(failures, [], 'element types and video data')
  })

  it('a deleted video leaves a DELETED element (type 1, video null)', async () => {
    need(['the public playlist', pub])
    v.doomed.element = await add(alice.token, pub.id, { videoId: v.doomed.id })
    expectStatus(await ctx.api.delete(`/api/v1/videos/${v.doomed.id}`, { token: alice.token }), 204)
    const { body } = await elements(pub.id, alice.token)
    const e = body.data.find(x => x.id === v.doomed.element)
    assert.ok(e, 'the element stays in the playlist')
    assert.equal(e.type, ELEMENT.DELETED)
    assert.equal(e.video, null)
    assert.equal(body.total, 8)
  })

  it('unlisted playlists: by UUID or short UUID only (numeric id → 404), never listed', async () => {
    need(['the unlisted playlist', unlisted])
    await add(alice.token, unlisted.id, { videoId: v.p2.id })
    for (const id of [unlisted.uuid, unlisted.shortUUID]) {
      const p = await getPlaylist(id)
      assert.deepEqual(p.privacy, { id: 2, label: 'Unlisted' })
      assert.equal((await elements(id)).body.total, 1)
    }
    expectProblem(await ctx.api.get(`/api/v1/video-playlists/${unlisted.id}`), 404)
    expectProblem(await ctx.api.get(`/api/v1/video-playlists/${unlisted.id}`, { token: bob.token }), 404)
    expectProblem(await ctx.api.get(`/api/v1/video-playlists/${unlisted.id}/videos`), 404)
  })

  it('private playlists: owner and admins only (anonymous 401, others 403), their videos too', async () => {
    need(['the private playlist', priv])
    await add(alice.token, priv.id, { videoId: v.p3.id })
    for (const id of [priv.id, priv.uuid, priv.shortUUID]) {
      const anon = await ctx.api.get(`/api/v1/video-playlists/${id}`)
      expectProblem(anon, 401)
      assert.ok(!anon.text.includes('Alice private list'), 'the refusal does not leak the name')
      expectProblem(await ctx.api.get(`/api/v1/video-playlists/${id}`, { token: bob.token }), 403)
      expectProblem(await ctx.api.get(`/api/v1/video-playlists/${id}/videos`), 401)
      expectProblem(await ctx.api.get(`/api/v1/video-playlists/${id}/videos`, { token: bob.token }), 403)
      assert.equal((await getPlaylist(id, alice.token)).displayName, 'Alice private list')
      assert.equal((await getPlaylist(id, ctx.rootToken)).displayName, 'Alice private list')
    }
    assert.equal((await elements(priv.id, alice.token)).body.total, 1)
    expectProblem(await addRaw(bob.token, priv.id, { videoId: v.p1.id }), 403)
  })

  it('GET /api/v1/video-playlists, account and channel lists: public playlists only, except the owner\'s account list', async () => {
    for (const token of [undefined, bob.token, alice.token]) {
      const all = expectValid(await ctx.api.get('/api/v1/video-playlists?count=100', { token }), undefined, 'get', '/api/v1/video-playlists')
      assert.deepEqual(listOf(all), ['Alice best of', 'Alice plain list'], `global list (${token ? 'logged in' : 'anonymous'})`)
      assert.equal(all.total, 2)
      const ch = expectValid(await ctx.api.get(`/api/v1/video-channels/${aliceChannel.name}/video-playlists`, { token: token === alice.token ? undefined : token }),
        undefined, 'get', '/api/v1/video-channels/{channelHandle}/video-playlists')
      assert.deepEqual(listOf(ch), ['Alice best of', 'Alice plain list'], 'channel list')
    }
    const watchLaters = expectValid(await ctx.api.get('/api/v1/video-playlists?playlistType=2'), undefined, 'get', '/api/v1/video-playlists')
    assert.equal(watchLaters.total, 0, 'watch later playlists are private')
    expectProblem(await ctx.api.get('/api/v1/video-playlists?playlistType=9'), 400)
    expectProblem(await ctx.api.get('/api/v1/video-playlists?sort=-nonsense'), 400)

    const forBob = expectValid(await ctx.api.get(`/api/v1/accounts/${alice.username}/video-playlists`, { token: bob.token }),
      undefined, 'get', '/api/v1/accounts/{name}/video-playlists')
    assert.deepEqual(listOf(forBob), ['Alice best of', 'Alice plain list'])
    const forAlice = expectValid(await ctx.api.get(`/api/v1/accounts/${alice.username}/video-playlists`, { token: alice.token }),
      undefined, 'get', '/api/v1/accounts/{name}/video-playlists')
    assert.deepEqual(listOf(forAlice), ['Alice best of', 'Alice plain list', 'Alice private list', 'Alice unlisted list', 'Watch later'])
    assert.equal(forAlice.total, 5)
    const lengths = Object.fromEntries(forAlice.data.map(p => [p.displayName, p.videosLength]))
    assert.deepEqual(lengths, { 'Alice best of': 8, 'Alice plain list': 1, 'Alice private list': 1, 'Alice unlisted list': 1, 'Watch later': 0 })
    expectProblem(await ctx.api.get('/api/v1/accounts/nobody_here_123/video-playlists'), 404)
  })

  it('watch later: the owner adds videos to it like any playlist', async () => {
    need(['the watch later playlist', watchLater])
    const el = await add(alice.token, watchLater.id, { videoId: v.p2.id, startTimestamp: 2 })
    const { body } = await elements(watchLater.id, alice.token)
    assert.deepEqual(body.data.map(e => [e.id, e.position, e.startTimestamp, e.video.uuid]), [[el, 1, 2, v.p2.uuid]])
    expectProblem(await addRaw(bob.token, watchLater.id, { videoId: v.p1.id }), 403)
    v.p2.watchLaterElement = el
  })

  it('GET /api/v1/users/me/video-playlists/videos-exist: where each video is in my playlists', async () => {
    need(['the playlists', pub && unlisted && watchLater], ['the elements', v.p2.element && v.p2.watchLaterElement])
    const path = `/api/v1/users/me/video-playlists/videos-exist?videoIds=${v.p2.id}&videoIds=${v.p4.id}&videoIds=987654`
    const res = await ctx.api.get(path, { token: alice.token })
    const body = expectValid(res, undefined, 'get', '/api/v1/users/me/video-playlists/videos-exist')
    assert.deepEqual(Object.keys(body).sort(), [String(v.p2.id), String(v.p4.id), '987654'].sort())
    assert.deepEqual(body[v.p4.id], [], 'removed from its playlist')
    assert.deepEqual(body['987654'], [])
    const entries = [...body[v.p2.id]].sort((a, b) => a.playlistId - b.playlistId)
    const expected = [
      { playlistElementId: v.p2.element, playlistId: pub.id, playlistDisplayName: 'Alice best of', playlistShortUUID: pub.shortUUID, startTimestamp: 3, stopTimestamp: 4 },
      { playlistElementId: v.p2.watchLaterElement, playlistId: watchLater.id, playlistDisplayName: 'Watch later', playlistShortUUID: watchLater.shortUUID, startTimestamp: 2, stopTimestamp: null }
    ]
    const unlistedEntry = entries.find(e => e.playlistId === unlisted.id)
    assert.ok(unlistedEntry, 'the unlisted playlist holds it too')
    for (const exp of expected) {
      const got = entries.find(e => e.playlistId === exp.playlistId)
      assert.ok(got, `entry for playlist ${exp.playlistDisplayName}: ${JSON.stringify(body)}`)
      assert.deepEqual(got, exp)
    }
    assert.equal(entries.length, 3)

    const forBob = expectValid(await ctx.api.get(path, { token: bob.token }), undefined, 'get', '/api/v1/users/me/video-playlists/videos-exist')
    assert.deepEqual(forBob[v.p2.id], [], 'only my own playlists count')
    expectProblem(await ctx.api.get(path), 401)
    expectProblem(await ctx.api.get('/api/v1/users/me/video-playlists/videos-exist?videoIds=abc', { token: alice.token }), 400)
  })

  it('a malformed playlist id (not an id, UUID or short UUID) → 400 (isValidPlaylistIdParam)', async () => {
    const failures = []
    for (const [method, path, opts] of [
      ['get', '/api/v1/video-playlists/not-an-id', {}],
      ['get', '/api/v1/video-playlists/not-an-id/videos', {}],
      ['delete', '/api/v1/video-playlists/not-an-id', { token: alice.token }],
      ['post', '/api/v1/video-playlists/not-an-id/videos', { token: alice.token, json: { videoId: v.p1.id } }]
    ]) {
      try { expectProblem(await ctx.api[method](path, opts), 400, { what: `${method.toUpperCase()} ${path}` }) } catch (err) { failures.push(err.message.split('\n')[0]) }
    }
    assert.deepEqual(failures, [])
  })

  it('DELETE: owner or admin (204), others 403; then 404 everywhere', async () => {
    need(['the playlists', plain && unlisted])
    expectProblem(await ctx.api.delete(`/api/v1/video-playlists/${plain.id}`, { token: bob.token }), 403)
    expectProblem(await ctx.api.delete(`/api/v1/video-playlists/${plain.id}`), 401)
    let res = await ctx.api.delete(`/api/v1/video-playlists/${plain.id}`, { token: alice.token })
    expectStatus(res, 204)
    expectValid(res, undefined, 'delete', '/api/v1/video-playlists/{playlistId}')
    expectProblem(await ctx.api.get(`/api/v1/video-playlists/${plain.id}`), 404)
    expectProblem(await ctx.api.get(`/api/v1/video-playlists/${plain.uuid}/videos`), 404)
    expectProblem(await ctx.api.delete(`/api/v1/video-playlists/${plain.id}`, { token: alice.token }), 404)

    res = await ctx.api.delete(`/api/v1/video-playlists/${unlisted.uuid}`, { token: ctx.rootToken })
    expectStatus(res, 204, 'an admin deletes any playlist')
    expectProblem(await ctx.api.get(`/api/v1/video-playlists/${unlisted.uuid}`), 404)

    const all = expectValid(await ctx.api.get('/api/v1/video-playlists'), undefined, 'get', '/api/v1/video-playlists')
    assert.deepEqual(listOf(all), ['Alice best of'])
    await expectServerUp(ctx.api)
  })
})
