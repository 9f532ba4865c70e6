import {
  hashCredential,
  secretProblem,
  verifyCredential,
  type CredentialKind,
  type Pbkdf2Sha256,
} from '@shared/domain/staff/credential';
import {
  afterFailure,
  DEFAULT_LOCKOUT_POLICY,
  lockoutStatus,
  type LockoutPolicy,
  type LockoutStatus,
} from '@shared/domain/staff/lockout';
import { can } from '@shared/domain/staff/permissions';
import type { StaffRole } from '@shared/domain/staff/roles';
import { StaffSchema, type Staff, type StaffIdentity } from '@shared/domain/staff/staff';
import { recordAudit } from './audit';
import { getMeta, putMeta } from './meta';
import type { YizhanDb } from './schema';
import { isoAt, type StoreClock, type StoreContext } from './store-context';
import { StoreError } from './store-error';
import { configureWorkstation, storeContextFor, type WorkstationSetup } from './workstation';
import type { WorkstationConfig } from './workstation-config';

/**
 * Staff accounts and offline sign-in.
 *
 * Accounts come from the district server (pull kind `staff`, `applyPulledStaff`) with their credential hashes,
 * plus the administrator created at first-run setup. Sign-in checks a PIN or password against the stored hash
 * with WebCrypto, so it works with the network down. Every failure path refuses: an unknown or disabled account,
 * a stored row that does not parse, a derivation that throws, a lockout in force.
 *
 * Who is signed in is NOT stored here: the session is UI state (features/auth), and a command learns who acts
 * from its StoreContext (`sessionContext`). What the store does keep is the lockout count per account, so that
 * reloading the page does not buy five more guesses.
 */

// ── hashing ───────────────────────────────────────────────────────────────────────────────────────────

/** PBKDF2-HMAC-SHA256 with WebCrypto (renderer, and node ≥ 20 in tests). Throws when WebCrypto is missing. */
export const webCryptoPbkdf2: Pbkdf2Sha256 = async (secret, salt, iterations, lengthBytes) => {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto is not available (not a secure context?)');
  const key = await subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations }, key, lengthBytes * 8);
  return new Uint8Array(bits);
};

export function randomSalt(bytes = 16): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(bytes));
}

/**
 * What sign-in and account creation need besides the database, injected so tests can use few iterations (the
 * real count makes each hash take a large fraction of a second).
 */
export type CredentialDeps = {
  derive: Pbkdf2Sha256;
  salt: () => Uint8Array;
  /** For new hashes; PBKDF2_ITERATIONS when absent. */
  iterations?: number;
  lockout?: LockoutPolicy;
};

export const APP_CREDENTIAL_DEPS: CredentialDeps = { derive: webCryptoPbkdf2, salt: () => randomSalt() };

// ── reading accounts ──────────────────────────────────────────────────────────────────────────────────

