// Bundles the district server into dist/server/bin/ so that `npm run server` and `npm start` run it on plain
// Node. Running it through tsx costs ~50 MB more RSS in the server process (tsx's loader, and a transform plus
// source map kept per loaded module), and `tsx` adds a wrapper process of its own. npm packages stay external
// (PGlite finds its .wasm beside its own module); the migrations are copied to dist/server/migrations, where
// migrate.ts looks for them relative to the bundle ('../migrations/').
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * How the server process runs (scripts/start.mjs; `npm run server` spells the flags out, and
 * scripts/build-server.test.ts checks that they agree). Measured with `npm run bench:server` (docs/benchmarks.md):
 * with V8's defaults the old generation grows to ~4× its live size between full collections (V8 allows that on a
 * machine with this much RAM), so RSS swings 240–330 MiB under a push. A heap-growing factor of 2, a young
 * generation of 2 × 4 MiB and two V8 helper threads (fewer malloc arenas) keep it flat at ~235 MiB, for about the
 * same CPU and GC pause per batch. The old generation keeps its default limit: a burst of 64 large pushes must not
 * run the server out of heap.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=100', '--v8-pool-size=2'];

/**
 * Environment for the server process where the C library reads it (Linux): glibc gives each thread that mallocs
 * an arena of its own, and their fragments add up to ~20 MiB more RSS under push. Set by scripts/start.mjs and the
 * push bench; a deployment can set it for `npm run server` too.
 */
export const SERVER_ENV = process.platform === 'linux' ? { MALLOC_ARENA_MAX: '2' } : {};

export const SERVER_ENTRY = 'dist/server/bin/main.mjs';

/** Builds into `outDir` (relative to the repo root or absolute): bin/main.mjs, bin/init-data-dir.mjs, migrations/. */
export async function buildServer(outDir = 'dist/server') {
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'server/main.ts',
      // The first start's initdb runs in a process of its own (server/db/init-data-dir.ts).
      'init-data-dir': 'server/db/init-data-dir.ts',
    },
    outdir: join(outDir, 'bin'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // The repo root tsconfig.json is only a list of project references; the `@shared/*` paths live here.
    tsconfig: 'tsconfig.base.json',
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  });
  const migrations = resolve(root, outDir, 'migrations');
  mkdirSync(migrations, { recursive: true });
  cpSync(join(root, 'server/migrations'), migrations, { recursive: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
