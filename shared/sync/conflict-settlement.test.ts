import { describe, expect, it } from 'vitest';
import { settlementOfChange, settlementOfPatch, settlesFieldConflict } from './conflict-settlement';
import { formatHlc } from './hlc';
import type { FieldConflict } from './protocol';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const RID = '0d6a3c8e-1111-4222-8333-444455556667';
const OTHER = '0d6a3c8e-1111-4222-8333-444455556668';
const h = (ms: number, node: string) => formatHlc({ ms: 1_795_400_000_000 + ms, counter: 0, node });

/** A's phone at 5, B's at 6: the record B's push got. */
const phone: FieldConflict = {
  field: 'phone',
  server: { value: '13900000001', hlc: h(5, A), deviceId: A },
  incoming: { value: '13900000002', hlc: h(6, B) },
  kept: 'incoming',
};

describe('settlesFieldConflict', () => {
  it('settles a conflict on a field the edit set when its base covers both sides', () => {
    const s = settlementOfPatch({ residentId: RID, base: h(6, B), fields: { phone: { value: '13900000003', hlc: h(7, A) } } });
    expect(s && settlesFieldConflict(s, RID, phone)).toBe(true);
  });

  it('not when the base covers only one side, the field is another, or the resident is another', () => {
    const oneSide = settlementOfPatch({ residentId: RID, base: h(5, A), fields: { phone: { value: '1', hlc: h(7, A) } } });
    const otherField = settlementOfPatch({ residentId: RID, base: h(9, A), fields: { grid: { value: '第一网格', hlc: h(10, A) } } });
    const otherResident = settlementOfPatch({ residentId: OTHER, base: h(9, A), fields: { phone: { value: '1', hlc: h(10, A) } } });
    for (const s of [oneSide, otherField, otherResident]) expect(s && settlesFieldConflict(s, RID, phone)).toBe(false);
  });

  it('a stamp newer than both sides is not enough: an edit without base settles nothing', () => {
    expect(settlementOfPatch({ residentId: RID, fields: { phone: { value: '1', hlc: h(99, A) } } })).toBeNull();
    expect(settlementOfChange({ residentId: RID, fields: { phone: { value: '1', hlc: h(99, A) } } })).toBeNull();
  });

  it('a pulled change counts the fields it carries and the ones the edit set that lost on the server', () => {
    const lost = settlementOfChange({ residentId: RID, fields: {}, base: h(6, B), alsoSet: ['phone'] });
    expect(lost && settlesFieldConflict(lost, RID, phone)).toBe(true);
    const won = settlementOfChange({ residentId: RID, fields: { phone: { value: '1', hlc: h(8, A) } }, base: h(6, B) });
    expect(won && settlesFieldConflict(won, RID, phone)).toBe(true);
    const without = settlementOfChange({ residentId: RID, fields: { grid: { value: '第一网格', hlc: h(8, A) } }, base: h(6, B), alsoSet: ['name'] });
    expect(without && settlesFieldConflict(without, RID, phone)).toBe(false);
  });
});
