/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The development server forwards API and file requests to a running
// `vidiverse serve` (default: the `make run` instance on port 9000).
const server = process.env.VIDIVERSE_URL ?? 'http://127.0.0.1:9000'
const proxied = ['/api', '/lazy-static', '/static', '/download', '/.well-known', '/services']
const proxy = Object.fromEntries(proxied.map((p) => [p, { target: server, changeOrigin: true }]))

export default defineConfig({
  plugins: [vue()],
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
    rolldownOptions: {
      output: {
        // Vue and the router change rarely: their own long-cached file
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] }
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
