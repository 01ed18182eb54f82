/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Connect, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

// The development server forwards API and file requests to a running
// `vidiverse serve` (default: the `make run` instance on port 9000).
const server = process.env.VIDIVERSE_URL ?? 'http://127.0.0.1:9000'
const proxied = ['/api', '/lazy-static', '/static', '/download', '/.well-known', '/services', '/tracker']
const proxy = Object.fromEntries(proxied.map((p) => [p, { target: server, changeOrigin: true, ws: p === '/tracker' }]))

/** Serves embed.html for /videos/embed/{id} in dev and preview, as the server does in production. */
function embedPages(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    if (req.url && /^\/videos\/embed\/[^/?#]+/.test(req.url)) {
      const q = req.url.indexOf('?')
      req.url = '/embed.html' + (q >= 0 ? req.url.slice(q) : '')
    }
    next()
  }
  return {
    name: 'vidiverse-embed-pages',
    configureServer: (s) => void s.middlewares.use(rewrite),
    configurePreviewServer: (s) => void s.middlewares.use(rewrite)
  }
}

export default defineConfig({
  plugins: [vue(), embedPages()],
  base: '/',
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) }
  },
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    // hls.js (about 580 kB, 180 kB compressed) is one lazy chunk, fetched only to play HLS
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // two pages: the application, and the embeddable player (/videos/embed/{id})
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        embed: fileURLToPath(new URL('./embed.html', import.meta.url))
      },
      output: {
        // Vue changes rarely: its own long-cached file, shared by both pages. Only Vue
        // and the router: hls.js and the P2P loader stay in the lazy chunks that import them.
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules[\\/](@vue|vue)[\\/]/ },
            { name: 'router', test: /node_modules[\\/]vue-router[\\/]/ },
            // the small pieces the list pages and forms share (paged list, busy action, URL
            // filters, form field, table, toolbar, alerts): one lazy chunk instead of a dozen
            // tiny ones, each of which would also add its name to the entry's preload map
            {
              name: 'page-kit',
              includeDependenciesRecursively: false,
              test: /src[\\/](lib[\\/](busyAction|pagedList|routeQuery|form)\.ts|components[\\/](FormField|DataTable|SearchToolbar|LoadingState|SuccessAlert|PaginationNav)\.vue)/
            }
          ]
        }
      }
    }
  },
  test: {
    environment: 'happy-dom',
    globals: true,
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    restoreMocks: true
  }
})
