import { mergeHandover, mergeShift, type Handover, type Shift } from '@shared/domain/staff/shift';
import type { Queryable } from '../db/db';
import type { JudgedOp } from './judge-op';

/**
 * Shifts and handovers on the server (table `shift_records`, migration 0007): the current state of each row,
 * merged from what the hall's workstations push. A row is identified by its id; it only gains its later state
 * (ended, acknowledged) and the first to arrive wins (shared/domain/staff/shift.ts), so an op either changes the
 * row (`applied`, and its new state goes to the change log) or changes nothing (`merged`).
 *
 * Only batches that carry such ops pay for them: one read after the hall's clock is locked (so no other writer
 * of the hall can change the rows until COMMIT) and one upsert after the batch's main write. Shifts and handovers
 * are a few ops a day per counter, against the thousands of case events the main statement is tuned for.
 */

export type ShiftRecordKind = 'shift' | 'handover';
type ShiftOp = Extract<JudgedOp, { kind: ShiftRecordKind }>;
type Held = { kind: 'shift'; state: Shift } | { kind: 'handover'; state: Handover };

/** What the batch's shift/handover ops found, keyed `kind:id`; updated as the batch is planned. */
export type ShiftRecordStates = Map<string, Held>;

/** One row of the upsert: the state a record ends the batch in, and the change that put it there. */
export type ShiftRecordWrite = { kind: ShiftRecordKind; record_id: string; state: Shift | Handover; change_seq: number };

const keyOf = (kind: ShiftRecordKind, id: string) => `${kind}:${id}`;

function isShiftOp(j: JudgedOp): j is ShiftOp {
  return j.kind === 'shift' || j.kind === 'handover';
}

function recordOf(j: ShiftOp): { kind: ShiftRecordKind; id: string } {
  return j.kind === 'shift' ? { kind: 'shift', id: j.shift.id } : { kind: 'handover', id: j.handover.id };
}

/** The held states of the records the batch's ops name; no query when there are none. */
export async function readShiftRecords(tx: Queryable, hallCode: string, judged: readonly JudgedOp[]): Promise<ShiftRecordStates> {
  const states: ShiftRecordStates = new Map();
  const named = new Map<string, { kind: ShiftRecordKind; id: string }>();
  for (const j of judged) {
    if (!isShiftOp(j)) continue;
    const r = recordOf(j);
    named.set(keyOf(r.kind, r.id), r);
  }
  if (named.size === 0) return states;
  const list = [...named.values()];
  const rows = await tx.query<{ kind: ShiftRecordKind; record_id: string; state: Shift & Handover }>(
    `SELECT r.kind, r.record_id, r.state
       FROM shift_records r
       JOIN unnest($2::text[], $3::text[]) AS k(kind, record_id) ON r.kind = k.kind AND r.record_id = k.record_id
      WHERE r.hall_code = $1`,
    [hallCode, list.map((r) => r.kind), list.map((r) => r.id)],
  );
  for (const row of rows) {
    states.set(keyOf(row.kind, row.record_id), row.kind === 'shift' ? { kind: 'shift', state: row.state } : { kind: 'handover', state: row.state });
  }
  return states;
}

/**
 * Merges one op into the states held so far (the table's, then earlier ops of the batch). Returns the new state
 * when the op changed the record, else null (`merged`).
 */
export function mergeShiftOp(states: ShiftRecordStates, j: ShiftOp): { kind: ShiftRecordKind; id: string; state: Shift | Handover } | null {
  if (j.kind === 'shift') {
    const key = keyOf('shift', j.shift.id);
    const held = states.get(key);
    const outcome = mergeShift(held?.kind === 'shift' ? held.state : undefined, j.shift);
    if (!outcome.changed) return null;
    states.set(key, { kind: 'shift', state: outcome.next });
    return { kind: 'shift', id: j.shift.id, state: outcome.next };
  }
  const key = keyOf('handover', j.handover.id);
  const held = states.get(key);
  const outcome = mergeHandover(held?.kind === 'handover' ? held.state : undefined, j.handover);
  if (!outcome.changed) return null;
  states.set(key, { kind: 'handover', state: outcome.next });
  return { kind: 'handover', id: j.handover.id, state: outcome.next };
}

/** Upserts the records the batch changed (the last state of each), after the batch's main write. */
export async function writeShiftRecords(tx: Queryable, hallCode: string, deviceId: string, writes: readonly ShiftRecordWrite[]): Promise<void> {
  if (writes.length === 0) return;
  // One row per record (an upsert may not touch a row twice): the batch's last state of each.
  const last = new Map(writes.map((w) => [keyOf(w.kind, w.record_id), w]));
  await tx.query(
    `INSERT INTO shift_records (hall_code, kind, record_id, state, origin_device, change_seq)
     SELECT $1, x.kind, x.record_id, x.state, $2, x.change_seq
       FROM json_to_recordset($3::json) AS x(kind text, record_id text, state jsonb, change_seq bigint)
     ON CONFLICT (hall_code, kind, record_id) DO UPDATE SET state = excluded.state, change_seq = excluded.change_seq`,
    [hallCode, deviceId, JSON.stringify([...last.values()])],
  );
}
