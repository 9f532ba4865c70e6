import type { FieldConflict, OpEnvelope, PushResult } from '@shared/sync/protocol';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../http-error';
import { integerArrayLiteral, textArrayLiteral } from './array-literal';
import { judgeOp, type JudgedOp } from './judge-op';
import { mergeResidentPatch, type StoredField } from './resident-merge';
import { mergeShiftOp, readShiftRecords, writeShiftRecords, type ShiftRecordStates, type ShiftRecordWrite } from './shift-records';

export type PushingDevice = { deviceId: string; hallCode: string };

type ChangeRow = { seq: number; kind: 'case-event' | 'audit' | 'resident' | 'shift' | 'handover'; entity_id: string; payload: unknown; origin_seq: number };
/** Append-only kinds: identified by id, a second copy is `merged`. */
const APPEND_ONLY = new Set<ChangeRow['kind']>(['case-event', 'audit']);
/** The unique index on (hall, kind, id) of the append-only kinds (migration 0003). */
const APPEND_ONLY_ID_INDEX = 'changes_append_only_id';
type FieldRow = { resident_id: string; field: string; value: unknown; hlc: string; change_seq: number };
type ConflictRow = {
  resident_id: string;
  field: string;
  op_seq: number;
  server_value: unknown;
  server_hlc: string;
  server_device: string | null;
  incoming_value: unknown;
  incoming_hlc: string;
  kept: 'server' | 'incoming';
  /** Set when a later op of the same batch already resolves it (see ResolutionRow). */
  resolved_by_seq: number | null;
  resolution_hlc: string | null;
};
/**
 * A resident patch that settles open conflicts: for each field it sets, every open conflict on that (resident,
 * field) whose two stamps are both ≤ the patch's `base` is resolved, because the patch was written by someone who
 * had seen both sides (a lead choosing a value on the sync page, or any later edit made after both arrived).
 */
type ResolutionRow = { resident_id: string; field: string; base: string; hlc: string; op_seq: number };
type QuarantineRow = { seq: number; kind: string; op: OpEnvelope; code: string; details: Record<string, string | number> };

/**
 * How a batch learns which of its case event / audit ids the hall already holds.
 * - `optimistic`: it does not ask. Nearly every id is new, so the batch is inserted plainly and the unique index
 *   on (hall, kind, id) is the judge: a stored id makes the INSERT fail, the transaction rolls back whole (nothing
 *   was written, not even the watermark) and the batch is applied again `checked`. Asking every time (ON CONFLICT,
 *   or a lookup per id) costs a second index probe per row on every batch (ON CONFLICT: ~25 % more database CPU
 *   for the insert, measured), for a case that is rare (an event queued twice in one outbox, or the same event
 *   pushed by two workstations).
 * - `checked`: ON CONFLICT DO NOTHING, and the rows it skipped are answered `merged`.
 */
type IdCheck = 'optimistic' | 'checked';

export type PushAnswer = { ackThrough: number; results: PushResult[] };
/** A batch checked op by op (judge-op.ts), ready to apply: `ops[i]` is judged as `judged[i]`. */
export type JudgedPush = { ops: OpEnvelope[]; judged: JudgedOp[] };

/**
 * Judging is pure: it is done before taking any lock, so locks are held only for the writes, and once per push
 * even when the push is applied twice (held for the batch before it: routes/push.ts).
 */
export function judgePush(device: PushingDevice, ops: OpEnvelope[], nowMs: number): JudgedPush {
  return { ops, judged: ops.map((op) => judgeOp(op, device.hallCode, nowMs)) };
}

