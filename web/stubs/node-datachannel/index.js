// Imported only by webrtc-polyfill's Node.js entry, which the browser build never uses
// (its package.json maps the browser to globalThis.RTCPeerConnection).
const unavailable = () => {
  throw new Error('WebRTC is not available in Node.js in this build (node-datachannel is stubbed)')
}
export class RTCPeerConnection {
  constructor() {
    unavailable()
  }
}
export default { RTCPeerConnection }
