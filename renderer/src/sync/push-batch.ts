import type { EncodedOp } from '@shared/sync/encoded-op';
import { MAX_BATCH_BYTES, MAX_OPS_PER_BATCH, PROTOCOL_VERSION } from '@shared/sync/protocol';

/**
 * Cuts the next push out of the ops read from the outbox (already in seq order, consecutive) and assembles its body.
 *
 * The ops are stored as their UTF-8 JSON (shared/sync/encoded-op.ts), so the body is the protocol's head, the ops'
 * bytes joined by commas, and its tail: nothing is stringified or encoded here, and the byte limit (the server counts
 * the bytes it receives: 413 `sync/batch-too-large` past MAX_BATCH_BYTES) is checked on the exact bytes sent.
 */

export type PushBatch = {
  ops: EncodedOp[];
  firstSeq: number;
  lastSeq: number;
  /** The request body: `{"protocol":…,"deviceId":…,"ops":[…]}` in UTF-8. */
  body: Uint8Array<ArrayBuffer>;
};

export type BatchLimits = { maxOps: number; maxBytes: number };
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxOps: MAX_OPS_PER_BATCH, maxBytes: MAX_BATCH_BYTES };

const encoder = new TextEncoder();
const COMMA = 0x2c;
const TAIL = encoder.encode(']}');

/**
 * The longest prefix of `ops` within the limits. Always at least one op when `ops` is not empty: a single op
 * over the byte limit is sent alone and the server's 413 then names the problem, rather than the outbox
 * silently stalling on it here.
 */
export function cutBatch(deviceId: string, ops: readonly EncodedOp[], limits: BatchLimits = DEFAULT_BATCH_LIMITS): PushBatch | null {
  if (ops.length === 0) return null;
  const head = encoder.encode(`{"protocol":${PROTOCOL_VERSION},"deviceId":${JSON.stringify(deviceId)},"ops":[`);
  let size = head.length + TAIL.length;
  let n = 0;
  for (const op of ops) {
    if (n >= limits.maxOps) break;
    const added = op.json.length + (n > 0 ? 1 : 0);
    if (n > 0 && size + added > limits.maxBytes) break;
    size += added;
    n++;
  }
  const taken = ops.slice(0, n);
  const body = new Uint8Array(size);
  body.set(head, 0);
  let at = head.length;
  taken.forEach((op, i) => {
    if (i > 0) body[at++] = COMMA;
    body.set(op.json, at);
    at += op.json.length;
  });
  body.set(TAIL, at);
  return { ops: taken, firstSeq: (taken[0] as EncodedOp).seq, lastSeq: (taken[n - 1] as EncodedOp).seq, body };
}

/** An empty push: asks the server for its watermark for this device. */
export function watermarkProbeBody(deviceId: string): string {
  return JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId, ops: [] });
}
