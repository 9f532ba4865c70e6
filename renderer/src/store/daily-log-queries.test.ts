import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@shared/domain/case/events';
import { weekdayCalendar } from '@shared/domain/case/fake-calendar';
import { computeDailyLog } from '@shared/domain/daily-log/daily-log';
import { caseEvents, CLERKS, HALL, type CaseSpec } from '@shared/domain/daily-log/log-fixtures';
import { appendCaseEvents } from './cases';
import { dailyLogSources, DEFAULT_LOOKBACK_DAYS, hallBoardSources } from './daily-log-queries';
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
  openFromBefore: { n: 3, path: 'promised-open', receivedAt: hall(daysBefore(DAY, 10), '09:00'), clerk: WANG, deadline: '2026-11-19' },
  // Received a week before, completed on the day.
  finishedOnDay: { n: 4, path: 'completed-later', receivedAt: hall(daysBefore(DAY, 7), '09:00'), clerk: ZHANG, gaps: [1, 7 * 1440 + 120] },
  // A 补正 notice from before the day, still waiting: open, though it has no deadline to index it by.
  noticeFromBefore: { n: 8, path: 'notice-pending', receivedAt: hall(daysBefore(DAY, 2), '09:00'), clerk: LI },
  // Closed before the day: nothing to do with it.
  closedBefore: { n: 5, path: 'on-the-spot', receivedAt: hall(daysBefore(DAY, 3), '09:00'), clerk: LI },
  // Received after the day.
  nextDay: { n: 6, path: 'on-the-spot', receivedAt: hall('2026-11-21', '09:00'), clerk: LI },
  // Received long ago, completed on the day: beyond the lookback.
  ancient: { n: 7, path: 'completed-later', receivedAt: hall(daysBefore(DAY, DEFAULT_LOOKBACK_DAYS + 5), '09:00'), clerk: ZHANG, gaps: [1, (DEFAULT_LOOKBACK_DAYS + 5) * 1440 + 60] },
};

const idOf = (key: keyof typeof SPECS) => caseEvents(SPECS[key] as CaseSpec)[0]?.caseId as string;

async function seeded() {
  const ctx = testContext();
  const all: CaseEvent[] = [];
  for (const spec of Object.values(SPECS)) {
    const events = caseEvents(spec);
    all.push(...events);
    await appendCaseEvents(ctx, events);
  }
  await ctx.db.residents.put({
    id: 'resident-a',
    name: '王秀英',
    document: { type: 'resident-id', number: '11010519491231002X' },
    flags: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: LI.id,
    workstationId: LI.workstationId,
  });
  await ctx.db.staff.put({ id: ZHANG.id, name: '张伟（值班）', hallCode: HALL.code, createdAt: '2026-01-01T00:00:00.000Z' });
  return { ctx, all };
}

describe('dailyLogSources', () => {
  it('reads the day’s cases, the open ones from before, and those closed since with activity from the day on', async () => {
    const { ctx } = await seeded();
    const sources = await dailyLogSources(ctx.db, DAY);
    const ids = sources.caseStates.map((s) => s.caseId).sort();
    expect(ids).toEqual([idOf('today'), idOf('todayFinishedLater'), idOf('openFromBefore'), idOf('noticeFromBefore'), idOf('finishedOnDay')].sort());
    expect(sources.stats).toMatchObject({ receivedOnDay: 2, open: 2, lookback: 1, candidates: 5, refolded: 1 });
  });

  it('loads events only for rows that changed after the day', async () => {
    const { ctx } = await seeded();
    const sources = await dailyLogSources(ctx.db, DAY);
    expect(new Set(sources.events.map((e) => e.caseId))).toEqual(new Set([idOf('todayFinishedLater')]));
  });

  it('gives the log the same result as folding every stored event', async () => {
    const { ctx, all } = await seeded();
    const sources = await dailyLogSources(ctx.db, DAY);
    const residents = (id: string) => sources.residents.get(id);
    const staffName = (id: string) => sources.staffNames.get(id);
    const calendar = weekdayCalendar();
    const fromStore = computeDailyLog({ date: DAY, hall: HALL, caseStates: sources.caseStates, events: sources.events, residents, staffName, calendar });
    const inLookback = all.filter((e) => e.caseId !== idOf('ancient'));
    expect(fromStore).toEqual(computeDailyLog({ date: DAY, hall: HALL, events: inLookback, residents, staffName, calendar }));
    expect(fromStore.unresolved).toEqual([]);
    expect(fromStore.activity.completed).toBe(2);
    expect(fromStore.clerks.find((c) => c.staffId === ZHANG.id)?.name).toBe('张伟（值班）');
    expect(fromStore.cases[0]?.residentName).toBe('王**');
  });

  it('misses a case older than the lookback (documented limit), and finds it with a longer one', async () => {
    const { ctx } = await seeded();
    expect((await dailyLogSources(ctx.db, DAY)).caseStates.map((s) => s.caseId)).not.toContain(idOf('ancient'));
    const longer = await dailyLogSources(ctx.db, DAY, { lookbackDays: DEFAULT_LOOKBACK_DAYS + 10 });
    expect(longer.caseStates.map((s) => s.caseId)).toContain(idOf('ancient'));
  });

  it('narrows the refold to a shift: a row touched after the shift needs its events', async () => {
    const { ctx } = await seeded();
    const morning = await dailyLogSources(ctx.db, DAY, { shift: { from: '08:30', to: '09:30' } });
    // The 10:00 case and the one finished at 11:00 both have events after 09:30.
    expect(new Set(morning.events.map((e) => e.caseId))).toEqual(new Set([idOf('todayFinishedLater'), idOf('finishedOnDay')]));
  });

  it('adds this workstation’s outbox for the hall board', async () => {
    const { ctx, all } = await seeded();
    const board = await hallBoardSources(ctx.db, DAY);
    expect(board.sync.pending).toBe(all.length);
    expect(board.caseStates.length).toBe(5);
  });
});
