import { MAX_BATCH_BYTES, MAX_OPS_PER_BATCH, PROTOCOL_VERSION, type OutboxOp } from '@shared/sync/protocol';

/**
 * Cuts the next push out of the ops read from the outbox (already in seq order, consecutive) and serialises it.
 *
 * The body is assembled from each op's JSON, so every op is stringified once. The byte limit is checked on the
 * exact UTF-8 bytes sent (the server counts decoded bytes: 413 `sync/batch-too-large` past MAX_BATCH_BYTES), but
 * only once it could matter: until then a bound of 3 bytes per UTF-16 unit stands in for the count (a character
 * of the BMP is at most 3 bytes, one outside it is 4 bytes for its 2 units). Counting every byte of a 500-op batch
 * of Chinese text costs the sync worker ~1.3 ms (a loop over ~150 k characters) and changes nothing while the
 * batch is far below the limit, which a 500-op batch of case events is (~230 KiB of 1 MiB).
 */

export type PushBatch = {
  ops: OutboxOp[];
  firstSeq: number;
  lastSeq: number;
  body: string;
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
  // At least the body's UTF-8 size; exact once `exact` is set, i.e. from the op that might cross the limit on.
  let bound = 3 * (head.length + tail.length);
  let exact = false;
  const parts: string[] = [];
  const taken: OutboxOp[] = [];
  for (const op of ops) {
    if (taken.length >= limits.maxOps) break;
    const json = JSON.stringify(op);
    const comma = parts.length > 0 ? 1 : 0;
    if (!exact && bound + 3 * json.length + comma > limits.maxBytes) {
      exact = true;
      bound = utf8Length(head) + utf8Length(tail) + parts.reduce((n, p) => n + utf8Length(p), 0) + Math.max(0, parts.length - 1);
    }
    const size = (exact ? utf8Length(json) : 3 * json.length) + comma;
    if (taken.length > 0 && exact && bound + size > limits.maxBytes) break;
    parts.push(json);
    taken.push(op);
    bound += size;
  }
  const first = taken[0] as OutboxOp;
  const last = taken[taken.length - 1] as OutboxOp;
  return { ops: taken, firstSeq: first.seq, lastSeq: last.seq, body: head + parts.join(',') + tail };
}

/** An empty push: asks the server for its watermark for this device. */
export function watermarkProbeBody(deviceId: string): string {
  return JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId, ops: [] });
}
