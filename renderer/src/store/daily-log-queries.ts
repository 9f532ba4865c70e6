import Dexie from 'dexie';
import { addDays } from '@shared/domain/calendar/iso-date';
import type { CaseEvent } from '@shared/domain/case/events';
import type { CaseStatus } from '@shared/domain/case/reducer';
import { lastActivityMs } from '@shared/domain/daily-log/case-as-of';
import { isOnTrack, ON_TRACK_STATUSES, type OnTrackStatus } from '@shared/domain/daily-log/daily-log';
import { hallWindow, type DailyLogShift } from '@shared/domain/daily-log/hall-window';
import { countOnTrack } from './case-tally';
import { outboxStatus, type OutboxStatus } from './outbox';
import type { CaseRow } from './rows';
import type { YizhanDb } from './schema';

/**
 * What the daily log and the hall board need from the store, read in one transaction (one consistent snapshot):
 * the case rows that matter for hall day D, the events of those that changed after the window, counts of the
 * open cases on track, and the names to print. The log itself is `computeDailyLog` (shared/), which uses a row
 * as it is when nothing in it is later than the window, and folds its events otherwise.
 *
 * Which rows are read, each through an index (schema.ts), never a scan:
 *  1. touched on D: `*activityDays` = D — received, accepted, completed, rated… that day, however old the case;
 *  2. open now and needing the lead: 未受理, 待补正 and 容缺 cases whole (`[status+handling]`), open 即办件, and
 *     已受理 / 转办 cases whose printed deadline is at most `listedThrough` (`[status+deadline]`);
 *  3. for a past day, the cases received by D and touched after it (`*activityDays` above D): they may have been
 *     open at the end of D, and their rows are refolded from events.
 * The other open 已受理 / 转办 cases are on track (`isOnTrack`): the log prints how many, so they are COUNTED in
 * the case tally (case-tally.ts) rather than read (a busy hall has thousands; reading a row costs ~65 µs in
 * Chromium, counting an index entry ~33 µs).
 * A counter filter needs each case's counter, so `includeOnTrack` reads them too.
 */

export type ResidentNames = Map<string, { name: string; documentNumber: string }>;

export type DailyLogSources = {
  /** Stored rows (each is a folded `CaseState`). */
  caseStates: CaseRow[];
  /** All events of the rows with activity after the window (their rows cannot stand for the window's end). */
  events: CaseEvent[];
  /** On-track open cases counted, not read (absent with `includeOnTrack`). Pass to the log as `onTrackCounts`. */
  onTrackCounts?: Record<OnTrackStatus, number>;
  residents: ResidentNames;
  staffNames: Map<string, string>;
  /** Rows read per source, for the benchmark and for diagnosing a slow log. */
  stats: { touched: number; open: number; changedSince: number; candidates: number; refolded: number; counted: number };
};

export type DailyLogQueryOptions = {
  shift?: DailyLogShift;
  /** `listedThrough(date, calendar)` (shared/domain/daily-log): the log and the query must agree on it. */
  listedThrough: string;
  /** Read the on-track cases too instead of counting them: a log filtered to one counter needs their counters. */
  includeOnTrack?: boolean;
};

/** Open statuses read whole: few cases, each needing the lead (and before acceptance there is no deadline). */
const READ_WHOLE: readonly CaseStatus[] = ['received', 'awaiting-supplement', 'deferred'];

