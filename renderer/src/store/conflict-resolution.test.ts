import { describe, expect, it } from 'vitest';
import { decodeOp } from '@shared/sync/encoded-op';
import type { FieldConflict, OutboxOp, PullChange, PushResult, ResidentChange, ResidentPatch } from '@shared/sync/protocol';
import { resolveFieldConflict } from './conflict-resolution';
import { recordIntake } from './intake-commands';
import { readOpenCases } from './open-case-digest';
import { createResident, getResident, updateResident } from './residents';
import { YizhanDb } from './schema';
import { createLocalStaff, randomSalt, sessionContext, setUpWorkstation, webCryptoPbkdf2, type CredentialDeps } from './staff';
import type { StoreContext } from './store-context';
import { isStoreError, type StoreErrorCode } from './store-error';
import { DexieSyncStore, syncConflicts } from './sync-store';
import { fakeClock, isolatedIndexedDb, residentIdNumber } from './test-support';
import { configureWorkstation, storeContextFor } from './workstation';
import { outboxOps } from './outbox';

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

/** Window W02 (or `code`), with signed-in contexts for its lead and a clerk. */
async function staffedWorkstation(code = 'W02', idBase = 50_000, skewMs = -5000) {
  const db = new YizhanDb(`conflicts-b-${dbCounter++}`, isolatedIndexedDb());
  const clock = fakeClock();
  clock.ids = idBase;
  // By default a few seconds behind A's clock, like two PCs whose clocks differ a little.
  clock.tick(skewMs);
  const { config, admin } = await setUpWorkstation(db, clock, FAST, {
    hallCode: 'GL0301',
    hallName: '光明社区党群服务中心',
    workstationCode: code,
    adminName: '王主任',
    password: 'guangming-2026',
  });
  const base = storeContextFor(db, clock, config);
  const adminCtx = sessionContext(base, admin);
  const lead = sessionContext(base, await createLocalStaff(adminCtx, FAST, { name: '赵组长', role: 'lead', kind: 'pin', secret: '246813' }));
  const clerk = sessionContext(base, await createLocalStaff(adminCtx, FAST, { name: '李娜', role: 'clerk', kind: 'pin', secret: '135790' }));
  return { db, clock, lead, clerk, store: new DexieSyncStore(db, clock), deviceId: config.workstationId };
}

function pulled(ops: readonly OutboxOp[], origin: string, from: number): PullChange[] {
  return ops
    .filter((op): op is Extract<OutboxOp, { kind: 'resident-patch' }> => op.kind === 'resident-patch')
    .map((op, i) => ({ cursor: String(from + i), originDeviceId: origin, kind: 'resident', payload: { residentId: op.payload.residentId, fields: op.payload.fields } }));
}

async function lastPatch(ctx: StoreContext): Promise<Extract<OutboxOp, { kind: 'resident-patch' }>> {
  const ops = await outboxOps(ctx.db);
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
  await b.store.applyPulled(pulled(await outboxOps(a.ctx.db), A_DEVICE, 1), '1', 'x');
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

  it('relabels the case rows and open-case summaries when the chosen name changes the masked one', async () => {
    const a = await plainWorkstation();
    const b = await staffedWorkstation();
    const r = await createResident(a.ctx, { name: '王五', document: { type: 'resident-id', number: residentIdNumber('11010519800101123') } });
    await b.store.applyPulled(pulled(await outboxOps(a.ctx.db), A_DEVICE, 1), '1', 'x');
    const matter = { code: 'MZ-001', name: '最低生活保障申请', triage: 'government' as const, handling: 'promised' as const, timeLimitDays: 5 };
    const intake = await recordIntake(b.clerk, { residentId: r.id, matter, outcome: { kind: 'accept', materialsPresent: [], deadline: '2026-11-30' } });
    await updateResident(a.ctx, r.id, { name: '李四' });
    await updateResident(b.clerk, r.id, { name: '赵六' });
    const aEdit = await lastPatch(a.ctx);
    const bEdit = await lastPatch(b.clerk);
    const fields = conflictOf(aEdit.payload, bEdit.payload);
    const bOps = await b.store.readOutbox(0, 100);
    const results = bOps.map((op) => (op.seq === bEdit.seq ? { seq: op.seq, status: 'conflict' as const, conflict: { residentId: r.id, fields } } : { seq: op.seq, status: 'applied' as const }));
    await b.store.recordPush(bOps, { protocol: 1, ackThrough: bOps.at(-1)!.seq, results }, 'x');
    await b.store.applyPulled(pulled([aEdit], A_DEVICE, 2), '2', 'x');
    const [listed] = await syncConflicts(b.db);
    const labelOf = async () => ({ row: (await b.db.cases.get(intake.case.id))?.residentLabel?.name, summary: (await readOpenCases(b.db, null))[0]?.residentMaskedName });
    expect(await labelOf()).toEqual({ row: '赵*', summary: '赵*' });

    await resolveFieldConflict(b.lead, listed!.key, { name: 'server' });
    expect((await getResident(b.db, r.id))?.name).toBe('李四');
    expect(await labelOf()).toEqual({ row: '李*', summary: '李*' });
  });
});

