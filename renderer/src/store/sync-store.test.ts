import { describe, expect, it } from 'vitest';
import { decodeOp, type EncodedOp } from '@shared/sync/encoded-op';
import type { OutboxOp, PullChange, PushResponse } from '@shared/sync/protocol';
import { outboxStatus, pendingOutboxOps } from './outbox';
import { createResident, getResident, updateResident, type NewResident } from './residents';
import { recordCaseAction, recordIntake } from './intake-commands';
import { YizhanDb } from './schema';
import type { StoreContext } from './store-context';
import { DexieSyncStore, PullOutOfOrderError, dismissSyncConflict, syncConflicts, yieldToEventLoop } from './sync-store';
import { fakeClock, isolatedIndexedDb, residentIdNumber } from './test-support';
import { configureWorkstation, storeContextFor } from './workstation';

let dbCounter = 0;

/** A configured workstation on its own fake IndexedDB. `idBase` keeps the ids of two workstations apart. */
async function workstation(code: string, idBase: number): Promise<{ ctx: StoreContext; store: DexieSyncStore }> {
  const db = new YizhanDb(`sync-store-${dbCounter++}`, isolatedIndexedDb());
  const clock = fakeClock();
  clock.ids = idBase;
  const config = await configureWorkstation(db, clock, { hallCode: 'GL0301', hallName: '光明社区党群服务中心', workstationCode: code, clerkName: '李娜' });
  return { ctx: storeContextFor(db, clock, config), store: new DexieSyncStore(db, { now: () => Date.UTC(2026, 10, 23, 12) }) };
}

function person(i: number): NewResident {
  return {
    name: `王${'一二三四五六七八九'[i % 9]}`,
    document: { type: 'resident-id', number: residentIdNumber(`11010519800101${String(i).padStart(3, '0')}`) },
    phone: `1380000${String(1000 + i)}`,
  };
}

const MATTER = { code: 'MZ-001', name: '最低生活保障申请受理', triage: 'government' as const, handling: 'promised' as const, timeLimitDays: 30 };

/** What the server would send another workstation for these ops (it forwards events, and winning fields). */
/** Ops as another workstation pulls them; takes them as pushed (readOutbox) or decoded. */
function asPulled(pushed: readonly (OutboxOp | EncodedOp)[], originDeviceId: string, startCursor = 0): PullChange[] {
  const ops = pushed.map((op) => ('json' in op ? decodeOp(op) : op));
  return ops.map((op, i): PullChange => {
    const cursor = String(startCursor + i + 1);
    if (op.kind === 'case-event') return { cursor, originDeviceId, kind: 'case-event', payload: op.payload };
    if (op.kind === 'audit') return { cursor, originDeviceId, kind: 'audit', payload: op.payload };
    if (op.kind === 'shift') return { cursor, originDeviceId, kind: 'shift', payload: op.payload };
    if (op.kind === 'handover') return { cursor, originDeviceId, kind: 'handover', payload: op.payload };
    return { cursor, originDeviceId, kind: 'resident', payload: { residentId: op.payload.residentId, fields: op.payload.fields } };
  });
}

const A_DEVICE = '0a0a0a0a-0000-4000-8000-000000000001';

function ack(ackThrough: number, results: PushResponse['results'] = []): PushResponse {
  return { protocol: 1, ackThrough, results };
}