/**
 * Applies one pushed, judged batch in ONE transaction and returns the acknowledgement. Nothing outside the database
 * changes before the commit, so a failure anywhere leaves no trace (the client resends the same batch).
 *
 * Exactly once per (device, seq): the device row is locked first (`FOR UPDATE`), so two copies of one batch
 * arriving together (a browser re-sending a POST on a dropped keep-alive connection) run one after the other;
 * the second finds the watermark moved and only acknowledges. Ops at or below the watermark are replays: never
 * re-applied, reported again from what the server kept (quarantine, conflicts). The first new op must be
 * watermark + 1; a gap is refused with 409 and `expectedSeq` before anything is written.
 *
 * Cost: the same four statements whatever the batch size — BEGIN, lock-and-read (device watermark, hall clock,
 * current fields of the batch's residents), one statement writing everything (change log, resident fields,
 * conflicts, quarantine, hall clock, watermark), COMMIT — never one per op; a replay adds two reads, a race
 * (below) one, shifts or handovers in the batch two (shift-records.ts). Every round trip counts: on a busy
 * machine each one waits for the database process to be scheduled. Measured with `npm run bench:server` (docs/benchmarks.md, "District server push").
 */
export async function applyJudged(db: Db, device: PushingDevice, { ops, judged }: JudgedPush): Promise<PushAnswer> {
  try {
    return await db.transaction((tx) => applyInTransaction(tx, device, ops, judged, 'optimistic'));
  } catch (err) {
    if (!isStoredIdConflict(err)) throw err;
    return db.transaction((tx) => applyInTransaction(tx, device, ops, judged, 'checked'));
  }
}

function isStoredIdConflict(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === APPEND_ONLY_ID_INDEX;
}

/**
 * Locks the device row and the hall's clock row, in that order, and reads the watermark, the clock, and the
 * stored fields of the residents the batch patches.
 *
 * The hall clock. Every transaction that adds to a hall's change log reserves its change seqs on the hall's
 * counter row, whose lock it keeps until COMMIT, so a second writer for the same hall waits here until the first
 * has committed, and only then reads the counter. Hence change seqs are handed out in commit order: when a reader
 * can see seq n, every seq < n of that hall is already committed (or was rolled back, together with its counter
 * increment, and will never exist). A pull cursor "everything ≤ n" can therefore never step over a change that
 * commits later. A plain sequence or bigserial would not give this: T1 takes 101, T2 takes 102 and commits first,
 * a reader sees 102 and moves its cursor past 101, which T1 then commits — lost for that reader.
 * (FOR NO KEY UPDATE, as an UPDATE of the counter would take: it does not block foreign-key checks on the hall.)
 *
 * The resident fields are read in the same statement, i.e. with the snapshot taken when it STARTED, possibly
 * before the lock was granted. `seen_change` is the counter in that snapshot, `last_change` the counter as
 * locked (READ COMMITTED re-reads a locked row at its newest version). Every transaction that writes resident
 * fields of a hall advances that hall's counter in the same transaction, so when the two are equal no such
 * transaction committed in between and the fields read are current; when they differ the caller reads them again
 * (a second statement, whose snapshot is taken after the lock). That saves a round trip on nearly every batch.
 */
const LOCK_AND_READ = `
  SELECT d.acked_seq, h.last_change,
         (SELECT s.last_change FROM halls s WHERE s.hall_code = h.hall_code) AS seen_change,
         (SELECT json_agg(json_build_object('resident_id', f.resident_id, 'field', f.field, 'value', f.value,
                                            'hlc', f.hlc, 'device_id', f.device_id))
            FROM resident_fields f
           WHERE f.hall_code = h.hall_code AND f.resident_id = ANY($2::text[])) AS fields
    FROM devices d JOIN halls h ON h.hall_code = d.hall_code
   WHERE d.device_id = $1
     FOR UPDATE OF d FOR NO KEY UPDATE OF h`;

const READ_FIELDS = `
  SELECT resident_id, field, value, hlc, device_id FROM resident_fields
   WHERE hall_code = $1 AND resident_id = ANY($2::text[])`;

type StoredFieldRow = { resident_id: string; field: string; value: unknown; hlc: string; device_id: string | null };

