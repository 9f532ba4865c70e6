// `npm test`: everything CI runs, from a fresh clone. Typecheck, lint, unit/store/server tests, the
// renderer built and driven end to end in Debian's Chromium, and the Electron suite (which says it
// skipped where the Electron binary is absent).
import { spawnSync } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureSystemDeps } from './system-deps.mjs';

ensureDeps();
ensureSystemDeps();

const steps = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '--max-warnings=0', '.']],
  ['unit', 'npx', ['vitest', 'run']],
  ['build', 'npm', ['run', 'build']],
  ['e2e', 'npx', ['playwright', 'test']],
];
const only = process.argv.slice(2);
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  const started = Date.now();
  console.log(`\n[yizhan test] ── ${name} ──`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  console.log(`[yizhan test] ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
