import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db/db';
import { T0, cliOn, freshPglite } from './test-support/harness';

describe('admin CLI', () => {
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    db = await freshPglite();
    dir = mkdtempSync(join(tmpdir(), 'yizhan-cli-'));
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = cliOn(() => db);

  it('issues enrolment codes, storing only their hash', async () => {
    const res = await cli('enroll-code', '--hall', 'GL0301', '--workstation', 'W02');
    expect(res.code).toBe(0);
    const code = /enrolment code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(res.out)?.[1];
    expect(code).toBeDefined();
    const rows = await db.query<{ code_hash: string; workstation_code: string }>('SELECT code_hash, workstation_code FROM enroll_codes');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.workstation_code).toBe('W02');
    expect(rows[0]?.code_hash).not.toContain(code!.replace(/-/g, ''));
    expect((await cli('enroll-code', '--hall', 'not a hall')).code).toBe(1);
    expect((await cli('enroll-code')).code).toBe(2);
  });

  it('publishes a calendar year validated with the shared schema, and refuses a bad file', async () => {
    const good = await cli('publish-calendar', 'resources/calendar/cn-2026.json');
    expect(good).toMatchObject({ code: 0 });
    expect(good.out).toMatch(/calendar 2026@.* published to 1 hall/);
    expect((await cli('publish-calendar', 'resources/calendar/cn-2026.json')).out).toMatch(/already published/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ year: 2026, source: 'x', publishedAt: 'yesterday', holidays: [], workdays: [] }));
    const res = await cli('publish-calendar', bad);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/publishedAt/);
    expect((await cli('publish-catalogue', join(dir, 'missing.json'))).code).toBe(1);
    const changes = await db.query('SELECT seq FROM changes WHERE kind = $1', ['calendar']);
    expect(changes).toHaveLength(1);
  });

  it('revokes a device and lists it as revoked', async () => {
    const id = '3f1c2b7e-0000-4000-8000-000000000001';
    await db.query(
      `INSERT INTO devices (device_id, hall_code, secret_hash, created_at, expires_at) VALUES ($1, 'GL0301', 'x', $2, $3)`,
      [id, new Date(T0), new Date(T0 + 86_400_000)],
    );
    expect((await cli('revoke-device', id)).code).toBe(0);
    expect((await cli('list-devices', '--hall', 'GL0301')).out).toMatch(new RegExp(`${id}\\s+GL0301\\s+-\\s+revoked`));
    expect((await cli('revoke-device', '3f1c2b7e-0000-4000-8000-00000000000f')).code).toBe(1);
    expect((await cli('revoke-device', 'nope')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});