/**
 * Everything a batch writes, in one statement (each data-modifying WITH runs once, to completion, whether or not
 * it is referenced; they touch different tables). $3 is the hall's new counter (null when the batch adds no
 * change), $4 the new watermark.
 *
 * `conflicts` and `resolved` both touch resident_conflicts, on disjoint rows: all WITHs see the snapshot taken
 * before the statement, so `resolved` never sees the rows `conflicts` inserts. A conflict that a later op of the
 * same batch already settles is therefore inserted resolved (planWrites decides it).
 *
 * Change rows come as parallel arrays zipped by ROWS FROM (sent as array literals: array-literal.ts), the payloads
 * as one JSON array: json_array_elements hands each payload on as the text it was sent as, so a payload is scanned
 * twice in all (validating the parameter, splitting it). Passing whole rows through json_to_recordset scans it a
 * third time (it re-validates each `json` field) and cost ~20 % more per batch. The other, small row sets come
 * through json_to_recordset.
 */
function writeStatement(idCheck: IdCheck): string {
  return `
  WITH clock AS (
    UPDATE halls SET last_change = $3 WHERE hall_code = $1 AND $3::bigint IS NOT NULL
  ), logged AS (
    INSERT INTO changes (hall_code, seq, kind, entity_id, payload, origin_device, origin_seq)
    SELECT $1, x.seq, x.kind, x.entity_id, x.payload, $2, x.origin_seq
      FROM ROWS FROM (json_array_elements($5::json), unnest($6::bigint[]), unnest($7::text[]), unnest($8::text[]),
                      unnest($9::bigint[])) AS x(payload, seq, kind, entity_id, origin_seq)
    ${idCheck === 'checked' ? "ON CONFLICT (hall_code, kind, entity_id) WHERE kind IN ('case-event', 'audit') DO NOTHING RETURNING origin_seq" : ''}
  ), fields AS (
    INSERT INTO resident_fields (hall_code, resident_id, field, value, hlc, device_id, change_seq)
    SELECT $1, x.resident_id, x.field, coalesce(x.value::jsonb, 'null'::jsonb), x.hlc, $2, x.change_seq
      FROM json_to_recordset($10::json) AS x(resident_id text, field text, value json, hlc text, change_seq bigint)
    ON CONFLICT (hall_code, resident_id, field)
    DO UPDATE SET value = excluded.value, hlc = excluded.hlc, device_id = excluded.device_id, change_seq = excluded.change_seq
  ), conflicts AS (
    INSERT INTO resident_conflicts (hall_code, resident_id, field, device_id, op_seq, server_value, server_hlc,
                                    server_device, incoming_value, incoming_hlc, kept,
                                    resolved_at, resolved_by_device, resolved_by_seq, resolution_hlc)
    SELECT $1, x.resident_id, x.field, $2, x.op_seq, coalesce(x.server_value::jsonb, 'null'::jsonb), x.server_hlc,
           x.server_device, coalesce(x.incoming_value::jsonb, 'null'::jsonb), x.incoming_hlc, x.kept,
           CASE WHEN x.resolved_by_seq IS NOT NULL THEN now() END, CASE WHEN x.resolved_by_seq IS NOT NULL THEN $2::uuid END,
           x.resolved_by_seq, x.resolution_hlc
      FROM json_to_recordset($11::json) AS x(resident_id text, field text, op_seq bigint, server_value json,
           server_hlc text, server_device uuid, incoming_value json, incoming_hlc text, kept text,
           resolved_by_seq bigint, resolution_hlc text)
  ), resolved AS (
    -- Open conflicts settled by a patch of this batch (ResolutionRow): the first such op of the batch is named.
    -- Stamps compare as C-collated strings, which is their clock order (shared/sync/hlc.ts).
    UPDATE resident_conflicts c
       SET resolved_at = now(), resolved_by_device = $2, resolved_by_seq = r.op_seq, resolution_hlc = r.hlc
      FROM (SELECT DISTINCT ON (o.id) o.id, x.op_seq, x.hlc
              FROM json_to_recordset($13::json) AS x(resident_id text, field text, base text, hlc text, op_seq bigint)
              JOIN resident_conflicts o
                ON o.hall_code = $1 AND o.resident_id = x.resident_id AND o.field = x.field AND o.resolved_at IS NULL
               AND o.server_hlc COLLATE "C" <= x.base COLLATE "C" AND o.incoming_hlc COLLATE "C" <= x.base COLLATE "C"
             ORDER BY o.id, x.op_seq) r
     WHERE c.id = r.id
  ), quarantined AS (
    INSERT INTO quarantine (device_id, seq, hall_code, kind, op, code, details)
    SELECT $2, x.seq, $1, x.kind, x.op::jsonb, x.code, x.details::jsonb
      FROM json_to_recordset($12::json) AS x(seq bigint, kind text, op json, code text, details json)
  ), watermark AS (
    UPDATE devices SET acked_seq = $4 WHERE device_id = $2
  )
  ${idCheck === 'checked' ? 'SELECT origin_seq FROM logged' : 'SELECT 1 AS done'}`;
}

