// Installs the npm dependencies when they are missing or older than the lockfile, so the README's two
// commands work on a fresh clone. The Electron binary is never downloaded here: its host is outside the
// npm registry (see README, "What needs the Electron binary").
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export function ensureDeps() {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
  if (!stale) return;
  // `npm install` rather than `npm ci`: see .ci/run (npm 11 lockfile without other platforms' optional bindings).
  console.log('[yizhan] installing npm dependencies (npm install)…');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (r.status !== 0) {
    console.error('[yizhan] npm install failed');
    process.exit(r.status ?? 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDeps();
