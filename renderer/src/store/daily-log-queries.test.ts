import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@shared/domain/case/events';
import { weekdayCalendar } from '@shared/domain/case/fake-calendar';
import { computeDailyLog, listedThrough, type DailyLogFilters } from '@shared/domain/daily-log/daily-log';
import { caseEvents, CLERKS, HALL, type CaseSpec } from '@shared/domain/daily-log/log-fixtures';
import { residentLabelOf } from '@shared/domain/resident-label';
import { appendCaseEvents } from './cases';
import { dailyLogSources, hallBoardSources, logLookups, type DailyLogSources } from './daily-log-queries';
import { testContext } from './test-support';

const [LI, WANG, ZHANG] = CLERKS;
const DAY = '2026-11-20';

function hall(date: string, hhmm: string): string {
  return new Date(Date.parse(`${date}T${hhmm}:00.000+08:00`)).toISOString();
}

function daysBefore(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

const SPECS: Record<string, CaseSpec> = {
  today: { n: 1, path: 'on-the-spot', receivedAt: hall(DAY, '09:00'), clerk: LI, residentId: 'resident-a' },
  // Received on the day, completed two days later: its row is newer than the day.
  todayFinishedLater: { n: 2, path: 'completed-later', receivedAt: hall(DAY, '10:00'), clerk: WANG, laterClerk: ZHANG, gaps: [1, 2 * 1440] },
  // Overdue on the day: listed, so read.
  openFromBefore: { n: 3, path: 'promised-open', receivedAt: hall(daysBefore(DAY, 10), '09:00'), clerk: WANG, deadline: '2026-11-19' },
  // Due on the next working day (Monday 23rd; the day is a Friday): listed, so read.
  dueSoon: { n: 9, path: 'promised-open', receivedAt: hall(daysBefore(DAY, 3), '09:00'), clerk: WANG, deadline: '2026-11-23' },
  // On track: counted through the index, not read.
  onTrackFromBefore: { n: 10, path: 'promised-open', receivedAt: hall(daysBefore(DAY, 5), '09:00'), clerk: LI, deadline: '2026-12-10' },
  onTrackFromBefore2: { n: 11, path: 'promised-open', receivedAt: hall(daysBefore(DAY, 4), '09:00'), clerk: WANG, deadline: '2026-12-11' },
  // On track and received on the day: read (touched), so not counted twice.
  onTrackToday: { n: 12, path: 'promised-open', receivedAt: hall(DAY, '11:00'), clerk: LI, deadline: '2026-12-10' },
  // Received a week before, completed on the day.
  finishedOnDay: { n: 4, path: 'completed-later', receivedAt: hall(daysBefore(DAY, 7), '09:00'), clerk: ZHANG, gaps: [1, 7 * 1440 + 120] },
  // A 补正 notice from before the day, still waiting: open, though it has no deadline to index it by.
  noticeFromBefore: { n: 8, path: 'notice-pending', receivedAt: hall(daysBefore(DAY, 2), '09:00'), clerk: LI },
  // Closed before the day: nothing to do with it.
  closedBefore: { n: 5, path: 'on-the-spot', receivedAt: hall(daysBefore(DAY, 3), '09:00'), clerk: LI },
  // Received after the day; one of them on track (in the index's count, but not a case of the day).
  nextDay: { n: 6, path: 'on-the-spot', receivedAt: hall('2026-11-21', '09:00'), clerk: LI },
  onTrackNextDay: { n: 13, path: 'promised-open', receivedAt: hall('2026-11-21', '10:00'), clerk: LI, deadline: '2026-12-15' },
  // Received 50 days before, completed on the day: found by the day's activity, however old.
  ancient: { n: 7, path: 'completed-later', receivedAt: hall(daysBefore(DAY, 50), '09:00'), clerk: ZHANG, gaps: [1, 50 * 1440 + 60] },
};

const idOf = (key: string) => caseEvents(SPECS[key] as CaseSpec)[0]?.caseId as string;

const RESIDENT_A = {
  id: 'resident-a',
  name: '王秀英',
  document: { type: 'resident-id' as const, number: '11010519491231002X' },
  flags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: LI.id,
  workstationId: LI.workstationId,
};

/**
 * The cases above, with resident-a stored after them (its rows carry no label: the query reads the resident) or,
 * with `labelled`, before them (its rows carry the masked labels and the query reads no resident).
 */
async function seeded(options: { labelled?: boolean } = {}) {
  const ctx = testContext();
  const all: CaseEvent[] = [];
  if (options.labelled === true) await ctx.db.residents.put(RESIDENT_A);
  for (const spec of Object.values(SPECS)) {
    const events = caseEvents(spec);
    all.push(...events);
    await appendCaseEvents(ctx, events);
  }
  if (options.labelled !== true) await ctx.db.residents.put(RESIDENT_A);
  await ctx.db.staff.put({ id: ZHANG.id, name: '张伟（值班）', hallCode: HALL.code, createdAt: '2026-01-01T00:00:00.000Z' });
  return { ctx, all };
}

const calendar = weekdayCalendar();
const THROUGH = listedThrough(DAY, calendar);

function logFrom(date: string, sources: DailyLogSources, filters?: DailyLogFilters) {
  return computeDailyLog({
    date,
    hall: HALL,
    ...logLookups(sources),
    calendar,
    ...(filters !== undefined ? { filters } : {}),
  });
}

describe('dailyLogSources', () => {
  it('reads the cases touched on the day, however old, and summaries of the open ones that need the lead; counts the rest', async () => {
    const { ctx } = await seeded();
    const sources = await dailyLogSources(ctx.db, DAY, { listedThrough: THROUGH });
    const ids = sources.caseStates.map((s) => s.caseId).sort();
    expect(THROUGH).toBe('2026-11-23');
    expect(ids).toEqual(['today', 'todayFinishedLater', 'onTrackToday', 'finishedOnDay', 'ancient'].map((k) => idOf(k)).sort());
    // Untouched since before the day: summaries from the digest, not rows.
    expect(sources.openCases.map((s) => s.caseId).sort()).toEqual(['openFromBefore', 'dueSoon', 'noticeFromBefore'].map((k) => idOf(k)).sort());
    // In the index: two from before, today's (given, so not counted) and the next day's (not the day's): 2.
    expect(sources.onTrackCounts).toEqual({ accepted: 2, forwarded: 0 });
    expect(sources.stats).toMatchObject({ touched: 5, counted: 4, refolded: 1 });
  });

  it('loads events only for rows that changed after the day', async () => {
    const { ctx } = await seeded();
    const sources = await dailyLogSources(ctx.db, DAY, { listedThrough: THROUGH });
    expect(new Set(sources.events.map((e) => e.caseId))).toEqual(new Set([idOf('todayFinishedLater')]));
  });

  it.each([
    ['the day', DAY, undefined],
    ['the day, by counter', DAY, { workstationId: LI.workstationId }],
    ['the day, one shift', DAY, { shift: { from: '08:30', to: '10:30' } }],
    ['a past day', daysBefore(DAY, 4), undefined],
    ['a past day, by counter', daysBefore(DAY, 4), { workstationId: WANG.workstationId }],
    // Over three months before the newest case: the cases received since are read, not listed day by day.
    ['a day long past', daysBefore(DAY, 50), undefined],
    ['a day long past, before the oldest case', daysBefore(DAY, 120), undefined],
    ['the next day', '2026-11-21', undefined],
  ] as const)('gives the log of %s the same result as folding every stored event, rows labelled or not', async (_label, date, filters?: DailyLogFilters) => {
    for (const labelled of [false, true]) {
      const { ctx, all } = await seeded({ labelled });
      expect((await ctx.db.cases.toArray()).some((row) => row.residentLabel !== undefined)).toBe(labelled);
      const through = listedThrough(date, calendar);
      const sources = await dailyLogSources(ctx.db, date, {
        listedThrough: through,
        ...(filters?.shift !== undefined ? { shift: filters.shift } : {}),
        ...(filters?.workstationId !== undefined ? { includeOnTrack: true } : {}),
      });
      const fromStore = logFrom(date, sources, filters);
      // The lookup of the fold is the resident record itself, not what the query handed over.
      const residents = (id: string) => (id === RESIDENT_A.id ? residentLabelOf(RESIDENT_A) : undefined);
      const staffName = (id: string) => sources.staffNames.get(id);
      expect(fromStore).toEqual(computeDailyLog({ date, hall: HALL, events: all, residents, staffName, calendar, ...(filters !== undefined ? { filters } : {}) }));
      expect(fromStore.unresolved).toEqual([]);
    }
  });

  it('takes the labels from the rows that have them, reading residents only for the others; whole numbers never leave it', async () => {
    for (const labelled of [false, true]) {
      const { ctx } = await seeded({ labelled });
      // Changed behind the store's back (no relabel): only a query that reads the resident sees it.
      await ctx.db.residents.put({ ...RESIDENT_A, name: '欧阳明' });
      const sources = await dailyLogSources(ctx.db, DAY, { listedThrough: THROUGH });
      expect(sources.residents.get(RESIDENT_A.id)).toEqual({ name: labelled ? '王**' : '欧**', document: '110105********002X' });
      expect(JSON.stringify([...sources.residents.values()])).not.toContain(RESIDENT_A.document.number);
      expect(logFrom(DAY, sources).cases.find((c) => c.caseId === idOf('today'))?.residentName).toBe(labelled ? '王**' : '欧**');
    }
  });

  it('counts and lists the day as the hall saw it', async () => {
    const { ctx } = await seeded();
    const log = logFrom(DAY, await dailyLogSources(ctx.db, DAY, { listedThrough: THROUGH }));
    // The 即办件 of the day, the case from a week before and the 50-day-old one were completed on the day.
    expect(log.activity.completed).toBe(3);
    // Two from before, today's and the one received today and completed two days later (accepted at the end of the day).
    expect(log.onTrack).toEqual({ total: 4, byStatus: { accepted: 4, forwarded: 0 }, listedThrough: '2026-11-23' });
    expect(log.overdue.map((l) => l.caseId)).toEqual([idOf('openFromBefore')]);
    expect(log.pending.map((l) => l.caseId).sort()).toEqual([idOf('dueSoon'), idOf('noticeFromBefore')].sort());
    expect(log.clerks.find((c) => c.staffId === ZHANG.id)?.name).toBe('张伟（值班）');
    expect(log.cases[0]?.residentName).toBe('王**');
  });

  it('narrows the refold to a shift: a row touched after the shift needs its events', async () => {
    const { ctx } = await seeded();
    const morning = await dailyLogSources(ctx.db, DAY, { listedThrough: THROUGH, shift: { from: '08:30', to: '09:30' } });
    // The 10:00 and 11:00 cases, the one finished at 11:00 and the 50-day-old one finished at 10:00 have events after 09:30.
    expect(new Set(morning.events.map((e) => e.caseId))).toEqual(
      new Set([idOf('todayFinishedLater'), idOf('finishedOnDay'), idOf('onTrackToday'), idOf('ancient')]),
    );
  });

  it('adds this workstation’s outbox for the hall board', async () => {
    const { ctx, all } = await seeded();
    const board = await hallBoardSources(ctx.db, DAY, { listedThrough: THROUGH });
    expect(board.sync.pending).toBe(all.length);
    expect(board.caseStates.length).toBe(5);
    expect(board.openCases.length).toBe(3);
  });
});