async function applyInTransaction(
  tx: Queryable,
  device: PushingDevice,
  ops: OpEnvelope[],
  judgedAll: JudgedOp[],
  idCheck: IdCheck,
): Promise<{ ackThrough: number; results: PushResult[] }> {
  const patched = [...new Set(judgedAll.flatMap((j) => (j.kind === 'resident-patch' ? [j.patch.residentId] : [])))];
  const [state] = await tx.query<{ acked_seq: number; last_change: number; seen_change: number; fields: StoredFieldRow[] | null }>(
    LOCK_AND_READ,
    [device.deviceId, patched],
  );
  if (!state) throw new HttpError(401, { code: 'sync/unauthenticated' });
  const acked = state.acked_seq;
  const replayed = ops.filter((op) => op.seq <= acked);
  const judged = judgedAll.filter((j) => j.op.seq > acked);
  const first = judged[0];
  if (first !== undefined && first.op.seq !== acked + 1) {
    throw new HttpError(409, { code: 'sync/seq-gap', expectedSeq: acked + 1, details: { expectedSeq: acked + 1 } });
  }

  const results = replayed.length > 0 ? await replayResults(tx, device.deviceId, replayed) : [];
  if (judged.length === 0) return { ackThrough: acked, results };

  let stored = state.fields ?? [];
  if (patched.length > 0 && state.seen_change !== state.last_change) {
    // Another writer of this hall committed while we waited for its clock: read the fields again, now.
    stored = await tx.query<StoredFieldRow>(READ_FIELDS, [device.hallCode, patched]);
  }
  // Shifts and handovers (rare): read under the hall's lock, written after the main statement (shift-records.ts).
  const shiftStates = await readShiftRecords(tx, device.hallCode, judged);
  const plan = planWrites(device.deviceId, judged, stored, state.last_change, shiftStates);
  const ackThrough = (judged[judged.length - 1] as JudgedOp).op.seq;
  const newClock = plan.changes.length > 0 ? state.last_change + plan.changes.length : null;
  const { changes } = plan;
  const inserted = await tx.query<{ origin_seq: number }>(writeStatement(idCheck), [
    device.hallCode,
    device.deviceId,
    newClock,
    ackThrough,
    JSON.stringify(changes.map((c) => c.payload)),
    integerArrayLiteral(changes.map((c) => c.seq)),
    textArrayLiteral(changes.map((c) => c.kind)),
    textArrayLiteral(changes.map((c) => c.entity_id)),
    integerArrayLiteral(changes.map((c) => c.origin_seq)),
    JSON.stringify(plan.fields),
    JSON.stringify(plan.conflicts),
    JSON.stringify(plan.quarantine),
    JSON.stringify(plan.resolutions),
  ]);
  await writeShiftRecords(tx, device.hallCode, device.deviceId, plan.shiftRecords);
  // Optimistic: the INSERT took every row or failed. Checked: the rows it skipped were already stored.
  const applied = idCheck === 'checked' ? new Set(inserted.map((r) => r.origin_seq)) : null;
  for (const c of changes) {
    if (APPEND_ONLY.has(c.kind)) {
      plan.results.set(c.origin_seq, { seq: c.origin_seq, status: applied && !applied.has(c.origin_seq) ? 'merged' : 'applied' });
    }
  }
  results.push(...judged.map((j) => plan.results.get(j.op.seq) as PushResult));
  return { ackThrough, results };
}

