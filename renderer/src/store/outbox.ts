import Dexie from 'dexie';
import { decodeOp, encodeOp } from '@shared/sync/encoded-op';
import type { OutboxOp, PushResult } from '@shared/sync/protocol';
import { MAX_OPS_PER_BATCH } from '@shared/sync/protocol';
import { getMeta, putMeta } from './meta';
import type { RejectedOutboxRow } from './rows';
import type { YizhanDb } from './schema';
import { isoAt, type StoreClock } from './store-context';

/**
 * The outbox: every local write that the district server must see, numbered 1, 2, 3, … per workstation.
 *
 * Seqs are GAPLESS because the server refuses a push that skips one (`sync/seq-gap`). An autoincrement key
 * (`++seq`) would not do: IndexedDB consumes an autoincrement value even when the transaction that drew it
 * aborts. So the last allocated seq is a counter row in `meta`, read and bumped inside the same transaction as
 * the ops it numbers; an abort rolls the counter back with them.
 *
 * Acknowledgement is a watermark (`meta['outbox.ackedSeq']`), not a delete per row, which would halve push
 * throughput (perf-anchors). Acknowledged rows are deleted later as one key range by `pruneAcknowledgedOutbox`,
 * off the push path. Since rows above the watermark are never deleted and seqs have no gaps, the number of
 * pending ops is `lastSeq − ackedSeq`, read from two meta rows instead of counted.
 *
 * Rejected ops (the server's `rejected` result): the server acknowledges them too and moves its watermark past
 * them, so they are copied to the `rejected` table, with the server's code and details, in the same transaction
 * that records the watermark. Keeping them in the outbox instead would make pruning a filtered scan rather than a
 * key-range delete, and would mix "waiting for the server" with "needs a person".
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An op before it is numbered; `enqueueOps` assigns `seq`, `opId` and `at`. */
export type OutboxOpDraft = DistributiveOmit<OutboxOp, 'seq' | 'opId' | 'at'>;

/**
 * Numbers and writes ops. Must run inside a read-write `db.transaction` that includes `outbox` and `meta`, so
 * that the seqs, the ops and the records they describe commit or roll back together. Each op is stored as the
 * UTF-8 JSON it is pushed as (`OutboxRow`); the ops are returned as written.
 */
export async function enqueueOps(db: YizhanDb, clock: StoreClock, drafts: readonly OutboxOpDraft[]): Promise<OutboxOp[]> {
  const tx = Dexie.currentTransaction;
  if (!tx || tx.mode !== 'readwrite' || !tx.storeNames.includes('outbox') || !tx.storeNames.includes('meta')) {
    throw new Error('enqueueOps must run inside a readwrite transaction over outbox and meta');
  }
  if (drafts.length === 0) return [];
  const last = (await getMeta(db, 'outbox.lastSeq')) ?? 0;
  const at = isoAt(clock.now());
  const ops = drafts.map((draft, i) => ({ ...draft, seq: last + i + 1, opId: clock.newId(), at }) as OutboxOp);
  // add, not put: an existing seq here would be a bug, and it must fail loudly rather than overwrite an op.
  await db.outbox.bulkAdd(ops.map(encodeOp));
  await putMeta(db, 'outbox.lastSeq', last + ops.length);
  return ops;
}

export type OutboxStatus = { lastSeq: number; ackedSeq: number; pending: number; rejected: number };

/** For the status bar (`useLiveQuery`): reads two meta rows and counts the (small) rejected table. */
export async function outboxStatus(db: YizhanDb): Promise<OutboxStatus> {
  return db.transaction('r', db.meta, db.rejected, async () => {
    const lastSeq = (await getMeta(db, 'outbox.lastSeq')) ?? 0;
    const ackedSeq = (await getMeta(db, 'outbox.ackedSeq')) ?? 0;
    const rejected = await db.rejected.count();
    return { lastSeq, ackedSeq, pending: Math.max(0, lastSeq - ackedSeq), rejected };
  });
}

export async function countPendingOutbox(db: YizhanDb): Promise<number> {
  return (await outboxStatus(db)).pending;
}

