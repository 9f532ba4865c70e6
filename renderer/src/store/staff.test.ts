import { describe, expect, it } from 'vitest';
import { fromHex, hashCredential, toHex, type Pbkdf2Sha256 } from '@shared/domain/staff/credential';
import type { Staff, StaffIdentity } from '@shared/domain/staff/staff';
import { OutboxOpSchema } from '@shared/sync/protocol';
import { YizhanDb } from './schema';
import {
  activeRoleOf,
  createFirstAdmin,
  createLocalStaff,
  DEFAULT_IDLE_LOCK_MINUTES,
  lockoutOf,
  needsAdminAccount,
  randomSalt,
  readIdleLockMinutes,
  sessionContext,
  setIdleLockMinutes,
  setUpWorkstation,
  signIn,
  signInRoster,
  webCryptoPbkdf2,
  type CredentialDeps,
} from './staff';
import type { StoreContext } from './store-context';
import { isStoreError, type StoreErrorCode } from './store-error';
import { storeContextFor } from './workstation';
import { fakeClock, isolatedIndexedDb } from './test-support';
import { outboxOps } from './outbox';

/** Two iterations: the real count (600,000) would make every hash here take a large part of a second. */
const FAST: CredentialDeps = { derive: webCryptoPbkdf2, salt: () => randomSalt(), iterations: 2 };
const MIN = 60_000;

const SETUP = { hallCode: 'GL0301', hallName: '光明街道第三社区党群服务中心', workstationCode: 'W02', adminName: '王主任', password: 'guangming-2026' };

async function rejection(promise: Promise<unknown>): Promise<{ code: StoreErrorCode; details: Record<string, string | number> }> {
  try {
    await promise;
  } catch (err) {
    if (isStoreError(err)) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected a StoreError');
}

/** A workstation set up with its admin, a clock the test moves, and a way to add synced accounts. */
async function workstation(idb = isolatedIndexedDb(), name = 'staff-test') {
  const db = new YizhanDb(name, idb);
  const clock = fakeClock();
  const { config, admin } = await setUpWorkstation(db, clock, FAST, SETUP);
  const base = storeContextFor(db, clock, config);
  const addStaff = async (input: { name: string; role: Staff['role']; pin: string; active?: boolean; hallCode?: string }): Promise<Staff> => {
    const credential = await hashCredential(webCryptoPbkdf2, { kind: 'pin', secret: input.pin, salt: randomSalt(), iterations: 2 });
    const at = new Date(clock.now()).toISOString();
    const staff: Staff = { id: clock.newId(), hallCode: input.hallCode ?? 'GL0301', name: input.name, role: input.role, credential, active: input.active ?? true, createdAt: at, updatedAt: at };
    await db.staff.put(staff);
    return staff;
  };
  return { db, clock, config, admin, base, addStaff };
}

describe('WebCrypto PBKDF2-HMAC-SHA256', () => {
  // RFC 7914 §11, the PBKDF2-HMAC-SHA-256 test vectors.
  it('matches the RFC 7914 test vectors', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(toHex(await webCryptoPbkdf2('passwd', enc('salt'), 1, 64))).toBe(
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
    );
    expect(toHex(await webCryptoPbkdf2('Password', enc('NaCl'), 80000, 64))).toBe(
      '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d',
    );
  });

  it('hashes a UTF-8 password (Chinese characters are bytes like any other)', async () => {
    const a = await webCryptoPbkdf2('一站式服务', fromHex('00'.repeat(16)), 2, 32);
    const b = await webCryptoPbkdf2('一站式服务', fromHex('00'.repeat(16)), 2, 32);
    const c = await webCryptoPbkdf2('一站式服务。', fromHex('00'.repeat(16)), 2, 32);
    expect(toHex(a)).toBe(toHex(b));
    expect(toHex(a)).not.toBe(toHex(c));
  });
});

