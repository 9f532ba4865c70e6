import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { YizhanError } from '../errors/codes';
import { MAX_CLOCK_DRIFT_MS, assertHlcPlausible, compareHlc, formatHlc, hlcNow, hlcReceive, parseHlc } from './hlc';

const T = 1_795_400_000_000;
const NODE = '3f1c2b7e-0000-4000-8000-000000000001';

describe('hlc encoding', () => {
  it('formats fixed-width fields and parses them back', () => {
    const h = formatHlc({ ms: T, counter: 10, node: NODE });
    expect(h).toBe(`${T}-000a-${NODE}`);
    expect(parseHlc(h)).toEqual({ ms: T, counter: 10, node: NODE });
  });

  it('string order is clock order (ms, then counter, then node)', () => {
    const arb = fc.record({
      ms: fc.integer({ min: 0, max: 9_999_999_999_999 }),
      counter: fc.integer({ min: 0, max: 36 ** 4 - 1 }),
      node: fc.constantFrom('a', 'b', 'server', NODE),
    });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const byParts = a.ms - b.ms || a.counter - b.counter || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
        expect(Math.sign(compareHlc(formatHlc(a), formatHlc(b)))).toBe(Math.sign(byParts));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses malformed stamps', () => {
    expect(() => parseHlc('123-0000-a')).toThrow(YizhanError);
    expect(() => parseHlc(`${T}-00A0-a`)).toThrow(YizhanError);
    expect(() => formatHlc({ ms: T, counter: 0, node: 'has space' })).toThrow(YizhanError);
  });
});

describe('hlcNow', () => {
  it('follows the wall clock when it moves forward', () => {
    expect(hlcNow(null, T, 'a')).toBe(formatHlc({ ms: T, counter: 0, node: 'a' }));
    expect(hlcNow(formatHlc({ ms: T - 5, counter: 7, node: 'a' }), T, 'a')).toBe(formatHlc({ ms: T, counter: 0, node: 'a' }));
  });

  it('counts up when the wall clock stands still or goes back', () => {
    const prev = formatHlc({ ms: T, counter: 3, node: 'a' });
    expect(hlcNow(prev, T, 'a')).toBe(formatHlc({ ms: T, counter: 4, node: 'a' }));
    expect(hlcNow(prev, T - 60_000, 'a')).toBe(formatHlc({ ms: T, counter: 4, node: 'a' }));
  });

  it('borrows a millisecond instead of overflowing the counter', () => {
    const prev = formatHlc({ ms: T, counter: 36 ** 4 - 1, node: 'a' });
    expect(parseHlc(hlcNow(prev, T, 'a'))).toEqual({ ms: T + 1, counter: 0, node: 'a' });
  });

  it('is strictly increasing whatever the wall clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: T - 100_000, max: T + 100_000 }), { minLength: 1, maxLength: 50 }), (walls) => {
        let prev: string | null = null;
        for (const w of walls) {
          const next = hlcNow(prev, w, 'a');
          if (prev !== null) expect(compareHlc(next, prev)).toBeGreaterThan(0);
          expect(parseHlc(next).ms).toBeGreaterThanOrEqual(w);
          prev = next;
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('hlcReceive', () => {
  it('returns a local stamp after both the local and the remote one', () => {
    const stamp = fc.record({ ms: fc.integer({ min: T - 1000, max: T + 1000 }), counter: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(stamp, stamp, fc.integer({ min: T - 1000, max: T + 1000 }), (l, r, wall) => {
        const local = formatHlc({ ...l, node: 'a' });
        const remote = formatHlc({ ...r, node: 'b' });
        const next = hlcReceive(local, remote, wall);
        expect(compareHlc(next, local)).toBeGreaterThan(0);
        expect(compareHlc(next, remote)).toBeGreaterThan(0);
        expect(parseHlc(next).node).toBe('a');
        expect(parseHlc(next).ms).toBe(Math.max(l.ms, r.ms, wall));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a remote stamp more than 10 minutes ahead with sync/clock-skew', () => {
    const local = formatHlc({ ms: T, counter: 0, node: 'a' });
    const ok = formatHlc({ ms: T + MAX_CLOCK_DRIFT_MS, counter: 0, node: 'b' });
    const bad = formatHlc({ ms: T + MAX_CLOCK_DRIFT_MS + 1, counter: 0, node: 'b' });
    expect(() => hlcReceive(local, ok, T)).not.toThrow();
    try {
      hlcReceive(local, bad, T);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(YizhanError);
      expect((e as YizhanError).code).toBe('sync/clock-skew');
    }
    expect(() => assertHlcPlausible(bad, T)).toThrow(YizhanError);
    expect(() => assertHlcPlausible(ok, T)).not.toThrow();
  });
});
