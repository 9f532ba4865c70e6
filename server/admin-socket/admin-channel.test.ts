import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@shared/sync/protocol';
import { runAdmin } from '../cli';
import { LOCK_FILE } from '../db/open-db';
import { startServer, type RunningServer } from '../start-server';
import { seededDataDir } from '../test-support/data-dir';
import { readChannelInfo, sendAdminCommand } from './admin-client';
import { CHANNEL_FILE, proof, readFrames, sendFrame } from './wire';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const unix = process.platform !== 'win32';

describe('admin channel of a server on the embedded database', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = await seededDataDir();
    server = await startServer({ dataDir: dir, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = async (argv: string[], extra: { cwd?: string; env?: Record<string, string | undefined> } = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdmin(argv, {
      env: extra.env ?? { YIZHAN_DATA_DIR: dir },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      now: Date.now,
      cwd: extra.cwd ?? REPO_ROOT,
      waitMs: 500,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('listens on a socket only its own user can open, and says where in a file only that user can read', () => {
    expect(server.adminChannel).not.toBeNull();
    const info = readChannelInfo(dir);
    expect(info).toMatchObject({ pid: process.pid, address: server.adminChannel });
    if (unix) {
      expect(server.adminChannel).toBe(join(dir, 'admin.sock'));
      expect(statSync(server.adminChannel as string).isSocket()).toBe(true);
      expect(statSync(server.adminChannel as string).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, CHANNEL_FILE)).mode & 0o777).toBe(0o600);
    }
  });

  it('runs enroll-code for the CLI while the server holds the database, and the code enrols a device over HTTP', async () => {
    const res = await admin(['enroll-code', '--hall', 'GL0301', '--workstation', 'W02']);
    expect(res).toMatchObject({ code: 0, err: '' });
    const code = /enrolment code: (\S+)/.exec(res.out)?.[1];
    expect(code).toBeDefined();
    const enrolled = await fetch(server.url + API_PATHS.enroll, {
      method: 'POST',
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: PROTOCOL_VERSION, code }),
    });
    expect(enrolled.status).toBe(201);
    const device = (await enrolled.json()) as { deviceId: string; workstationCode: string };
    expect(device.workstationCode).toBe('W02');
    // The same command path reads what the server wrote, and reports failures with the CLI's exit codes.
    expect((await admin(['list-devices', '--hall', 'GL0301'])).out).toContain(device.deviceId);
    expect((await admin(['revoke-device', 'nope'])).code).toBe(2);
    expect((await admin(['frobnicate'])).code).toBe(2);
  });

  it('reads files named on the command line relative to the CLI\'s folder, not the server\'s', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'yizhan-cwd-'));
    try {
      writeFileSync(join(elsewhere, 'cal.json'), JSON.stringify({ year: 2026, source: 'x', publishedAt: 'yesterday', holidays: [], workdays: [] }));
      const bad = await admin(['publish-calendar', 'cal.json'], { cwd: elsewhere });
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/publishedAt/); // read, then refused by the schema
      const good = await admin(['publish-calendar', 'resources/calendar/cn-2026.json']);
      expect(good).toMatchObject({ code: 0 });
      expect(good.out).toMatch(/calendar 2026@/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('runs commands one at a time, each on the database to itself', async () => {
    const results = await Promise.all([1, 2, 3].map(() => admin(['enroll-code', '--hall', 'GL0302'])));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const [row] = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM enroll_codes WHERE hall_code = 'GL0302'");
    expect(row?.n).toBe(3);
  });

  it('refuses a client that cannot prove it read the token, and runs nothing for it', async () => {
    const info = readChannelInfo(dir);
    if (!info) throw new Error('no channel file');
    const count = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enroll_codes'))[0]?.n;
    const before = await count();
    // A client with the wrong token does not trust the server's proof and sends nothing.
    const wrong = { ...info, token: randomBytes(32).toString('hex') };
    await expect(sendAdminCommand(wrong, ['enroll-code', '--hall', 'GL0303'], { out: () => {}, err: () => {}, cwd: REPO_ROOT })).rejects.toThrow(/failed to prove/);
    // A client that skips that check and guesses a proof is turned away by the server.
    const answer = await new Promise<unknown[]>((resolve, reject) => {
      const socket = connect(info.address);
      const frames: unknown[] = [];
      socket.once('error', reject);
      socket.once('connect', () => sendFrame(socket, { type: 'hello', nonce: randomBytes(16).toString('hex') }));
      readFrames(socket, (frame) => {
        frames.push(frame);
        if (frames.length === 1) {
          const hello = frame as { nonce: string };
          sendFrame(socket, { type: 'run', proof: proof(wrong.token, 'client', hello.nonce), argv: ['enroll-code', '--hall', 'GL0303'], cwd: REPO_ROOT });
        }
      });
      socket.once('close', () => resolve(frames));
    });
    expect(answer.at(-1)).toEqual({ type: 'exit', code: 1 });
    expect(JSON.stringify(answer)).toMatch(/failed verification/);
    // Garbage instead of a hello: the connection is dropped.
    await new Promise<void>((resolve) => {
      const socket = connect(info.address, () => socket.write('not json\n'));
      socket.on('error', () => {});
      socket.once('close', () => resolve());
    });
    expect(await count()).toBe(before);
  });

  it('gives a clear error when a live process holds the database without a channel', async () => {
    const held = mkdtempSync(join(tmpdir(), 'yizhan-held-'));
    try {
      // This test process is alive; it holds that folder as far as the lock says, and serves no channel there.
      writeFileSync(join(held, LOCK_FILE), String(process.pid));
      const res = await admin(['list-devices'], { env: { YIZHAN_DATA_DIR: held } });
      expect(res.code).toBe(1);
      expect(res.err).toContain(`正被进程 ${process.pid} 使用`);
      expect(res.err).toContain(`in use by process ${process.pid}`);
    } finally {
      rmSync(held, { recursive: true, force: true });
    }
  });
});