/** The next ops to push, in seq order, starting right after the watermark. */
export async function pendingOutboxOps(db: YizhanDb, limit = MAX_OPS_PER_BATCH): Promise<OutboxOp[]> {
  return db.transaction('r', db.outbox, db.meta, async () => {
    const acked = (await getMeta(db, 'outbox.ackedSeq')) ?? 0;
    return (await db.outbox.where('seq').above(acked).limit(limit).toArray()).map(decodeOp);
  });
}

/** Every op still in the outbox (acknowledged ones not yet pruned included), decoded, in seq order. */
export async function outboxOps(db: YizhanDb): Promise<OutboxOp[]> {
  return (await db.outbox.toArray()).map(decodeOp);
}

export type Acknowledgement = {
  /** The server's `ackThrough`. */
  ackThrough: number;
  /** The per-op results of the push; only `rejected` ones are kept (see `rejected` table). */
  results?: readonly PushResult[];
};

/**
 * Records a server acknowledgement: moves the watermark forward (never back: a late answer to an older push must
 * not un-acknowledge) and files rejected ops. Does not delete anything from the outbox; see
 * `pruneAcknowledgedOutbox`. Returns the watermark now in force.
 */
export async function acknowledgeOutbox(db: YizhanDb, clock: StoreClock, ack: Acknowledgement): Promise<number> {
  const result = await db.transaction('rw', db.outbox, db.rejected, db.meta, async () => {
    const lastSeq = (await getMeta(db, 'outbox.lastSeq')) ?? 0;
    const previous = (await getMeta(db, 'outbox.ackedSeq')) ?? 0;
    if (!Number.isInteger(ack.ackThrough) || ack.ackThrough < 0) throw new RangeError('ackThrough must be a whole number ≥ 0');
    if (ack.ackThrough > lastSeq) {
      // The server claims ops this workstation never wrote: wrong device credentials or a restored database.
      // Refuse rather than silently skip real pending ops.
      throw new RangeError(`server acknowledged seq ${ack.ackThrough} but only ${lastSeq} were written`);
    }
    const watermark = Math.max(previous, ack.ackThrough);
    const rejectedAt = isoAt(clock.now());
    const rejections = (ack.results ?? []).filter((r) => r.status === 'rejected' && r.seq <= watermark);
    if (rejections.length > 0) {
      const stored = await db.outbox.bulkGet(rejections.map((r) => r.seq));
      const rows: RejectedOutboxRow[] = [];
      rejections.forEach((r, i) => {
        const encoded = stored[i];
        // Already pruned (a replayed answer to a push acknowledged earlier): it was filed then.
        if (!encoded) return;
        const row: RejectedOutboxRow = { seq: r.seq, op: decodeOp(encoded), code: r.code ?? 'sync/op-invalid', rejectedAt };
        if (r.details) row.details = r.details;
        rows.push(row);
      });
      await db.rejected.bulkPut(rows);
    }
    if (watermark !== previous) await putMeta(db, 'outbox.ackedSeq', watermark);
    return { watermark, changed: watermark !== previous || rejections.length > 0, rejected: rejections.length };
  });
  if (result.changed) {
    db.changes.emit({ type: 'outbox-changed', change: 'acknowledged', ackedSeq: result.watermark, rejected: result.rejected });
  }
  return result.watermark;
}

/**
 * Deletes acknowledged ops as one key range. Call it off the push path (idle time, or every few batches); it is
 * safe to call at any moment and any number of times. Returns how many rows went.
 */
export async function pruneAcknowledgedOutbox(db: YizhanDb): Promise<number> {
  return db.transaction('rw', db.outbox, db.meta, async () => {
    const acked = (await getMeta(db, 'outbox.ackedSeq')) ?? 0;
    if (acked === 0) return 0;
    return db.outbox.where('seq').belowOrEqual(acked).delete();
  });
}

export async function rejectedOutboxOps(db: YizhanDb): Promise<RejectedOutboxRow[]> {
  // Primary-key order is seq order.
  return db.rejected.toArray();
}

export function lastSeqOf(ops: readonly { seq: number }[]): number {
  return ops.length === 0 ? 0 : (ops[ops.length - 1] as { seq: number }).seq;
}