type Staffed = Awaited<ReturnType<typeof staffedWorkstation>>;

/**
 * Enough of the district server for these tests: per field, the later stamp wins; an edit from another device
 * whose `base` does not cover the stored stamp, with another value, is a conflict (docs/sync-protocol.md §5); the
 * change log forwards the winners with the edit's `base` and the fields that lost (`alsoSet`), to everyone else.
 */
class FakeDistrictServer {
  private readonly stored = new Map<string, { value: unknown; hlc: string; deviceId: string }>();
  private readonly log: Array<{ origin: string; change: ResidentChange }> = [];
  private readonly pulledUpTo = new Map<string, number>();

  /** Pushes everything `ws` has not had acknowledged; `answer` may replace an op's result (e.g. reject it). */
  async push(ws: Staffed, answer: (op: OutboxOp, result: PushResult) => PushResult = (_op, r) => r): Promise<void> {
    const pushed = await ws.store.readOutbox((await ws.store.outboxBounds()).ackedSeq, 1000);
    const ops = pushed.map(decodeOp);
    const results = ops.map((op) => answer(op, op.kind === 'resident-patch' ? this.apply(op.seq, op.payload, ws.deviceId) : { seq: op.seq, status: 'applied' }));
    await ws.store.recordPush(pushed, { protocol: 1, ackThrough: ops.at(-1)!.seq, results }, 'x');
  }

  async pull(ws: Staffed): Promise<void> {
    const from = this.pulledUpTo.get(ws.deviceId) ?? 0;
    const changes = this.log.flatMap((entry, i): PullChange[] =>
      i >= from && entry.origin !== ws.deviceId ? [{ cursor: String(i + 1), originDeviceId: null, kind: 'resident', payload: entry.change }] : [],
    );
    await ws.store.applyPulled(changes, String(this.log.length), 'x');
    this.pulledUpTo.set(ws.deviceId, this.log.length);
  }

  private apply(seq: number, patch: ResidentPatch, deviceId: string): PushResult {
    const conflicts: FieldConflict[] = [];
    const fields: ResidentChange['fields'] = {};
    const alsoSet: string[] = [];
    for (const [field, incoming] of Object.entries(patch.fields)) {
      const key = `${patch.residentId}/${field}`;
      const s = this.stored.get(key);
      const concurrent = s !== undefined && s.deviceId !== deviceId && !(patch.base !== undefined && patch.base >= s.hlc);
      if (s && concurrent && JSON.stringify(s.value) !== JSON.stringify(incoming.value)) {
        conflicts.push({ field, server: { value: s.value, hlc: s.hlc, deviceId: s.deviceId }, incoming, kept: incoming.hlc > s.hlc ? 'incoming' : 'server' });
      }
      if (s === undefined || incoming.hlc > s.hlc) {
        fields[field] = incoming;
        this.stored.set(key, { ...incoming, deviceId });
      } else alsoSet.push(field);
    }
    const { residentId, base } = patch;
    this.log.push({ origin: deviceId, change: { residentId, fields, ...(base !== undefined ? { base, ...(alsoSet.length > 0 ? { alsoSet } : {}) } : {}) } });
    return conflicts.length > 0 ? { seq, status: 'conflict', conflict: { residentId, fields: conflicts } } : { seq, status: 'applied' };
  }
}

/**
 * Two staffed windows; B's clock a minute ahead of A's. A registers a resident, B pulls it; both change the phone
 * offline, A pushes first and B's push comes back `conflict` (record 1, on B's list). A, which has not pulled yet,
 * changes the phone again some minutes later: another concurrent edit (record 2, on A's list), stamped after both.
 */
async function bothListTheSameField() {
  const server = new FakeDistrictServer();
  const a = await staffedWorkstation('W01', 10_000, 0);
  const b = await staffedWorkstation('W02', 50_000, 60_000);
  const r = await createResident(a.clerk, { name: '王五', document: { type: 'resident-id', number: residentIdNumber('11010519800101123') }, phone: '13800001234' });
  const other = await createResident(a.clerk, { name: '赵六', document: { type: 'resident-id', number: residentIdNumber('11010519800101131') }, phone: '13800005678' });
  await server.push(a);
  await server.pull(b);
  await updateResident(a.clerk, r.id, { phone: '13911110001' });
  await updateResident(b.clerk, r.id, { phone: '13922220002' });
  await server.push(a);
  await server.push(b);
  a.clock.tick(180_000);
  await updateResident(a.clerk, r.id, { phone: '13933330003' });
  await server.push(a);
  const [onB, ...moreOnB] = await syncConflicts(b.db);
  const [onA, ...moreOnA] = await syncConflicts(a.db);
  expect([moreOnA, moreOnB]).toEqual([[], []]);
  expect(onB?.fields?.map((f) => f.field).sort()).toEqual(['phone', 'phoneTail', 'updatedAt']);
  expect(onA?.fields?.map((f) => f.field).sort()).toEqual(['phone', 'phoneTail', 'updatedAt']);
  return { server, a, b, r, other, onA: onA!, onB: onB! };
}

