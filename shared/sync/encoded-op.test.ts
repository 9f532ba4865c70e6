import { describe, expect, it } from 'vitest';
import { decodeOp, encodeOp } from './encoded-op';
import type { OutboxOp } from './protocol';

// Encoding does not look inside an op (the server validates it): any text in any field must come back as it was.
const patch = (value: string) =>
  ({
    seq: 42,
    opId: '0196a000-0000-7000-8000-000000000001',
    at: '2026-11-23T09:00:00.000Z',
    kind: 'resident-patch',
    payload: { residentId: '0196a000-0000-7000-8000-000000000002', fields: { name: { value, hlc: '1763888400000-0000-ws1' } } },
  }) as OutboxOp;

const contains = (bytes: Uint8Array, part: number[]) => bytes.some((_, i) => part.every((b, j) => bytes[i + j] === b));

describe('encodeOp / decodeOp', () => {
  it('keeps seq and kind beside the UTF-8 of the op JSON, and gives the same op back', () => {
    const op = patch('中');
    const row = encodeOp(op);
    expect(row.seq).toBe(42);
    expect(row.kind).toBe('resident-patch');
    // 中 is U+4E2D: E4 B8 AD in UTF-8 (not its UTF-16 code unit, not escaped).
    expect(contains(row.json, [0xe4, 0xb8, 0xad])).toBe(true);
    expect(row.json.length).toBe(JSON.stringify(op).length + 2);
    expect(decodeOp(row)).toEqual(op);
  });

  it('is lossless for any text: Chinese, quotes, backslashes, emoji, lone surrogates', () => {
    for (const text of ['最低生活保障申请受理', 'a"b\\c', '😀', '\ud800', 'x\udc00y', '\u0000\n']) {
      expect(decodeOp(encodeOp(patch(text)))).toEqual(patch(text));
    }
  });

  it('refuses bytes that are not UTF-8 rather than altering the op', () => {
    expect(() => decodeOp({ seq: 1, kind: 'audit', json: new Uint8Array([0x7b, 0xff, 0x7d]) })).toThrow();
  });
});
