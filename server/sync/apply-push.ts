import type { FieldConflict, OpEnvelope, PushResult } from '@shared/sync/protocol';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../http-error';
import { judgeOp, type JudgedOp } from './judge-op';
import { mergeResidentPatch, type StoredField } from './resident-merge';

export type PushingDevice = { deviceId: string; hallCode: string };

type ChangeRow = { seq: number; kind: 'case-event' | 'audit' | 'resident'; entity_id: string; payload: unknown; origin_seq: number };
/** Append-only kinds: identified by id, a second copy is `merged`. */
const APPEND_ONLY = new Set<ChangeRow['kind']>(['case-event', 'audit']);
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
};
type QuarantineRow = { seq: number; kind: string; op: OpEnvelope; code: string; details: Record<string, string | number> };

/**
 * Applies one pushed batch in ONE transaction and returns the acknowledgement. Nothing outside the database
 * changes before the commit, so a failure anywhere leaves no trace (the client resends the same batch).
 *
 * Exactly once per (device, seq): the device row is locked first (`FOR UPDATE`), so two copies of one batch
 * arriving together (a browser re-sending a POST on a dropped keep-alive connection) run one after the other;
 * the second finds the watermark moved and only acknowledges. Ops at or below the watermark are replays: never
 * re-applied, reported again from what the server kept (quarantine, conflicts). The first new op must be
 * watermark + 1; a gap is refused with 409 and `expectedSeq` before anything is written.
 *
 * Cost: a fixed handful of statements whatever the batch size (device lock, hall clock, current resident
 * fields, one multi-row insert per table through `jsonb_to_recordset`, watermark), never one per op.
 */
export async function applyPush(
  db: Db,
  device: PushingDevice,
  ops: OpEnvelope[],
  nowMs: number,
): Promise<{ ackThrough: number; results: PushResult[] }> {
  // Judging is pure: do it before taking any lock, so locks are held only for the writes.
  const judgedAll = ops.map((op) => judgeOp(op, device.hallCode, nowMs));

  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ acked_seq: number }>(
      'SELECT acked_seq FROM devices WHERE device_id = $1 FOR UPDATE',
      [device.deviceId],
    );
    if (!row) throw new HttpError(401, { code: 'sync/unauthenticated' });
    const acked = row.acked_seq;
    const replayed = ops.filter((op) => op.seq <= acked);
    const judged = judgedAll.filter((j) => j.op.seq > acked);
    const first = judged[0];
    if (first !== undefined && first.op.seq !== acked + 1) {
      throw new HttpError(409, { code: 'sync/seq-gap', expectedSeq: acked + 1, details: { expectedSeq: acked + 1 } });
    }

    const results = replayed.length > 0 ? await replayResults(tx, device.deviceId, replayed) : [];
    if (judged.length === 0) return { ackThrough: acked, results };

    results.push(...(await applyNew(tx, device, judged)));
    const ackThrough = (judged[judged.length - 1] as JudgedOp).op.seq;
    await tx.query('UPDATE devices SET acked_seq = $2 WHERE device_id = $1', [device.deviceId, ackThrough]);
    return { ackThrough, results };
  });
}