describe('recordPush', () => {
  it('writes acknowledgements through the connection it is given for them (strict durability in the worker)', async () => {
    const idb = isolatedIndexedDb();
    const db = new YizhanDb(`sync-store-${dbCounter++}`, idb);
    const acks = new YizhanDb(db.name, { ...idb, chromeTransactionDurability: 'strict' });
    const clock = fakeClock();
    const config = await configureWorkstation(db, clock, { hallCode: 'GL0301', hallName: '光明社区党群服务中心', workstationCode: 'W01', clerkName: '李娜' });
    await createResident(storeContextFor(db, clock, config), person(1));
    const store = new DexieSyncStore(db, { now: () => Date.UTC(2026, 10, 23, 12) }, undefined, acks);
    const ops = await store.readOutbox(0, 10);
    await acks.open();
    // Which connection opened the acknowledging transaction, and with what durability (Dexie passes it to IndexedDB).
    const asked: Array<{ conn: string; durability: unknown; stores: string[] }> = [];
    for (const [name, conn] of [['db', db], ['acks', acks]] as const) {
      const core = conn.core as { transaction: (stores: string[], mode: string, options?: { durability?: unknown }) => unknown };
      const open = core.transaction;
      core.transaction = (stores, mode, options) => {
        asked.push({ conn: name, durability: options?.durability, stores });
        return open(stores, mode, options);
      };
    }
    await store.recordPush(ops, ack(1, [{ seq: 1, status: 'applied' }]), '2026-11-23T12:00:00.000Z');
    expect(asked.filter((t) => t.stores.includes('outbox'))).toEqual([expect.objectContaining({ conn: 'acks', durability: 'strict' })]);
    expect(await outboxStatus(db)).toMatchObject({ ackedSeq: 1 });
    acks.close();
    db.close();
  });

  it('moves the watermark, files rejected ops and conflicts in one go, and a replay changes nothing', async () => {
    const { ctx, store } = await workstation('W01', 0);
    for (let i = 1; i <= 4; i++) await createResident(ctx, person(i));
    const ops = await store.readOutbox(0, 10);
    const conflict = {
      residentId: 'r',
      fields: [{ field: 'phone', server: { value: '13800001111', hlc: '1795400000000-0000-x', deviceId: null }, incoming: { value: '13800002222', hlc: '1795400000000-0001-y' }, kept: 'server' as const }],
    };
    const answer = ack(4, [
      { seq: 1, status: 'applied' },
      { seq: 2, status: 'rejected', code: 'sync/op-invalid', details: { path: 'fields.name' } },
      { seq: 3, status: 'conflict', conflict },
      { seq: 4, status: 'merged' },
    ]);
    await store.recordPush(ops, answer, '2026-11-23T12:00:00.000Z');
    await store.recordPush(ops, answer, '2026-11-23T12:00:01.000Z');
    expect(await store.outboxBounds()).toEqual({ ackedSeq: 4, lastSeq: 4 });
    const rejected = await ctx.db.rejected.toArray();
    expect(rejected.map((r) => [r.seq, r.code, r.op.seq])).toEqual([[2, 'sync/op-invalid', 2]]);
    const conflicts = await syncConflicts(ctx.db);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ key: 'push:3', kind: 'field-conflict', seq: 3 });
    expect(await store.issueCounts()).toEqual({ pending: 0, rejected: 1, conflicts: 1 });

    // A late answer to an older push never moves the watermark back.
    await store.recordPush(ops.slice(0, 1), ack(1, [{ seq: 1, status: 'applied' }]), '2026-11-23T12:00:02.000Z');
    expect((await store.outboxBounds()).ackedSeq).toBe(4);

    await dismissSyncConflict(ctx.db, 'push:3');
    expect(await syncConflicts(ctx.db)).toEqual([]);
  });

  it('writes nothing when the transaction fails midway', async () => {
    const { ctx, store } = await workstation('W01', 0);
    for (let i = 1; i <= 3; i++) await createResident(ctx, person(i));
    const ops = await store.readOutbox(0, 10);
    let fail = true;
    ctx.db.rejected.hook('creating', () => {
      if (fail) throw new Error('disk full');
    });
    await expect(store.recordPush(ops, ack(3, [{ seq: 2, status: 'rejected', code: 'sync/op-invalid' }]), 'x')).rejects.toThrow('disk full');
    fail = false;
    expect((await store.outboxBounds()).ackedSeq).toBe(0);
  });
});

