// A client that goes away in the middle of a file (a video player seeking,
// a closed tab) must never take the server down: sendfile() into a socket
// whose peer is gone raises SIGPIPE, which kills a process that does not
// ignore it — with nothing in its log.
import assert from 'node:assert/strict'
import net from 'node:net'
import { serverSuite, expectServerUp } from './lib/harness.mjs'
import { media } from './lib/media.mjs'
import { PRIVACY, uploadVideo, waitPublished, myChannel } from './lib/videos.mjs'

serverSuite('http: aborted downloads', {}, (ctx, it) => {
  it('dozens of clients dropping a large file mid-transfer leave the server up', async () => {
    const channel = await myChannel(ctx.api, ctx.rootToken)
    const up = await uploadVideo(ctx.api, ctx.rootToken, { name: 'big file for aborts', channelId: channel.id, privacy: PRIVACY.PUBLIC },
      { file: media.big() })
    const v = await waitPublished(ctx.api, up.uuid, ctx.rootToken)
    const url = new URL(v.files[0].fileUrl)
    assert.ok(v.files[0].size > 4 * 1024 * 1024, 'a file larger than the socket buffers')
    const abortOne = () => new Promise((resolve) => {
      const sock = net.connect({ host: url.hostname, port: Number(url.port) }, () => {
        sock.write(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)
      })
      let got = 0
      sock.on('data', (c) => {
        got += c.length
        // Reset (not a polite FIN) once the transfer is under way.
        if (got > 64 * 1024) sock.resetAndDestroy()
      })
      sock.on('close', resolve)
      sock.on('error', resolve)
    })
    for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 8 }, abortOne))
    await new Promise(resolve => setTimeout(resolve, 300))
    assert.equal(ctx.server.alive, true, `the server is still running (exit: ${JSON.stringify(ctx.server.exit)})`)
    await expectServerUp(ctx.api)
  })
})