export async function dailyLogSources(db: YizhanDb, date: string, options: DailyLogQueryOptions): Promise<DailyLogSources> {
  const window = hallWindow(date, options.shift);
  const through = options.listedThrough;
  const includeOnTrack = options.includeOnTrack === true;
  return db.transaction('r', [db.cases, db.caseTally, db.caseEvents, db.residents, db.staff], async () => {
    const byDeadline = () => db.cases.where('[status+deadline]');
    const byHandling = () => db.cases.where('[status+handling]');
    const [touched, laterKeys, open, counts] = await Promise.all([
      db.cases.where('activityDays').equals(date).toArray(),
      db.cases.where('activityDays').above(date).primaryKeys(),
      Promise.all([
        ...READ_WHOLE.map((s) => byHandling().between([s, Dexie.minKey], [s, Dexie.maxKey]).toArray()),
        ...ON_TRACK_STATUSES.flatMap((s) => [
          byHandling().equals([s, 'immediate']).toArray(),
          // Inclusive of `through`: due on it is due within a working day.
          includeOnTrack
            ? byDeadline().between([s, Dexie.minKey], [s, Dexie.maxKey]).toArray()
            : byDeadline().between([s, Dexie.minKey], [s, through], true, true).toArray(),
        ]),
      ]).then((lists) => lists.flat()),
      includeOnTrack ? Promise.resolve(null) : countOnTrack(db, through),
    ]);

    // Touched after D: refold those received by D; the rest did not exist at the end of D.
    const later = new Set(laterKeys);
    const receivedLater = new Set<string>(
      later.size === 0 ? [] : await db.cases.where('[day+status]').aboveOrEqual([addDays(date, 1)]).primaryKeys(),
    );
    const read = new Map<string, CaseRow>();
    for (const row of [...touched, ...open]) read.set(row.id, row);
    const candidates = new Map<string, CaseRow>();
    for (const row of read.values()) if (!receivedLater.has(row.id)) candidates.set(row.id, row);
    const changedIds = [...later].filter((id) => !receivedLater.has(id) && !candidates.has(id));
    const changed = changedIds.length === 0 ? [] : await db.cases.bulkGet(changedIds);
    for (const row of changed) if (row !== undefined) candidates.set(row.id, row);

    const rows = [...candidates.values()];
    const refold = rows.filter((row) => lastActivityMs(row) >= window.endMs).map((row) => row.id);
    const residentIds = [...new Set(rows.map((row) => row.residentId))];
    const [events, residents, staff, onTrackCounts] = await Promise.all([
      refold.length === 0 ? Promise.resolve([] as CaseEvent[]) : db.caseEvents.where('caseId').anyOf(refold).toArray(),
      db.residents.bulkGet(residentIds),
      db.staff.toArray(),
      counts === null ? Promise.resolve(undefined) : uncountedOnTrack(db, counts, through, rows, receivedLater, read),
    ]);

    const names: ResidentNames = new Map();
    for (const resident of residents) {
      if (resident) names.set(resident.id, { name: resident.name, documentNumber: resident.document.number });
    }
    return {
      caseStates: rows,
      events,
      ...(onTrackCounts !== undefined ? { onTrackCounts } : {}),
      residents: names,
      staffNames: new Map(staff.map((s) => [s.id, s.name])),
      stats: {
        touched: touched.length,
        open: open.length,
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
 * itself) and, for a past day, the cases received after it (read here: their current status and deadline are
 * what the tally holds them under).
 */
async function uncountedOnTrack(
  db: YizhanDb,
  counts: Record<OnTrackStatus, number>,
  through: string,
  given: readonly CaseRow[],
  receivedLater: ReadonlySet<string>,
  read: ReadonlyMap<string, CaseRow>,
): Promise<Record<OnTrackStatus, number>> {
  const out = { ...counts };
  const unread = [...receivedLater].filter((id) => !read.has(id));
  const later = [...[...receivedLater].map((id) => read.get(id)), ...(unread.length === 0 ? [] : await db.cases.bulkGet(unread))];
  for (const row of [...given, ...later]) if (row !== undefined && isOnTrack(row, through)) out[row.status as OnTrackStatus] -= 1;
  return out;
}

export type HallBoardSources = DailyLogSources & { sync: OutboxStatus };

/** A day's sources plus this workstation's outbox, for the hall board (`useLiveQuery`). */
export async function hallBoardSources(db: YizhanDb, date: string, options: Omit<DailyLogQueryOptions, 'shift'>): Promise<HallBoardSources> {
  const [sources, sync] = await Promise.all([dailyLogSources(db, date, options), outboxStatus(db)]);
  return { ...sources, sync };
}