async function applyNew(tx: Queryable, device: PushingDevice, judged: JudgedOp[]): Promise<PushResult[]> {
  const { deviceId, hallCode } = device;
  const writers = judged.filter((j) => j.kind !== 'rejected');

  // The hall clock. Every transaction that adds to a hall's change log reserves its change seqs here, first,
  // by incrementing the hall's counter row. The UPDATE takes that row's lock and keeps it until COMMIT, so a
  // second writer for the same hall waits at this statement until the first has committed, and only then reads
  // the counter. Hence change seqs are handed out in commit order: when a reader can see seq n, every seq < n
  // of that hall is already committed (or was rolled back, together with its counter increment, and will never
  // exist). A pull cursor "everything ≤ n" can therefore never step over a change that commits later. A plain
  // sequence or bigserial would not give this: T1 takes 101, T2 takes 102 and commits first, a reader sees 102
  // and moves its cursor past 101, which T1 then commits — lost for that reader.
  // Seqs reserved for ops that end up writing no change (merged) are simply never used; gaps are harmless.
  let firstSeq = 0;
  if (writers.length > 0) {
    const [clock] = await tx.query<{ last_change: number }>(
      'UPDATE halls SET last_change = last_change + $2 WHERE hall_code = $1 RETURNING last_change',
      [hallCode, writers.length],
    );
    if (!clock) throw new Error(`hall ${hallCode} of device has no clock row`);
    firstSeq = clock.last_change - writers.length + 1;
  }

  // Current resident fields, read under the hall lock so no concurrent push of this hall can change them.
  const residentIds = [...new Set(writers.flatMap((j) => (j.kind === 'resident-patch' ? [j.patch.residentId] : [])))];
  const residents = new Map<string, Map<string, StoredField>>(residentIds.map((id) => [id, new Map()]));
  if (residentIds.length > 0) {
    const stored = await tx.query<{ resident_id: string; field: string; value: unknown; hlc: string; device_id: string | null }>(
      `SELECT resident_id, field, value, hlc, device_id FROM resident_fields
        WHERE hall_code = $1 AND resident_id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [hallCode, JSON.stringify(residentIds)],
    );
    for (const s of stored) residents.get(s.resident_id)?.set(s.field, { value: s.value, hlc: s.hlc, deviceId: s.device_id });
  }

  const results = new Map<number, PushResult>();
  const changes: ChangeRow[] = [];
  const fields = new Map<string, FieldRow>();
  const conflicts: ConflictRow[] = [];
  const quarantine: QuarantineRow[] = [];
  const idsInBatch = new Set<string>();
  let nextSeq = firstSeq;

  for (const j of judged) {
    const seq = j.op.seq;
    if (j.kind === 'rejected') {
      quarantine.push({ seq, kind: j.op.kind, op: j.op, code: j.code, details: j.details });
      results.set(seq, { seq, status: 'rejected', code: j.code, details: j.details });
      continue;
    }
    const changeSeq = nextSeq++;
    if (j.kind === 'case-event' || j.kind === 'audit') {
      const record = j.kind === 'case-event' ? j.event : j.entry;
      const key = `${j.kind}:${record.id}`;
      if (idsInBatch.has(key)) {
        results.set(seq, { seq, status: 'merged' });
        continue;
      }
      idsInBatch.add(key);
      changes.push({ seq: changeSeq, kind: j.kind, entity_id: record.id, payload: record, origin_seq: seq });
      // Decided below from what the INSERT reports: applied, or merged when the id was already stored.
      continue;
    }
    const { residentId } = j.patch;
    const outcome = mergeResidentPatch(residents.get(residentId) as Map<string, StoredField>, j.patch, deviceId);
    if (Object.keys(outcome.applied).length > 0) {
      changes.push({
        seq: changeSeq,
        kind: 'resident',
        entity_id: residentId,
        payload: { residentId, fields: outcome.applied },
        origin_seq: seq,
      });
      for (const [field, v] of Object.entries(outcome.applied)) {
        // Later ops of the batch overwrite earlier ones for the same field: one upsert row per key.
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

  if (changes.length > 0) {
    const inserted = await tx.query<{ origin_seq: number }>(
      `INSERT INTO changes (hall_code, seq, kind, entity_id, payload, origin_device, origin_seq)
       SELECT $1, x.seq, x.kind, x.entity_id, x.payload, $2, x.origin_seq
         FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, kind text, entity_id text, payload jsonb, origin_seq bigint)
       ON CONFLICT (hall_code, kind, entity_id) WHERE kind IN ('case-event', 'audit') DO NOTHING
       RETURNING origin_seq`,
      [hallCode, deviceId, JSON.stringify(changes)],
    );
    const appliedSeqs = new Set(inserted.map((r) => r.origin_seq));
    for (const c of changes) {
      if (APPEND_ONLY.has(c.kind)) results.set(c.origin_seq, { seq: c.origin_seq, status: appliedSeqs.has(c.origin_seq) ? 'applied' : 'merged' });
    }
  }
  if (fields.size > 0) {
    await tx.query(
      `INSERT INTO resident_fields (hall_code, resident_id, field, value, hlc, device_id, change_seq)
       SELECT $1, x.resident_id, x.field, coalesce(x.value, 'null'::jsonb), x.hlc, $2, x.change_seq
         FROM jsonb_to_recordset($3::jsonb) AS x(resident_id text, field text, value jsonb, hlc text, change_seq bigint)
       ON CONFLICT (hall_code, resident_id, field)
       DO UPDATE SET value = excluded.value, hlc = excluded.hlc, device_id = excluded.device_id, change_seq = excluded.change_seq`,
      [hallCode, deviceId, JSON.stringify([...fields.values()])],
    );
  }
  if (conflicts.length > 0) {
    await tx.query(
      `INSERT INTO resident_conflicts (hall_code, resident_id, field, device_id, op_seq, server_value, server_hlc,
                                       server_device, incoming_value, incoming_hlc, kept)
       SELECT $1, x.resident_id, x.field, $2, x.op_seq, coalesce(x.server_value, 'null'::jsonb), x.server_hlc,
              x.server_device, coalesce(x.incoming_value, 'null'::jsonb), x.incoming_hlc, x.kept
         FROM jsonb_to_recordset($3::jsonb) AS x(resident_id text, field text, op_seq bigint, server_value jsonb,
              server_hlc text, server_device uuid, incoming_value jsonb, incoming_hlc text, kept text)`,
      [hallCode, deviceId, JSON.stringify(conflicts)],
    );
  }
  if (quarantine.length > 0) {
    await tx.query(
      `INSERT INTO quarantine (device_id, seq, hall_code, kind, op, code, details)
       SELECT $1, x.seq, $2, x.kind, x.op, x.code, x.details
         FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, kind text, op jsonb, code text, details jsonb)`,
      [deviceId, hallCode, JSON.stringify(quarantine)],
    );
  }
  return judged.map((j) => results.get(j.op.seq) as PushResult);
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
  };
}

/** What a replayed op is told: its rejection or conflicts as recorded the first time, else `applied`. */
async function replayResults(tx: Queryable, deviceId: string, replayed: OpEnvelope[]): Promise<PushResult[]> {
  const from = (replayed[0] as OpEnvelope).seq;
  const to = (replayed[replayed.length - 1] as OpEnvelope).seq;
  const rejected = await tx.query<{ seq: number; code: string; details: Record<string, string | number> | null }>(
    'SELECT seq, code, details FROM quarantine WHERE device_id = $1 AND seq BETWEEN $2 AND $3',
    [deviceId, from, to],
  );
  const conflicted = await tx.query<ConflictRow & { resident_id: string }>(
    `SELECT resident_id, field, op_seq, server_value, server_hlc, server_device, incoming_value, incoming_hlc, kept
       FROM resident_conflicts WHERE device_id = $1 AND op_seq BETWEEN $2 AND $3 ORDER BY id`,
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
