import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential, toHex } from '@shared/domain/staff/credential';
import type { AuditEntry } from '@shared/domain/staff/audit-entry';
import { PullResponseSchema, type PullChange } from '@shared/sync/protocol';
import type { Db } from '../db/db';
import { backends, cliOn, nextOp, openMigrated, type Backend, type Device, serverUnderTest } from '../test-support/harness';
import { addStaff, listStaff, nodePbkdf2, StaffAdminError, updateStaff } from './staff';

describe('node PBKDF2-HMAC-SHA256', () => {
  // RFC 7914 §11; the renderer's WebCrypto derivation is held to the same vectors (renderer/src/store/staff.test.ts),
  // so a hash made here verifies at the counter.
  it('matches the RFC 7914 test vectors', async () => {
    expect(toHex(await nodePbkdf2('passwd', new TextEncoder().encode('salt'), 1, 64))).toBe(
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
    );
    expect(toHex(await nodePbkdf2('Password', new TextEncoder().encode('NaCl'), 80000, 64))).toBe(
      '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d',
    );
  });
});

const { list } = backends();
/** Few iterations: the test is about where hashes go, not how slow they are. */
const FAST = { iterations: 2 };

describe.each(list)('staff and audit on $name', (backend: Backend) => {
  const t = serverUnderTest(backend);
  let hallSeq = 0;
  const newHall = () => `S${backend.name === 'pglite' ? 'L' : 'P'}${String(++hallSeq).padStart(3, '0')}`;


  const pulled = async (device: Device, kind: PullChange['kind']) => {
    const { changes } = await t.client.drain(device);
    // Through the shared schema, as a workstation reads it.
    const parsed = PullResponseSchema.parse({ protocol: 1, changes, nextCursor: '0', hasMore: false });
    return parsed.changes.filter((c) => c.kind === kind);
  };

  it('publishes a new account with its hash to that hall only; the PIN itself is stored nowhere', async () => {
    const hall = newHall();
    const other = newHall();
    const a = await t.client.enroll(hall, 'W01');
    const b = await t.client.enroll(other, 'W01');
    const staff = await addStaff(t.db, { hallCode: hall, name: '李娜', role: 'clerk', secret: { kind: 'pin', value: '482915' } }, t.clock.now(), FAST);

    const [row] = await t.db.query<{ credential: unknown }>('SELECT credential FROM staff WHERE staff_id = $1', [staff.id]);
    expect(JSON.stringify(row)).not.toContain('482915');
    expect(await verifyCredential(nodePbkdf2, '482915', row?.credential)).toBe(true);
    expect(await verifyCredential(nodePbkdf2, '482916', row?.credential)).toBe(false);
    const logged = await t.db.query<{ payload: unknown }>("SELECT payload FROM changes WHERE kind = 'staff' AND entity_id = $1", [staff.id]);
    expect(JSON.stringify(logged)).not.toContain('482915');

    const seenByA = await pulled(a, 'staff');
    expect(seenByA.map((c) => c.payload)).toEqual([staff]);
    expect(seenByA[0]?.originDeviceId).toBeNull();
    expect(await pulled(b, 'staff')).toEqual([]);
  });

  it('reaches a workstation enrolled after the account was made (the hall is created on the way)', async () => {
    const hall = newHall();
    const staff = await addStaff(t.db, { hallCode: hall, name: '周值班', role: 'lead', secret: { kind: 'password', value: 'zhou-duty-2026' } }, t.clock.now(), FAST);
    const later = await t.client.enroll(hall, 'W02');
    expect((await pulled(later, 'staff')).map((c) => c.payload)).toEqual([staff]);
  });

  it('publishes each change as the account’s newest state: new PIN, disabled', async () => {
    const hall = newHall();
    const a = await t.client.enroll(hall);
    const staff = await addStaff(t.db, { hallCode: hall, name: '王芳', role: 'clerk', secret: { kind: 'pin', value: '482915' } }, t.clock.now(), FAST);
    const repinned = await updateStaff(t.db, staff.id, { secret: { kind: 'pin', value: '573920' } }, t.clock.now(), FAST);
    const disabled = await updateStaff(t.db, staff.id, { active: false }, t.clock.now());
    expect(repinned.updatedAt > staff.updatedAt).toBe(true);
    expect(disabled.updatedAt > repinned.updatedAt).toBe(true);
    expect(await verifyCredential(nodePbkdf2, '573920', disabled.credential)).toBe(true);
    expect(await verifyCredential(nodePbkdf2, '482915', disabled.credential)).toBe(false);

    const versions = (await pulled(a, 'staff')).map((c) => c.payload);
    expect(versions.map((s) => ('active' in s ? [s.active, s.credential.hash] : null))).toEqual([
      [true, staff.credential.hash],
      [true, repinned.credential.hash],
      [false, repinned.credential.hash],
    ]);
    expect((await listStaff(t.db, hall)).map((s) => [s.name, s.active])).toEqual([['王芳', false]]);
  });

  it('refuses a trivial PIN, an unknown role or hall, and writes nothing', async () => {
    const hall = newHall();
    await t.client.enroll(hall);
    const count = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM changes WHERE kind = 'staff'"))[0]?.n;
    const before = await count();
    const attempts = [
      { hallCode: hall, name: '甲', role: 'clerk', secret: { kind: 'pin' as const, value: '123456' } },
      { hallCode: hall, name: '乙', role: 'boss', secret: { kind: 'pin' as const, value: '482915' } },
      { hallCode: 'not a hall', name: '丙', role: 'clerk', secret: { kind: 'pin' as const, value: '482915' } },
      { hallCode: hall, name: '丁', role: 'admin', secret: { kind: 'password' as const, value: 'short' } },
    ];
    for (const input of attempts) await expect(addStaff(t.db, input, t.clock.now(), FAST)).rejects.toThrow(StaffAdminError);
    await expect(updateStaff(t.db, randomUUID(), { active: false }, t.clock.now())).rejects.toThrow(StaffAdminError);
    expect(await count()).toBe(before);
  });

  it('stores a pushed audit row once, for the rest of its hall to pull', async () => {
    const hall = newHall();
    const a = await t.client.enroll(hall, 'W01');
    const lead = await t.client.enroll(hall, 'W09');
    const stranger = await t.client.enroll(newHall(), 'W01');
    const entry: AuditEntry = {
      id: randomUUID(),
      at: new Date(t.clock.now()).toISOString(),
      hallCode: hall,
      workstationId: a.deviceId,
      workstationCode: 'W01',
      staffId: randomUUID(),
      staffName: '李娜',
      action: 'id.reveal',
      target: { type: 'resident', id: randomUUID() },
    };
    const op = nextOp(a, 'audit', entry, t.clock);
    expect((await t.client.pushOk(a, [op])).results).toEqual([{ seq: 1, status: 'applied' }]);
    // The same row again under a new seq (a workstation restored from backup): kept once.
    expect((await t.client.pushOk(a, [nextOp(a, 'audit', entry, t.clock)])).results).toEqual([{ seq: 2, status: 'merged' }]);
    // A row claiming another hall is refused.
    const foreign = nextOp(a, 'audit', { ...entry, id: randomUUID(), hallCode: 'ELSE01' }, t.clock);
    expect((await t.client.pushOk(a, [foreign])).results[0]).toMatchObject({ status: 'rejected', code: 'sync/hall-mismatch' });

    expect((await pulled(lead, 'audit')).map((c) => c.payload)).toEqual([entry]);
    expect(await pulled(a, 'audit')).toEqual([]); // its own rows are not sent back
    expect(await pulled(stranger, 'audit')).toEqual([]);
  });
});

