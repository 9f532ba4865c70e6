import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, HealthResponseSchema, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@shared/sync/protocol';
import { runAdmin } from './cli';
import { LOCK_FILE, dataDirHolder } from './db/open-db';
import { startServer, type RunningServer } from './start-server';
import { freshPglite } from './test-support/harness';

describe('startServer', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, db: await freshPglite() });
  });
  afterAll(async () => server?.close());

  it('listens on a free port and answers over real HTTP', async () => {
    expect(server.port).toBeGreaterThan(0);
    const res = await fetch(`${server.url}${API_PATHS.health}`);
    expect(res.status).toBe(200);
    expect(HealthResponseSchema.parse(await res.json()).status).toBe('ok');
  });

  it('compresses large answers for a client that accepts gzip', async () => {
    // 404 bodies are tiny; the 426 of a pull without version header is too. Compression is exercised on a
    // large pull in sync-protocol.test.ts; here only that the header negotiation reaches the wire intact.
    const res = await fetch(`${server.url}${API_PATHS.pull}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(426);
    const body = res.headers.get('content-encoding') === 'gzip' ? JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()) : await res.json();
    expect(body.code).toBe('sync/protocol-too-old');
  });
});

describe('the server process on the embedded database', () => {
  const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
  let dir: string;
  let child: ChildProcess | null = null;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yizhan-server-'));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdmin(argv, { env: { YIZHAN_DATA_DIR: dir }, out: (l) => out.push(l), err: (l) => err.push(l), now: Date.now, waitMs: 1000 });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('creates its database on first start, serves the admin CLI while running, and a kill leaves no lock that blocks it', async () => {
    // `npm run server` from sources, on an empty folder: initdb runs in a child of the server (open-db.ts).
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', YIZHAN_DATA_DIR: dir, LOG_LEVEL: 'info', TSX_TSCONFIG_PATH: 'tests/sync/support/tsx.tsconfig.json', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      child?.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const ready = /"url":"([^"]+)".*"district server ready"/.exec(out);
        if (ready) resolve(ready[1] as string);
      });
      child?.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      child?.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}${out}`)));
    });
    expect(dataDirHolder(dir)).toBe(child.pid);

    const issued = await admin('enroll-code', '--hall', 'GL0301');
    expect(issued).toMatchObject({ code: 0, err: '' });
    const code = /enrolment code: (\S+)/.exec(issued.out)?.[1];
    const enrolled = await fetch(url + API_PATHS.enroll, {
      method: 'POST',
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: PROTOCOL_VERSION, code }),
    });
    expect(enrolled.status).toBe(201);
    const { deviceId } = (await enrolled.json()) as { deviceId: string };

    // Killed: its lock file, socket and channel file stay behind, naming a dead process.
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    child = null;
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    expect(dataDirHolder(dir)).toBeNull();
    // The CLI opens the database itself, taking the stale lock over, and finds what the server committed.
    const listed = await admin('list-devices', '--hall', 'GL0301');
    expect(listed).toMatchObject({ code: 0, err: '' });
    expect(listed.out).toContain(deviceId);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 180_000);
});
