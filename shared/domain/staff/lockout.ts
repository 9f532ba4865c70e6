import { z } from 'zod';

/**
 * Sign-in lockout: after `maxFailures` wrong secrets in a row for one staff member, that account is refused on
 * this workstation for `lockMs`, whatever is typed. The state is kept per staff member in the local database, so
 * reloading the page or restarting the app does not reset it.
 *
 * Times are epoch ms from the workstation clock. A clock set back keeps the account locked longer (fails
 * closed); a clock set forward ends the lock early, which is the lesser harm for a counter that must keep
 * working and whose clock the server already checks (`sync/clock-skew`).
 */
export type LockoutPolicy = { maxFailures: number; lockMs: number };

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };

export const LockoutStateSchema = z.object({
  /** Wrong secrets since the last success or the end of the last lock. */
  failures: z.number().int().min(0),
  /** While `now < lockedUntil` every attempt is refused. */
  lockedUntil: z.number().int().nullable(),
});
export type LockoutState = z.infer<typeof LockoutStateSchema>;

export const NO_FAILURES: LockoutState = Object.freeze({ failures: 0, lockedUntil: null });

export type LockoutStatus = { locked: true; until: number } | { locked: false; attemptsLeft: number };

/** The state as it stands at `nowMs`: an expired lock counts as a fresh start. */
export function currentLockout(state: LockoutState | undefined, nowMs: number): LockoutState {
  if (state === undefined) return NO_FAILURES;
  if (state.lockedUntil !== null && nowMs >= state.lockedUntil) return NO_FAILURES;
  return state;
}

export function lockoutStatus(state: LockoutState | undefined, nowMs: number, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): LockoutStatus {
  const s = currentLockout(state, nowMs);
  if (s.lockedUntil !== null) return { locked: true, until: s.lockedUntil };
  return { locked: false, attemptsLeft: Math.max(0, policy.maxFailures - s.failures) };
}

/** After a wrong secret: one more failure, and the lock once there are `maxFailures`. */
export function afterFailure(
  state: LockoutState | undefined,
  nowMs: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): { state: LockoutState; lockedNow: boolean } {
  const s = currentLockout(state, nowMs);
  // Already locked: an attempt during the lock is refused before any secret is checked, so it never gets here;
  // if it does, it changes nothing (and must not extend the lock, or a passer-by could keep a clerk out).
  if (s.lockedUntil !== null) return { state: s, lockedNow: false };
  const failures = s.failures + 1;
  if (failures >= policy.maxFailures) return { state: { failures, lockedUntil: nowMs + policy.lockMs }, lockedNow: true };
  return { state: { failures, lockedUntil: null }, lockedNow: false };
}
