/// <reference types="node" />
// Builds the web console into dist/webapp (served by src/api/webapp/webapp.routes.ts). Content-hashed files under
// assets/ are cached for a year; index.html is served with no-cache. No inline script or style is emitted, so the
// strict CSP (script-src 'self'; style-src 'self') holds. `npm run dev:webapp` proxies /api to a running cp.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/webapp', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    modulePreload: { polyfill: false },
    cssCodeSplit: true,
    // Below this size Vite would inline assets as data: URLs; keep every asset a file (CSP img-src allows data:, but
    // files cache better).
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8000', '/dev-idp': 'http://127.0.0.1:8000' },
  },
});
