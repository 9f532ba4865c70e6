import { describe, expect, it } from 'vitest';
import { hallTimeOf, hallWindow, instantBefore, instantTest } from './hall-window';

describe('hallWindow', () => {
  it('is the hall-local day, UTC+8, whatever the machine timezone', () => {
    const day = hallWindow('2026-11-20');
    expect(new Date(day.startMs).toISOString()).toBe('2026-11-19T16:00:00.000Z');
    expect(new Date(day.endMs).toISOString()).toBe('2026-11-20T16:00:00.000Z');
  });

  it('is one shift of the day, and 24:00 is the end of the day', () => {
    const afternoon = hallWindow('2026-11-20', { from: '13:30', to: '17:30' });
    expect(new Date(afternoon.startMs).toISOString()).toBe('2026-11-20T05:30:00.000Z');
    expect(new Date(afternoon.endMs).toISOString()).toBe('2026-11-20T09:30:00.000Z');
    expect(hallWindow('2026-11-20', { from: '18:00', to: '24:00' }).endMs).toBe(hallWindow('2026-11-20').endMs);
  });

  it.each([
    ['2026-02-30', undefined],
    ['20261120', undefined],
    ['2026-11-20', { from: '12:00', to: '12:00' }],
    ['2026-11-20', { from: '8:30', to: '12:00' }],
    ['2026-11-20', { from: '08:30', to: '24:30' }],
  ])('refuses %s %j', (date, shift) => {
    expect(() => hallWindow(date, shift)).toThrow(RangeError);
  });
});

describe('hallTimeOf', () => {
  it('reads an instant on the hall clock', () => {
    expect(hallTimeOf('2026-11-20T06:05:00Z')).toBe('14:05');
    expect(hallTimeOf('2026-11-20T16:00:00.000Z')).toBe('00:00');
    expect(hallTimeOf('not a time')).toBe('not a time');
  });
});

describe('instantTest / instantBefore', () => {
  const day = hallWindow('2026-11-20');
  const inDay = instantTest(day.startMs, day.endMs);
  const beforeEnd = instantBefore(day.endMs);

  it('agrees with the parsed time for every form the schema accepts, not only toISOString’s', () => {
    const cases: [string, boolean][] = [
      ['2026-11-19T15:59:59.999Z', false],
      ['2026-11-19T16:00:00.000Z', true],
      ['2026-11-19T16:00:00Z', true],
      ['2026-11-20T15:59:59.9999Z', true],
      ['2026-11-20T15:59:59Z', true],
      ['2026-11-20T16:00:00Z', false],
      ['2026-11-20T16:00:00.000Z', false],
    ];
    for (const [instant, expected] of cases) {
      expect(inDay(instant), instant).toBe(expected);
      expect(beforeEnd(instant), instant).toBe(Date.parse(instant) < day.endMs);
    }
  });
});
