// Video comments (PeerTube: controllers/api/videos/comment.ts, middlewares/validators/videos/
// video-comments.ts, models/video/video-comment.ts toFormattedJSON / toFormattedForAdminOrUserJSON,
// lib/video-comment.ts createLocalVideoComment / buildFormattedCommentTree / shouldCommentBeHeldForReview,
// sql/comment/video-comment-list-query-builder.ts):
//   - threads listed with total, totalNotDeletedComments, sorts -createdAt (default) and -totalReplies;
//   - a thread as a tree ({ comment, children }), replies ordered by createdAt;
//   - soft delete: the comment stays in its thread with isDeleted, text '', account null, its replies kept;
//   - comments policy: disabled → POST 409 and lists empty; requires approval → heldForReview, hidden
//     from others until the video owner approves;
//   - the moderators' list /videos/comments with searchAccount, searchVideo, isLocal, onLocalVideo;
//   - the video's privacy rules apply to its comments.
import assert from 'node:assert/strict'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { expectValid, expectSchema } from './lib/openapi.mjs'
import { expectStatus, expectProblem, randomSuffix } from './lib/asserts.mjs'
import { createUser, ROLE } from './lib/auth.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, COMMENTS_POLICY, uploadVideo, waitPublished, myChannel, getVideo } from './lib/videos.mjs'

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))
const PASSWORD = 'comments-video-password'

