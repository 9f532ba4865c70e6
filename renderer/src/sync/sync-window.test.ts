import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_WINDOW, SyncWindowSchema, isInSyncWindow, msUntilWindowCloses, msUntilWindowOpens } from './sync-window';

/** Epoch ms of a Beijing wall-clock time on 2026-11-23 (UTC+8). */
const bj = (hhmm: string, day = 23) => Date.parse(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

describe('isInSyncWindow', () => {
  it('wraps past midnight for the default 18:00–07:30 window', () => {
    expect(isInSyncWindow(bj('17:59'), DEFAULT_SYNC_WINDOW)).toBe(false);
    expect(isInSyncWindow(bj('18:00'), DEFAULT_SYNC_WINDOW)).toBe(true);
    expect(isInSyncWindow(bj('23:59'), DEFAULT_SYNC_WINDOW)).toBe(true);
    expect(isInSyncWindow(bj('00:00'), DEFAULT_SYNC_WINDOW)).toBe(true);
    expect(isInSyncWindow(bj('07:29'), DEFAULT_SYNC_WINDOW)).toBe(true);
    expect(isInSyncWindow(bj('07:30'), DEFAULT_SYNC_WINDOW)).toBe(false);
    expect(isInSyncWindow(bj('12:00'), DEFAULT_SYNC_WINDOW)).toBe(false);
  });

  it('handles a window inside one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(isInSyncWindow(bj('11:59'), lunch)).toBe(false);
    expect(isInSyncWindow(bj('12:00'), lunch)).toBe(true);
    expect(isInSyncWindow(bj('13:29'), lunch)).toBe(true);
    expect(isInSyncWindow(bj('13:30'), lunch)).toBe(false);
    expect(isInSyncWindow(bj('00:10'), lunch)).toBe(false);
  });

  it('uses Beijing time whatever the instant is in UTC', () => {
    // 10:30 UTC is 18:30 in the hall.
    expect(isInSyncWindow(Date.parse('2026-11-23T10:30:00Z'), DEFAULT_SYNC_WINDOW)).toBe(true);
    expect(isInSyncWindow(Date.parse('2026-11-23T09:59:00Z'), DEFAULT_SYNC_WINDOW)).toBe(false);
  });

  it('refuses an empty window and malformed times', () => {
    expect(SyncWindowSchema.safeParse({ start: '18:00', end: '18:00' }).success).toBe(false);
    expect(SyncWindowSchema.safeParse({ start: '24:00', end: '07:30' }).success).toBe(false);
    expect(SyncWindowSchema.safeParse({ start: '7:30', end: '18:00' }).success).toBe(false);
    expect(SyncWindowSchema.safeParse(DEFAULT_SYNC_WINDOW).success).toBe(true);
  });
});

describe('msUntilWindowOpens / Closes', () => {
  it('counts to the next opening, across midnight', () => {
    expect(msUntilWindowOpens(bj('17:00'), DEFAULT_SYNC_WINDOW)).toBe(60 * 60 * 1000);
    expect(msUntilWindowOpens(bj('19:00'), DEFAULT_SYNC_WINDOW)).toBe(0);
    expect(msUntilWindowOpens(bj('23:00'), { start: '01:00', end: '02:00' })).toBe(2 * 60 * 60 * 1000);
    expect(msUntilWindowCloses(bj('23:00'), DEFAULT_SYNC_WINDOW)).toBe(8.5 * 60 * 60 * 1000);
    expect(msUntilWindowCloses(bj('12:00'), DEFAULT_SYNC_WINDOW)).toBe(0);
  });

  it('lands inside the window after waiting, for any window and instant', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(time, time, fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }), (start, end, now) => {
        fc.pre(start !== end);
        const w = { start, end };
        const wait = msUntilWindowOpens(now, w);
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThan(24 * 60 * 60 * 1000);
        expect(isInSyncWindow(now + wait, w)).toBe(true);
        if (wait > 0) expect(isInSyncWindow(now + wait - 1, w)).toBe(false);
        const left = msUntilWindowCloses(now + wait, w);
        expect(left).toBeGreaterThan(0);
        expect(isInSyncWindow(now + wait + left, w)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
