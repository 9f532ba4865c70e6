import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '@shared/sync/hlc';
import { jsonEqual, mergeResidentPatch, type StoredField } from './resident-merge';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const T = 1_795_400_000_000;
const h = (ms: number, node: string, counter = 0) => formatHlc({ ms: T + ms, counter, node });
const RID = '0d6a3c8e-1111-4222-8333-444455556667';

describe('mergeResidentPatch', () => {
  it('takes a field nobody wrote yet', () => {
    const current = new Map<string, StoredField>();
    const out = mergeResidentPatch(current, { residentId: RID, fields: { name: { value: '张三', hlc: h(1, A) } } }, A);
    expect(out).toEqual({
      status: 'applied',
      applied: { name: { value: '张三', hlc: h(1, A) } },
      conflicts: [],
      change: { residentId: RID, fields: { name: { value: '张三', hlc: h(1, A) } } },
    });
    expect(current.get('name')).toEqual({ value: '张三', hlc: h(1, A), deviceId: A });
  });

  it('treats a resend with the same stamp as merged', () => {
    const current = new Map([['name', { value: '张三', hlc: h(1, A), deviceId: A }]]);
    const out = mergeResidentPatch(current, { residentId: RID, fields: { name: { value: '张三', hlc: h(1, A) } } }, A);
    expect(out.status).toBe('merged');
  });

  it('orders edits of one device by stamp (an older one loses quietly)', () => {
    const current = new Map([['phone', { value: '1', hlc: h(5, A), deviceId: A }]]);
    expect(mergeResidentPatch(current, { residentId: RID, fields: { phone: { value: '0', hlc: h(2, A) } } }, A).status).toBe('merged');
    expect(mergeResidentPatch(current, { residentId: RID, fields: { phone: { value: '2', hlc: h(9, A) } } }, A).status).toBe('applied');
    expect(current.get('phone')?.value).toBe('2');
  });

  it('orders an edit made on top of the stored version (base ≥ its stamp)', () => {
    const current = new Map([['phone', { value: '1', hlc: h(5, A), deviceId: A }]]);
    const out = mergeResidentPatch(current, { residentId: RID, base: h(5, A), fields: { phone: { value: '2', hlc: h(6, B) } } }, B);
    expect(out.status).toBe('applied');
  });

  it('records a conflict for a concurrent edit from another device; the later stamp is kept', () => {
    const stored = { value: '1', hlc: h(5, A), deviceId: A };
    const later = new Map([['phone', stored]]);
    const outLater = mergeResidentPatch(later, { residentId: RID, base: h(4, A), fields: { phone: { value: '2', hlc: h(6, B) } } }, B);
    expect(outLater.status).toBe('conflict');
    expect(outLater.conflicts).toEqual([
      { field: 'phone', server: { value: '1', hlc: h(5, A), deviceId: A }, incoming: { value: '2', hlc: h(6, B) }, kept: 'incoming' },
    ]);
    expect(later.get('phone')?.value).toBe('2');

    const earlier = new Map([['phone', stored]]);
    const outEarlier = mergeResidentPatch(earlier, { residentId: RID, fields: { phone: { value: '2', hlc: h(3, B) } } }, B);
    expect(outEarlier.status).toBe('conflict');
    expect(outEarlier.conflicts[0]?.kept).toBe('server');
    expect(outEarlier.applied).toEqual({});
    expect(earlier.get('phone')?.value).toBe('1');
  });

  it('logs an edit with base with its base and the fields that lost, even when none won; one without, only if something won', () => {
    const current = new Map([['phone', { value: '1', hlc: h(9, A), deviceId: A }]]);
    const lost = mergeResidentPatch(current, { residentId: RID, base: h(4, A), fields: { phone: { value: '2', hlc: h(6, B) }, grid: { value: 'g', hlc: h(6, B) } } }, B);
    expect(lost.change).toEqual({ residentId: RID, fields: { grid: { value: 'g', hlc: h(6, B) } }, base: h(4, A), alsoSet: ['phone'] });
    const nothingWon = mergeResidentPatch(current, { residentId: RID, base: h(5, A), fields: { phone: { value: '3', hlc: h(7, B) } } }, B);
    expect(nothingWon.status).toBe('conflict');
    expect(nothingWon.change).toEqual({ residentId: RID, fields: {}, base: h(5, A), alsoSet: ['phone'] });
    expect(mergeResidentPatch(current, { residentId: RID, fields: { phone: { value: '0', hlc: h(2, A) } } }, A).change).toBeNull();
  });

  it('sees no conflict when concurrent edits agree', () => {
    const current = new Map([['flags', { value: ['elderly', 'disabled'], hlc: h(5, A), deviceId: A }]]);
    const out = mergeResidentPatch(current, { residentId: RID, fields: { flags: { value: ['elderly', 'disabled'], hlc: h(6, B) } } }, B);
    expect(out.status).toBe('applied');
    expect(out.conflicts).toEqual([]);
  });

  it('converges: two devices pushing concurrent edits end on the same value in either arrival order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.string(), fc.string(), (ta, tb, va, vb) => {
        const editA = { residentId: RID, fields: { grid: { value: va, hlc: h(ta, A) } } };
        const editB = { residentId: RID, fields: { grid: { value: vb, hlc: h(tb, B) } } };
        const one = new Map<string, StoredField>();
        mergeResidentPatch(one, editA, A);
        mergeResidentPatch(one, editB, B);
        const two = new Map<string, StoredField>();
        mergeResidentPatch(two, editB, B);
        mergeResidentPatch(two, editA, A);
        expect(one.get('grid')).toEqual(two.get('grid'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('jsonEqual', () => {
  it('compares structure, not key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});
