import { describe, expect, it } from 'vitest';
import type { FieldConflict, OutboxOp, PullChange, ResidentPatch } from '@shared/sync/protocol';
import { resolveFieldConflict } from './conflict-resolution';
import { createResident, getResident, updateResident } from './residents';
import { YizhanDb } from './schema';
import { createLocalStaff, randomSalt, sessionContext, setUpWorkstation, webCryptoPbkdf2, type CredentialDeps } from './staff';
import type { StoreContext } from './store-context';
import { isStoreError, type StoreErrorCode } from './store-error';
import { DexieSyncStore, syncConflicts } from './sync-store';
import { fakeClock, isolatedIndexedDb, residentIdNumber } from './test-support';
import { configureWorkstation, storeContextFor } from './workstation';

const FAST: CredentialDeps = { derive: webCryptoPbkdf2, salt: () => randomSalt(), iterations: 2 };
const A_DEVICE = '0a0a0a0a-0000-4000-8000-000000000001';
const B_DEVICE = '0b0b0b0b-0000-4000-8000-000000000002';
let dbCounter = 0;

async function code(promise: Promise<unknown>): Promise<StoreErrorCode> {
  try {
    await promise;
  } catch (err) {
    if (isStoreError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a StoreError');
}

/** Window W01: a plain workstation context (no session, so nothing audited). */
async function plainWorkstation() {
  const db = new YizhanDb(`conflicts-a-${dbCounter++}`, isolatedIndexedDb());
  const clock = fakeClock();
  const config = await configureWorkstation(db, clock, { hallCode: 'GL0301', hallName: '光明社区党群服务中心', workstationCode: 'W01', clerkName: '张三' });
  return { ctx: storeContextFor(db, clock, config), store: new DexieSyncStore(db, clock) };
}

/** Window W02, with signed-in contexts for its lead and a clerk. */
async function staffedWorkstation() {
  const db = new YizhanDb(`conflicts-b-${dbCounter++}`, isolatedIndexedDb());
  const clock = fakeClock();
  clock.ids = 50_000;
  // A few seconds behind A's clock, like two PCs whose clocks differ a little.
  clock.tick(-5000);
  const { config, admin } = await setUpWorkstation(db, clock, FAST, {
    hallCode: 'GL0301',
    hallName: '光明社区党群服务中心',
    workstationCode: 'W02',
    adminName: '王主任',
    password: 'guangming-2026',
  });
  const base = storeContextFor(db, clock, config);
  const adminCtx = sessionContext(base, admin);
  const lead = sessionContext(base, await createLocalStaff(adminCtx, FAST, { name: '赵组长', role: 'lead', kind: 'pin', secret: '246813' }));
  const clerk = sessionContext(base, await createLocalStaff(adminCtx, FAST, { name: '李娜', role: 'clerk', kind: 'pin', secret: '135790' }));
  return { db, lead, clerk, store: new DexieSyncStore(db, clock) };
}

function pulled(ops: readonly OutboxOp[], origin: string, from: number): PullChange[] {
  return ops
    .filter((op): op is Extract<OutboxOp, { kind: 'resident-patch' }> => op.kind === 'resident-patch')
    .map((op, i) => ({ cursor: String(from + i), originDeviceId: origin, kind: 'resident', payload: { residentId: op.payload.residentId, fields: op.payload.fields } }));
}

async function lastPatch(ctx: StoreContext): Promise<Extract<OutboxOp, { kind: 'resident-patch' }>> {
  const ops = await ctx.db.outbox.toArray();
  return ops.filter((o): o is Extract<OutboxOp, { kind: 'resident-patch' }> => o.kind === 'resident-patch').at(-1)!;
}

/** What the server answers B's patch after A's (docs/sync-protocol.md §5): each field both changed to different values. */
function conflictOf(a: ResidentPatch, b: ResidentPatch): FieldConflict[] {
  return Object.entries(b.fields).flatMap(([field, incoming]) => {
    const server = a.fields[field];
    if (!server || JSON.stringify(server.value) === JSON.stringify(incoming.value)) return [];
    return [{ field, server: { ...server, deviceId: A_DEVICE }, incoming, kept: incoming.hlc > server.hlc ? ('incoming' as const) : ('server' as const) }];
  });
}

/**
 * A registers a resident, B pulls it; both change the phone without seeing each other. A pushes first, B's push
 * comes back `conflict` and B pulls A's edit: B's list holds one field conflict.
 */
async function concurrentPhones() {
  const a = await plainWorkstation();
  const b = await staffedWorkstation();
  const r = await createResident(a.ctx, {
    name: '王五',
    document: { type: 'resident-id', number: residentIdNumber('11010519800101123') },
    phone: '13800001234',
  });
  await b.store.applyPulled(pulled(await a.ctx.db.outbox.toArray(), A_DEVICE, 1), '1', 'x');
  await updateResident(a.ctx, r.id, { phone: '13911110001' });
  await updateResident(b.clerk, r.id, { phone: '13922220002' });
  const aEdit = await lastPatch(a.ctx);
  const bEdit = await lastPatch(b.clerk);
  const fields = conflictOf(aEdit.payload, bEdit.payload);
  expect(fields.map((f) => f.field).sort()).toEqual(['phone', 'phoneTail', 'updatedAt']);
  const bOps = await b.store.readOutbox(0, 100);
  await b.store.recordPush(bOps, {
    protocol: 1,
    ackThrough: bOps.at(-1)!.seq,
    results: bOps.map((op) => (op.seq === bEdit.seq ? { seq: op.seq, status: 'conflict' as const, conflict: { residentId: r.id, fields } } : { seq: op.seq, status: 'applied' as const })),
  }, 'x');
  await b.store.applyPulled(pulled([aEdit], A_DEVICE, 2), '2', 'x');
  const [listed] = await syncConflicts(b.db);
  expect(listed).toMatchObject({ kind: 'field-conflict', residentId: r.id });
  return { a, b, r, aEdit, bEdit, key: listed!.key };
}

describe('resolveFieldConflict', () => {
  it('writes the chosen value, a patch covering both sides and an audit row in one go; the other window converges', async () => {
    const { a, b, r, aEdit, bEdit, key } = await concurrentPhones();
    const aStamp = aEdit.payload.fields.phone!.hlc;
    const bStamp = bEdit.payload.fields.phone!.hlc;
    const outboxBefore = await b.db.outbox.count();
    const auditBefore = await b.db.audit.count();

    // The lead keeps the other window's number (what the server held first).
    const row = await resolveFieldConflict(b.lead, key, { phone: 'server' });
    expect(row.phone).toBe('13911110001');
    expect(row.phoneTail).toBe('0001');
    expect(await getResident(b.db, r.id)).toEqual(row);

    const patch = await lastPatch(b.lead);
    expect(await b.db.outbox.count()).toBe(outboxBefore + 2); // the patch and its audit row
    const { base, fields } = patch.payload;
    expect(base! >= aStamp && base! >= bStamp).toBe(true);
    expect(Object.keys(fields).sort()).toEqual(['phone', 'phoneTail', 'updatedAt']);
    for (const f of Object.values(fields)) expect(f.hlc > aStamp && f.hlc > bStamp && f.hlc > base!).toBe(true);
    expect(fields.phone?.value).toBe('13911110001');

    const audit = await b.db.audit.orderBy('at').last();
    expect(await b.db.audit.count()).toBe(auditBefore + 1);
    expect(audit).toMatchObject({ action: 'resident.change', staffName: '赵组长', target: { type: 'resident', id: r.id }, detail: { resolution: 'phone:server' } });
    // The audit row names fields and choices, never the numbers themselves.
    expect(JSON.stringify(audit)).not.toContain('13911110001');

    // Off the list at once; the op is pending on the same page until the push.
    expect(await syncConflicts(b.db)).toEqual([]);

    // A pulls the lead's patch (the server forwards it as the winning fields): both windows hold the same.
    await a.store.applyPulled(pulled([patch], B_DEVICE, 3), '3', 'x');
    const { fieldHlc: _a, ...onA } = (await getResident(a.ctx.db, r.id))!;
    const { fieldHlc: _b, ...onB } = row;
    expect(onA).toEqual(onB);
  });

  it('keeps the current value when asked, still sending the field so the server closes its record', async () => {
    const { b, key } = await concurrentPhones();
    const row = await resolveFieldConflict(b.lead, key, { phone: 'current' });
    // B pulled A's older edit after its own: its current value is its own, later one.
    expect(row.phone).toBe('13922220002');
    expect((await lastPatch(b.lead)).payload.fields.phone?.value).toBe('13922220002');
  });

  it('refuses a clerk, a missing choice and an unknown conflict, writing nothing', async () => {
    const { b, key } = await concurrentPhones();
    const before = { outbox: await b.db.outbox.count(), audit: await b.db.audit.count(), resident: await b.db.residents.toArray() };
    expect(await code(resolveFieldConflict(b.clerk, key, { phone: 'server' }))).toBe('auth/forbidden');
    expect(await code(resolveFieldConflict(b.lead, key, {}))).toBe('input/invalid');
    expect(await code(resolveFieldConflict(b.lead, 'push:999', { phone: 'server' }))).toBe('sync/conflict-not-found');
    expect(await b.db.outbox.count()).toBe(before.outbox);
    expect(await b.db.audit.count()).toBe(before.audit);
    expect(await b.db.residents.toArray()).toEqual(before.resident);
    expect(await syncConflicts(b.db)).toHaveLength(1);
  });
});
