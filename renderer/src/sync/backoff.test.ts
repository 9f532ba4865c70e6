import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, MAX_RETRY_AFTER_MS, backoffDelay, parseRetryAfter, retryDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, scaled by the jitter draw', () => {
    const top = () => 0.999999;
    expect(backoffDelay(0, top)).toBe(999);
    expect(backoffDelay(1, top)).toBe(1999);
    expect(backoffDelay(3, top)).toBe(7999);
    expect(backoffDelay(30, top)).toBe(Math.floor(0.999999 * DEFAULT_BACKOFF.capMs));
    expect(backoffDelay(5000, top)).toBe(Math.floor(0.999999 * DEFAULT_BACKOFF.capMs));
    expect(backoffDelay(4, () => 0)).toBe(0);
    expect(backoffDelay(4, () => 0.5)).toBe(8000);
  });

  it('is always within [0, min(cap, base·2^n))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (n, r) => {
        const d = backoffDelay(n, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** Math.min(n, 40)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or garbage values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it('never waits less than Retry-After, nor more than the hard cap', () => {
    expect(retryDelay(0, () => 0.1, 20_000)).toBe(20_000);
    expect(retryDelay(10, () => 0.9, 1_000)).toBe(Math.floor(0.9 * Math.min(DEFAULT_BACKOFF.capMs, 1000 * 1024)));
    expect(retryDelay(0, () => 0.5, 10 * 24 * 3600 * 1000)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelay(2, () => 0.5, undefined)).toBe(2000);
  });
});