serverSuite('videos: comments', {}, (ctx, it) => {
  let alice, bob, carol, mod
  const v = {} // pub, unl, priv, pw, dis, appr (alice's), other (bob's)
  const c = {} // comments by name

  const threadsUrl = (vid, q = '') => `/api/v1/videos/${vid}/comment-threads${q ? '?' + q : ''}`
  const commentUrl = (vid, cid) => `/api/v1/videos/${vid}/comments/${cid}`

  async function postThread (vid, token, text, headers) {
    const res = await ctx.api.post(threadsUrl(vid), { token, json: { text }, headers })
    expectStatus(res, 200, `POST comment-threads on ${vid}`)
    const body = expectValid(res, undefined, 'post', '/api/v1/videos/{id}/comment-threads')
    assert.ok(body.comment && Number.isInteger(body.comment.id), `no comment in ${res.describe()}`)
    return body.comment
  }

  async function postReply (vid, cid, token, text, headers) {
    const res = await ctx.api.post(commentUrl(vid, cid), { token, json: { text }, headers })
    expectStatus(res, 200, `POST reply to ${cid}`)
    const body = expectValid(res, undefined, 'post', '/api/v1/videos/{id}/comments/{commentId}')
    return body.comment
  }

  async function listThreads (vid, { token, query = '', headers } = {}) {
    const res = await ctx.api.get(threadsUrl(vid, query), { token, headers })
    expectStatus(res, 200, `GET ${threadsUrl(vid, query)}`)
    return expectValid(res, undefined, 'get', '/api/v1/videos/{id}/comment-threads')
  }

  async function getTree (vid, threadId, { token, headers } = {}) {
    const res = await ctx.api.get(`/api/v1/videos/${vid}/comment-threads/${threadId}`, { token, headers })
    expectStatus(res, 200, `GET thread ${threadId}`)
    return expectValid(res, undefined, 'get', '/api/v1/videos/{id}/comment-threads/{threadId}')
  }

  async function adminList (query = '', token = ctx.rootToken) {
    const res = await ctx.api.get(`/api/v1/videos/comments${query ? '?' + query : ''}`, { token })
    expectStatus(res, 200, `GET /api/v1/videos/comments?${query}`)
    return expectValid(res, undefined, 'get', '/api/v1/videos/comments')
  }

  // video.comments is rebuilt after the commit in PeerTube (rebuildCommentsCount): allow a short delay.
  async function expectCommentsCount (vid, expected) {
    let d
    for (let i = 0; i < 20; i++) {
      d = await getVideo(ctx.api, vid, ctx.rootToken)
      if (d.comments === expected) return
      await sleep(100)
    }
    assert.equal(d.comments, expected, `video ${vid}: comments count`)
  }

  it('setup: users (one moderator) and videos of each privacy and comments policy', async () => {
    alice = await createUser(ctx.api, ctx.rootToken, { username: 'alice' + randomSuffix() })
    bob = await createUser(ctx.api, ctx.rootToken, { username: 'bob' + randomSuffix() })
    carol = await createUser(ctx.api, ctx.rootToken, { username: 'carol' + randomSuffix() })
    mod = await createUser(ctx.api, ctx.rootToken, { username: 'mod' + randomSuffix(), role: ROLE.MODERATOR })
    const aliceChannel = await myChannel(ctx.api, alice.token)
    const bobChannel = await myChannel(ctx.api, bob.token)
    const defs = {
      pub: { name: 'comments public video', privacy: PRIVACY.PUBLIC },
      unl: { name: 'comments unlisted video', privacy: PRIVACY.UNLISTED },
      priv: { name: 'comments private video', privacy: PRIVACY.PRIVATE },
      pw: { name: 'comments password video', privacy: PRIVACY.PASSWORD_PROTECTED, videoPasswords: [PASSWORD] },
      dis: { name: 'comments disabled video', privacy: PRIVACY.PUBLIC, commentsPolicy: COMMENTS_POLICY.DISABLED },
      appr: { name: 'comments approval video', privacy: PRIVACY.PUBLIC, commentsPolicy: COMMENTS_POLICY.REQUIRES_APPROVAL },
      other: { name: 'bobs other video', privacy: PRIVACY.PUBLIC, owner: 'bob' }
    }
    for (const [k, d] of Object.entries(defs)) {
      const owner = d.owner === 'bob' ? bob : alice
      const channelId = d.owner === 'bob' ? bobChannel.id : aliceChannel.id
      const { owner: _o, ...fields } = d
      const res = await uploadVideo(ctx.api, owner.token, { ...fields, channelId }, { file: media.landscape() })
      v[k] = { ...res, details: await waitPublished(ctx.api, res.uuid, owner.token) }
    }
    assert.equal(v.dis.details.commentsPolicy.id, COMMENTS_POLICY.DISABLED)
    assert.equal(v.appr.details.commentsPolicy.id, COMMENTS_POLICY.REQUIRES_APPROVAL)
  })

  it('a new video has no comments: empty thread list, comments 0', async () => {
    const l = await listThreads(v.pub.uuid)
    assert.deepEqual(l.data, [])
    assert.equal(l.total, 0)
    assert.equal(l.totalNotDeletedComments, 0, 'totalNotDeletedComments is sent (VideoCommentThreads)')
    assert.equal(v.pub.details.comments, 0, 'VideoDetails.comments')
  })

  it('POST comment-threads: 200 { comment } in PeerTube\'s VideoComment shape; markdown kept as written', async () => {
    const text = 'Hello **world** from bob, see [this](https://example.com) and <b>raw html</b>'
    const before = Date.now()
    const cm = await postThread(v.pub.uuid, bob.token, text)
    c.bobThread = cm
    assert.equal(cm.text, text, 'the text is stored and returned as written (markdown, not rendered)')
    assert.equal(cm.threadId, cm.id, 'a thread is its own thread')
    assert.equal(cm.inReplyToCommentId, null)
    assert.equal(cm.videoId, v.pub.id)
    assert.equal(cm.isDeleted, false)
    assert.equal(cm.deletedAt, null)
    assert.equal(cm.heldForReview, false)
    assert.equal(cm.totalReplies, 0)
    assert.equal(cm.totalRepliesFromVideoAuthor, 0)
    assert.equal(cm.url, `${ctx.server.url}/videos/watch/${v.pub.uuid}/comments/${cm.id}`, 'getLocalVideoCommentActivityPubUrl')
    assert.ok(Date.parse(cm.createdAt) >= before - 2000 && Date.parse(cm.createdAt) <= Date.now() + 2000, `createdAt ${cm.createdAt}`)
    assert.equal(cm.account.name, bob.username)
    assert.equal(cm.account.host, ctx.server.host)
    assert.ok(!JSON.stringify(cm).includes(bob.email), 'no email in a comment')
    // by numeric id and short UUID too
    c.carolThread = await postThread(v.pub.shortUUID, carol.token, 'carol starts a second thread')
    assert.equal(c.carolThread.videoId, v.pub.id)
  })

  it('POST comment-threads refuses: anonymous 401, bad text 400, unknown video 404', async () => {
    expectProblem(await ctx.api.post(threadsUrl(v.pub.uuid), { json: { text: 'anonymous' } }), 401)
    expectProblem(await ctx.api.post(threadsUrl(v.pub.uuid), { token: bob.token, json: { text: '' } }), 400, { invalidParams: ['text'] })
    expectProblem(await ctx.api.post(threadsUrl(v.pub.uuid), { token: bob.token, json: {} }), 400, { invalidParams: ['text'] })
    expectProblem(await ctx.api.post(threadsUrl(v.pub.uuid), { token: bob.token, json: { text: 'x'.repeat(10001) } }), 400, { invalidParams: ['text'] })
    expectProblem(await ctx.api.post(threadsUrl('00000000-0000-4000-8000-000000000000'), { token: bob.token, json: { text: 'hello' } }), 404)
    expectProblem(await ctx.api.post(threadsUrl(999999), { token: bob.token, json: { text: 'hello' } }), 404)
    // CONSTRAINTS_FIELDS.VIDEO_COMMENTS.TEXT = { min: 1, max: 10000 }: 10000 is accepted (on bob's other video)
    const long = await postThread(v.other.uuid, carol.token, 'y'.repeat(10000))
    assert.equal(long.text.length, 10000)
    c.carolLongOnOther = long
    const l = await listThreads(v.pub.uuid)
    assert.equal(l.total, 2, 'refused comments were not stored')
  })

  it('replies: POST /videos/{id}/comments/{commentId}, nested, threadId = the root', async () => {
    c.aliceReply = await postReply(v.pub.uuid, c.bobThread.id, alice.token, 'alice (the video owner) answers')
    assert.equal(c.aliceReply.inReplyToCommentId, c.bobThread.id)
    assert.equal(c.aliceReply.threadId, c.bobThread.id)
    assert.equal(c.aliceReply.videoId, v.pub.id)
    await sleep(20)
    c.carolReply = await postReply(v.pub.id, c.aliceReply.id, carol.token, 'carol answers alice')
    assert.equal(c.carolReply.inReplyToCommentId, c.aliceReply.id)
    assert.equal(c.carolReply.threadId, c.bobThread.id, 'threadId is the origin comment of the thread')

    expectProblem(await ctx.api.post(commentUrl(v.pub.uuid, c.bobThread.id), { json: { text: 'anon' } }), 401)
    expectProblem(await ctx.api.post(commentUrl(v.pub.uuid, c.bobThread.id), { token: carol.token, json: { text: '' } }), 400, { invalidParams: ['text'] })
    expectProblem(await ctx.api.post(commentUrl(v.pub.uuid, 999999), { token: carol.token, json: { text: 'to nothing' } }), 404)
  })

  it('thread list: total, totalNotDeletedComments, reply counters, sorts and pagination', async () => {
    const l = await listThreads(v.pub.uuid)
    assert.equal(l.total, 2, 'two threads')
    assert.equal(l.totalNotDeletedComments, 4, 'threads and replies')
    assert.deepEqual(l.data.map(x => x.id), [c.carolThread.id, c.bobThread.id], 'default sort -createdAt')
    const bobT = l.data.find(x => x.id === c.bobThread.id)
    assert.equal(bobT.totalReplies, 2, 'all replies of the thread, any depth')
    assert.equal(l.data.find(x => x.id === c.carolThread.id).totalReplies, 0)
    for (const t of l.data) assert.equal(t.inReplyToCommentId, null, 'only threads in the thread list')

    const byReplies = await listThreads(v.pub.uuid, { query: 'sort=-totalReplies' })
    assert.deepEqual(byReplies.data.map(x => x.id), [c.bobThread.id, c.carolThread.id], 'sort=-totalReplies')
    const asc = await listThreads(v.pub.uuid, { query: 'sort=createdAt' })
    assert.deepEqual(asc.data.map(x => x.id), [c.bobThread.id, c.carolThread.id], 'sort=createdAt')
    const page = await listThreads(v.pub.uuid, { query: 'start=1&count=1' })
    assert.deepEqual(page.data.map(x => x.id), [c.bobThread.id], 'start=1&count=1')
    assert.equal(page.total, 2)
    expectProblem(await ctx.api.get(threadsUrl(v.pub.uuid, 'sort=name')), 400)
    expectProblem(await ctx.api.get(threadsUrl(v.pub.uuid, 'count=-1')), 400)
    expectProblem(await ctx.api.get(threadsUrl('00000000-0000-4000-8000-000000000000')), 404)
    // by numeric id and short UUID: same list
    for (const id of [v.pub.id, v.pub.shortUUID]) assert.equal((await listThreads(id)).total, 2)
    // buildAuthorTotalRepliesLateralJoin: replies whose account is the video channel's account
    assert.equal(bobT.totalRepliesFromVideoAuthor, 1, 'replies written by the video owner')
  })

  it('thread tree: GET comment-threads/{threadId} → { comment, children } nested, replies by createdAt', async () => {
    const t = await getTree(v.pub.uuid, c.bobThread.id)
    assert.equal(t.comment.id, c.bobThread.id)
    assert.equal(t.comment.totalReplies, 2)
    assert.equal(t.children.length, 1)
    assert.equal(t.children[0].comment.id, c.aliceReply.id)
    assert.equal(t.children[0].comment.account.name, alice.username)
    assert.equal(t.children[0].children.length, 1)
    assert.equal(t.children[0].children[0].comment.id, c.carolReply.id)
    assert.deepEqual(t.children[0].children[0].children, [])
    const solo = await getTree(v.pub.uuid, c.carolThread.id)
    assert.deepEqual(solo.children, [])

    expectProblem(await ctx.api.get(`/api/v1/videos/${v.pub.uuid}/comment-threads/999999`), 404)
    // doesVideoCommentThreadExist: a reply is not a thread → res.fail() with its default status, 400
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.pub.uuid}/comment-threads/${c.aliceReply.id}`), 400)
  })

  it('a comment of another video: 400 comment_not_associated_to_video (thread, reply, delete)', async () => {
    // validators/shared/video-comments.ts doesVideoCommentThreadExist / doesVideoCommentExist
    const other = c.carolLongOnOther.id
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.pub.uuid}/comment-threads/${other}`), 400, { code: 'comment_not_associated_to_video' })
    expectProblem(await ctx.api.post(commentUrl(v.pub.uuid, other), { token: carol.token, json: { text: 'wrong video' } }),
      400, { code: 'comment_not_associated_to_video' })
    expectProblem(await ctx.api.delete(commentUrl(v.pub.uuid, other), { token: ctx.rootToken }), 400, { code: 'comment_not_associated_to_video' })
    assert.equal((await getTree(v.other.uuid, other)).comment.isDeleted, false, 'nothing happened to it')
  })

  it('the video\'s comments count (VideoDetails and lists) counts every visible comment', async () => {
    await expectCommentsCount(v.pub.uuid, 4)
    const list = expectValid(await ctx.api.get('/api/v1/videos?count=100'), undefined, 'get', '/api/v1/videos')
    assert.equal(list.data.find(x => x.uuid === v.pub.uuid).comments, 4, 'Video.comments in lists')
  })

  it('delete: author, video owner or moderator only (403 otherwise); soft delete keeps the replies', async () => {
    expectProblem(await ctx.api.delete(commentUrl(v.pub.uuid, c.aliceReply.id)), 401)
    expectProblem(await ctx.api.delete(commentUrl(v.pub.uuid, c.aliceReply.id), { token: carol.token }), 403, { what: 'another user' })
    expectProblem(await ctx.api.delete(commentUrl(v.pub.uuid, c.aliceReply.id), { token: bob.token }), 403, { what: 'the thread author' })
    expectProblem(await ctx.api.delete(commentUrl(v.pub.uuid, 999999), { token: alice.token }), 404)

    const del = await ctx.api.delete(commentUrl(v.pub.uuid, c.aliceReply.id), { token: alice.token })
    expectStatus(del, 204, 'the author deletes her reply')
    expectValid(del, undefined, 'delete', '/api/v1/videos/{id}/comments/{commentId}')

    const t = await getTree(v.pub.uuid, c.bobThread.id)
    const tomb = t.children[0]
    assert.equal(tomb.comment.id, c.aliceReply.id, 'the deleted comment stays in the tree')
    assert.equal(tomb.comment.isDeleted, true)
    assert.equal(tomb.comment.text, '', 'markAsDeleted empties the text')
    assert.equal(tomb.comment.account, null, 'markAsDeleted drops the account')
    assert.ok(tomb.comment.deletedAt && Date.parse(tomb.comment.deletedAt) > 0, `deletedAt set: ${tomb.comment.deletedAt}`)
    assert.equal(tomb.children.length, 1, 'its replies are kept')
    assert.equal(tomb.children[0].comment.id, c.carolReply.id)
    assert.equal(tomb.children[0].comment.text, 'carol answers alice')
    assert.ok(!JSON.stringify(t).includes('alice (the video owner) answers'), 'the deleted text is gone everywhere')

    const l = await listThreads(v.pub.uuid)
    assert.equal(l.data.find(x => x.id === c.bobThread.id).totalReplies, 1, 'deleted replies are not counted')
    assert.equal(l.totalNotDeletedComments, 3)
    await expectCommentsCount(v.pub.uuid, 3)
    // checkUserCanDeleteVideoComment: an already deleted comment → 409
    expectProblem(await ctx.api.delete(commentUrl(v.pub.uuid, c.aliceReply.id), { token: alice.token }), 409, { what: 'already deleted' })
  })

  it('delete: the video owner may delete others\' comments on her video; a deleted thread stays listed', async () => {
    expectStatus(await ctx.api.delete(commentUrl(v.pub.uuid, c.carolThread.id), { token: alice.token }), 204)
    const l = await listThreads(v.pub.uuid)
    assert.equal(l.total, 2, 'deleted threads are still listed (as deleted)')
    const tomb = l.data.find(x => x.id === c.carolThread.id)
    assert.equal(tomb.isDeleted, true)
    assert.equal(tomb.text, '')
    assert.equal(tomb.account, null)
    assert.equal(l.totalNotDeletedComments, 2)
    await expectCommentsCount(v.pub.uuid, 2)
  })

  it('delete: a moderator may delete any comment', async () => {
    const cm = await postThread(v.other.uuid, bob.token, 'bob on his own video')
    expectProblem(await ctx.api.delete(commentUrl(v.other.uuid, cm.id), { token: alice.token }), 403)
    expectStatus(await ctx.api.delete(commentUrl(v.other.uuid, cm.id), { token: mod.token }), 204)
    const t = await getTree(v.other.uuid, cm.id)
    assert.equal(t.comment.isDeleted, true)
  })

  it('private video: its comments follow the video (anonymous 401, other users 403, owner and admins 200)', async () => {
    c.privOwn = await postThread(v.priv.uuid, alice.token, 'alice comments her private video')
    expectProblem(await ctx.api.get(threadsUrl(v.priv.uuid)), 401)
    const refused = await ctx.api.get(threadsUrl(v.priv.uuid), { token: bob.token })
    expectProblem(refused, 403)
    assert.ok(!refused.text.includes('alice comments her private video'))
    assert.equal((await listThreads(v.priv.uuid, { token: alice.token })).total, 1)
    assert.equal((await listThreads(v.priv.uuid, { token: ctx.rootToken })).total, 1)
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.priv.uuid}/comment-threads/${c.privOwn.id}`), 401)
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.priv.uuid}/comment-threads/${c.privOwn.id}`, { token: bob.token }), 403)
    await getTree(v.priv.uuid, c.privOwn.id, { token: alice.token })
    expectProblem(await ctx.api.post(threadsUrl(v.priv.uuid), { token: bob.token, json: { text: 'bob cannot' } }), 403)
    expectProblem(await ctx.api.post(commentUrl(v.priv.uuid, c.privOwn.id), { token: bob.token, json: { text: 'bob cannot reply' } }), 403)
  })

  it('unlisted video: by UUID anyone; by numeric id only the owner (401 / 403)', async () => {
    c.unlThread = await postThread(v.unl.uuid, bob.token, 'bob on the unlisted video')
    assert.equal((await listThreads(v.unl.uuid)).total, 1)
    assert.equal((await listThreads(v.unl.shortUUID)).total, 1)
    expectProblem(await ctx.api.get(threadsUrl(v.unl.id)), 401)
    expectProblem(await ctx.api.get(threadsUrl(v.unl.id), { token: carol.token }), 403)
    assert.equal((await listThreads(v.unl.id, { token: alice.token })).total, 1)
  })

  it('password-protected video: x-peertube-video-password needed to read and to comment', async () => {
    const pw = { 'x-peertube-video-password': PASSWORD }
    c.pwOwn = await postThread(v.pw.uuid, alice.token, 'alice on her password video')
    expectProblem(await ctx.api.get(threadsUrl(v.pw.uuid)), [401, 403], { code: 'video_requires_password' })
    expectProblem(await ctx.api.get(threadsUrl(v.pw.uuid), { token: bob.token }), 403, { code: 'video_requires_password' })
    expectProblem(await ctx.api.get(threadsUrl(v.pw.uuid), { headers: { 'x-peertube-video-password': 'wrong' } }), 403,
      { code: 'incorrect_video_password' })
    assert.equal((await listThreads(v.pw.uuid, { headers: pw })).total, 1)
    await getTree(v.pw.uuid, c.pwOwn.id, { headers: pw })
    expectProblem(await ctx.api.post(threadsUrl(v.pw.uuid), { token: bob.token, json: { text: 'no password' } }), 403,
      { code: 'video_requires_password' })
    const bobs = await postThread(v.pw.uuid, bob.token, 'bob knows the password', pw)
    assert.equal(bobs.videoId, v.pw.id)
  })

  it('comments policy disabled: POST 409, lists empty (existing comments hidden), thread 404', async () => {
    expectProblem(await ctx.api.post(threadsUrl(v.dis.uuid), { token: bob.token, json: { text: 'refused' } }), 409)
    let l = await listThreads(v.dis.uuid)
    assert.deepEqual([l.total, l.data, l.totalNotDeletedComments], [0, [], 0])
    // enable, comment, disable again: the existing comment disappears from the API
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.dis.id}`, { token: alice.token, json: { commentsPolicy: COMMENTS_POLICY.ENABLED } }), 204)
    const cm = await postThread(v.dis.uuid, bob.token, 'while comments were enabled')
    expectStatus(await ctx.api.put(`/api/v1/videos/${v.dis.id}`, { token: alice.token, json: { commentsPolicy: COMMENTS_POLICY.DISABLED } }), 204)
    l = await listThreads(v.dis.uuid)
    assert.deepEqual([l.total, l.data.length, l.totalNotDeletedComments], [0, 0, 0], 'a disabled video lists no comment')
    for (const token of [undefined, alice.token]) {
      expectProblem(await ctx.api.get(`/api/v1/videos/${v.dis.uuid}/comment-threads/${cm.id}`, { token }), 404)
    }
    expectProblem(await ctx.api.post(commentUrl(v.dis.uuid, cm.id), { token: carol.token, json: { text: 'reply refused' } }), 409)
    // isVideoCommentsEnabled comes before any right: the owner and admins are refused too
    expectProblem(await ctx.api.post(threadsUrl(v.dis.uuid), { token: alice.token, json: { text: 'refused to the owner too' } }), 409)
    expectProblem(await ctx.api.post(threadsUrl(v.dis.uuid), { token: ctx.rootToken, json: { text: 'refused to admins too' } }), 409)
  })

  it('comments policy requires approval: heldForReview, seen only by its author, the video owner and moderators', async () => {
    c.held = await postThread(v.appr.uuid, bob.token, 'bob waits for approval')
    assert.equal(c.held.heldForReview, true)
    const ownerComment = await postThread(v.appr.uuid, alice.token, 'the owner is never held')
    assert.equal(ownerComment.heldForReview, false)
    const modComment = await postThread(v.appr.uuid, mod.token, 'moderators are never held')

    const ids = (l) => l.data.map(x => x.id)
    const anon = await listThreads(v.appr.uuid)
    assert.ok(!ids(anon).includes(c.held.id), 'anonymous: held comment hidden')
    assert.ok(ids(anon).includes(ownerComment.id), 'anonymous: the owner\'s comment shown')
    assert.equal(anon.total, anon.data.length)
    assert.ok(!ids(await listThreads(v.appr.uuid, { token: carol.token })).includes(c.held.id), 'another user: hidden')
    assert.ok(ids(await listThreads(v.appr.uuid, { token: bob.token })).includes(c.held.id), 'its author sees it')
    assert.ok(ids(await listThreads(v.appr.uuid, { token: alice.token })).includes(c.held.id), 'the video owner sees it')
    assert.ok(ids(await listThreads(v.appr.uuid, { token: mod.token })).includes(c.held.id), 'a moderator sees it')
    expectProblem(await ctx.api.get(`/api/v1/videos/${v.appr.uuid}/comment-threads/${c.held.id}`), 404, { what: 'held thread, anonymous' })
    await getTree(v.appr.uuid, c.held.id, { token: bob.token })
    // shouldCommentBeHeldForReview: users with MANAGE_ANY_VIDEO_COMMENT (moderators) are never held
    assert.equal(modComment.heldForReview, false, 'a moderator\'s comment is not held')
    assert.deepEqual(ids(anon).sort((a, b) => a - b), [ownerComment.id, modComment.id].sort((a, b) => a - b))
    await expectCommentsCount(v.appr.uuid, 2)
  })

  it('approve: POST comments/{id}/approve by the video owner (403 for others); then public and counted', async () => {
    const url = `${commentUrl(v.appr.uuid, c.held.id)}/approve`
    expectProblem(await ctx.api.post(url), 401)
    expectProblem(await ctx.api.post(url, { token: carol.token }), 403)
    const before = (await listThreads(v.appr.uuid)).total
    const countBefore = (await getVideo(ctx.api, v.appr.uuid, ctx.rootToken)).comments
    const res = await ctx.api.post(url, { token: alice.token })
    expectStatus(res, 204)
    expectValid(res, undefined, 'post', '/api/v1/videos/{id}/comments/{commentId}/approve')
    const anon = await listThreads(v.appr.uuid)
    assert.equal(anon.total, before + 1, 'the approved comment is public')
    assert.equal(anon.data.find(x => x.id === c.held.id).heldForReview, false)
    await expectCommentsCount(v.appr.uuid, countBefore + 1)
  })

  it('/videos/comments: moderators and admins only (401 / 403), VideoCommentForOwnerOrAdmin, not deleted', async () => {
    expectProblem(await ctx.api.get('/api/v1/videos/comments'), 401)
    expectProblem(await ctx.api.get('/api/v1/videos/comments', { token: bob.token }), 403)
    const l = await adminList('count=100', mod.token)
    const root = await adminList('count=100')
    assert.equal(l.total, root.total)
    assert.equal(l.total, l.data.length)
    const ids = l.data.map(x => x.id)
    for (const k of ['bobThread', 'carolReply', 'carolLongOnOther', 'privOwn', 'unlThread', 'pwOwn', 'held']) {
      assert.ok(ids.includes(c[k].id), `${k} listed`)
    }
    for (const k of ['aliceReply', 'carolThread']) assert.ok(!ids.includes(c[k].id), `deleted ${k} not listed`)
    const one = l.data.find(x => x.id === c.bobThread.id)
    assert.deepEqual({ id: one.video.id, uuid: one.video.uuid, name: one.video.name }, { id: v.pub.id, uuid: v.pub.uuid, name: v.pub.details.name })
    assert.equal(one.account.name, bob.username)
    assert.equal(one.text, c.bobThread.text)
    assert.equal(one.threadId, c.bobThread.id)
    // default sort -createdAt
    const times = l.data.map(x => Date.parse(x.createdAt))
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'sorted by -createdAt')
  })

  it('/videos/comments filters: searchAccount, searchVideo, search, isLocal, onLocalVideo', async () => {
    const byCarol = await adminList(`count=100&searchAccount=${carol.username}`)
    assert.ok(byCarol.total >= 2)
    for (const x of byCarol.data) assert.equal(x.account.name, carol.username)
    const onOther = await adminList('count=100&searchVideo=' + encodeURIComponent('bobs other'))
    assert.deepEqual(onOther.data.map(x => x.id), [c.carolLongOnOther.id], 'only not-deleted comments of bob\'s other video')
    const search = await adminList('count=100&search=' + encodeURIComponent('waits for approval'))
    assert.deepEqual(search.data.map(x => x.id), [c.held.id])
    const all = await adminList('count=100')
    assert.equal((await adminList('count=100&isLocal=true')).total, all.total, 'every comment here is local')
    assert.equal((await adminList('count=100&isLocal=false')).total, 0)
    assert.equal((await adminList('count=100&onLocalVideo=true')).total, all.total)
    assert.equal((await adminList('count=100&onLocalVideo=false')).total, 0)
    expectProblem(await ctx.api.get('/api/v1/videos/comments?isLocal=maybe', { token: ctx.rootToken }), 400)
  })

  it('deleting a video removes its comments from the moderators\' list', async () => {
    const before = await adminList('count=100')
    expectStatus(await ctx.api.delete(`/api/v1/videos/${v.other.id}`, { token: bob.token }), 204)
    const after = await adminList('count=100')
    assert.ok(!after.data.some(x => x.id === c.carolLongOnOther.id))
    assert.equal(after.total, before.total - 1)
    // every listed comment validates as a VideoComment of the spec too (shared properties)
    for (const x of after.data) expectSchema('VideoCommentForOwnerOrAdmin', x)
    await expectServerUp(ctx.api)
  })
})
