import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@shared/domain/case/events';
import { weekdayCalendar } from '@shared/domain/case/fake-calendar';
import { computeDailyLog, listedThrough } from '@shared/domain/daily-log/daily-log';
import { HALL } from '@shared/domain/daily-log/log-fixtures';
import type { OutboxOp, PullChange } from '@shared/sync/protocol';
import { appendCaseEvents } from './cases';
import { dailyLogSources, logLookups } from './daily-log-queries';
import { recordIntake } from './intake-commands';
import { readOpenCases } from './open-case-digest';
import { createResident } from './residents';
import type { StoreContext } from './store-context';
import { DexieSyncStore } from './sync-store';
import { residentIdNumber, spreadFixtureCases, testContext } from './test-support';
import { outboxOps } from './outbox';

const WHOLE_NUMBER = residentIdNumber('11010519491231002');
const LABEL = { name: '王**', document: '110105********002X' };
const PROMISED = { code: 'MZ-001', name: '最低生活保障申请', triage: 'government' as const, handling: 'promised' as const, timeLimitDays: 5 };

async function withResident(ctx: StoreContext) {
  return createResident(ctx, { name: '王秀英', document: { type: 'resident-id', number: WHOLE_NUMBER } });
}

/** The fixture cases (received 16–18 Nov) of one resident, written at the counter of `ctx`. */
async function writeCases(ctx: StoreContext, residentId: string, slice: (events: CaseEvent[]) => CaseEvent[] = (e) => e) {
  const cases = spreadFixtureCases(() => residentId);
  for (const events of cases) await appendCaseEvents(ctx, slice(events));
  return cases;
}

function asPulled(ops: readonly OutboxOp[], from = 0): PullChange[] {
  return ops.flatMap((op, i): PullChange[] => {
    const cursor = String(from + i + 1);
    if (op.kind === 'case-event') return [{ cursor, originDeviceId: null, kind: 'case-event', payload: op.payload }];
    if (op.kind === 'resident-patch') return [{ cursor, originDeviceId: null, kind: 'resident', payload: { residentId: op.payload.residentId, fields: op.payload.fields } }];
    return [];
  });
}

/** A resident put straight into the table, as a pulled new one arrives: no case row is relabelled. */
const LATE = '6a3f0c1e-0000-4000-8000-00000000late';
function lateResident() {
  return {
    id: LATE,
    name: '王秀英',
    document: { type: 'resident-id' as const, number: WHOLE_NUMBER },
    flags: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'staff-1',
    workstationId: 'ws-1',
  };
}

const pulling = (ctx: StoreContext) => new DexieSyncStore(ctx.db, { now: () => Date.UTC(2026, 10, 23, 12) });

