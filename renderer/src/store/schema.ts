import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import { addDays } from '@shared/domain/calendar/iso-date';
import { activityDaysOf } from '@shared/domain/daily-log/case-as-of';
import { residentLabelOf } from '@shared/domain/resident-label';
import { phoneTailOf } from '@shared/domain/resident';
import type { CaseEvent } from '@shared/domain/case/events';
import { CASE_STATUSES, CLOSED_STATUSES } from '@shared/domain/case/reducer';
import type {
  AuditRow,
  CalendarYearRow,
  CaseRow,
  HandoverRow,
  LockoutRow,
  MatterRow,
  MetaRow,
  OutboxRow,
  RejectedOutboxRow,
  ResidentRow,
  ShiftRow,
  StaffRow,
} from './rows';
import { tallyDelta, type CaseTallyRow } from './case-tally';
import { digestOf, type OpenCaseDigestRow } from './open-case-digest';
import { StoreEvents } from './store-events';
import { encodeOp } from '@shared/sync/encoded-op';
import type { OutboxOp } from '@shared/sync/protocol';

/**
 * The workstation's local database. Every `version(n)` ever shipped stays here, append-only: a shipped version
 * is never edited, a change is a new version with its own upgrade and its own test (schema.test.ts opens data
 * seeded at the previous version with this code). Never change a primary key (Dexie cannot: copy to a new
 * table instead).
 *
 * Indexes are only those a counter screen or the sync engine queries, because each secondary index slows every
 * write in Chromium's IndexedDB (perf-anchors: 5-index stores fall to ~1,000 writes/s past 400 k rows):
 *
 * residents
 *  - `&document.number`  ID card read / typed (unique: one resident per document; see residents.ts for
 *                         why the type is not part of the key)
 *  - `name`              name prefix (张三…)
 *  - `nameInitials`      拼音首字母 prefix (zsf…)
 *  - `phone`             whole phone number
 *  - `phoneTail` (v2)    手机尾号: no index serves a suffix, so the last four digits are their own field
 * cases
 *  - `&caseNumber`       lookup by the number on a receipt; its sorted order also yields this workstation's
 *                        last issued number (prefix range), so no extra counter row is needed
 *  - `[day+status]`      today's queue, and today's cases in a given status; a day alone is a prefix range of
 *                        this compound, so a plain `day` index would be redundant write cost
 *  - `[status+handling]` (v4) open cases across days (a status is a prefix range), and the 即办件 of a status;
 *                        replaces the v1–v3 `status` index
 *  - `[status+deadline]` (v4) the desk's most urgent open cases first, a page per open status; replaces the
 *                        v1–v3 `deadline` index
 *  - `residentId`        a resident's history at the counter
 *  - `*activityDays` (v6) multi-entry: the hall days anything was recorded on a case; the daily log of a day reads
 *                        exactly the cases touched that day (received, completed, rated…), however old, and
 *                        which cases changed after it
 * caseEvents  `caseId`   the events of one case, to fold them
 * audit (v3)
 *  - `at`                the lead's audit view: a date range, newest first (other filters are applied to the
 *                        range in memory: a day holds hundreds of rows, not thousands)
 *  - `[staffId+at]`      a clerk's own rows in a date range, without reading everyone's
 * lockouts (v3) `staffId` primary key only
 * shifts (v5) `[day+staffId]`  today's shifts (a day is a prefix range), and whether this clerk is on shift
 * handovers (v5) `day`       the day's 交接班 notes, for the 交接班 page and the daily log
 * caseTally (v6) `[status+deadline]`  on-track open cases counted per printed deadline (case-tally.ts)
 * openCases (v7) `[status+deadline+shard]`  open cases as summaries, many to a row (open-case-digest.ts): the
 *                        daily log lists those due by a date as one key range per status
 * outbox      `seq`      primary key only: push reads a key range above the ack watermark, prune deletes the
 *                        range at or below it
 * the rest    primary key only
 */
export class YizhanDb extends Dexie {
  residents!: EntityTable<ResidentRow, 'id'>;
  cases!: EntityTable<CaseRow, 'id'>;
  caseEvents!: EntityTable<CaseEvent, 'id'>;
  catalogue!: EntityTable<MatterRow, 'code'>;
  calendar!: EntityTable<CalendarYearRow, 'year'>;
  staff!: EntityTable<StaffRow, 'id'>;
  audit!: EntityTable<AuditRow, 'id'>;
  lockouts!: EntityTable<LockoutRow, 'staffId'>;
  shifts!: EntityTable<ShiftRow, 'id'>;
  caseTally!: Table<CaseTallyRow, [string, string]>;
  openCases!: Table<OpenCaseDigestRow, [string, string, number]>;
  handovers!: EntityTable<HandoverRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  rejected!: EntityTable<RejectedOutboxRow, 'seq'>;
  meta!: Table<MetaRow, MetaRow['key']>;

  /** After-commit change notifications for this database (see store-events.ts). */
  readonly changes = new StoreEvents();

  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    declareVersions(this);
  }
}

