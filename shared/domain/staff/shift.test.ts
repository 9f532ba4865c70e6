import { describe, expect, it } from 'vitest';
import { HANDOVER_CASE_LIST_LIMIT, HandoverSchema, mergeHandover, mergeShift, ShiftSchema, type Handover, type Shift } from './shift';

const shift: Shift = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  day: '2026-11-23',
  staffId: 'staff-1',
  staffName: '王芳',
  workstationId: 'ws-1',
  workstationCode: 'W01',
  startedAt: '2026-11-23T00:30:00.000Z',
};
const handover: Handover = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  day: '2026-11-23',
  shiftId: shift.id,
  at: '2026-11-23T09:30:00.000Z',
  staffId: 'staff-1',
  staffName: '王芳',
  openCaseCount: 0,
  openCaseNumbers: [],
  note: '无',
};
const ackBy = (name: string, at: string): Handover => ({ ...handover, acknowledgedById: `id-${name}`, acknowledgedByName: name, acknowledgedAt: at });

describe('shift and handover rows', () => {
  it('accept whole rows and refuse half an acknowledgement or too many case numbers', () => {
    expect(ShiftSchema.safeParse(shift).success).toBe(true);
    expect(HandoverSchema.safeParse(handover).success).toBe(true);
    expect(HandoverSchema.safeParse(ackBy('赵敏', '2026-11-23T09:40:00.000Z')).success).toBe(true);
    expect(HandoverSchema.safeParse({ ...handover, acknowledgedAt: '2026-11-23T09:40:00.000Z' }).success).toBe(false);
    const many = Array.from({ length: HANDOVER_CASE_LIST_LIMIT + 1 }, (_, i) => `GL0301-W01-20261123-${String(i + 1).padStart(4, '0')}`);
    expect(HandoverSchema.safeParse({ ...handover, openCaseNumbers: many }).success).toBe(false);
    expect(ShiftSchema.safeParse({ ...shift, startedAt: '2026-11-23 08:30' }).success).toBe(false);
  });

  it('keep the first end of a shift; an earlier state or a second end changes nothing', () => {
    const endA = { ...shift, endedAt: '2026-11-23T09:30:00.000Z' };
    const endB = { ...shift, endedAt: '2026-11-23T09:35:00.000Z' };
    expect(mergeShift(undefined, shift)).toEqual({ next: shift, changed: true });
    expect(mergeShift(shift, endA)).toEqual({ next: endA, changed: true });
    expect(mergeShift(endA, endB)).toEqual({ next: endA, changed: false });
    expect(mergeShift(endA, shift)).toEqual({ next: endA, changed: false });
    // Only the end is taken from a later copy; the rest stays as first held.
    expect(mergeShift(shift, { ...endB, staffName: '别人' }).next).toEqual(endB);
  });

  it('keep the first acknowledgement of a handover, whoever sends the second', () => {
    const first = ackBy('赵敏', '2026-11-23T09:40:00.000Z');
    const second = ackBy('李娜', '2026-11-23T09:39:00.000Z');
    expect(mergeHandover(handover, first)).toEqual({ next: first, changed: true });
    expect(mergeHandover(first, second)).toEqual({ next: first, changed: false });
    expect(mergeHandover(first, handover)).toEqual({ next: first, changed: false });
    expect(mergeHandover(undefined, second)).toEqual({ next: second, changed: true });
  });
});