/**
 * Decides, in memory, what each new op writes: change rows numbered from the hall's counter, the resident fields
 * that win their per-field merge (resident-merge.ts), conflict records, quarantined ops, and each op's result
 * (append-only kinds are settled by the caller, from what the INSERT reports).
 */
function planWrites(deviceId: string, judged: JudgedOp[], stored: StoredFieldRow[], lastChange: number, shiftStates: ShiftRecordStates) {
  const residents = new Map<string, Map<string, StoredField>>();
  for (const s of stored) {
    let fields = residents.get(s.resident_id);
    if (!fields) residents.set(s.resident_id, (fields = new Map()));
    fields.set(s.field, { value: s.value, hlc: s.hlc, deviceId: s.device_id });
  }
  const results = new Map<number, PushResult>();
  const changes: ChangeRow[] = [];
  const fields = new Map<string, FieldRow>();
  const conflicts: ConflictRow[] = [];
  const quarantine: QuarantineRow[] = [];
  const shiftRecords: ShiftRecordWrite[] = [];
  const resolutions: ResolutionRow[] = [];
  const idsInBatch = new Set<string>();
  let nextSeq = lastChange + 1;

  for (const j of judged) {
    const seq = j.op.seq;
    if (j.kind === 'rejected') {
      quarantine.push({ seq, kind: j.op.kind, op: j.op, code: j.code, details: j.details });
      results.set(seq, { seq, status: 'rejected', code: j.code, details: j.details });
      continue;
    }
    if (j.kind === 'case-event' || j.kind === 'audit') {
      const record = j.kind === 'case-event' ? j.event : j.entry;
      const key = `${j.kind}:${record.id}`;
      if (idsInBatch.has(key)) {
        results.set(seq, { seq, status: 'merged' });
        continue;
      }
      idsInBatch.add(key);
      changes.push({ seq: nextSeq++, kind: j.kind, entity_id: record.id, payload: record, origin_seq: seq });
      continue;
    }
    if (j.kind === 'shift' || j.kind === 'handover') {
      // First end / acknowledgement wins; a later one changes nothing and is `merged`.
      const merged = mergeShiftOp(shiftStates, j);
      if (merged) {
        const changeSeq = nextSeq++;
        changes.push({ seq: changeSeq, kind: merged.kind, entity_id: merged.id, payload: merged.state, origin_seq: seq });
        shiftRecords.push({ kind: merged.kind, record_id: merged.id, state: merged.state, change_seq: changeSeq });
      }
      results.set(seq, { seq, status: merged ? 'applied' : 'merged' });
      continue;
    }
    const { residentId } = j.patch;
    let current = residents.get(residentId);
    if (!current) residents.set(residentId, (current = new Map()));
    const outcome = mergeResidentPatch(current, j.patch, deviceId);
    const { base } = j.patch;
    if (base !== undefined) {
      for (const [field, v] of Object.entries(j.patch.fields)) {
        resolutions.push({ resident_id: residentId, field, base, hlc: v.hlc, op_seq: seq });
        // Conflicts recorded earlier in this batch are not in the table yet (see writeStatement).
        for (const c of conflicts) {
          if (c.resolved_by_seq === null && c.resident_id === residentId && c.field === field && c.server_hlc <= base && c.incoming_hlc <= base) {
            c.resolved_by_seq = seq;
            c.resolution_hlc = v.hlc;
          }
        }
      }
    }
    if (outcome.change) {
      const changeSeq = nextSeq++;
      changes.push({ seq: changeSeq, kind: 'resident', entity_id: residentId, payload: outcome.change, origin_seq: seq });
      for (const [field, v] of Object.entries(outcome.applied)) {
        // Later ops of the batch overwrite earlier ones for the same field: one upsert row per key (an upsert
        // may not touch a row twice).
        fields.set(`${residentId}\u0000${field}`, { resident_id: residentId, field, value: v.value, hlc: v.hlc, change_seq: changeSeq });
      }
    }
    for (const c of outcome.conflicts) conflicts.push(conflictRow(residentId, seq, c));
    results.set(seq, {
      seq,
      status: outcome.status,
      ...(outcome.conflicts.length > 0 ? { conflict: { residentId, fields: outcome.conflicts } } : {}),
    });
  }
  return { results, changes, fields: [...fields.values()], conflicts, quarantine, shiftRecords, resolutions };
}

