// One server per suite, shared by its tests. Each test is wrapped so that when
// it fails, the server log lines written during that test are printed, and so
// that a server that died during a test fails that test.
import { describe, before, after, test } from 'node:test'
import { Api } from './http.mjs'
import { startServer, ROOT_PASSWORD, DB } from './server.mjs'
import { login } from './auth.mjs'

export { ROOT_PASSWORD, DB }

export function printLog (server, text, header) {
  if (!text) return
  const lines = text.split('\n')
  const shown = lines.length > 120 ? lines.slice(-120) : lines
  process.stderr.write(`\n----- ${header} (${server.logFile}) -----\n${shown.join('\n')}\n----- end of server log -----\n`)
}

/**
 * serverSuite(title, { config, env, loginRoot = true }, (ctx, it) => { ... })
 * ctx.server, ctx.api, ctx.root ({ access_token, refresh_token }), ctx.rootToken
 * `it(name, fn, options?)` is node:test's test() with log capture.
 */
export function serverSuite (title, opts, body) {
  const ctx = {}
  describe(`${title} [${DB}]`, () => {
    before(async () => {
      ctx.server = await startServer({ config: opts.config, env: opts.env, name: opts.name })
      ctx.api = new Api(ctx.server)
      if (opts.loginRoot !== false) {
        ctx.root = await login(ctx.api, 'root', ROOT_PASSWORD)
        ctx.rootToken = ctx.root.access_token
      }
    })

    after(async () => {
      if (!ctx.server) return
      const exit = await ctx.server.stop()
      if (exit && (exit.code !== 0 || exit.signal)) {
        printLog(ctx.server, ctx.server.logSince(0), `server exit ${JSON.stringify(exit)} after SIGTERM`)
      }
      await ctx.server.cleanup()
    })

    const it = (name, fn, options = {}) => test(name, options, async (t) => {
      const mark = ctx.server ? ctx.server.logSize() : 0
      try {
        await fn(t)
      } catch (err) {
        await new Promise(resolve => setTimeout(resolve, 150)) // let the server flush its log
        if (ctx.server) printLog(ctx.server, ctx.server.logSince(mark), `server log during "${name}"`)
        throw err
      }
      if (ctx.server && !ctx.server.alive && !ctx.server.expectingExit) {
        printLog(ctx.server, ctx.server.logSince(mark), `server died during "${name}"`)
        throw new Error(`the server exited during this test: ${JSON.stringify(ctx.server.exit)}`)
      }
    })

    body(ctx, it)
  })
  return ctx
}

/** Asserts the server still answers GET /api/v1/config with 200. */
export async function expectServerUp (api) {
  const res = await api.get('/api/v1/config')
  if (res.status !== 200) throw new Error(`server no longer healthy: GET /api/v1/config → ${res.describe()}`)
}
