import type { Resident } from '@shared/domain/resident';
import type { ResidentLabel } from '@shared/domain/resident-label';
import type { AuditEntry } from '@shared/domain/staff/audit-entry';
import type { LockoutState } from '@shared/domain/staff/lockout';
import type { Staff } from '@shared/domain/staff/staff';
import type { CaseState } from '@shared/domain/case/reducer';
import type { Hlc } from '@shared/sync/hlc';
import type { EncodedOp } from '@shared/sync/encoded-op';
import type { OutboxOp, ResidentFieldName } from '@shared/sync/protocol';
import type { WorkstationConfig } from './workstation-config';

/**
 * Row shapes of the local tables. Where a shared schema describes the record (Resident, CaseEvent, OutboxOp) the
 * row is that type plus only what the store itself needs, so a row can be handed to sync as it is.
 */

/**
 * A resident plus the stamp of the last write of each field, which sync needs to merge pulled changes per field
 * (later stamp wins) and to send `base` with an edit. Rows written before a field was ever stamped have none.
 */
export type ResidentRow = Resident & { fieldHlc?: Partial<Record<ResidentFieldName, Hlc>> };

/**
 * The case as the counter lists it: the folded state (recomputed from all its events on every append) plus, as
 * top-level fields for the indexes, the hall-local `day` it was received (`[day+status]`) and the hall days
 * anything was recorded on it (`*activityDays`, v6). Built by `caseRowOf` (case-row.ts).
 *
 * `residentLabel` (v8): the resident's name and document number, MASKED (never whole), so the daily log of a day
 * reads no residents (~50–75 µs a get in Chromium, ~1,000 a day). Set by every writer of `cases` before the put
 * (`labelCaseRows`, case-derived.ts) and kept current by the writers of `residents` (`relabelResidentCases`,
 * open-case-digest.ts). Absent when the resident was not on this workstation when the row was written, and on rows
 * last written before v8 outside its upgrade window: readers then read the resident.
 */
export type CaseRow = CaseState & { id: string; day: string; activityDays: string[]; residentLabel?: ResidentLabel };

/**
 * A matter (事项) of the approved catalogue. The catalogue schema is not in shared/ yet; until it is, rows carry
 * the published entry as-is under `entry` and only the key is typed.
 */
export type MatterRow = { code: string; catalogueVersion: string; entry: unknown };

/** One year of the working-day calendar as published (holidays and 调休 working weekends). */
export type CalendarYearRow = { year: number; calendarVersion: string; entry: unknown };

/**
 * A staff account (synced from the district server, or the admin made at first-run setup), or a row written by
 * setup before staff sign-in existed (v1–v2, and `configureWorkstation`): a name without role or credential,
 * kept for the names on old records, never able to sign in. Readers parse with StaffSchema (store/staff.ts).
 */
export type StaffRow = Staff | LegacyStaffRow;
export type LegacyStaffRow = { id: string; name: string; hallCode: string; createdAt: string };

/** One row of the append-only audit trail (v3). */
export type AuditRow = AuditEntry;

/** Sign-in failures of one staff member on this workstation (v3), so a reload does not reset the count. */
export type LockoutRow = LockoutState & { staffId: string };

/**
 * One staff member's shift at this workstation (v5, 错时轮班): started and ended by them at their window. Local to
 * the workstation: the start and end travel to the server only as their `shift.*` audit rows.
 */
export type ShiftRow = {
  id: string;
  /** Hall-local `YYYY-MM-DD` the shift started. */
  day: string;
  staffId: string;
  staffName: string;
  workstationId: string;
  workstationCode?: string;
  startedAt: string;
  endedAt?: string;
};

/**
 * The 交接班记录 written when a shift ends (v5): the open cases at that moment, what to watch (free text), and —
 * once the next lead takes over — who acknowledged it and when (接班确认).
 */
export type HandoverRow = {
  id: string;
  /** Hall-local day of the hand-over (the day of `at`). */
  day: string;
  shiftId: string;
  at: string;
  staffId: string;
  staffName: string;
  openCaseCount: number;
  /** Case numbers of the open cases received that day at this workstation (at most a screenful). */
  openCaseNumbers: string[];
  note: string;
  acknowledgedById?: string;
  acknowledgedByName?: string;
  acknowledgedAt?: string;
};

/**
 * An outbox row (v9 on): the op's JSON in UTF-8 as it is pushed, with its seq and kind beside it
 * (shared/sync/encoded-op.ts says why). `outboxOps` / `decodeOp` give the op back. Up to v8 the row was the op.
 */
export type OutboxRow = EncodedOp;

/**
 * An op the server acknowledged but refused. It leaves the outbox when it is acknowledged (so pruning stays one
 * key-range delete) and is kept here, with the server's code, for the lead to see and act on.
 */
export type RejectedOutboxRow = {
  seq: number;
  op: OutboxOp;
  code: string;
  details?: Record<string, string | number>;
  rejectedAt: string;
};

/** Typed key/value rows of the `meta` table. */
export type MetaValues = {
  /** First-run setup: which hall and window this is, and who is at it. */
  workstation: WorkstationConfig;
  /** Highest outbox seq allocated so far (0 = none). Bumped in the same transaction as the ops it numbers. */
  'outbox.lastSeq': number;
  /** Server acknowledgement watermark: every op with seq ≤ this is durably handled on the server. */
  'outbox.ackedSeq': number;
  /** Last HLC stamp issued or received by this workstation. */
  'hlc.last': Hlc;
  /** Minutes without input before the screen locks (store/staff.ts; default there). */
  'auth.idleLockMinutes': number;
};
export type MetaKey = keyof MetaValues;
export type MetaRow = { [K in MetaKey]: { key: K; value: MetaValues[K] } }[MetaKey];
