import { describe, expect, it } from 'vitest';
import { formatChineseDate, formatChineseDateTime } from './format';

describe('formatChineseDate', () => {
  it('writes year, month and day without leading zeros', () => {
    expect(formatChineseDate('2026-11-23')).toBe('2026年11月23日');
    expect(formatChineseDate('2027-01-05')).toBe('2027年1月5日');
  });

  it('leaves a malformed or impossible date as given', () => {
    expect(formatChineseDate('2026-02-30')).toBe('2026-02-30');
    expect(formatChineseDate('23/11/2026')).toBe('23/11/2026');
  });
});

describe('formatChineseDateTime', () => {
  it('shows the Beijing date and time of a UTC instant', () => {
    expect(formatChineseDateTime('2026-11-23T06:05:00.000Z')).toBe('2026年11月23日 14:05');
  });

  it('rolls over to the next hall-local day after 16:00 UTC', () => {
    expect(formatChineseDateTime('2026-12-31T16:30:00.000Z')).toBe('2027年1月1日 00:30');
  });
});
