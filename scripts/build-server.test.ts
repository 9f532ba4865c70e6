import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../server/cli';
import { LOCK_FILE } from '../server/db/open-db';
import { seededDataDir } from '../server/test-support/data-dir';
import { SERVER_ENTRY, SERVER_NODE_FLAGS, buildServer } from './build-server.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the server bundle (scripts/build-server.mjs)', () => {
  it('is what `npm run server` runs, with the V8 flags `npm start` gives it', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.server).toBe(`node scripts/build-server.mjs && node ${SERVER_NODE_FLAGS.join(' ')} ${SERVER_ENTRY}`);
  });

  it('runs on plain Node: serves, runs admin commands for the CLI, and leaves nothing behind on SIGTERM', async () => {
    // Beside node_modules' packages, which the bundle leaves external; not dist/, which `npm run server` owns.
    const out = join(REPO_ROOT, 'node_modules/.cache', `yizhan-server-bundle-${process.pid}`);
    const dir = await seededDataDir();
    try {
      await buildServer(out);
      const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(out, 'bin/main.mjs')], {
        cwd: REPO_ROOT,
        env: { ...process.env, PORT: '0', YIZHAN_DATA_DIR: dir, LOG_LEVEL: 'info', DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
      let log = '';
      server.stderr.on('data', (c: Buffer) => (log += c.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (c: Buffer) => {
          log += c.toString();
          const ready = /"url":"([^"]+)".*"district server ready"/.exec(log);
          if (ready) resolve(ready[1] as string);
        });
        void exited.then((code) => reject(new Error(`the bundle exited ${code}: ${log}`)));
      });
      expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
      const lines: string[] = [];
      const code = await runAdmin(['enroll-code', '--hall', 'GL0301'], { env: { YIZHAN_DATA_DIR: dir }, out: (l) => lines.push(l), err: (l) => lines.push(l), now: Date.now, waitMs: 1000 });
      expect({ code, out: lines.join('\n') }).toMatchObject({ code: 0, out: expect.stringMatching(/enrolment code: /) });
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      expect(existsSync(join(dir, 'admin.sock'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