describe('rewindAck and pruning', () => {
  it('rewinds while the ops are kept, refuses once they are pruned', async () => {
    const { ctx, store } = await workstation('W01', 0);
    for (let i = 1; i <= 5; i++) await createResident(ctx, person(i));
    const ops = await store.readOutbox(0, 10);
    await store.recordPush(ops, ack(5), 'x');
    expect(await store.rewindAck(3)).toBe(true);
    expect((await store.outboxBounds()).ackedSeq).toBe(3);
    expect((await pendingOutboxOps(ctx.db, 10)).map((o) => o.seq)).toEqual([4, 5]);
    await store.recordPush(ops, ack(5), 'x');
    expect(await store.pruneAcknowledged()).toBe(5);
    expect(await ctx.db.outbox.count()).toBe(0);
    expect(await store.rewindAck(2)).toBe(false);
    expect((await store.outboxBounds()).ackedSeq).toBe(5);
  });
});

describe('applyPulled', () => {
  it('reproduces another workstation\'s residents and cases, and applying a page twice changes nothing', async () => {
    const a = await workstation('W01', 0);
    const b = await workstation('W02', 50_000);
    const r1 = await createResident(a.ctx, person(1));
    const r2 = await createResident(a.ctx, person(2));
    await updateResident(a.ctx, r1.id, { phone: '13911112222', grid: '网格3' });
    const intake = await recordIntake(a.ctx, { residentId: r1.id, matter: MATTER, outcome: { kind: 'accept', materialsPresent: ['id-card'], deadline: '2027-01-05' } });
    await recordCaseAction(a.ctx, intake.case.id, { kind: 'complete', resultNote: '已办结' });
    const pulled = asPulled(await a.store.readOutbox(0, 100), A_DEVICE);

    await b.store.applyPulled(pulled.slice(0, 3), '3', 'x');
    await b.store.applyPulled(pulled.slice(3), String(pulled.length), 'x');
    await b.store.applyPulled(pulled, String(pulled.length), 'x');

    const { fieldHlc: _fa, ...aR1 } = (await getResident(a.ctx.db, r1.id))!;
    const { fieldHlc: _fb, ...bR1 } = (await getResident(b.ctx.db, r1.id))!;
    expect(bR1).toEqual(aR1);
    expect(bR1.phoneTail).toBe('2222');
    expect((await getResident(b.ctx.db, r2.id))?.name).toBe(r2.name);
    expect(await b.ctx.db.cases.get(intake.case.id)).toEqual(await a.ctx.db.cases.get(intake.case.id));
    expect(await b.ctx.db.caseEvents.count()).toBe(await a.ctx.db.caseEvents.count());
    expect(await b.store.pullCursor()).toBe(String(pulled.length));
    // Pulled changes are not ours to push.
    expect((await outboxStatus(b.ctx.db)).lastSeq).toBe(0);
  });

  it('merges resident fields by stamp: a late, older change loses to a newer local edit', async () => {
    const a = await workstation('W01', 0);
    const b = await workstation('W02', 50_000);
    const r = await createResident(a.ctx, person(3));
    await b.store.applyPulled(asPulled(await a.store.readOutbox(0, 10), A_DEVICE), '1', 'x');
    // a edits the phone; b edits the phone later (its clock has seen a's stamps, so its stamp is later).
    await updateResident(a.ctx, r.id, { phone: '13700000001' });
    await updateResident(b.ctx, r.id, { phone: '13700000002' });
    const aEdit = asPulled((await a.store.readOutbox(1, 10)).slice(0, 1), A_DEVICE, 1);
    const aStamp = (await getResident(a.ctx.db, r.id))?.fieldHlc?.phone as string;
    const bStamp = (await getResident(b.ctx.db, r.id))?.fieldHlc?.phone as string;
    expect(bStamp > aStamp).toBe(true);
    await b.store.applyPulled(aEdit, '2', 'x');
    expect((await getResident(b.ctx.db, r.id))?.phone).toBe('13700000002');
    expect((await getResident(b.ctx.db, r.id))?.fieldHlc?.phone).toBe(bStamp);
    // And the other way round: a's database takes b's later edit.
    const bEdit = asPulled(await b.store.readOutbox(0, 10), '0b0b0b0b-0000-4000-8000-000000000002', 10);
    await a.store.applyPulled(bEdit, '11', 'x');
    expect((await getResident(a.ctx.db, r.id))?.phone).toBe('13700000002');
  });

  it('events of a case split over pages: the case appears once its received event is there', async () => {
    const a = await workstation('W01', 0);
    const b = await workstation('W02', 50_000);
    const r = await createResident(a.ctx, person(4));
    const intake = await recordIntake(a.ctx, { residentId: r.id, matter: MATTER, outcome: { kind: 'accept', materialsPresent: [], deadline: '2027-01-05' } });
    const ops = await a.store.readOutbox(0, 10);
    const pulled = asPulled(ops, A_DEVICE);
    const received = pulled.findIndex((c) => c.kind === 'case-event' && c.payload.type === 'received');
    const accepted = pulled.findIndex((c) => c.kind === 'case-event' && c.payload.type === 'accepted');
    await b.store.applyPulled([pulled[accepted]!], '1', 'x');
    expect(await b.ctx.db.cases.get(intake.case.id)).toBeUndefined();
    await b.store.applyPulled(pulled.filter((_, i) => i !== accepted), '5', 'x');
    expect((await b.ctx.db.cases.get(intake.case.id))?.status).toBe('accepted');
    expect(received).toBeGreaterThanOrEqual(0);
  });

  it('a department return written on the server (origin null) brings a forwarded case back, on every workstation', async () => {
    const a = await workstation('W01', 0);
    const b = await workstation('W02', 50_000);
    const r = await createResident(a.ctx, person(6));
    const intake = await recordIntake(a.ctx, { residentId: r.id, matter: MATTER, outcome: { kind: 'accept', materialsPresent: [], deadline: '2027-01-05' } });
    await recordCaseAction(a.ctx, intake.case.id, { kind: 'forward', department: '民政科' });
    const own = asPulled(await a.store.readOutbox(0, 20), A_DEVICE);
    await b.store.applyPulled(own, String(own.length), 'x');
    expect((await b.ctx.db.cases.get(intake.case.id))?.status).toBe('forwarded');

    // As server/admin/returns.ts writes it: after the forwarding, by the district admin, no device.
    const returned: PullChange = {
      cursor: String(own.length + 1),
      originDeviceId: null,
      kind: 'case-event',
      payload: {
        id: '3f1c2b7e-0000-4000-8000-0000000000aa',
        caseId: intake.case.id,
        at: '2026-11-24T02:00:00.000Z',
        actor: 'district-admin',
        actorName: '区级管理员',
        workstationId: 'district-server',
        hallCode: 'GL0301',
        type: 'returned',
        payload: { department: '民政科', outcome: 'result', note: '审核通过' },
      },
    };
    for (const ws of [a, b]) {
      await ws.store.applyPulled([returned], returned.cursor, 'x');
      const row = await ws.ctx.db.cases.get(intake.case.id);
      expect(row).toMatchObject({ status: 'accepted', lastReturn: { department: '民政科', outcome: 'result', note: '审核通过', at: '2026-11-24T02:00:00.000Z' }, rejected: [] });
      expect(row?.history.at(-1)).toMatchObject({ type: 'returned' });
    }
  });

  it('sets aside a second resident with a document already on file, and still moves on', async () => {
    const a = await workstation('W01', 0);
    const b = await workstation('W02', 50_000);
    await createResident(a.ctx, person(5));
    await createResident(a.ctx, person(6));
    const mine = await createResident(b.ctx, person(5));
    const page = asPulled(await a.store.readOutbox(0, 10), A_DEVICE);
    await b.store.applyPulled(page, String(page.length), 'x');
    // The colliding one is set aside; the other one in the same page is written.
    expect(await b.ctx.db.residents.count()).toBe(2);
    expect((await b.ctx.db.residents.where('document.number').equals(mine.document.number).first())?.id).toBe(mine.id);
    expect((await syncConflicts(b.ctx.db)).map((c) => c.kind)).toEqual(['duplicate-document']);
    expect(await b.store.pullCursor()).toBe(String(page.length));
  });

  it('replaces the catalogue and a calendar year; a failed page leaves data and cursor as they were', async () => {
    const b = await workstation('W02', 50_000);
    const catalogue = (version: string, codes: string[]): PullChange => ({
      cursor: '1',
      originDeviceId: null,
      kind: 'catalogue',
      payload: { version, publishedAt: '2026-11-23T00:00:00.000Z', document: { version, matters: codes.map((code) => ({ code, name: code })) } },
    });
    await b.store.applyPulled([catalogue('v1', ['A-1', 'A-2', 'A-3'])], '1', 'x');
    await b.store.applyPulled([catalogue('v2', ['A-2', 'B-1'])], '2', 'x');
    expect((await b.ctx.db.catalogue.toArray()).map((m) => [m.code, m.catalogueVersion])).toEqual([['A-2', 'v2'], ['B-1', 'v2']]);

    const calendar: PullChange = {
      cursor: '3',
      originDeviceId: null,
      kind: 'calendar',
      payload: {
        version: '2027@x',
        publishedAt: '2026-11-23T00:00:00.000Z',
        document: { year: 2027, source: '国务院办公厅通知', publishedAt: '2026-11-01T00:00:00Z', holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] },
      },
    };
    await b.store.applyPulled([calendar], '3', 'x');
    expect((await b.ctx.db.calendar.get(2027))?.calendarVersion).toBe('2027@x');

    let fail = true;
    b.ctx.db.calendar.hook('updating', () => {
      if (fail) throw new Error('quota');
    });
    await expect(b.store.applyPulled([catalogue('v3', ['C-1']), { ...calendar, cursor: '5' }], '5', 'x')).rejects.toThrow('quota');
    fail = false;
    expect(await b.store.pullCursor()).toBe('3');
    expect((await b.ctx.db.catalogue.toArray()).map((m) => m.code)).toEqual(['A-2', 'B-1']);
  });
});