/** Shipped 2026-11 (Issue 2). Frozen: the upgrade test seeds a raw Dexie opened with exactly this. */
export const STORES_V1 = Object.freeze({
  residents: 'id, &document.number, name, nameInitials, phone',
  cases: 'id, &caseNumber, [day+status], status, deadline, residentId',
  caseEvents: 'id, caseId',
  catalogue: 'code',
  calendar: 'year',
  staff: 'id',
  outbox: 'seq',
  rejected: 'seq',
  meta: 'key',
});

/** v2: 手机尾号 search gets its own indexed field, derived for rows written by v1. */
export const STORES_V2 = Object.freeze({
  ...STORES_V1,
  residents: 'id, &document.number, name, nameInitials, phone, phoneTail',
});

/**
 * v3 (Issue 5, staff sign-in): the append-only audit trail and the sign-in lockout counters. Staff rows change
 * shape (role, credential) without a data step: rows written by setup before sign-in existed stay as they are
 * and are simply never offered for sign-in (store/staff.ts parses every row), so an upgraded workstation asks
 * for an administrator account once, like a new one.
 */
export const STORES_V3 = Object.freeze({
  ...STORES_V2,
  audit: 'id, at, [staffId+at]',
  lockouts: 'staffId',
});

/**
 * v4: the clerk's desk reads the most urgent open cases a page at a time instead of every open case (22 k at a
 * busy hall took seconds; Chromium counts and key scans cost ~40 µs an entry, so even counting them is too slow):
 * - `[status+deadline]` holds the open cases with a deadline, earliest first within a status. It replaces the
 *   plain `deadline` index, which no query used.
 * - `[status+handling]` replaces `status` (a status is a prefix range of it) and also answers "the 即办件 of a
 *   status": the reducer gives a 承诺件 its deadline when it is accepted and never gives one to a 即办件, so the
 *   open cases missing from `[status+deadline]` are the 即办件 plus those not yet accepted.
 * Writes keep the same number of indexes.
 */
export const STORES_V4 = Object.freeze({
  ...STORES_V3,
  cases: 'id, &caseNumber, [day+status], [status+handling], [status+deadline], residentId',
});

/**
 * v5 (Issue 5, shifts and handover): two new tables, no change to the others.
 */
export const STORES_V5 = Object.freeze({
  ...STORES_V4,
  shifts: 'id, [day+staffId]',
  handovers: 'id, day',
});

/**
 * v6 (Issue 5, daily log speed): `*activityDays` on cases. Before it the log of a day read every open case and
 * scanned 45 days of rows to find the few received earlier and finished that day, and still missed older ones.
 * Rows written before v6 get the field in the upgrade (derived from their folded history, as `caseRowOf` does).
 * `caseTally` (case-tally.ts) counts the on-track open cases per deadline date, which the log prints as numbers:
 * counting them on `[status+deadline]` costs ~33 µs an entry in Chromium. The upgrade builds it from the rows.
 */
export const STORES_V6 = Object.freeze({
  ...STORES_V5,
  cases: 'id, &caseNumber, [day+status], [status+handling], [status+deadline], residentId, *activityDays',
  caseTally: '[status+deadline]',
});

/**
 * v7 (Issue 5, daily log speed): `openCases`, every open case as a slim summary packed many to a row by (status,
 * printed deadline, shard) (open-case-digest.ts). The log read the ~2,400 open cases it lists as whole rows and
 * their residents for the names, ~50 µs a row each in Chromium; it now reads a few dozen digest rows. The upgrade
 * builds it from the open rows (through `[status+handling]`, a prefix range per open status) and their residents.
 */
export const STORES_V7 = Object.freeze({
  ...STORES_V6,
  openCases: '[status+deadline+shard]',
});

/**
 * v8 (Issue 5, daily log speed): no index change. Case rows carry their resident's masked name and document number
 * (`CaseRow.residentLabel`, kept by every writer of `cases` and relabelled by every writer of `residents`): the log
 * of a day read the ~1,000 residents of its rows, ~50–75 µs a get in Chromium, about half of the log's time at 1 M
 * cases. The upgrade labels only the rows touched in the last `LABEL_UPGRADE_DAYS` hall days, counted back from the
 * newest activity day in the store rather than the wall clock (a workstation updated after a week off still gets
 * its recent days): today's and recent logs are fast at once, while the one-time upgrade stays short on a full
 * workstation (rewriting a row costs ~0.7 ms in Chromium: all 1 M would block the hall's PC for over 10 minutes).
 * Older rows get labels when next written; until then the log reads their residents.
 */
export const STORES_V8 = Object.freeze({ ...STORES_V7 });

/**
 * v9 (Issue 4, push speed): no index change. Outbox rows hold the op's JSON in UTF-8 (`OutboxRow`, encoded-op.ts)
 * instead of the op: a push sent the same bytes after rebuilding, stringifying and encoding 500 objects each time.
 * The upgrade encodes the rows still waiting (a workstation's unsent ops: usually none, at most a few days' work).
 */
export const STORES_V9 = Object.freeze({ ...STORES_V8 });

