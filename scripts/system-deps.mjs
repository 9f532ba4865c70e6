// Debian packages the tests need. Installed only when missing and only when we may (root with apt-get);
// otherwise we say exactly what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDS = [
  { pkg: 'chromium', probe: '/usr/bin/chromium', why: 'end-to-end tests and printing to PDF' },
  { pkg: 'poppler-utils', probe: '/usr/bin/pdftotext', why: 'reading printed PDFs in tests' },
  { pkg: 'fonts-noto-cjk', probe: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', why: 'Chinese text in screenshots' },
  { pkg: 'postgresql', probe: '/usr/lib/postgresql', why: 'district-server tests on a real PostgreSQL' },
];

export function ensureSystemDeps() {
  const missing = NEEDS.filter((n) => !existsSync(n.probe));
  if (missing.length === 0) return;
  const names = missing.map((m) => m.pkg);
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    for (const m of missing) console.error(`[yizhan] missing ${m.pkg} (${m.why})`);
    console.error(`[yizhan] install with: sudo apt-get install -y ${names.join(' ')}`);
    process.exit(1);
  }
  console.log(`[yizhan] installing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