describe('a field conflict settled elsewhere', () => {
  it("leaves B's list when B pulls A's resolution, in the same write as the page, and not for unrelated changes", async () => {
    const { server, a, b, r, other, onA, onB } = await bothListTheSameField();

    // Unrelated to B's record: another resident's edit, and A's second phone edit, whose stamp is later than both
    // sides of B's record but which had not seen B's side (its base is A's first edit).
    await updateResident(a.clerk, other.id, { grid: '第一网格' });
    await server.push(a);
    await server.pull(b);
    expect(await syncConflicts(b.db)).toEqual([onB]);
    expect((await b.store.issueCounts()).conflicts).toBe(1);

    // A pulls B's phone, and A's lead settles A's record, keeping B's number: the patch's base covers all three
    // phone edits, so the server settles both records; B learns it from the pulled patch.
    await server.pull(a);
    const row = await resolveFieldConflict(a.lead, onA.key, { phone: 'server' });
    expect(row.phone).toBe('13922220002');
    expect(await syncConflicts(a.db)).toEqual([]);
    await server.push(a);
    await server.pull(b);
    expect(await syncConflicts(b.db)).toEqual([]);
    expect((await b.store.issueCounts()).conflicts).toBe(0);
    const { fieldHlc: _a, ...onAWs } = (await getResident(a.lead.db, r.id))!;
    const { fieldHlc: _b, ...onBWs } = (await getResident(b.db, r.id))!;
    expect(onBWs).toEqual(onAWs);
  });

  it('settles in the same transaction as the pulled page: a page that fails keeps its entries', async () => {
    const { server, a, b, onA, onB } = await bothListTheSameField();
    await server.pull(a);
    await resolveFieldConflict(a.lead, onA.key, { phone: 'incoming' });
    await server.push(a);
    const cursor = await b.store.pullCursor();
    // The page's last write, its cursor, fails: after the list was settled, in the same transaction.
    const refuse = (_changes: object, key: unknown) => {
      if (key === 'sync.cursor') throw new Error('disk full');
    };
    b.db.meta.hook('updating', refuse);
    await expect(server.pull(b)).rejects.toThrow('disk full');
    b.db.meta.hook('updating').unsubscribe(refuse);
    expect(await syncConflicts(b.db)).toEqual([onB]);
    expect(await b.store.pullCursor()).toBe(cursor);
    await server.pull(b);
    expect(await syncConflicts(b.db)).toEqual([]);
  });

  it('a pulled edit none of whose fields won still settles what it covers, and changes nothing else', async () => {
    const { b, r, onB } = await bothListTheSameField();
    const before = await getResident(b.db, r.id);
    const base = onB.fields!.flatMap((f) => [f.server.hlc, f.incoming.hlc]).sort().at(-1)!;
    const page = (payload: ResidentChange, cursor: string): PullChange[] => [{ cursor, originDeviceId: null, kind: 'resident', payload }];
    // A base that misses one side settles nothing.
    const short = onB.fields!.flatMap((f) => [f.server.hlc, f.incoming.hlc]).sort()[0]!;
    await b.store.applyPulled(page({ residentId: r.id, fields: {}, base: short, alsoSet: ['phone', 'phoneTail', 'updatedAt'] }, '50'), '50', 'x');
    expect(await syncConflicts(b.db)).toEqual([onB]);
    // Only the phone: the bookkeeping fields' conflicts stay listed, for the lead to confirm.
    await b.store.applyPulled(page({ residentId: r.id, fields: {}, base, alsoSet: ['phone'] }, '51'), '51', 'x');
    expect((await syncConflicts(b.db)).map((c) => [c.key, c.fields?.map((f) => f.field).sort()])).toEqual([[onB.key, ['phoneTail', 'updatedAt']]]);
    await b.store.applyPulled(page({ residentId: r.id, fields: {}, base, alsoSet: ['phoneTail', 'updatedAt'] }, '52'), '52', 'x');
    expect(await syncConflicts(b.db)).toEqual([]);
    expect(await getResident(b.db, r.id)).toEqual(before);
  });

  it("our own edit that covers both sides settles our record once the server has it; a rejected one does not", async () => {
    const { server, b, r, onB } = await bothListTheSameField();
    // B pulls A's later phone (which settles nothing of B's record: it had not seen B's side), then B's lead edits
    // the phone on the resident's page, not the sync page: its base covers every side.
    await server.pull(b);
    expect(await syncConflicts(b.db)).toEqual([onB]);
    await updateResident(b.lead, r.id, { phone: '13944440004' });
    expect(await syncConflicts(b.db)).toEqual([onB]); // written, not yet applied on the server
    await server.push(b, (op, result) => (op.kind === 'resident-patch' ? { seq: op.seq, status: 'rejected', code: 'sync/op-invalid' } : result));
    expect(await syncConflicts(b.db)).toEqual([onB]);

    await updateResident(b.lead, r.id, { phone: '13955550005' });
    await server.push(b);
    expect(await syncConflicts(b.db)).toEqual([]);
  });
});
