import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The daily-log benchmark page, built on its own like the store benchmark's (whose seeding it reuses), so no bench
// code reaches the product build. Same alias, target and React plugin as the product.
export default defineConfig({
  root: fileURLToPath(new URL('./daily-log-page', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: { alias: { '@shared': fileURLToPath(new URL('../../shared', import.meta.url)) } },
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/bench/daily-log', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
  },
});
