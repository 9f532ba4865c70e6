import { addDays } from '@shared/domain/calendar/iso-date';
import type { CaseEvent } from '@shared/domain/case/events';
import { lastActivityMs } from '@shared/domain/daily-log/case-as-of';
import { isOnTrack, ON_TRACK_STATUSES, type OnTrackStatus } from '@shared/domain/daily-log/daily-log';
import { hallWindow, type DailyLogShift } from '@shared/domain/daily-log/hall-window';
import type { OpenCaseSummary } from '@shared/domain/daily-log/open-case';
import { residentLabelOf, type ResidentLabel } from '@shared/domain/resident-label';
import { countOnTrack } from './case-tally';
import { readOpenCases } from './open-case-digest';
import { outboxStatus, type OutboxStatus } from './outbox';
import type { CaseRow } from './rows';
import type { YizhanDb } from './schema';

/**
 * What the daily log and the hall board need from the store, read in one transaction (one consistent snapshot):
 * the case rows that matter for hall day D, the events of those that changed after the window, the open cases
 * the log lists, counts of the open cases on track, and the residents' masked labels to print (from the rows; a
 * resident is read only for a row without them). The log itself is `computeDailyLog` (shared/), which uses a row as
 * it is when nothing in it is later than the window, and folds its events otherwise.
 *
 * What is read, each through a key range (schema.ts), never a scan:
 *  1. rows touched on D: `*activityDays` = D — received, accepted, completed, rated… that day, however old the case;
 *  2. open cases needing the lead, as summaries from the open-case digest (open-case-digest.ts): 未受理, 待补正 and
 *     容缺 cases, open 即办件, and 已受理 / 转办 cases whose printed deadline is at most `listedThrough`. A summary
 *     stands for a case untouched since before D; the others are among 1 or 3 (a 差评 needing a follow-up is
 *     on a completed case, so never among the summaries);
 *  3. for a past day, the rows of cases received by D and touched after it (`*activityDays` above D): they may
 *     have been open at the end of D, and are refolded from events.
 * The other open 已受理 / 转办 cases are on track (`isOnTrack`): the log prints how many, so they are COUNTED in
 * the case tally (case-tally.ts) rather than read (a busy hall has thousands; reading a row costs ~50 µs in
 * Chromium, counting an index entry ~33 µs, reading a summary in a digest row about 1 µs).
 * A counter filter needs each case's counter, so `includeOnTrack` reads every summary instead.
 */

/** Residents' labels by id, masked (`residentLabelOf`): whole names and ID numbers do not leave this query. */
export type ResidentLabels = Map<string, ResidentLabel>;

export type DailyLogSources = {
  /** Stored rows (each is a folded `CaseState`). */
  caseStates: CaseRow[];
  /** Open cases untouched since before the day, as summaries. Pass to the log as `openCases`. */
  openCases: OpenCaseSummary[];
  /** All events of the rows with activity after the window (their rows cannot stand for the window's end). */
  events: CaseEvent[];
  /** On-track open cases counted, not read (absent with `includeOnTrack`). Pass to the log as `onTrackCounts`. */
  onTrackCounts?: Record<OnTrackStatus, number>;
  residents: ResidentLabels;
  staffNames: Map<string, string>;
  /** Rows read per source, for the benchmark and for diagnosing a slow log. */
  stats: { touched: number; open: number; changedSince: number; candidates: number; refolded: number; counted: number };
};

/**
 * What the log and the hall board take from the sources (the `DailyLogInput` / `HallBoardInput` fields they share):
 * written once here, so a new source reaches the page, the board, the tests and the benchmark alike.
 */
export function logLookups(sources: DailyLogSources) {
  return {
    caseStates: sources.caseStates,
    openCases: sources.openCases,
    events: sources.events,
    ...(sources.onTrackCounts !== undefined ? { onTrackCounts: sources.onTrackCounts } : {}),
    residents: (id: string) => sources.residents.get(id),
    staffName: (id: string) => sources.staffNames.get(id),
  };
}

export type DailyLogQueryOptions = {
  shift?: DailyLogShift;
  /** `listedThrough(date, calendar)` (shared/domain/daily-log): the log and the query must agree on it. */
  listedThrough: string;
  /** Read the on-track cases too instead of counting them: a log filtered to one counter needs their counters. */
  includeOnTrack?: boolean;
};