describe('applyPulled on a workstation catching up', () => {
  const T1 = '1795400000001-0000-srv';
  const T2 = '1795400000002-0000-srv';
  const T3 = '1795400000003-0000-srv';

  /** A whole-resident change with every field stamped `hlc`, some values replaced (each stamped as given). */
  function stamped(change: PullChange, cursor: string, hlc: string, values: Record<string, [unknown, string]> = {}): PullChange {
    if (change.kind !== 'resident') throw new Error('a resident change');
    const fields = Object.fromEntries(Object.entries(change.payload.fields).map(([name, v]) => [name, { value: v.value, hlc }]));
    for (const [name, [value, at]] of Object.entries(values)) fields[name] = { value, hlc: at };
    return { ...change, cursor, payload: { residentId: change.payload.residentId, fields } };
  }

  async function threeResidents() {
    const a = await workstation('W01', 0);
    const b = await workstation('W02', 50_000);
    for (let i = 11; i <= 13; i++) await createResident(a.ctx, person(i));
    const [x, y, z] = asPulled(await a.store.readOutbox(0, 10), A_DEVICE) as [PullChange, PullChange, PullChange];
    return { b, x, y, z };
  }

  it('merges the page\'s residents already stored field by field, and writes the others whole', async () => {
    const { b, x, y, z } = await threeResidents();
    await b.store.applyPulled([stamped(x, '1', T1, { phone: ['13900000003', T3], phoneTail: ['0003', T3] }), stamped(z, '2', T1)], '2', 'x');

    const xId = x.kind === 'resident' ? x.payload.residentId : '';
    const zId = z.kind === 'resident' ? z.payload.residentId : '';
    const zBefore = await getResident(b.ctx.db, zId);
    // Page 2: x again (stamp T2, older than x's stored phone, newer than the rest), y new, and only z's grid.
    const partial: PullChange = { cursor: '5', originDeviceId: A_DEVICE, kind: 'resident', payload: { residentId: zId, fields: { grid: { value: '网格9', hlc: T2 } } } };
    await b.store.applyPulled([stamped(x, '3', T2, { phone: ['13900000009', T2], phoneTail: ['0009', T2], name: ['王新', T2] }), stamped(y, '4', T2), partial], '5', 'x', '2');

    const xRow = await getResident(b.ctx.db, xId);
    expect(xRow).toMatchObject({ name: '王新', phone: '13900000003', phoneTail: '0003' });
    expect(xRow?.fieldHlc).toMatchObject({ name: T2, phone: T3, phoneTail: T3, document: T2 });
    const yId = y.kind === 'resident' ? y.payload.residentId : '';
    expect(await getResident(b.ctx.db, yId)).toMatchObject({ id: yId, name: person(12).name, fieldHlc: { name: T2, phone: T2 } });
    // A change of one field to a stored resident is merged onto it, not set aside as an incomplete record.
    const { fieldHlc: _z, ...zAfter } = (await getResident(b.ctx.db, zId))!;
    const { fieldHlc: _zb, ...zWas } = zBefore!;
    expect(zAfter).toEqual({ ...zWas, grid: '网格9' });
    expect(await syncConflicts(b.ctx.db)).toEqual([]);
    expect(await b.store.pullCursor()).toBe('5');
  });

  it('a page read from another cursor than the stored one applies nothing', async () => {
    const { b, x, y } = await threeResidents();
    await b.store.applyPulled([stamped(x, '1', T1)], '1', 'x', '0');
    await expect(b.store.applyPulled([stamped(y, '3', T1)], '3', 'x', '2')).rejects.toThrow(PullOutOfOrderError);
    expect(await b.ctx.db.residents.count()).toBe(1);
    expect(await b.store.pullCursor()).toBe('1');
  });

  it('pages handed over together are applied in the order given, however long each takes to prepare', async () => {
    const { b, x, y } = await threeResidents();
    const store = new DexieSyncStore(b.ctx.db, { now: () => Date.UTC(2026, 10, 23, 12) }, yieldToEventLoop);
    // Page 1 is prepared in slices with pauses between; page 2 (one resident) would be ready long before.
    const long = Array.from({ length: 250 }, (_, i) => stamped(x, String(i + 1), T1));
    const first = store.applyPulled(long, '250', 'x', '0');
    const second = store.applyPulled([stamped(y, '251', T1)], '251', 'x', '250');
    await Promise.all([first, second]);
    expect(await store.pullCursor()).toBe('251');
    expect(await b.ctx.db.residents.count()).toBe(2);
  });

  it('a page queued behind one that fails applies nothing, and neither page\'s cursor is kept', async () => {
    const { b, x, y } = await threeResidents();
    let fail = true;
    b.ctx.db.residents.hook('creating', () => {
      if (fail) throw new Error('quota');
    });
    // As the engine does: page 2's transaction is created while page 1's is still running.
    const first = b.store.applyPulled([stamped(x, '1', T1)], '1', 'x', '0');
    const second = b.store.applyPulled([stamped(y, '2', T1)], '2', 'x', '1');
    await expect(first).rejects.toThrow('quota');
    fail = false;
    await expect(second).rejects.toThrow(PullOutOfOrderError);
    expect(await b.ctx.db.residents.count()).toBe(0);
    expect(await b.store.pullCursor()).toBe('0');
  });
});