describe('first-run setup', () => {
  it('records the workstation and an administrator with a salted password hash, audited, in one go', async () => {
    const { db, config, admin } = await workstation();
    expect(config).toMatchObject({ hallCode: 'GL0301', workstationCode: 'W02', clerkName: '王主任', staffId: admin.id });
    expect(admin).toEqual({ id: config.staffId, name: '王主任', role: 'admin' });

    const row = (await db.staff.get(admin.id)) as Staff;
    expect(row.credential).toMatchObject({ kind: 'password', algorithm: 'PBKDF2-SHA256', iterations: 2 });
    expect(row.credential.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain(SETUP.password);

    expect(await signInRoster(db, 'GL0301')).toEqual([admin]);
    expect(await needsAdminAccount(db, 'GL0301')).toBe(false);
    const audit = await db.audit.toArray();
    expect(audit).toMatchObject([{ action: 'staff.create', staffId: admin.id, staffName: '王主任', target: { type: 'staff', id: admin.id }, detail: { role: 'admin', credential: 'password' } }]);
    const ops = await outboxOps(db);
    expect(ops.map((op) => OutboxOpSchema.parse(op).kind)).toEqual(['audit']);
  });

  it('refuses a short password and writes nothing at all', async () => {
    const db = new YizhanDb('short', isolatedIndexedDb());
    const err = await rejection(setUpWorkstation(db, fakeClock(), FAST, { ...SETUP, password: 'gm2026' }));
    expect(err).toEqual({ code: 'auth/password-length', details: { min: 8, max: 128 } });
    expect(await db.meta.count()).toBe(0);
    expect(await db.staff.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('gives an upgraded workstation its first administrator once, and only once', async () => {
    const { db, base } = await workstation();
    // Simulate a workstation from before sign-in: its only staff row is the legacy one.
    await db.staff.clear();
    expect(await needsAdminAccount(db, 'GL0301')).toBe(true);
    const first = await createFirstAdmin(base, FAST, { name: '赵站长', password: 'zhao-station-1' });
    expect(first.role).toBe('admin');
    expect(await needsAdminAccount(db, 'GL0301')).toBe(false);
    expect((await rejection(createFirstAdmin(base, FAST, { name: '冒名者', password: 'impostor-123' }))).code).toBe('auth/forbidden');
    expect((await signInRoster(db, 'GL0301')).map((s) => s.name)).toEqual(['赵站长']);
  });
});

describe('createLocalStaff', () => {
  it('lets the admin add an account that can then sign in, audited; refuses anyone else', async () => {
    const { db, base, admin } = await workstation();
    const asAdmin = sessionContext(base, admin);
    const li = await createLocalStaff(asAdmin, FAST, { name: '李娜', role: 'clerk', kind: 'pin', secret: '482915' });
    expect(await signIn(base, FAST, { staffId: li.id, secret: '482915' })).toEqual(li);
    expect(await db.audit.filter((a) => a.action === 'staff.create' && a.target.id === li.id).toArray()).toMatchObject([
      { staffId: admin.id, detail: { role: 'clerk', credential: 'pin' } },
    ]);

    const asClerk = sessionContext(base, li);
    expect((await rejection(createLocalStaff(asClerk, FAST, { name: '王芳', role: 'admin', kind: 'pin', secret: '573920' }))).code).toBe('auth/forbidden');
    expect((await rejection(createLocalStaff(asAdmin, FAST, { name: '王芳', role: 'clerk', kind: 'pin', secret: '111111' }))).code).toBe('auth/pin-weak');
    expect((await signInRoster(db, 'GL0301')).map((s) => s.name)).toEqual(['李娜', '王主任']);
  });
});

describe('signIn', () => {
  it('signs in with the right password or PIN and returns who, never the credential', async () => {
    const { base, admin, addStaff } = await workstation();
    expect(await signIn(base, FAST, { staffId: admin.id, secret: SETUP.password })).toEqual(admin);
    const li = await addStaff({ name: '李娜', role: 'clerk', pin: '482915' });
    expect(await signIn(base, FAST, { staffId: li.id, secret: '482915' })).toEqual({ id: li.id, name: '李娜', role: 'clerk' });
  });

  it('counts wrong secrets, locks on the fifth for 15 minutes even against the right one, and audits the lock', async () => {
    const { db, base, clock, addStaff } = await workstation();
    const li = await addStaff({ name: '李娜', role: 'clerk', pin: '482915' });
    const attempts: Array<{ code: string; details: Record<string, string | number> }> = [];
    for (let i = 0; i < 5; i++) attempts.push(await rejection(signIn(base, FAST, { staffId: li.id, secret: '000001' })));
    expect(attempts.slice(0, 4)).toEqual([4, 3, 2, 1].map((n) => ({ code: 'auth/wrong-secret', details: { attemptsLeft: n } })));
    expect(attempts[4]?.code).toBe('auth/locked-out');
    expect(attempts[4]?.details.until).toMatch(/^\d{2}:\d{2}$/);

    // Fails closed: the right PIN is refused while the lock runs.
    expect((await rejection(signIn(base, FAST, { staffId: li.id, secret: '482915' }))).code).toBe('auth/locked-out');
    const lockRows = await db.audit.filter((a) => a.action === 'auth.lockout').toArray();
    expect(lockRows).toMatchObject([{ staffId: li.id, target: { type: 'staff', id: li.id }, detail: { failures: 5 } }]);

    clock.tick(15 * MIN);
    expect(await signIn(base, FAST, { staffId: li.id, secret: '482915' })).toMatchObject({ id: li.id });
    expect(await lockoutOf(db, clock, li.id)).toEqual({ locked: false, attemptsLeft: 5 });
  });

  it('keeps the count across a reload (a new database connection)', async () => {
    const idb = isolatedIndexedDb();
    const first = await workstation(idb, 'reload');
    const li = await first.addStaff({ name: '李娜', role: 'clerk', pin: '482915' });
    for (let i = 0; i < 3; i++) await rejection(signIn(first.base, FAST, { staffId: li.id, secret: '111112' }));
    first.db.close();

    const db = new YizhanDb('reload', idb);
    const base: StoreContext = { ...first.base, db };
    expect(await lockoutOf(db, first.clock, li.id)).toEqual({ locked: false, attemptsLeft: 2 });
    await rejection(signIn(base, FAST, { staffId: li.id, secret: '111112' }));
    expect((await rejection(signIn(base, FAST, { staffId: li.id, secret: '111112' }))).code).toBe('auth/locked-out');
    db.close();
  });

  it('a success clears the count', async () => {
    const { db, base, clock, addStaff } = await workstation();
    const li = await addStaff({ name: '李娜', role: 'clerk', pin: '482915' });
    for (let i = 0; i < 4; i++) await rejection(signIn(base, FAST, { staffId: li.id, secret: '111112' }));
    await signIn(base, FAST, { staffId: li.id, secret: '482915' });
    expect(await lockoutOf(db, clock, li.id)).toEqual({ locked: false, attemptsLeft: 5 });
  });

  it('refuses unknown, disabled, other-hall and unreadable accounts without counting anything', async () => {
    const { db, base, addStaff } = await workstation();
    const gone = await addStaff({ name: '离职', role: 'clerk', pin: '482915', active: false });
    const other = await addStaff({ name: '外厅', role: 'lead', pin: '482915', hallCode: 'GL0302' });
    const broken = await addStaff({ name: '坏行', role: 'clerk', pin: '482915' });
    await db.staff.put({ ...broken, credential: { ...broken.credential, algorithm: 'plain' } } as unknown as Staff);
    for (const staffId of ['00000000-0000-4000-8000-00000000dead', gone.id, other.id, broken.id]) {
      expect((await rejection(signIn(base, FAST, { staffId, secret: '482915' }))).code).toBe('auth/unknown-staff');
    }
    expect(await db.lockouts.count()).toBe(0);
    expect((await signInRoster(db, 'GL0301')).map((s) => s.name)).not.toContain('离职');
  });

  it('fails closed when the hash cannot be computed, and does not count it as a wrong PIN', async () => {
    const { db, base, addStaff } = await workstation();
    const li = await addStaff({ name: '李娜', role: 'clerk', pin: '482915' });
    const noCrypto: Pbkdf2Sha256 = async () => {
      throw new Error('WebCrypto is not available');
    };
    expect((await rejection(signIn(base, { derive: noCrypto }, { staffId: li.id, secret: '482915' }))).code).toBe('auth/unavailable');
    expect(await db.lockouts.count()).toBe(0);
  });
});

describe('session context and settings', () => {
  it('stamps commands with the signed-in staff member', async () => {
    const { base, addStaff } = await workstation();
    const li = await addStaff({ name: '李娜', role: 'clerk', pin: '482915' });
    const who: StaffIdentity = { id: li.id, name: li.name, role: li.role };
    expect(sessionContext(base, who).workstation).toEqual({ ...base.workstation, staffId: li.id, clerkName: '李娜', role: 'clerk' });
    expect(base.workstation.role).toBeUndefined();
  });

  it('lets a lead change the idle lock (audited) and refuses a clerk, checked against the staff table', async () => {
    const { db, base, addStaff } = await workstation();
    expect(await readIdleLockMinutes(db)).toBe(DEFAULT_IDLE_LOCK_MINUTES);
    const lead = await addStaff({ name: '周值班', role: 'lead', pin: '482915' });
    const clerk = await addStaff({ name: '李娜', role: 'clerk', pin: '573920' });
    expect(await activeRoleOf(db, lead.id)).toBe('lead');

    await setIdleLockMinutes(sessionContext(base, lead), 10);
    expect(await readIdleLockMinutes(db)).toBe(10);
    expect(await db.audit.filter((a) => a.action === 'settings.change').toArray()).toMatchObject([
      { staffId: lead.id, detail: { setting: 'idleLockMinutes', from: 5, to: 10 } },
    ]);

    expect((await rejection(setIdleLockMinutes(sessionContext(base, clerk), 30))).code).toBe('auth/forbidden');
    // A context claiming to be a lead does not fool the store: the role comes from the staff table.
    expect((await rejection(setIdleLockMinutes(sessionContext(base, { ...clerk, role: 'lead' }), 30))).code).toBe('auth/forbidden');
    expect((await rejection(setIdleLockMinutes(sessionContext(base, lead), 0))).code).toBe('input/invalid');
    expect(await readIdleLockMinutes(db)).toBe(10);
  });

  it('reads a bad stored idle value as the default', async () => {
    const { db } = await workstation();
    await db.meta.put({ key: 'auth.idleLockMinutes', value: 9999 });
    expect(await readIdleLockMinutes(db)).toBe(DEFAULT_IDLE_LOCK_MINUTES);
  });
});
