/**
 * Retry delays: exponential backoff with full jitter (delay = random × min(cap, base × 2^attempt)), so
 * forty workstations that lost the server at the same moment do not come back at the same moment either.
 * A server's Retry-After is a floor: it knows its own load better than we do.
 */

export type BackoffPolicy = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60 * 1_000 };

/** `attempt` counts failures so far, from 0. `random` returns [0, 1) like Math.random. */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  // 2^attempt overflows to Infinity long after it passed the cap; clamp the exponent so min() stays finite.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 40));
  return Math.floor(random() * ceiling);
}

/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names a month; this keeps Date.parse from reading '-5' as a year.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The wait before the next try, capped so a hostile or broken header cannot park a workstation for days. */
export function retryDelay(
  attempt: number,
  random: () => number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const jittered = backoffDelay(attempt, random, policy);
  if (retryAfterMs === undefined) return jittered;
  return Math.min(Math.max(retryAfterMs, jittered), MAX_RETRY_AFTER_MS);
}

export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
