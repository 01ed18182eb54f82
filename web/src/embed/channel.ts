/**
 * The embed's end of the postMessage conversation that @peertube/embed-api
 * (through the jschannel library it bundles) holds with it. Written here rather
 * than depending on jschannel: only the answering side is needed, and it is small.
 *
 * The wire format, as jschannel writes it (every message a JSON string):
 * - handshake: each side posts `{ method: "<scope>::__ready", params: { type: "publish-request", publish: [] } }`
 *   once; whoever receives a publish-request becomes ready and answers with
 *   `{ method: "<scope>::__ready", params: { type: "publish-reply", publish: [] } }`.
 *   Messages a side wants to send before that are held back until it is ready.
 * - request:      `{ id, method: "<scope>::name", params }`
 * - answer:       `{ id, result }` or `{ id, error, message }` ("method_not_found" when nothing is bound)
 * - notification: `{ method: "<scope>::name", params }` (no id, no answer): events such as "ready"
 */

export type Handler = (params: unknown) => unknown

/** Where messages go (the parent window) and where they come from. */
export interface ChannelEnds {
  /** the window to talk to: window.parent in the embed */
  target: Pick<Window, 'postMessage'>
  /** the window whose `message` events we read: our own */
  listenOn: Pick<Window, 'addEventListener' | 'removeEventListener'>
  /** messages are accepted only from this source (the target window itself) */
  source: unknown
}

interface Message {
  id?: number | string
  method?: string
  params?: unknown
  result?: unknown
  error?: unknown
  message?: unknown
  callbacks?: unknown
}

/** Answers held before the handshake are few (one per request); events are not held. */
const MAX_QUEUE = 100

export class EmbedChannel {
  private readonly handlers = new Map<string, Handler>()
  private readonly queue: string[] = []
  private ready = false
  private destroyed = false
  private readonly onMessage = (e: MessageEvent) => this.receive(e)
  private readonly readyListeners = new Set<() => void>()

  constructor(
    private readonly ends: ChannelEnds,
    readonly scope = 'peertube'
  ) {
    if (scope.includes('::')) throw new Error("scope may not contain '::'")
    ends.listenOn.addEventListener('message', this.onMessage as EventListener)
    // jschannel announces itself after the current task; so do we
    setTimeout(() => {
      if (!this.destroyed) this.post({ method: this.scoped('__ready'), params: { type: 'publish-request', publish: [] } }, true)
    }, 0)
  }

  /** Whether a parent has answered the handshake. */
  isConnected(): boolean {
    return this.ready
  }

  onConnected(listener: () => void): void {
    if (this.ready) listener()
    else this.readyListeners.add(listener)
  }

  /** Answers requests for `method` with what `handler` returns (a promise is awaited). */
  bind(method: string, handler: Handler): this {
    this.handlers.set(method, handler)
    return this
  }

  /**
   * Sends an event. Before a parent has connected nothing is sent: a page that
   * does not use the API gets no stream of messages, and one that connects later
   * asks `isReady` instead of relying on the `ready` event.
   */
  notify(method: string, params?: unknown): void {
    if (!this.ready || this.destroyed) return
    this.post({ method: this.scoped(method), params })
  }

  destroy(): void {
    this.destroyed = true
    this.ends.listenOn.removeEventListener('message', this.onMessage as EventListener)
    this.handlers.clear()
    this.queue.length = 0
    this.readyListeners.clear()
  }

  private scoped(method: string): string {
    return `${this.scope}::${method}`
  }

  private post(msg: Message, force = false): void {
    const text = JSON.stringify(msg)
    if (!force && !this.ready) {
      if (this.queue.length < MAX_QUEUE) this.queue.push(text)
      return
    }
    this.ends.target.postMessage(text, '*')
  }

  private receive(e: MessageEvent): void {
    if (this.destroyed || e.source !== this.ends.source) return
    let msg: Message
    try {
      msg = typeof e.data === 'string' ? JSON.parse(e.data) : null
    } catch {
      return
    }
    if (!msg || typeof msg !== 'object' || typeof msg.method !== 'string') return // answers to calls we never make
    const parts = msg.method.split('::')
    if (parts.length !== 2 || parts[0] !== this.scope) return // another channel on the same page
    const method = parts[1]

    if (method === '__ready') return this.handshake(msg.params)
    if (msg.id === undefined) return // notifications from the parent: none are defined

    void this.answer(msg.id, method, msg.params)
  }

  private handshake(params: unknown): void {
    const type = (params as { type?: string } | null)?.type
    if (type === 'publish-request') this.post({ method: this.scoped('__ready'), params: { type: 'publish-reply', publish: [] } }, true)
    if (this.ready) return
    this.ready = true
    for (const text of this.queue.splice(0)) this.ends.target.postMessage(text, '*')
    for (const l of this.readyListeners) l()
    this.readyListeners.clear()
  }

  private async answer(id: number | string, method: string, params: unknown): Promise<void> {
    const handler = this.handlers.get(method)
    if (!handler) {
      this.post({ id, error: 'method_not_found', message: `No method '${method}' was (yet) bound by the provider` })
      return
    }
    try {
      const result = await handler(params)
      this.post(result === undefined ? { id } : { id, result })
    } catch (err) {
      const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err)
      this.post({ id, error: err instanceof Error ? err.name || 'runtime_error' : 'runtime_error', message })
    }
  }
}
