import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeOp, type EncodedOp } from '@shared/sync/encoded-op';
import type { OutboxOp } from '@shared/sync/protocol';
import { cutBatch } from './push-batch';

const DEVICE = '0b3c6a52-5d0e-4c1e-9a57-2f3f8e0c4d11';
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

/** An op whose JSON carries `note` (any text: ASCII, Chinese, characters outside the BMP, lone surrogates). */
function rawOp(seq: number, note: string): OutboxOp {
  return { kind: 'resident-patch', seq, opId: `op-${seq}`, at: '2026-11-23T09:00:00.000Z', payload: { residentId: 'r1', fields: { name: { value: note, hlc: '0001' } } } } as OutboxOp;
}

/** The same op as the outbox stores it. */
const op = (seq: number, note: string): EncodedOp => encodeOp(rawOp(seq, note));

/**
 * The body the protocol describes for these ops, serialised as a whole from the op objects (not from their stored
 * bytes): the reference the assembled body must match byte for byte.
 */
const wholeBody = (ops: readonly OutboxOp[]) => JSON.stringify({ protocol: 1, deviceId: DEVICE, ops });

/** The longest prefix whose body fits, found by encoding every candidate body: what cutBatch must agree with. */
function longestFitting(ops: readonly OutboxOp[], maxOps: number, maxBytes: number): number {
  let n = 1;
  for (let k = 2; k <= Math.min(ops.length, maxOps); k++) {
    if (utf8(wholeBody(ops.slice(0, k))).length > maxBytes) break;
    n = k;
  }
  return n;
}

describe('cutBatch', () => {
  it('builds the body the server parses: the protocol, the device and the ops in order', () => {
    const raw = [rawOp(7, '张三'), rawOp(8, 'Li Si'), rawOp(9, '😀')];
    const ops = raw.map(encodeOp);
    const batch = cutBatch(DEVICE, ops);
    expect(batch).toMatchObject({ firstSeq: 7, lastSeq: 9 });
    expect(batch!.ops).toEqual(ops);
    expect(batch!.body).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(text(batch!.body))).toEqual({ protocol: 1, deviceId: DEVICE, ops: raw });
  });

  it('is null for nothing to send', () => {
    expect(cutBatch(DEVICE, [])).toBeNull();
  });

  it('stops at the op count', () => {
    const raw = Array.from({ length: 10 }, (_, i) => rawOp(i + 1, 'x'));
    const batch = cutBatch(DEVICE, raw.map(encodeOp), { maxOps: 4, maxBytes: 1 << 20 })!;
    expect(batch.ops.map((o) => o.seq)).toEqual([1, 2, 3, 4]);
    expect(batch).toMatchObject({ firstSeq: 1, lastSeq: 4 });
    expect(batch.body).toEqual(utf8(wholeBody(raw.slice(0, 4))));
  });

  it('fills a byte limit exactly, counting the UTF-8 bytes of Chinese text', () => {
    const raw = Array.from({ length: 6 }, (_, i) => rawOp(i + 1, '最低生活保障申请受理'.repeat(20)));
    const ops = raw.map(encodeOp);
    const three = utf8(wholeBody(raw.slice(0, 3)));
    // A limit of exactly three ops' body: the third op fits with no byte to spare, the fourth does not.
    const batch = cutBatch(DEVICE, ops, { maxOps: 500, maxBytes: three.length });
    expect(batch!.ops).toHaveLength(3);
    expect(batch!.body).toEqual(three);
    expect(cutBatch(DEVICE, ops, { maxOps: 500, maxBytes: three.length - 1 })!.ops).toHaveLength(2);
  });

  it('sends a single op over the limit alone, so the server names the problem', () => {
    const big = rawOp(1, '长'.repeat(1000));
    const batch = cutBatch(DEVICE, [encodeOp(big), op(2, 'x')], { maxOps: 500, maxBytes: 100 });
    expect(batch!.ops.map((o) => o.seq)).toEqual([1]);
    expect(batch!.body.length).toBeGreaterThan(100);
    expect(batch!.body).toEqual(utf8(wholeBody([big])));
  });

  it('agrees with encoding every candidate body, for any text and limits, byte for byte', () => {
    // Mixed text (quotes, backslashes, emoji, lone surrogates — which JSON.stringify escapes), and long Chinese text.
    const note = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '"', '\\', 'é', '中', '办', '😀', '\n', '\ud800', '\udc00'), maxLength: 60 }),
      fc.string({ unit: fc.constantFrom('中', '办', '证'), minLength: 200, maxLength: 1000 }),
    );
    fc.assert(
      fc.property(fc.array(note, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 50, max: 30_000 }), (notes, maxOps, maxBytes) => {
        const raw = notes.map((n, i) => rawOp(i + 1, n));
        const batch = cutBatch(DEVICE, raw.map(encodeOp), { maxOps, maxBytes })!;
        const n = longestFitting(raw, maxOps, maxBytes);
        expect(batch.ops.map((o) => o.seq)).toEqual(raw.slice(0, n).map((o) => o.seq));
        expect(batch.body).toEqual(utf8(wholeBody(raw.slice(0, n))));
        if (n > 1) expect(batch.body.length).toBeLessThanOrEqual(maxBytes);
      }),
      { numRuns: 300 },
    );
  });
});