/**
 * Hall days of rows the v8 upgrade labels: a week, so today's log, the hall board and the logs of the past week are
 * fast at once. Measured on the 1 M-case benchmark store (2 cores, load ~4): 14 days are ~18 k rows and took 17 s to
 * open, so a week (~8 k rows) costs about half; the second week back is printed rarely, and its log is still right
 * (it reads the residents, as before v8).
 */
export const LABEL_UPGRADE_DAYS = 7;

/** Rows labelled per read/write round trip in the v8 upgrade, so its memory stays flat whatever the window holds. */
const LABEL_UPGRADE_CHUNK = 2_000;

export const CURRENT_VERSION = 9;

function declareVersions(db: Dexie): void {
  db.version(1).stores(STORES_V1);
  db.version(2)
    .stores(STORES_V2)
    .upgrade((tx) =>
      tx
        .table<ResidentRow, string>('residents')
        .toCollection()
        .modify((resident) => {
          // v1 rows never carried the field; rows without a phone (or with fewer than four digits) stay without.
          const tail = resident.phone === undefined ? undefined : phoneTailOf(resident.phone);
          if (tail === undefined) delete resident.phoneTail;
          else resident.phoneTail = tail;
        }),
    );
  db.version(3).stores(STORES_V3);
  // Index change only: IndexedDB builds the new index from the stored rows during the upgrade.
  db.version(4).stores(STORES_V4);
  db.version(5).stores(STORES_V5);
  db.version(6)
    .stores(STORES_V6)
    .upgrade(async (tx) => {
      const rows: Pick<CaseRow, 'status' | 'deadline'>[] = [];
      await tx
        .table<CaseRow, string>('cases')
        .toCollection()
        .modify((row) => {
          // Defensive: a row missing its history (never written by this app) must not abort the whole upgrade.
          row.activityDays = activityDaysOf({ history: row.history ?? [], rejected: row.rejected ?? [] });
          rows.push({ status: row.status, ...(row.deadline !== undefined ? { deadline: row.deadline } : {}) });
        });
      const tally: CaseTallyRow[] = [...tallyDelta(rows.map((after) => ({ after }))).values()].map((d) => ({ status: d.key[0], deadline: d.key[1], n: d.n }));
      await tx.table<CaseTallyRow>('caseTally').bulkPut(tally);
    });
  db.version(7)
    .stores(STORES_V7)
    .upgrade(async (tx) => {
      const cases = tx.table<CaseRow, string>('cases');
      const open = (
        await Promise.all(
          CASE_STATUSES.filter((s) => !CLOSED_STATUSES.includes(s)).map((s) => cases.where('[status+handling]').between([s, Dexie.minKey], [s, Dexie.maxKey]).toArray()),
        )
      ).flat();
      const residents = await tx.table<ResidentRow, string>('residents').bulkGet([...new Set(open.map((row) => row.residentId))]);
      const names = new Map(residents.flatMap((r) => (r === undefined ? [] : [[r.id, r.name] as const])));
      // Defensive, as in v6: a row missing a list (never written by this app) is left out, not allowed to abort.
      const whole = open.filter((row) => Array.isArray(row.history) && Array.isArray(row.pauses) && Array.isArray(row.notices) && Array.isArray(row.flags));
      await tx.table<OpenCaseDigestRow>('openCases').bulkPut(digestOf(whole, (id) => names.get(id)));
    });
  db.version(8)
    .stores(STORES_V8)
    .upgrade(async (tx) => {
      const cases = tx.table<CaseRow, string>('cases');
      const residents = tx.table<ResidentRow, string>('residents');
      const newest = await cases.orderBy('activityDays').lastKey();
      if (typeof newest !== 'string') return;
      // A row touched on several days of the window appears once per day in the multi-entry index.
      const keys = await cases.where('activityDays').between(addDays(newest, 1 - LABEL_UPGRADE_DAYS), newest, true, true).primaryKeys();
      const ids = [...new Set(keys)];
      for (let start = 0; start < ids.length; start += LABEL_UPGRADE_CHUNK) {
        // Defensive, as in v6: a row without a resident id (never written by this app) is left as it is.
        const rows = (await cases.bulkGet(ids.slice(start, start + LABEL_UPGRADE_CHUNK))).filter((row): row is CaseRow => typeof row?.residentId === 'string');
        const found = await residents.bulkGet([...new Set(rows.map((row) => row.residentId))]);
        const labels = new Map(
          found.flatMap((r) => (typeof r?.name === 'string' && typeof r.document?.number === 'string' ? [[r.id, residentLabelOf(r)] as const] : [])),
        );
        const labelled = rows.flatMap((row) => {
          const label = labels.get(row.residentId);
          return label === undefined ? [] : [{ ...row, residentLabel: label }];
        });
        await cases.bulkPut(labelled);
      }
    });
  db.version(9)
    .stores(STORES_V9)
    .upgrade((tx) =>
      tx
        .table('outbox')
        .toCollection()
        .modify((row: OutboxOp | OutboxRow, ctx: { value: unknown }) => {
          // Same key, new value: the op as the bytes it is pushed as (its seq, hence its key, does not change).
          if (!('json' in row)) ctx.value = encodeOp(row);
        }),
    );
}
