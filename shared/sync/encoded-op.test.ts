import { describe, expect, it } from 'vitest';
import { caseEventBuilder, fixtureId } from '../domain/case/event-fixtures';
import { decodeOp, encodeOp } from './encoded-op';
import { OUTBOX_OP_KINDS, OutboxOpSchema, type OutboxOp } from './protocol';

// Present under vitest (Node); shared/ is compiled without the DOM's or Node's types.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

const AT = '2026-11-23T09:00:00.000Z';
const HLC = '1763888400000-0000-ws1';
const base = (seq: number) => ({ seq, opId: fixtureId(seq), at: AT });

// Encoding does not look inside an op (the server validates it): any text in any field must come back as it was.
const patch = (value: string): OutboxOp => ({
  ...base(42),
  kind: 'resident-patch',
  payload: { residentId: fixtureId(1000), fields: { name: { value, hlc: HLC } } },
});

/** One op of every kind the protocol has, each carrying `text` in a free-text field of its payload. */
function everyKind(text: string): OutboxOp[] {
  const ev = caseEventBuilder({ caseId: fixtureId(2000) }, 3000);
  return [
    { ...base(1), kind: 'case-event', payload: ev('received', { matterName: `最低生活保障申请受理${text}` }) },
    { ...base(2), kind: 'case-event', payload: ev('completed', { resultNote: text }) },
    {
      ...base(3),
      kind: 'resident-patch',
      payload: { residentId: fixtureId(1000), base: HLC, fields: { name: { value: `张${text}`, hlc: HLC }, phone: { value: null, hlc: HLC } } },
    },
    {
      ...base(4),
      kind: 'audit',
      payload: { id: fixtureId(4000), at: AT, hallCode: 'GL0301', workstationId: 'ws-1', staffId: 'staff-1', staffName: '李娜', action: 'document.print', target: { type: 'case', id: 'c1', label: text }, detail: { document: text, copies: 2 } },
    },
    {
      ...base(5),
      kind: 'shift',
      payload: { id: fixtureId(5000), day: '2026-11-23', staffId: 'staff-1', staffName: `李娜${text}`, workstationId: 'ws-1', workstationCode: 'W01', startedAt: AT },
    },
    {
      ...base(6),
      kind: 'handover',
      payload: { id: fixtureId(6000), day: '2026-11-23', shiftId: fixtureId(5000), at: AT, staffId: 'staff-1', staffName: '李娜', openCaseCount: 1, openCaseNumbers: ['GL0301-W01-20261123-0001'], note: `交接：${text}` },
    },
  ];
}

const TEXTS = ['最低生活保障申请受理', 'a"b\\c', '😀', '\ud800', 'x\udc00y', '\u0000\n'];
const contains = (bytes: Uint8Array, part: number[]) => bytes.some((_, i) => part.every((b, j) => bytes[i + j] === b));
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

describe('encodeOp / decodeOp', () => {
  it('keeps seq and kind beside the UTF-8 of the op JSON, and gives the same op back', () => {
    const op = patch('中');
    const row = encodeOp(op);
    expect(row.seq).toBe(42);
    expect(row.kind).toBe('resident-patch');
    expect(row.json).toBeInstanceOf(Uint8Array);
    // 中 is U+4E2D: E4 B8 AD in UTF-8 (not its UTF-16 code unit, not escaped).
    expect(contains(row.json, [0xe4, 0xb8, 0xad])).toBe(true);
    expect(row.json.length).toBe(JSON.stringify(op).length + 2);
    expect(decodeOp(row)).toEqual(op);
  });

  it('round-trips an op of every kind, for any text: Chinese, quotes, backslashes, emoji, lone surrogates', () => {
    for (const text of TEXTS) {
      const ops = everyKind(text);
      // Real shapes: every op passes the protocol's schema, and every kind is covered.
      for (const op of ops) expect(OutboxOpSchema.safeParse(op).success, `${op.kind} ${JSON.stringify(text)}`).toBe(true);
      expect(new Set(ops.map((op) => op.kind))).toEqual(new Set(OUTBOX_OP_KINDS));
      for (const op of ops) {
        const row = encodeOp(op);
        expect([row.seq, row.kind]).toEqual([op.seq, op.kind]);
        // The stored bytes are the UTF-8 of the op's JSON: what a push sends for it.
        expect(row.json).toEqual(new TextEncoder().encode(JSON.stringify(op)));
        expect(decodeOp(row)).toEqual(op);
      }
    }
  });

  it('stores a lone surrogate as its JSON escape, not as a replacement character', () => {
    const row = encodeOp(patch('\ud800'));
    expect(contains(row.json, ascii('"\\ud800"'))).toBe(true);
    expect(contains(row.json, [0xef, 0xbf, 0xbd])).toBe(false);
    const value = decodeOp(row);
    expect(value.kind === 'resident-patch' && value.payload.fields.name?.value).toBe('\ud800');
  });

  it('refuses bytes that are not UTF-8 rather than altering the op', () => {
    expect(() => decodeOp({ seq: 1, kind: 'audit', json: new Uint8Array([0xff]) })).toThrow();
    expect(() => decodeOp({ seq: 1, kind: 'audit', json: new Uint8Array([0x7b, 0xff, 0x7d]) })).toThrow();
    // A three-byte character cut short (中 without its last byte) inside a string.
    expect(() => decodeOp({ seq: 1, kind: 'audit', json: new Uint8Array([0x22, 0xe4, 0xb8, 0x22]) })).toThrow();
  });
});
