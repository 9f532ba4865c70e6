import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The store benchmark page, built on its own so no bench code reaches the product build (vite.config.ts).
// Same alias and target as the product, so the store code is bundled the way the app bundles it.
export default defineConfig({
  root: fileURLToPath(new URL('./store-page', import.meta.url)),
  base: './',
  resolve: { alias: { '@shared': fileURLToPath(new URL('../../shared', import.meta.url)) } },
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/bench/store', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
  },
});
