import Dexie from 'dexie';
import { addDays } from '@shared/domain/calendar/iso-date';
import type { CaseEvent } from '@shared/domain/case/events';
import { CLOSED_STATUSES } from '@shared/domain/case/reducer';
import { lastActivityMs } from '@shared/domain/daily-log/case-as-of';
import { hallWindow, type DailyLogShift } from '@shared/domain/daily-log/hall-window';
import { casesForDay } from './cases';
import { openCases } from './intake-commands';
import { outboxStatus, type OutboxStatus } from './outbox';
import type { CaseRow } from './rows';
import type { YizhanDb } from './schema';

/**
 * What the daily log and the hall board need from the store, read in one transaction (one consistent snapshot):
 * the case rows that may matter for a hall day, the events of those rows that changed after it, and the names
 * to print. The log itself is computed by `computeDailyLog` (shared/), which uses a row as it is when nothing
 * in it is later than the day, and folds the events otherwise.
 *
 * Which rows "may matter" for day D:
 *  1. received on D: the `[day+status]` range of D;
 *  2. open now (`openCases`, as the work queue reads them), received on or before D: open now means
 *     open at the end of D too, since no event reopens a case;
 *  3. closed now, received in the LOOKBACK days before D, with an event on or after the start of D: a 承诺件
 *     received last week and completed on D, or a case closed after D that was still open at its end.
 * The schema has no index on event time, so (3) is a bounded scan of whole days. A case older than the lookback
 * that was completed (or rated) on D, or closed since D after being open at its end, is not seen. The lookback
 * covers the longest time limit in the catalogue (30 working days ≈ 42 calendar days) plus a few days. An index
 * of the hall days each case has events on (multi-entry `*activityDays` on `cases`) would make (3) exact and
 * replace the scan; see docs/benchmarks.md "Daily log".
 */
export const DEFAULT_LOOKBACK_DAYS = 45;

export type ResidentNames = Map<string, { name: string; documentNumber: string }>;

export type DailyLogSources = {
  /** Stored rows (each is a folded `CaseState`). */
  caseStates: CaseRow[];
  /** All events of the rows with activity after the window (their rows cannot stand for the window's end). */
  events: CaseEvent[];
  residents: ResidentNames;
  staffNames: Map<string, string>;
  /** Rows read per source, for the benchmark and for diagnosing a slow log. */
  stats: { receivedOnDay: number; open: number; lookback: number; candidates: number; refolded: number };
};

export type DailyLogQueryOptions = {
  shift?: DailyLogShift;
  lookbackDays?: number;
};

export async function dailyLogSources(db: YizhanDb, date: string, options: DailyLogQueryOptions = {}): Promise<DailyLogSources> {
  const window = hallWindow(date, options.shift);
  const lookback = Math.max(0, Math.floor(options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS));
  return db.transaction('r', [db.cases, db.caseEvents, db.residents, db.staff], async () => {
    const [onDay, open, earlier] = await Promise.all([
      casesForDay(db, date),
      openCases(db),
      lookback === 0
        ? Promise.resolve([] as CaseRow[])
        : db.cases
            .where('[day+status]')
            .between([addDays(date, -lookback), Dexie.minKey], [date, Dexie.minKey], true, false)
            .toArray(),
    ]);
    const candidates = new Map<string, CaseRow>();
    for (const row of onDay) candidates.set(row.id, row);
    // `day` sorts as a date (YYYY-MM-DD).
    for (const row of open) if (row.day <= date) candidates.set(row.id, row);
    let fromLookback = 0;
    for (const row of earlier) {
      if (!CLOSED_STATUSES.includes(row.status) || lastActivityMs(row) < window.startMs) continue;
      candidates.set(row.id, row);
      fromLookback += 1;
    }

    const rows = [...candidates.values()];
    const refold = rows.filter((row) => lastActivityMs(row) >= window.endMs).map((row) => row.id);
    const residentIds = [...new Set(rows.map((row) => row.residentId))];
    const [events, residents, staff] = await Promise.all([
      refold.length === 0 ? Promise.resolve([] as CaseEvent[]) : db.caseEvents.where('caseId').anyOf(refold).toArray(),
      db.residents.bulkGet(residentIds),
      db.staff.toArray(),
    ]);

    const names: ResidentNames = new Map();
    for (const resident of residents) {
      if (resident) names.set(resident.id, { name: resident.name, documentNumber: resident.document.number });
    }
    return {
      caseStates: rows,
      events,
      residents: names,
      staffNames: new Map(staff.map((s) => [s.id, s.name])),
      stats: { receivedOnDay: onDay.length, open: open.length, lookback: fromLookback, candidates: rows.length, refolded: refold.length },
    };
  });
}

export type HallBoardSources = DailyLogSources & { sync: OutboxStatus };

/** A day's sources plus this workstation's outbox, for the hall board (`useLiveQuery`). */
export async function hallBoardSources(db: YizhanDb, date: string, options: Omit<DailyLogQueryOptions, 'shift'> = {}): Promise<HallBoardSources> {
  const [sources, sync] = await Promise.all([dailyLogSources(db, date, options), outboxStatus(db)]);
  return { ...sources, sync };
}
