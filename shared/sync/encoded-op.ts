import type { OutboxOp, OutboxOpKind } from './protocol';

/**
 * An outbox op as the workstation stores and pushes it: its JSON, encoded to UTF-8 once, when the op is written.
 *
 * A push reads ~500 of these and sends them as one body. Held as objects, each push would pay for rebuilding 500
 * objects out of IndexedDB, stringifying them and encoding ~230 KB of mostly two-byte (Chinese) text to UTF-8 —
 * work that gives the same bytes every time the op is sent. Held as bytes, the body is a copy of them
 * (push-batch.ts), and the byte limit of a batch is a sum of lengths. Measured in Chromium (docs/benchmarks.md,
 * Session 6): reading and posting 500 ops alone costs the browser ~4–5 ms less CPU per batch this way; in the whole
 * push the sync worker's share fell ~1.5 ms per batch and the push rate did not measurably change.
 *
 * `kind` is kept beside the bytes because acknowledging a batch needs to find its resident patches (their
 * settlements) without decoding every op; everything else is read from the JSON when it is needed, which is
 * rare (a rejected or conflicting op, the sync page's list of pending ops).
 */
export type EncodedOp = { seq: number; kind: OutboxOpKind; json: Uint8Array };

// Present in the browser, its workers and Node alike; shared/ is compiled without the DOM's or Node's types.
declare const TextEncoder: new () => { encode(text: string): Uint8Array<ArrayBuffer> };
declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };

const encoder = new TextEncoder();
// Fatal: bytes that are not UTF-8 were never written by encodeOp; better an error than a silently altered op.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Lossless: JSON.stringify escapes lone surrogates, so the text is well-formed and encodes without replacement. */
export function encodeOp(op: OutboxOp): EncodedOp {
  return { seq: op.seq, kind: op.kind, json: encoder.encode(JSON.stringify(op)) };
}

export function decodeOp(row: EncodedOp): OutboxOp {
  return JSON.parse(decoder.decode(row.json)) as OutboxOp;
}
