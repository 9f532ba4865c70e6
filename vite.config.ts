import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { buildCsp } from './electron/main/csp';

// The CSP as a <meta>, first in <head>: Electron's docs say a header cannot be set on file:// loads.
// Build only, since the dev server injects an inline React-refresh preamble (see electron/main/csp.ts).
const cspMeta: Plugin = {
  name: 'yizhan-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: buildCsp({ delivery: 'meta' }) }, injectTo: 'head-prepend' },
  ],
};

const shared = fileURLToPath(new URL('./shared', import.meta.url));

// The renderer is served from file:// inside Electron, so every asset path is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta],
  resolve: { alias: { '@shared': shared } },
  publicDir: 'public',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // print-preview.html renders the printed documents from fixture data only (for print e2e and layout work).
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        'print-preview': fileURLToPath(new URL('./renderer/print-preview.html', import.meta.url)),
      },
    },
  },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false },
});
