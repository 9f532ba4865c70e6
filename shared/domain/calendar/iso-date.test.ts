import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysInMonth, fromDayNumber, isIsoDate, isoWeekday, toDayNumber } from './iso-date';

describe('iso-date', () => {
  it('knows leap years, including the century rules', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('gives ISO weekdays (2026-02-14 is a Saturday, 2026-01-04 a Sunday)', () => {
    expect(isoWeekday('2026-02-14')).toBe(6);
    expect(isoWeekday('2026-01-04')).toBe(7);
    expect(isoWeekday('2026-03-02')).toBe(1);
  });

  it('agrees with UTC Date arithmetic over a wide range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -40_000, max: 60_000 }), (n) => {
        const viaDate = new Date(n * 86_400_000).toISOString().slice(0, 10);
        return fromDayNumber(n) === viaDate && toDayNumber(viaDate) === n;
      }),
      { numRuns: 500 },
    );
  });
});
