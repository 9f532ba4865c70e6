import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PushSequencer } from './push-sequencer';

const A = 'device-a';
const B = 'device-b';

/** Whether the promise has settled, and with what, after the microtasks queued so far have run. */
async function peek<T>(p: Promise<T>): Promise<{ settled: false } | { settled: true; value: T }> {
  let state: { settled: false } | { settled: true; value: T } = { settled: false };
  void p.then((value) => (state = { settled: true, value }));
  await Promise.resolve();
  await Promise.resolve();
  return state;
}

describe('PushSequencer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wakes a held push when its device is acknowledged through the seq below it, not before', async () => {
    const s = new PushSequencer(2_000);
    const held = s.waitFor(A, 500);
    expect(s.waiting).toBe(1);
    s.acknowledged(A, 499);
    expect(await peek(held)).toEqual({ settled: false });
    s.acknowledged(A, 500);
    expect(await peek(held)).toEqual({ settled: true, value: true });
    expect(s.waiting).toBe(0);
    // Its timer went with it: nothing fires later.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an acknowledgement past the seq wakes it too; another device\'s does not', async () => {
    const s = new PushSequencer(2_000);
    const held = s.waitFor(A, 500);
    s.acknowledged(B, 10_000);
    expect(await peek(held)).toEqual({ settled: false });
    s.acknowledged(A, 1_000);
    expect(await held).toBe(true);
  });

  it('answers at once, holding nothing, when the device was already acknowledged that far', async () => {
    const s = new PushSequencer(2_000);
    s.acknowledged(A, 500);
    // A later, lower answer (a replay read before the commit) does not take the watermark back.
    s.acknowledged(A, 300);
    expect(await peek(s.waitFor(A, 500))).toEqual({ settled: true, value: true });
    expect(await peek(s.waitFor(A, 400))).toEqual({ settled: true, value: true });
    expect(s.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets go at once, with false, when the client hangs up while its push is held', async () => {
    const s = new PushSequencer(2_000);
    const hangUp = new AbortController();
    const held = s.waitFor(A, 500, hangUp.signal);
    expect(await peek(held)).toEqual({ settled: false });
    hangUp.abort();
    expect(await peek(held)).toEqual({ settled: true, value: false });
    expect(s.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // Already gone before the hold began: not held at all.
    expect(await peek(s.waitFor(A, 500, hangUp.signal))).toEqual({ settled: true, value: false });
    expect(s.waiting).toBe(0);
  });

  it('gives up after holdMs with false, and forgets the waiter', async () => {
    const s = new PushSequencer(2_000);
    const held = s.waitFor(A, 500);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(await peek(held)).toEqual({ settled: false });
    await vi.advanceTimersByTimeAsync(1);
    expect(await peek(held)).toEqual({ settled: true, value: false });
    expect(s.waiting).toBe(0);
    // A late acknowledgement finds nothing to wake, and a new hold starts afresh.
    s.acknowledged(A, 499);
    const again = s.waitFor(A, 600);
    expect(s.waiting).toBe(1);
    s.acknowledged(A, 600);
    expect(await again).toBe(true);
  });

  it('wakes only the waiters an acknowledgement covers, each once, and cleans up after the last', async () => {
    const s = new PushSequencer(2_000);
    const results: Array<[number, boolean]> = [];
    const first = s.waitFor(A, 500).then((ok) => results.push([500, ok]));
    const second = s.waitFor(A, 1_000).then((ok) => results.push([1_000, ok]));
    const other = s.waitFor(B, 10).then((ok) => results.push([10, ok]));
    expect(s.waiting).toBe(3);
    s.acknowledged(A, 500);
    await first;
    expect(s.waiting).toBe(2);
    expect(vi.getTimerCount()).toBe(2);
    s.acknowledged(A, 1_000);
    s.acknowledged(A, 1_000);
    await second;
    await vi.advanceTimersByTimeAsync(2_000);
    await other;
    expect(results).toEqual([
      [500, true],
      [1_000, true],
      [10, false],
    ]);
    expect(s.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
