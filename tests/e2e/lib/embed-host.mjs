// A third-party page embedding a Vidiverse video: served by the test itself on
// another origin, it drives the embed with the real @peertube/embed-api
// (its browser build, which defines window.PeerTubePlayer).
import fs from 'node:fs'
import http from 'node:http'

const PLAYER_JS = new URL('../../node_modules/@peertube/embed-api/build/player.min.js', import.meta.url)

function page (embedUrl) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Embed host</title>
<style>body { font-family: sans-serif; margin: 1rem } iframe { border: 0; width: 640px; height: 360px }</style></head>
<body>
<h1>A page embedding a video</h1>
<iframe id="embed" title="Embedded video" src="${embedUrl}" allow="autoplay; fullscreen" sandbox="allow-same-origin allow-scripts allow-popups"></iframe>
<script src="/player.min.js"></script>
<script>
  window.statusUpdates = []
  window.statusChanges = []
  window.player = new PeerTubePlayer(document.getElementById('embed'))
  window.player.addEventListener('playbackStatusUpdate', (e) => window.statusUpdates.push(e))
  window.player.addEventListener('playbackStatusChange', (e) => window.statusChanges.push(e))
</script>
</body>
</html>`
}

/** Starts the host on 127.0.0.1 (random port); returns { url, close }. */
export async function startEmbedHost (embedUrl) {
  const js = fs.readFileSync(PLAYER_JS)
  const srv = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204)
      res.end()
    } else if (req.url === '/player.min.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' })
      res.end(js)
    } else if (req.url === '/' || req.url.startsWith('/?')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(page(embedUrl))
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise(resolve => srv.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${srv.address().port}/`,
    close: () => new Promise(resolve => srv.close(resolve))
  }
}