export async function dailyLogSources(db: YizhanDb, date: string, options: DailyLogQueryOptions): Promise<DailyLogSources> {
  const window = hallWindow(date, options.shift);
  const through = options.listedThrough;
  const includeOnTrack = options.includeOnTrack === true;
  return db.transaction('r', [db.cases, db.caseTally, db.openCases, db.caseEvents, db.residents, db.staff], async () => {
    const [touched, laterKeys, summaries, counts] = await Promise.all([
      db.cases.where('activityDays').equals(date).toArray(),
      db.cases.where('activityDays').above(date).primaryKeys(),
      readOpenCases(db, includeOnTrack ? null : through),
      includeOnTrack ? Promise.resolve(null) : countOnTrack(db, through),
    ]);

    // Touched after D: refold those received by D; the rest did not exist at the end of D.
    const later = new Set(laterKeys);
    const receivedLater = new Set<string>(
      later.size === 0 ? [] : await db.cases.where('[day+status]').aboveOrEqual([addDays(date, 1)]).primaryKeys(),
    );
    const read = new Map<string, CaseRow>();
    for (const row of touched) read.set(row.id, row);
    const openCases: OpenCaseSummary[] = [];
    const listed = new Set<string>();
    for (const summary of summaries) {
      listed.add(summary.caseId);
      if (!read.has(summary.caseId) && !later.has(summary.caseId)) openCases.push(summary);
    }
    const candidates = new Map<string, CaseRow>();
    for (const row of read.values()) if (!receivedLater.has(row.id)) candidates.set(row.id, row);
    const changedIds = [...later].filter((id) => !receivedLater.has(id) && !candidates.has(id));
    const changed = changedIds.length === 0 ? [] : await db.cases.bulkGet(changedIds);
    for (const row of changed) if (row !== undefined) candidates.set(row.id, row);

    const rows = [...candidates.values()];
    const refold = rows.filter((row) => lastActivityMs(row) >= window.endMs).map((row) => row.id);
    // Rows carry their resident's masked labels (v8); only rows without (and summaries without a name) need a read.
    const labels: ResidentLabels = new Map();
    for (const row of rows) if (row.residentLabel !== undefined) labels.set(row.residentId, row.residentLabel);
    const unlabelled = new Set<string>();
    for (const row of rows) if (!labels.has(row.residentId)) unlabelled.add(row.residentId);
    for (const s of openCases) if (s.residentMaskedName === undefined && !labels.has(s.residentId)) unlabelled.add(s.residentId);
    const [events, residents, staff, onTrackCounts] = await Promise.all([
      eventsOf(db, refold),
      unlabelled.size === 0 ? [] : db.residents.bulkGet([...unlabelled]),
      db.staff.toArray(),
      counts === null ? Promise.resolve(undefined) : uncountedOnTrack(db, counts, through, rows, date, receivedLater, listed),
    ]);

    for (const resident of residents) if (resident) labels.set(resident.id, residentLabelOf(resident));
    return {
      caseStates: rows,
      openCases,
      events,
      ...(onTrackCounts !== undefined ? { onTrackCounts } : {}),
      residents: labels,
      staffNames: new Map(staff.map((s) => [s.id, s.name])),
      stats: {
        touched: touched.length,
        open: openCases.length,
        changedSince: changedIds.length,
        candidates: rows.length,
        refolded: refold.length,
        counted: counts === null ? 0 : ON_TRACK_STATUSES.reduce((n, s) => n + counts[s], 0),
      },
    };
  });
}

/**
 * The tally's counts less the cases the log must not count there: the rows it is given (it classifies those
 * itself) and, for a past day, the cases received after it. Those are not read: a case received after D whose
 * status is on-track-able is on track exactly when the digest did not list it (`listed`), so their ids per status,
 * one `[day+status]` key range per day after D, are enough.
 */
/**
 * The events of the given cases. One key-range read per case, issued together: `anyOf` walks a single cursor with a
 * round trip to the IndexedDB backend per step (50 k events took ~20 s), while separate reads are pipelined.
 */
async function eventsOf(db: YizhanDb, caseIds: readonly string[]): Promise<CaseEvent[]> {
  if (caseIds.length === 0) return [];
  const lists = await Promise.all(caseIds.map((id) => db.caseEvents.where('caseId').equals(id).toArray()));
  return lists.flat();
}

/** Beyond this many days after D, the cases received since are read rather than listed day by day. */
const MAX_DAYS_BY_KEY = 92;

async function uncountedOnTrack(
  db: YizhanDb,
  counts: Record<OnTrackStatus, number>,
  through: string,
  given: readonly CaseRow[],
  date: string,
  receivedLater: ReadonlySet<string>,
  listed: ReadonlySet<string>,
): Promise<Record<OnTrackStatus, number>> {
  const out = { ...counts };
  for (const row of given) if (isOnTrack(row, through)) out[row.status as OnTrackStatus] -= 1;
  if (receivedLater.size === 0) return out;
  const last = (await db.cases.orderBy('[day+status]').lastKey()) as [string, string] | undefined;
  const days: string[] = [];
  for (let day = addDays(date, 1); last !== undefined && day <= last[0] && days.length <= MAX_DAYS_BY_KEY; day = addDays(day, 1)) days.push(day);
  if (days.length > MAX_DAYS_BY_KEY) {
    // A day long past (or a case dated far ahead by a wrong clock): read the rows rather than ask day by day.
    const rows = await db.cases.bulkGet([...receivedLater].filter((id) => !listed.has(id)));
    for (const row of rows) if (row !== undefined && isOnTrack(row, through)) out[row.status as OnTrackStatus] -= 1;
    return out;
  }
  const lists = await Promise.all(ON_TRACK_STATUSES.map((s) => Promise.all(days.map((day) => db.cases.where('[day+status]').equals([day, s]).primaryKeys()))));
  ON_TRACK_STATUSES.forEach((status, i) => {
    for (const id of (lists[i] ?? []).flat()) if (!listed.has(id)) out[status] -= 1;
  });
  return out;
}

export type HallBoardSources = DailyLogSources & { sync: OutboxStatus };

/** A day's sources plus this workstation's outbox, for the hall board (`useLiveQuery`). */
export async function hallBoardSources(db: YizhanDb, date: string, options: Omit<DailyLogQueryOptions, 'shift'>): Promise<HallBoardSources> {
  const [sources, sync] = await Promise.all([dailyLogSources(db, date, options), outboxStatus(db)]);
  return { ...sources, sync };
}
