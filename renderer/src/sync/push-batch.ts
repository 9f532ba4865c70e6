import { MAX_BATCH_BYTES, MAX_OPS_PER_BATCH, PROTOCOL_VERSION, type OutboxOp } from '@shared/sync/protocol';

/**
 * Cuts the next push out of the ops read from the outbox (already in seq order, consecutive) and serialises it.
 *
 * The body is assembled from each op's JSON, so every op is stringified once and the byte limit is checked on
 * the exact bytes sent (the server counts decoded bytes: 413 `sync/batch-too-large` past MAX_BATCH_BYTES).
 */

export type PushBatch = {
  ops: OutboxOp[];
  firstSeq: number;
  lastSeq: number;
  body: string;
  bytes: number;
};

export type BatchLimits = { maxOps: number; maxBytes: number };
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxOps: MAX_OPS_PER_BATCH, maxBytes: MAX_BATCH_BYTES };

/** UTF-8 length without allocating an encoded copy (batches are cut on every push, up to 1 MiB each). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * The longest prefix of `ops` within the limits. Always at least one op when `ops` is not empty: a single op
 * over the byte limit is sent alone and the server's 413 then names the problem, rather than the outbox
 * silently stalling on it here.
 */
export function cutBatch(deviceId: string, ops: readonly OutboxOp[], limits: BatchLimits = DEFAULT_BATCH_LIMITS): PushBatch | null {
  if (ops.length === 0) return null;
  const head = `{"protocol":${PROTOCOL_VERSION},"deviceId":${JSON.stringify(deviceId)},"ops":[`;
  const tail = ']}';
  let bytes = utf8Length(head) + utf8Length(tail);
  const parts: string[] = [];
  const taken: OutboxOp[] = [];
  for (const op of ops) {
    if (taken.length >= limits.maxOps) break;
    const json = JSON.stringify(op);
    const size = utf8Length(json) + (parts.length > 0 ? 1 : 0);
    if (taken.length > 0 && bytes + size > limits.maxBytes) break;
    parts.push(json);
    taken.push(op);
    bytes += size;
  }
  const first = taken[0] as OutboxOp;
  const last = taken[taken.length - 1] as OutboxOp;
  return { ops: taken, firstSeq: first.seq, lastSeq: last.seq, body: head + parts.join(',') + tail, bytes };
}

/** An empty push: asks the server for its watermark for this device. */
export function watermarkProbeBody(deviceId: string): string {
  return JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId, ops: [] });
}