function conflictRow(residentId: string, opSeq: number, c: FieldConflict): ConflictRow {
  return {
    resident_id: residentId,
    field: c.field,
    op_seq: opSeq,
    server_value: c.server.value,
    server_hlc: c.server.hlc,
    server_device: c.server.deviceId,
    incoming_value: c.incoming.value,
    incoming_hlc: c.incoming.hlc,
    kept: c.kept,
    resolved_by_seq: null,
    resolution_hlc: null,
  };
}

/**
 * The device $1 and the devices it replaced by re-enrolment (routes/enroll.ts). A re-enrolled workstation keeps
 * its outbox numbering, so an op it replays may have been handled under an earlier device id: its rejection or
 * conflict is filed there. Their seq ranges never overlap (each successor starts above its predecessor's
 * watermark).
 */
const LINEAGE = `WITH RECURSIVE lineage(id) AS (
    SELECT $1::uuid
    UNION
    SELECT d.replaces FROM devices d JOIN lineage l ON d.device_id = l.id WHERE d.replaces IS NOT NULL
  )`;

/** What a replayed op is told: its rejection or conflicts as recorded the first time, else `applied`. */
async function replayResults(tx: Queryable, deviceId: string, replayed: OpEnvelope[]): Promise<PushResult[]> {
  const from = (replayed[0] as OpEnvelope).seq;
  const to = (replayed[replayed.length - 1] as OpEnvelope).seq;
  const rejected = await tx.query<{ seq: number; code: string; details: Record<string, string | number> | null }>(
    `${LINEAGE} SELECT seq, code, details FROM quarantine WHERE device_id IN (SELECT id FROM lineage) AND seq BETWEEN $2 AND $3`,
    [deviceId, from, to],
  );
  const conflicted = await tx.query<ConflictRow & { resident_id: string }>(
    `${LINEAGE} SELECT resident_id, field, op_seq, server_value, server_hlc, server_device, incoming_value, incoming_hlc, kept
       FROM resident_conflicts WHERE device_id IN (SELECT id FROM lineage) AND op_seq BETWEEN $2 AND $3 ORDER BY id`,
    [deviceId, from, to],
  );
  const bySeq = new Map<number, PushResult>();
  for (const r of rejected) {
    bySeq.set(r.seq, { seq: r.seq, status: 'rejected', code: r.code, details: r.details ?? {}, replayed: true });
  }
  for (const c of conflicted) {
    const field: FieldConflict = {
      field: c.field,
      server: { value: c.server_value, hlc: c.server_hlc, deviceId: c.server_device },
      incoming: { value: c.incoming_value, hlc: c.incoming_hlc },
      kept: c.kept,
    };
    const existing = bySeq.get(c.op_seq);
    if (existing?.conflict) existing.conflict.fields.push(field);
    else bySeq.set(c.op_seq, { seq: c.op_seq, status: 'conflict', conflict: { residentId: c.resident_id, fields: [field] }, replayed: true });
  }
  return replayed.map((op) => bySeq.get(op.seq) ?? { seq: op.seq, status: 'applied', replayed: true });
}
