import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { addDays } from '@shared/domain/calendar/iso-date';
import { caseEventBuilder } from '@shared/domain/case/event-fixtures';
import { weekdayCalendar } from '@shared/domain/case/fake-calendar';
import { foldEvents, type CaseState } from '@shared/domain/case/reducer';
import { computeDailyLog, listedThrough } from '@shared/domain/daily-log/daily-log';
import { CASE_PATHS, caseEvents, CLERKS, HALL, RESIDENTS, type CaseSpec } from '@shared/domain/daily-log/log-fixtures';
import { residentLabelOf } from '@shared/domain/resident-label';
import { decodeOp } from '@shared/sync/encoded-op';
import { caseRowOf } from './case-row';
import { tallyDelta } from './case-tally';
import { dailyLogSources, logLookups } from './daily-log-queries';
import { digestOf, readOpenCases } from './open-case-digest';
import { enqueueOps, outboxOps, outboxStatus, pendingOutboxOps } from './outbox';
import type { CaseRow } from './rows';
import { CURRENT_VERSION, LABEL_UPGRADE_DAYS, STORES_V1, STORES_V2, STORES_V3, STORES_V4, STORES_V5, STORES_V6, STORES_V7, STORES_V8, YizhanDb } from './schema';
import { needsAdminAccount, signInRoster } from './staff';
import { DexieSyncStore } from './sync-store';
import { fakeClock, isolatedIndexedDb, residentIdNumber } from './test-support';

const resident = (id: string, number: string, phone?: string) => ({
  id,
  name: '张三',
  nameInitials: 'zs',
  document: { type: 'resident-id', number },
  ...(phone !== undefined ? { phone } : {}),
  flags: [],
  createdAt: '2026-11-01T01:00:00.000Z',
  updatedAt: '2026-11-01T01:00:00.000Z',
  createdBy: 'staff-1',
  workstationId: 'ws-1',
});

function sorted<T extends { status: string; deadline: string; shard: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => `${a.status} ${a.deadline} ${String(a.shard).padStart(2, '0')}`.localeCompare(`${b.status} ${b.deadline} ${String(b.shard).padStart(2, '0')}`));
}

/**
 * Writes `seed` with a raw Dexie that knows only `version` (exactly what that version shipped, nothing of later
 * ones), then opens the database as the app does, running every upgrade since.
 */
async function upgradedFrom(idb: ReturnType<typeof isolatedIndexedDb>, name: string, version: number, stores: Record<string, string | null>, seed: (old: Dexie) => Promise<unknown>): Promise<YizhanDb> {
  const old = new Dexie(name, idb);
  old.version(version).stores(stores);
  await old.open();
  await seed(old);
  old.close();
  const db = new YizhanDb(name, idb);
  await db.open();
  return db;
}

