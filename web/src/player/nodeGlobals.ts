/**
 * p2p-media-loader ships a bundle of Node-style modules (readable-stream,
 * randombytes, simple-peer) that read `global` and call `process.nextTick`,
 * which browsers do not have. Imported by p2p.ts before the library, so it only
 * runs when peer-to-peer is actually used; real values are never replaced.
 */
interface ProcessLike {
  env?: Record<string, string>
  browser?: boolean
  nextTick?: (fn: (...args: unknown[]) => void, ...args: unknown[]) => void
}
const g = globalThis as unknown as { global?: unknown; process?: ProcessLike }

g.global ??= globalThis
g.process ??= { env: {}, browser: true }
g.process.env ??= {}
g.process.nextTick ??= (fn, ...args) => queueMicrotask(() => fn(...args))

export {}