describe('resident labels on case rows', () => {
  it('are written by a counter intake, masked: nothing whole is kept on the row', async () => {
    const ctx = testContext();
    const resident = await withResident(ctx);
    const { case: written } = await recordIntake(ctx, { residentId: resident.id, matter: PROMISED, outcome: { kind: 'accept', materialsPresent: [], deadline: '2026-11-30' } });
    const row = await ctx.db.cases.get(written.id);
    expect(row?.residentLabel).toEqual(LABEL);
    expect(JSON.stringify(row)).not.toContain(WHOLE_NUMBER);
    expect(JSON.stringify(row)).not.toContain('王秀英');
  });

  it('are copied from the stored row on later events, without reading the resident again', async () => {
    const ctx = testContext();
    const resident = await withResident(ctx);
    const cases = await writeCases(ctx, resident.id, (events) => events.slice(0, 1));
    // Gone from the table (which the app never does): a later write can only take the label from the row it replaces.
    await ctx.db.residents.delete(resident.id);
    for (const events of cases) if (events.length > 1) await appendCaseEvents(ctx, events.slice(1));
    const rows = await ctx.db.cases.toArray();
    expect(rows.length).toBe(cases.length);
    expect(rows.filter((r) => r.history.length > 1).length).toBeGreaterThan(cases.length / 2);
    expect(rows.map((r) => r.residentLabel)).toEqual(rows.map(() => LABEL));
    expect((await readOpenCases(ctx.db, null)).map((s) => s.residentMaskedName)).toContain(LABEL.name);
  });

  it('are written by pulled events when the resident is here (pulled on the same page, before the events)', async () => {
    const a = testContext();
    const resident = await withResident(a);
    await writeCases(a, resident.id);
    const b = testContext();
    await pulling(b).applyPulled(asPulled(await outboxOps(a.db)), '1', 'x');
    const rows = await b.db.cases.toArray();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.residentLabel?.name === LABEL.name && r.residentLabel.document === LABEL.document)).toBe(true);
  });

  it('are absent on cases pulled before their resident; the log still prints the masked labels once the resident is here', async () => {
    const a = testContext();
    const resident = await withResident(a);
    await writeCases(a, resident.id);
    const ops = await outboxOps(a.db);
    const b = testContext();
    const store = pulling(b);
    const events = asPulled(ops.filter((op) => op.kind === 'case-event'));
    await store.applyPulled(events, String(events.length), 'x');
    expect((await b.db.cases.toArray()).every((r) => r.residentLabel === undefined)).toBe(true);
    expect((await readOpenCases(b.db, null)).every((s) => s.residentMaskedName === undefined)).toBe(true);

    // The resident arrives: new to this workstation, so nothing is relabelled (no probe per pulled resident)…
    await store.applyPulled(asPulled(ops.filter((op) => op.kind === 'resident-patch'), events.length), String(events.length + 1), 'x');
    expect((await b.db.cases.toArray()).every((r) => r.residentLabel === undefined)).toBe(true);
    // …and the log reads the resident for those rows, handing the log masked labels only.
    const date = '2026-11-16';
    const sources = await dailyLogSources(b.db, date, { listedThrough: listedThrough(date, weekdayCalendar()) });
    expect(sources.caseStates.length).toBeGreaterThan(0);
    expect(JSON.stringify([...sources.residents.values()])).not.toContain(WHOLE_NUMBER);
    const log = computeDailyLog({ date, hall: HALL, ...logLookups(sources), calendar: weekdayCalendar() });
    expect(log.cases.length).toBeGreaterThan(0);
    expect(log.cases.every((c) => c.residentName === LABEL.name && c.residentDocument === LABEL.document)).toBe(true);

    // The next event on such a case labels its row.
    const [open] = await readOpenCases(b.db, null);
    if (open === undefined) throw new Error('fixture without open cases');
    const stored = await b.db.caseEvents.where('caseId').equals(open.caseId).toArray();
    const last = stored.reduce((x, y) => (x.at > y.at ? x : y));
    const note: CaseEvent = { ...last, id: '00000000-0000-4000-8000-0000000fffff', at: new Date(Date.parse(last.at) + 60_000).toISOString(), type: 'rated', payload: { level: 'satisfied' } } as CaseEvent;
    await store.applyPulled([{ cursor: 'n', originDeviceId: null, kind: 'case-event', payload: note }], String(events.length + 2), 'x');
    expect((await b.db.cases.get(open.caseId))?.residentLabel).toEqual(LABEL);
  });

  it('leave nothing behind when the write that set them is rolled back', async () => {
    const ctx = testContext();
    const [a, b] = spreadFixtureCases(() => LATE).filter((events) => events[1]?.type === 'accepted');
    if (!a || !b) throw new Error('fixture without accepted cases');
    await appendCaseEvents(ctx, a.slice(0, 2));
    await appendCaseEvents(ctx, b.slice(0, 1));
    // The resident arrives without relabelling (as a pulled new resident does): b's next write would label its row.
    await ctx.db.residents.put(lateResident());
    const before = await ctx.db.cases.get(b[0]?.caseId as string);
    expect(before?.residentLabel).toBeUndefined();
    const clash = { ...(b[1] as CaseEvent), id: (a[1] as CaseEvent).id };
    await expect(appendCaseEvents(ctx, [clash])).rejects.toThrow();
    expect(await ctx.db.cases.get(b[0]?.caseId as string)).toEqual(before);
    // The same write without the clash labels it: the rollback, not a missing label, kept it unlabelled above.
    await appendCaseEvents(ctx, b.slice(1, 2));
    expect((await ctx.db.cases.get(b[0]?.caseId as string))?.residentLabel).toEqual(LABEL);
  });
});