describe('admin CLI staff commands', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openMigrated(list[0] as Backend);
  });
  afterAll(async () => {
    await db?.close();
  });

  const cli = cliOn(() => db);

  it('adds, lists, re-PINs and disables staff', async () => {
    const added = await cli('add-staff', '--hall', 'GL0301', '--name', '张三', '--role', 'clerk', '--pin', '482915');
    expect(added.code).toBe(0);
    const id = /staff ([0-9a-f-]{36}) added: GL0301 张三 clerk \(pin\)/.exec(added.out)?.[1] as string;
    expect(id).toBeDefined();
    const [row] = await db.query<{ credential: { iterations: number } }>('SELECT credential FROM staff WHERE staff_id = $1', [id]);
    // The CLI hashes with the full OWASP count.
    expect(row?.credential.iterations).toBe(600_000);
    expect((await cli('list-staff', '--hall', 'GL0301')).out).toContain(`${id}  GL0301  张三  clerk  pin  active`);
    expect((await cli('set-staff-secret', id, '--password', 'zhang-san-2026')).out).toContain('new password set');
    expect((await cli('disable-staff', id)).out).toContain('disabled');
    expect((await cli('list-staff')).out).toContain(`${id}  GL0301  张三  clerk  password  disabled`);
  }, 30_000);

  it('explains what is missing or wrong', async () => {
    expect((await cli('add-staff', '--hall', 'GL0301', '--name', '李四', '--role', 'clerk')).code).toBe(2);
    expect((await cli('add-staff', '--hall', 'GL0301', '--name', '李四', '--role', 'clerk', '--pin', '482915', '--password', 'x')).code).toBe(2);
    const weak = await cli('add-staff', '--hall', 'GL0301', '--name', '李四', '--role', 'clerk', '--pin', '111111');
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('auth/pin-weak');
    expect((await cli('disable-staff', 'nobody')).code).toBe(2);
  });
});
