import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './district-server';

/**
 * Builds tests/sync/harness once per test run (Vite, the same worker bundling as the app) into
 * node_modules/.cache. Playwright runs spec files in parallel workers: a lock directory makes the second one
 * wait for the first build instead of racing it; the run id (the runner's pid) says whether a build is fresh.
 */
export const HARNESS_OUT = process.env.YIZHAN_HARNESS_OUT ?? join(REPO_ROOT, 'node_modules/.cache/yizhan-sync-harness');

export async function buildHarness(): Promise<string> {
  const runId = String(process.env.YIZHAN_HARNESS_RUN ?? process.ppid);
  const stamp = join(HARNESS_OUT, '.run-id');
  const lock = `${HARNESS_OUT}.lock`;
  mkdirSync(dirname(HARNESS_OUT), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === runId) return HARNESS_OUT;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else builds; a lock older than 3 minutes is from a crashed run.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the harness build');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    const { build } = await import('vite');
    await build({
      configFile: false,
      logLevel: 'error',
      root: join(REPO_ROOT, 'tests/sync/harness'),
      base: './',
      resolve: { alias: { '@shared': join(REPO_ROOT, 'shared') } },
      worker: { format: 'es' },
      build: { outDir: HARNESS_OUT, emptyOutDir: true, target: 'chrome120', sourcemap: false, minify: false, reportCompressedSize: false },
    });
    writeFileSync(stamp, runId);
    return HARNESS_OUT;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
