import { describe, expect, it } from 'vitest';
import { afterFailure, currentLockout, DEFAULT_LOCKOUT_POLICY, lockoutStatus, type LockoutState } from './lockout';

const T = Date.UTC(2026, 10, 23, 1, 0, 0);
const MIN = 60_000;

function fail(times: number, start: LockoutState | undefined, at: number) {
  let state = start;
  const locks: boolean[] = [];
  for (let i = 0; i < times; i++) {
    const r = afterFailure(state, at);
    state = r.state;
    locks.push(r.lockedNow);
  }
  return { state, locks };
}

describe('sign-in lockout', () => {
  it('is 5 tries and 15 minutes by default', () => {
    expect(DEFAULT_LOCKOUT_POLICY).toEqual({ maxFailures: 5, lockMs: 15 * MIN });
  });

  it('counts down the attempts left and locks on the fifth wrong secret', () => {
    expect(lockoutStatus(undefined, T)).toEqual({ locked: false, attemptsLeft: 5 });
    const four = fail(4, undefined, T);
    expect(four.locks).toEqual([false, false, false, false]);
    expect(lockoutStatus(four.state, T)).toEqual({ locked: false, attemptsLeft: 1 });
    const fifth = afterFailure(four.state, T + MIN);
    expect(fifth.lockedNow).toBe(true);
    expect(lockoutStatus(fifth.state, T + MIN)).toEqual({ locked: true, until: T + 16 * MIN });
  });

  it('stays locked until the time is up, then starts afresh', () => {
    const { state } = fail(5, undefined, T);
    expect(lockoutStatus(state, T + 15 * MIN - 1).locked).toBe(true);
    expect(lockoutStatus(state, T + 15 * MIN)).toEqual({ locked: false, attemptsLeft: 5 });
    expect(currentLockout(state, T + 15 * MIN)).toEqual({ failures: 0, lockedUntil: null });
  });

  it('does not extend a running lock, so nobody can keep a clerk out by typing', () => {
    const { state } = fail(5, undefined, T);
    const again = afterFailure(state, T + 10 * MIN);
    expect(again.lockedNow).toBe(false);
    expect(again.state).toEqual(state);
  });

  it('keeps the account locked when the clock is set back (fails closed)', () => {
    const { state } = fail(5, undefined, T);
    expect(lockoutStatus(state, T - 60 * MIN).locked).toBe(true);
  });

  it('honours another policy', () => {
    const policy = { maxFailures: 2, lockMs: MIN };
    const first = afterFailure(undefined, T, policy);
    expect(first.lockedNow).toBe(false);
    const second = afterFailure(first.state, T, policy);
    expect(second.lockedNow).toBe(true);
    expect(lockoutStatus(second.state, T + MIN, policy)).toEqual({ locked: false, attemptsLeft: 2 });
  });
});