describe('YizhanDb schema', () => {
  it('upgrades data written at v1: derives phoneTail and keeps every other table', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-from-v1';

    const db = await upgradedFrom(idb, name, 1, STORES_V1, async (v1) => {
      await v1.table('residents').bulkAdd([
        resident('r1', residentIdNumber('11010519491231002'), '13812345678'),
        resident('r2', residentIdNumber('44030619900101123'), '0755-8888-1234'),
        resident('r3', residentIdNumber('31011519851111222')),
        resident('r4', residentIdNumber('32010219770707333'), '+852'),
      ]);
      await v1.table('outbox').add({ seq: 1, opId: 'op', at: '2026-11-01T01:00:00.000Z', kind: 'resident-patch', payload: {} });
      await v1.table('meta').bulkAdd([
        { key: 'outbox.lastSeq', value: 1 },
        { key: 'outbox.ackedSeq', value: 0 },
      ]);
    });
    expect(db.verno).toBe(CURRENT_VERSION);

    const byId = new Map((await db.residents.toArray()).map((r) => [r.id, r]));
    expect(byId.get('r1')?.phoneTail).toBe('5678');
    expect(byId.get('r2')?.phoneTail).toBe('1234');
    expect(byId.get('r3')).not.toHaveProperty('phoneTail');
    // "+852" has only three digits: no tail rather than a wrong one.
    expect(byId.get('r4')).not.toHaveProperty('phoneTail');

    // The new index answers, and untouched tables survive.
    expect((await db.residents.where('phoneTail').equals('5678').toArray()).map((r) => r.id)).toEqual(['r1']);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.meta.get('outbox.lastSeq')).toEqual({ key: 'outbox.lastSeq', value: 1 });
    db.close();
  });

  it('upgrades data written at v2: every table survives, audit and lockouts start empty, setup clerks cannot sign in', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-from-v2';

    const db = await upgradedFrom(idb, name, 2, STORES_V2, async (v2) => {
      await v2.table('residents').add({ ...resident('r1', residentIdNumber('11010519491231002'), '13812345678'), phoneTail: '5678' });
      // What v2's first-run setup wrote: the clerk typed at setup, with no role and no credential.
      await v2.table('staff').add({ id: 'b3b0c1de-0000-4000-8000-000000000001', name: '李娜', hallCode: 'GL0301', createdAt: '2026-11-01T01:00:00.000Z' });
      await v2.table('outbox').add({ seq: 1, opId: 'op', at: '2026-11-01T01:00:00.000Z', kind: 'resident-patch', payload: {} });
      await v2.table('meta').bulkAdd([
        { key: 'outbox.lastSeq', value: 1 },
        { key: 'workstation', value: { hallCode: 'GL0301' } },
      ]);
    });
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(CURRENT_VERSION).toBe(9);
    expect(await db.residents.where('phoneTail').equals('5678').count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.meta.get('outbox.lastSeq')).toEqual({ key: 'outbox.lastSeq', value: 1 });
    // The legacy row keeps its name (old records still show it) …
    expect(await db.staff.get('b3b0c1de-0000-4000-8000-000000000001')).toMatchObject({ name: '李娜' });
    // … but is never offered for sign-in, so the upgraded workstation asks for an administrator first.
    expect(await signInRoster(db, 'GL0301')).toEqual([]);
    expect(await needsAdminAccount(db, 'GL0301')).toBe(true);
    // The new tables and their indexes answer.
    expect(await db.audit.count()).toBe(0);
    expect(await db.audit.where('at').above('').count()).toBe(0);
    expect(await db.audit.where('[staffId+at]').between(['x', ''], ['x', '\uffff']).count()).toBe(0);
    expect(await db.lockouts.count()).toBe(0);
    db.close();
  });

  it('upgrades data written at v3: cases keep their rows, indexed by [status+handling] and (when dated) [status+deadline]', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-from-v3';

    const db = await upgradedFrom(idb, name, 3, STORES_V3, async (v3) => {
      const caseRow = (id: string, n: number, status: string, handling: string, deadline?: string) => ({
        id,
        caseNumber: `GL0301-W02-20261120-${String(n).padStart(4, '0')}`,
        day: '2026-11-20',
        status,
        handling,
        residentId: 'r1',
        ...(deadline !== undefined ? { deadline } : {}),
      });
      await v3.table('cases').bulkAdd([
        caseRow('c1', 1, 'accepted', 'promised', '2026-11-30'),
        caseRow('c2', 2, 'accepted', 'promised', '2026-11-25'),
        caseRow('c3', 3, 'awaiting-supplement', 'promised'),
        caseRow('c4', 4, 'completed', 'promised', '2026-11-24'),
        caseRow('c5', 5, 'accepted', 'immediate'),
      ]);
      await v3.table('caseEvents').add({ id: 'e1', caseId: 'c1' });
      await v3.table('audit').add({ id: 'a1', at: '2026-11-20T01:00:00.000Z', staffId: 's1' });
    });
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.cases.count()).toBe(5);
    const dated = (status: string) =>
      db.cases.where('[status+deadline]').between([status, Dexie.minKey], [status, Dexie.maxKey]).primaryKeys();
    const ofStatus = (status: string) =>
      db.cases.where('[status+handling]').between([status, Dexie.minKey], [status, Dexie.maxKey]).primaryKeys();
    // Earliest deadline first; a case without a deadline is not in it, but `[status+handling]` holds every row.
    expect(await dated('accepted')).toEqual(['c2', 'c1']);
    expect(await dated('awaiting-supplement')).toEqual([]);
    expect(await ofStatus('awaiting-supplement')).toEqual(['c3']);
    expect(await ofStatus('accepted')).toEqual(['c5', 'c1', 'c2']);
    expect(await db.cases.where('[status+handling]').equals(['accepted', 'immediate']).primaryKeys()).toEqual(['c5']);
    expect(await db.cases.where('[day+status]').equals(['2026-11-20', 'completed']).primaryKeys()).toEqual(['c4']);
    expect(await db.caseEvents.where('caseId').equals('c1').count()).toBe(1);
    expect(await db.audit.count()).toBe(1);
    db.close();
  });

  it('upgrades data written at v4: every table survives, shifts and handovers start empty and their indexes answer', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-from-v4';

    const db = await upgradedFrom(idb, name, 4, STORES_V4, async (v4) => {
      await v4.table('cases').add({ id: 'c1', caseNumber: 'GL0301-W02-20261120-0001', day: '2026-11-20', status: 'accepted', handling: 'promised', deadline: '2026-11-30', residentId: 'r1' });
      await v4.table('audit').add({ id: 'a1', at: '2026-11-20T01:00:00.000Z', staffId: 's1' });
      await v4.table('outbox').add({ seq: 1, opId: 'op', at: '2026-11-20T01:00:00.000Z', kind: 'audit', payload: {} });
    });
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.cases.where('[status+deadline]').equals(['accepted', '2026-11-30']).primaryKeys()).toEqual(['c1']);
    expect(await db.audit.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.shifts.count()).toBe(0);
    expect(await db.handovers.count()).toBe(0);
    await db.shifts.add({ id: 's1', day: '2026-11-20', staffId: 'x', staffName: '李娜', workstationId: 'w', startedAt: '2026-11-20T01:00:00.000Z' });
    await db.handovers.add({ id: 'h1', day: '2026-11-20', shiftId: 's1', at: '2026-11-20T09:00:00.000Z', staffId: 'x', staffName: '李娜', openCaseCount: 0, openCaseNumbers: [], note: '' });
    expect(await db.shifts.where('[day+staffId]').equals(['2026-11-20', 'x']).primaryKeys()).toEqual(['s1']);
    expect(await db.handovers.where('day').equals('2026-11-20').primaryKeys()).toEqual(['h1']);
    db.close();
  });

  it('upgrades data written at v5: case rows get the hall days of their events, indexed multi-entry', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-from-v5';
    // Received 22 Nov 16:30 Beijing (08:30Z), accepted 16:31; completed 24 Nov 09:00 Beijing (01:00Z, 23 Nov UTC).
    const ev = caseEventBuilder({ caseId: 'c1', start: '2026-11-22T08:30:00.000Z' });
    const received = ev('received', { caseNumber: 'GL0301-W02-20261122-0001' });
    const accepted = ev('accepted', { deadline: '2026-12-04' });
    const completed = { ...ev('completed', {}), at: '2026-11-24T01:00:00.000Z' };
    const folded = foldEvents([received, accepted, completed]);
    if (folded === null) throw new Error('fixture does not fold');
    const { activityDays: _none, ...v5Row } = { ...folded, id: 'c1', day: '2026-11-22', activityDays: undefined };
    const other = { ...v5Row, id: 'c2', caseId: 'c2', caseNumber: 'GL0301-W02-20261122-0002', history: v5Row.history.slice(0, 1) };

    const db = await upgradedFrom(idb, name, 5, STORES_V5, async (v5) => {
      await v5.table('cases').bulkAdd([v5Row, other]);
      await v5.table('caseEvents').bulkAdd([received, accepted, completed]);
      await v5.table('handovers').add({ id: 'h1', day: '2026-11-22' });
    });
    expect(db.verno).toBe(CURRENT_VERSION);
    expect((await db.cases.get('c1'))?.activityDays).toEqual(['2026-11-22', '2026-11-24']);
    expect(await db.cases.where('activityDays').equals('2026-11-22').primaryKeys()).toEqual(['c1', 'c2']);
    expect(await db.cases.where('activityDays').equals('2026-11-23').primaryKeys()).toEqual([]);
    expect(await db.cases.where('activityDays').equals('2026-11-24').primaryKeys()).toEqual(['c1']);
    expect(await db.cases.where('[status+deadline]').equals(['completed', '2026-12-04']).primaryKeys()).toEqual(['c1', 'c2']);
    expect(await db.caseEvents.count()).toBe(3);
    expect(await db.handovers.count()).toBe(1);
    // Both rows are completed: nothing on track to count.
    expect(await db.caseTally.count()).toBe(0);
    db.close();
  });

  it('builds the on-track tally from the stored rows when upgrading to v6', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-tally-from-v5';
    const row = (id: string, status: string, deadline?: string) => ({ id, caseNumber: `GL0301-W02-20261120-${id}`, day: '2026-11-20', status, handling: 'promised', residentId: 'r1', history: [], rejected: [], ...(deadline !== undefined ? { deadline } : {}) });
    const db = await upgradedFrom(idb, name, 5, STORES_V5, async (v5) => {
      await v5.table('cases').bulkAdd([row('1', 'accepted', '2026-12-01'), row('2', 'accepted', '2026-12-01'), row('3', 'forwarded', '2026-12-02'), row('4', 'completed', '2026-12-01'), row('5', 'accepted')]);
    });
    expect(await db.caseTally.toArray()).toEqual([
      { status: 'accepted', deadline: '2026-12-01', n: 2 },
      { status: 'forwarded', deadline: '2026-12-02', n: 1 },
    ]);
    db.close();
  });

  it('upgrades data written at v6: the open-case digest holds a summary of every open row, with the masked name', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-from-v6';
    const ev = caseEventBuilder({ caseId: 'c1', start: '2026-11-20T01:00:00.000Z' });
    const open = foldEvents([ev('received', { caseNumber: 'GL0301-W02-20261120-0001', residentId: 'r1' }), ev('accepted', { deadline: '2026-12-04' })]);
    const ev2 = caseEventBuilder({ caseId: 'c2', start: '2026-11-20T02:00:00.000Z' });
    const closed = foldEvents([ev2('received', { caseNumber: 'GL0301-W02-20261120-0002', residentId: 'r1' }), ev2('accepted', {}), ev2('completed', {})]);
    const ev3 = caseEventBuilder({ caseId: 'c3', start: '2026-11-20T03:00:00.000Z' });
    const noResident = foldEvents([ev3('received', { caseNumber: 'GL0301-W02-20261120-0003', residentId: 'r-absent' })]);
    if (open === null || closed === null || noResident === null) throw new Error('fixture does not fold');
    const rowOf = (s: typeof open, id: string) => ({ ...s, id, day: '2026-11-20', activityDays: ['2026-11-20'] });

    const db = await upgradedFrom(idb, name, 6, STORES_V6, async (v6) => {
      await v6.table('residents').add({ ...resident('r1', residentIdNumber('11010519491231002')), name: '王秀英' });
      await v6.table('cases').bulkAdd([rowOf(open, 'c1'), rowOf(closed, 'c2'), rowOf(noResident, 'c3')]);
    });
    expect(db.verno).toBe(CURRENT_VERSION);
    const summaries = await readOpenCases(db, null);
    expect(summaries.map((s) => [s.caseId, s.status, s.deadline, s.residentMaskedName])).toEqual(
      expect.arrayContaining([
        ['c1', 'accepted', '2026-12-04', '王**'],
        ['c3', 'received', undefined, undefined],
      ]),
    );
    expect(summaries).toHaveLength(2);
    expect(await db.cases.count()).toBe(3);
    db.close();
  });

  it('upgrades data written at v7: rows touched in the last days before the newest get masked labels, the log is the same', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-from-v7';
    const [li, wang] = CLERKS;
    const at = (day: string, hhmm: string) => new Date(Date.parse(`${day}T${hhmm}:00.000+08:00`)).toISOString();
    const NEWEST = '2026-11-20';
    const firstLabelled = addDays(NEWEST, 1 - LABEL_UPGRADE_DAYS);
    const lastUnlabelled = addDays(firstLabelled, -1);
    const specs: CaseSpec[] = [
      ...CASE_PATHS.map((path, i): CaseSpec => ({ n: 1 + i, path, receivedAt: at(NEWEST, '09:00'), clerk: li, deadline: '2026-11-27' })),
      ...CASE_PATHS.map((path, i): CaseSpec => ({ n: 20 + i, path, receivedAt: at(addDays(NEWEST, -3), '10:00'), clerk: wang, deadline: '2026-11-19' })),
      // The oldest day labelled, and the day before it (closed that day: untouched since).
      { n: 40, path: 'on-the-spot', receivedAt: at(firstLabelled, '09:00'), clerk: li },
      { n: 41, path: 'on-the-spot', receivedAt: at(lastUnlabelled, '09:00'), clerk: li },
      // Long ago: closed then, and one still open (listed on today's log as overdue from the digest).
      ...CASE_PATHS.map((path, i): CaseSpec => ({ n: 50 + i, path, receivedAt: at('2026-09-14', '09:00'), clerk: wang, deadline: '2026-09-30' })),
      // Received long ago and completed on the newest day: touched in the window, so labelled.
      { n: 70, path: 'completed-later', receivedAt: at('2026-09-15', '09:00'), clerk: li, gaps: [1, (Date.parse(at(NEWEST, '11:00')) - Date.parse(at('2026-09-15', '09:01'))) / 60_000] },
      // A resident never pulled to this workstation: nothing to label with.
      { n: 80, path: 'promised-open', receivedAt: at(NEWEST, '15:00'), clerk: wang, residentId: 'resident-absent' },
    ];
    const events = specs.flatMap((spec) => caseEvents(spec));
    const rows = specs.map((spec) => caseRowOf(foldEvents(caseEvents(spec)) as CaseState));
    expect(rows.every((row) => row.activityDays.every((day) => day <= NEWEST))).toBe(true);
    const residentRows = Object.entries(RESIDENTS).map(([id, r], i) => ({ ...resident(id, r.document.number), name: r.name, nameInitials: `r${i}` }));
    const names = new Map(residentRows.map((r) => [r.id, r.name]));

    const calendar = weekdayCalendar();
    const days = [NEWEST, addDays(NEWEST, -3), firstLabelled, lastUnlabelled, '2026-09-14'];
    const logOn = async (db: YizhanDb, date: string) => {
      const sources = await dailyLogSources(db, date, { listedThrough: listedThrough(date, calendar) });
      return { log: computeDailyLog({ date, hall: HALL, ...logLookups(sources), calendar }), received: sources.caseStates.length };
    };
    let before: Awaited<ReturnType<typeof logOn>>[] = [];
    const db = await upgradedFrom(idb, name, 7, STORES_V7, async (v7) => {
      await v7.table('residents').bulkAdd(residentRows);
      await v7.table('cases').bulkAdd(rows);
      await v7.table('caseEvents').bulkAdd(events);
      await v7.table('caseTally').bulkPut([...tallyDelta(rows.map((after) => ({ after }))).values()].map((d) => ({ status: d.key[0], deadline: d.key[1], n: d.n })));
      await v7.table('openCases').bulkPut(digestOf(rows, (id) => names.get(id)));
      // The log of each day as the v7 store gives it: the query reads only tables v7 has.
      before = await Promise.all(days.map((day) => logOn(v7 as unknown as YizhanDb, day)));
    });
    expect(db.verno).toBe(CURRENT_VERSION);
    const stored = await db.cases.toArray();
    const touchedRecently = (row: CaseRow) => row.activityDays.some((day) => day >= firstLabelled);
    const labelled = stored.filter((row) => row.residentLabel !== undefined);
    expect(labelled.map((row) => row.id).sort()).toEqual(stored.filter((row) => touchedRecently(row) && row.residentId !== 'resident-absent').map((row) => row.id).sort());
    for (const row of labelled) expect(row.residentLabel).toEqual(residentLabelOf(RESIDENTS[row.residentId] as (typeof RESIDENTS)[string]));
    // Each kind of row is there: labelled recent ones, the oldest day labelled and not the one before, old ones.
    expect(labelled.some((row) => row.day === firstLabelled)).toBe(true);
    expect(stored.some((row) => row.day === lastUnlabelled && row.residentLabel === undefined)).toBe(true);
    expect(labelled.some((row) => row.day === '2026-09-15')).toBe(true);
    expect(stored.filter((row) => row.day === '2026-09-14').every((row) => row.residentLabel === undefined)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(RESIDENTS['resident-1']?.document.number);
    // The other tables are untouched.
    expect(await db.caseEvents.count()).toBe(events.length);
    expect(sorted(await db.openCases.toArray())).toEqual(sorted(digestOf(rows, (id) => names.get(id))));

    const after = await Promise.all(days.map((day) => logOn(db, day)));
    expect(after).toEqual(before);
    for (const [i, day] of days.entries()) {
      expect(after[i]?.received).toBeGreaterThan(0);
      const residents = (id: string) => (RESIDENTS[id] === undefined ? undefined : residentLabelOf(RESIDENTS[id]));
      expect(after[i]?.log).toEqual(computeDailyLog({ date: day, hall: HALL, events, residents, calendar }));
    }
    db.close();
  });

  it('labels nothing when upgrading a v7 store without cases', async () => {
    const idb = isolatedIndexedDb();
    const v7 = new Dexie('upgrade-empty-v7', idb);
    v7.version(7).stores(STORES_V7);
    await v7.open();
    await v7.table('residents').add(resident('r1', residentIdNumber('11010519491231002')));
    v7.close();
    const db = new YizhanDb('upgrade-empty-v7', idb);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.cases.count()).toBe(0);
    expect(await db.residents.count()).toBe(1);
    db.close();
  });

  it('upgrades data written at v8: outbox rows become the UTF-8 JSON of the same ops, under the same keys', async () => {
    const idb = isolatedIndexedDb();
    const name = 'upgrade-from-v8';
    const at = '2026-11-20T01:00:00.000Z';
    const ops = [
      { seq: 1, opId: 'op-1', at, kind: 'audit', payload: { id: 'a1', action: 'sign-in', note: '签到' } },
      { seq: 2, opId: 'op-2', at, kind: 'case-event', payload: { id: 'e1', caseId: 'c1', type: 'received', payload: { matterName: '最低生活保障申请受理（城乡居民）' } } },
      // Any text survives: emoji, quotes, and a lone surrogate (JSON.stringify escapes it).
      { seq: 3, opId: 'op-3', at, kind: 'resident-patch', payload: { residentId: 'r1', fields: { name: { value: '张"三\\😀\ud800', hlc: '0001' } } } },
    ];
    const db = await upgradedFrom(idb, name, 8, STORES_V8, async (v8) => {
      await v8.table('outbox').bulkAdd(ops);
      await v8.table('meta').bulkPut([
        { key: 'outbox.lastSeq', value: 3 },
        { key: 'outbox.ackedSeq', value: 1 },
      ]);
    });
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([1, 2, 3]);
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => [r.seq, r.kind, r.json instanceof Uint8Array])).toEqual([
      [1, 'audit', true],
      [2, 'case-event', true],
      [3, 'resident-patch', true],
    ]);
    // Exactly the bytes a push sends for each op: its JSON in UTF-8.
    rows.forEach((row, i) => expect(row.json).toEqual(new TextEncoder().encode(JSON.stringify(ops[i]))));
    expect(rows.map(decodeOp)).toEqual(ops);
    expect(await outboxStatus(db)).toEqual({ lastSeq: 3, ackedSeq: 1, pending: 2, rejected: 0 });
    // What a push reads next (the engine starts after the recorded watermark), and what the sync page lists.
    const sync = new DexieSyncStore(db, { now: () => Date.parse(at) });
    expect(await sync.outboxBounds()).toEqual({ ackedSeq: 1, lastSeq: 3 });
    const pushed = await sync.readOutbox(1, 500);
    expect(pushed).toEqual(rows.slice(1));
    expect(pushed.map(decodeOp)).toEqual(ops.slice(1));
    expect(await pendingOutboxOps(db)).toEqual(ops.slice(1));

    // The counters carry on: the next op written after the upgrade is seq 4, stored the new way beside the old ones.
    const clock = fakeClock();
    const written = await db.transaction('rw', db.outbox, db.meta, () => enqueueOps(db, clock, [{ kind: 'resident-patch', payload: { residentId: 'r1', fields: { phone: { value: null, hlc: '0002' } } } }]));
    expect(written.map((op) => op.seq)).toEqual([4]);
    expect(await outboxOps(db)).toEqual([...ops, ...written]);
    db.close();
  });

  it('has exactly the documented indexes (each one costs write speed)', async () => {
    const db = new YizhanDb('indexes', isolatedIndexedDb());
    await db.open();
    const indexes = Object.fromEntries(
      db.tables.map((t) => [t.name, [t.schema.primKey.name, ...t.schema.indexes.map((i) => (i.unique ? `&${i.name}` : i.name))]]),
    );
    expect(indexes).toEqual({
      residents: ['id', '&document.number', 'name', 'nameInitials', 'phone', 'phoneTail'],
      cases: ['id', '&caseNumber', '[day+status]', '[status+handling]', '[status+deadline]', 'residentId', 'activityDays'],
      caseEvents: ['id', 'caseId'],
      catalogue: ['code'],
      calendar: ['year'],
      staff: ['id'],
      audit: ['id', 'at', '[staffId+at]'],
      lockouts: ['staffId'],
      shifts: ['id', '[day+staffId]'],
      caseTally: ['[status+deadline]'],
      openCases: ['[status+deadline+shard]'],
      handovers: ['id', 'day'],
      outbox: ['seq'],
      rejected: ['seq'],
      meta: ['key'],
    });
    db.close();
  });

  it('keeps databases of different names apart', async () => {
    const idb = isolatedIndexedDb();
    const a = new YizhanDb('a', idb);
    const b = new YizhanDb('b', idb);
    await a.meta.put({ key: 'outbox.lastSeq', value: 7 });
    expect(await b.meta.get('outbox.lastSeq')).toBeUndefined();
    a.close();
    b.close();
  });
});
