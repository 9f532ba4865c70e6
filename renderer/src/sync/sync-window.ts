import { z } from 'zod';

/**
 * The after-hours window in which workstations sync by default (18:00–07:30), in hall-local time.
 *
 * Hall-local is Beijing time at a fixed UTC+8, as in `shared/domain/case/hall-date.ts`: the counter PC's
 * timezone setting is often wrong, and mainland China has had no daylight saving since 1991. A window whose
 * start is later than its end wraps past midnight.
 */

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const ClockTimeSchema = z.string().regex(HHMM, 'HH:MM, 00:00–23:59');

export const SyncWindowSchema = z
  .object({ start: ClockTimeSchema, end: ClockTimeSchema })
  // An empty window would silently never sync; "always" is the continuous mode, not a window.
  .refine((w) => w.start !== w.end, { message: 'start and end must differ', path: ['end'] });
export type SyncWindow = z.infer<typeof SyncWindowSchema>;

export const DEFAULT_SYNC_WINDOW: SyncWindow = { start: '18:00', end: '07:30' };

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

function minutesOf(time: string): number {
  const m = HHMM.exec(time);
  if (!m) throw new RangeError(`not a clock time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Milliseconds since hall-local midnight. */
function hallMsOfDay(now: number): number {
  return (((now + BEIJING_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** True when `now` (epoch ms) is inside the window; the start minute is inside, the end minute is not. */
export function isInSyncWindow(now: number, window: SyncWindow): boolean {
  const t = hallMsOfDay(now);
  const start = minutesOf(window.start) * MINUTE_MS;
  const end = minutesOf(window.end) * MINUTE_MS;
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** 0 inside the window, otherwise the milliseconds until it next opens. */
export function msUntilWindowOpens(now: number, window: SyncWindow): number {
  if (isInSyncWindow(now, window)) return 0;
  const t = hallMsOfDay(now);
  const start = minutesOf(window.start) * MINUTE_MS;
  return (start - t + DAY_MS) % DAY_MS;
}

/** Milliseconds until the window closes (0 outside it). */
export function msUntilWindowCloses(now: number, window: SyncWindow): number {
  if (!isInSyncWindow(now, window)) return 0;
  const t = hallMsOfDay(now);
  const end = minutesOf(window.end) * MINUTE_MS;
  return (end - t + DAY_MS) % DAY_MS;
}