/** Every account of the hall that parses (legacy setup rows and rows of other halls are left out). */
export async function hallStaff(db: YizhanDb, hallCode: string): Promise<Staff[]> {
  const rows = await db.staff.toArray();
  return rows
    .flatMap((row) => {
      const parsed = StaffSchema.safeParse(row);
      return parsed.success && parsed.data.hallCode === hallCode ? [parsed.data] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
}

/** Who may sign in at this hall's workstations: names and roles only, never credentials. */
export async function signInRoster(db: YizhanDb, hallCode: string): Promise<StaffIdentity[]> {
  return (await hallStaff(db, hallCode)).filter((s) => s.active).map(({ id, name, role }) => ({ id, name, role }));
}

/** True until the hall has an active administrator: first run, or a workstation upgraded from before sign-in. */
export async function needsAdminAccount(db: YizhanDb, hallCode: string): Promise<boolean> {
  return !(await hallStaff(db, hallCode)).some((s) => s.active && s.role === 'admin');
}

/** The role of an active account, or null (unknown, disabled, legacy): the store's own permission check. */
export async function activeRoleOf(db: YizhanDb, staffId: string): Promise<StaffRole | null> {
  const parsed = StaffSchema.safeParse(await db.staff.get(staffId));
  return parsed.success && parsed.data.active ? parsed.data.role : null;
}

/** A command context acting as `who`: every event, record and audit row it writes is stamped with them. */
export function sessionContext(base: StoreContext, who: StaffIdentity): StoreContext {
  return { ...base, workstation: { ...base.workstation, staffId: who.id, clerkName: who.name, role: who.role } };
}

// ── creating accounts ─────────────────────────────────────────────────────────────────────────────────

export type NewStaff = { name: string; role: StaffRole; kind: CredentialKind; secret: string };

async function newStaffRow(ctx: StoreClock, deps: CredentialDeps, hallCode: string, input: NewStaff, id: string): Promise<Staff> {
  const problem = secretProblem(input.kind, input.secret);
  if (problem) {
    const { code, ...details } = problem;
    throw new StoreError(code, details);
  }
  // Hashed before any transaction: IndexedDB commits a transaction that waits on anything but itself.
  const credential = await hashCredential(deps.derive, {
    kind: input.kind,
    secret: input.secret,
    salt: deps.salt(),
    ...(deps.iterations !== undefined ? { iterations: deps.iterations } : {}),
  });
  const at = isoAt(ctx.now());
  const parsed = StaffSchema.safeParse({ id, hallCode, name: input.name, role: input.role, credential, active: true, createdAt: at, updatedAt: at });
  if (!parsed.success) throw new StoreError('input/invalid', { field: String(parsed.error.issues[0]?.path[0] ?? '') });
  return parsed.data;
}

export type WorkstationSetupWithAdmin = Omit<WorkstationSetup, 'clerkName'> & { adminName: string; password: string };

/**
 * First-run setup: the hall and window (configureWorkstation) and the local administrator account, with the
 * password chosen now, in ONE transaction together with the audit row of the account's creation. Until this
 * commits the app stays on the setup screen, so there is never a workstation nobody can sign in to.
 */
export async function setUpWorkstation(
  db: YizhanDb,
  clock: StoreClock,
  deps: CredentialDeps,
  input: WorkstationSetupWithAdmin,
): Promise<{ config: WorkstationConfig; admin: StaffIdentity }> {
  const draft = await newStaffRow(clock, deps, input.hallCode, { name: input.adminName, role: 'admin', kind: 'password', secret: input.password }, clock.newId());
  return db.transaction('rw', [db.meta, db.staff, db.audit, db.outbox], async () => {
    const config = await configureWorkstation(db, clock, {
      hallCode: input.hallCode,
      hallName: input.hallName,
      workstationCode: input.workstationCode,
      clerkName: input.adminName,
    });
    // The configured staff id names the person who set the workstation up: the administrator.
    const admin: Staff = { ...draft, id: config.staffId, hallCode: config.hallCode };
    await db.staff.put(admin);
    const who = { id: admin.id, name: admin.name, role: admin.role };
    await recordAudit(sessionContext(storeContextFor(db, clock, config), who), staffCreatedAudit(admin));
    return { config, admin: who };
  });
}

/**
 * An administrator for a workstation that is set up but has none (upgraded from before sign-in). Refused once
 * the hall has an active administrator: from then on accounts come from the district server.
 */
export async function createFirstAdmin(base: StoreContext, deps: CredentialDeps, input: { name: string; password: string }): Promise<StaffIdentity> {
  const { db } = base;
  const admin = await newStaffRow(base, deps, base.workstation.hallCode, { name: input.name, role: 'admin', kind: 'password', secret: input.password }, base.newId());
  return db.transaction('rw', [db.meta, db.staff, db.audit, db.outbox], async () => {
    if (!(await needsAdminAccount(db, base.workstation.hallCode))) throw new StoreError('auth/forbidden');
    await db.staff.add(admin);
    const who = { id: admin.id, name: admin.name, role: admin.role };
    await recordAudit(sessionContext(base, who), staffCreatedAudit(admin));
    return who;
  });
}

/**
 * An account that exists only on this workstation (a hall without a district server yet, a stand-in). Admin
 * only, checked against the staff table; audited. Accounts for the whole hall are added on the district server
 * (`npm run server:admin -- add-staff`) and arrive with sync.
 */
export async function createLocalStaff(ctx: StoreContext, deps: CredentialDeps, input: NewStaff): Promise<StaffIdentity> {
  const { db } = ctx;
  // Checked before hashing too, so a clerk does not even get to spend the CPU.
  if (!can(await activeRoleOf(db, ctx.workstation.staffId), 'staff.manage')) throw new StoreError('auth/forbidden');
  const staff = await newStaffRow(ctx, deps, ctx.workstation.hallCode, input, ctx.newId());
  return db.transaction('rw', [db.meta, db.staff, db.audit, db.outbox], async () => {
    if (!can(await activeRoleOf(db, ctx.workstation.staffId), 'staff.manage')) throw new StoreError('auth/forbidden');
    await db.staff.add(staff);
    await recordAudit(ctx, staffCreatedAudit(staff));
    return { id: staff.id, name: staff.name, role: staff.role };
  });
}

function staffCreatedAudit(staff: Staff) {
  return {
    action: 'staff.create' as const,
    target: { type: 'staff' as const, id: staff.id, label: staff.name },
    detail: { role: staff.role, credential: staff.credential.kind },
  };
}

// ── signing in ────────────────────────────────────────────────────────────────────────────────────────

/** `HH:mm` in hall time, for "locked until …". */
export function hallClock(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);
}

export async function lockoutOf(db: YizhanDb, clock: Pick<StoreClock, 'now'>, staffId: string, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): Promise<LockoutStatus> {
  return lockoutStatus(await db.lockouts.get(staffId), clock.now(), policy);
}

/**
 * Checks `secret` for `staffId` and returns who signed in; otherwise throws a StoreError and never returns:
 *  - `auth/unknown-staff`: no such active account in this hall (or its row does not parse);
 *  - `auth/locked-out` { until }: too many wrong secrets; refused without checking the secret at all;
 *  - `auth/wrong-secret` { attemptsLeft }: counted; the last allowed failure locks the account and writes an
 *    `auth.lockout` audit row;
 *  - `auth/unavailable`: the hash could not be computed (no WebCrypto); not counted, and not a sign-in.
 * Used both at the sign-in screen and to unlock an idle-locked screen (same count, same lockout).
 */
export async function signIn(base: StoreContext, deps: Pick<CredentialDeps, 'derive' | 'lockout'>, input: { staffId: string; secret: string }): Promise<StaffIdentity> {
  const { db } = base;
  const policy = deps.lockout ?? DEFAULT_LOCKOUT_POLICY;
  const [row, lock] = await db.transaction('r', db.staff, db.lockouts, () => Promise.all([db.staff.get(input.staffId), db.lockouts.get(input.staffId)]));
  const parsed = StaffSchema.safeParse(row);
  if (!parsed.success || !parsed.data.active || parsed.data.hallCode !== base.workstation.hallCode) throw new StoreError('auth/unknown-staff');
  const staff = parsed.data;

  const before = lockoutStatus(lock, base.now(), policy);
  if (before.locked) throw new StoreError('auth/locked-out', { until: hallClock(before.until) });

  let broken = false;
  const guarded: Pbkdf2Sha256 = async (...args) => {
    try {
      return await deps.derive(...args);
    } catch (err) {
      broken = true;
      throw err;
    }
  };
  const matches = await verifyCredential(guarded, input.secret, staff.credential);
  if (broken) throw new StoreError('auth/unavailable');

  const who: StaffIdentity = { id: staff.id, name: staff.name, role: staff.role };
  const outcome = await db.transaction('rw', [db.lockouts, db.audit, db.outbox, db.meta], async () => {
    const now = base.now();
    // Read again: another window of the app may have counted failures (or locked) meanwhile.
    const current = await db.lockouts.get(staff.id);
    const status = lockoutStatus(current, now, policy);
    if (status.locked) return { ok: false as const, status };
    if (matches) {
      await db.lockouts.delete(staff.id);
      return { ok: true as const };
    }
    const next = afterFailure(current, now, policy);
    await db.lockouts.put({ staffId: staff.id, ...next.state });
    if (next.lockedNow) {
      await recordAudit(sessionContext(base, who), { action: 'auth.lockout', target: { type: 'staff', id: staff.id, label: staff.name }, detail: { failures: next.state.failures } });
    }
    return { ok: false as const, status: lockoutStatus(next.state, now, policy) };
  });
  if (outcome.ok) return who;
  if (outcome.status.locked) throw new StoreError('auth/locked-out', { until: hallClock(outcome.status.until) });
  throw new StoreError('auth/wrong-secret', { attemptsLeft: outcome.status.attemptsLeft });
}

// ── settings ──────────────────────────────────────────────────────────────────────────────────────────

export const DEFAULT_IDLE_LOCK_MINUTES = 5;
export const IDLE_LOCK_RANGE = { min: 1, max: 60 } as const;

export async function readIdleLockMinutes(db: YizhanDb): Promise<number> {
  const v = await getMeta(db, 'auth.idleLockMinutes');
  return typeof v === 'number' && Number.isInteger(v) && v >= IDLE_LOCK_RANGE.min && v <= IDLE_LOCK_RANGE.max ? v : DEFAULT_IDLE_LOCK_MINUTES;
}

/** Lead or admin only (checked against the staff table, not the screen), audited with the new value. */
export async function setIdleLockMinutes(ctx: StoreContext, minutes: number): Promise<void> {
  if (!Number.isInteger(minutes) || minutes < IDLE_LOCK_RANGE.min || minutes > IDLE_LOCK_RANGE.max) {
    throw new StoreError('input/invalid', { field: 'idleLockMinutes' });
  }
  const { db } = ctx;
  await db.transaction('rw', [db.staff, db.meta, db.audit, db.outbox], async () => {
    if (!can(await activeRoleOf(db, ctx.workstation.staffId), 'settings.change')) throw new StoreError('auth/forbidden');
    const before = await readIdleLockMinutes(db);
    if (before === minutes) return;
    await putMeta(db, 'auth.idleLockMinutes', minutes);
    await recordAudit(ctx, {
      action: 'settings.change',
      target: { type: 'workstation', id: ctx.workstation.workstationId, label: ctx.workstation.workstationCode },
      detail: { setting: 'idleLockMinutes', from: before, to: minutes },
    });
  });
}
