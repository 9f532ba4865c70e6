import { z } from 'zod';
import { isIsoDate } from '../calendar/iso-date';

/**
 * The stretch of hall time a log covers: a whole hall-local day, or one shift of it. Like `hallDateOf`
 * (case/hall-date.ts) the hall clock is Beijing time, UTC+8 all year, never the counter PC's timezone setting.
 */

const HALL_OFFSET = '+08:00';
const MINUTE_MS = 60_000;

/** `HH:MM`, 00:00–24:00 (24:00 is the end of the day). */
export const HallTimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time must be HH:MM');

/** A shift inside the day, `[from, to)`. */
export const DailyLogShiftSchema = z
  .object({
    label: z.string().trim().min(1).max(20).optional(),
    from: HallTimeSchema,
    to: HallTimeSchema,
  })
  .refine((s) => s.from < s.to, { path: ['to'], message: 'a shift ends after it starts' });
export type DailyLogShift = z.infer<typeof DailyLogShiftSchema>;

export type HallWindow = {
  /** Hall-local `YYYY-MM-DD`. */
  date: string;
  /** Epoch ms, inclusive. */
  startMs: number;
  /** Epoch ms, exclusive: an event at exactly this instant belongs to the next window. */
  endMs: number;
};

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The window of a hall-local date, or of one shift of it. Throws RangeError on a malformed date or shift. */
export function hallWindow(date: string, shift?: DailyLogShift): HallWindow {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  if (shift !== undefined && !DailyLogShiftSchema.safeParse(shift).success) throw new RangeError('invalid shift');
  const midnight = Date.parse(`${date}T00:00:00.000${HALL_OFFSET}`);
  const from = shift === undefined ? 0 : minutesOf(shift.from);
  const to = shift === undefined ? 24 * 60 : minutesOf(shift.to);
  return { date, startMs: midnight + from * MINUTE_MS, endMs: midnight + to * MINUTE_MS };
}

/** Hall-local `HH:MM` of a UTC instant (`2026-11-23T06:05:00Z` → `14:05`); the input as given if unparseable. */
export function hallTimeOf(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  return new Date(ms + 8 * 60 * MINUTE_MS).toISOString().slice(11, 16);
}

/**
 * Event times as the case reducer orders them (`foldEvents`): parsed, with an unparseable time counting as 0 so
 * that "before the cutoff" agrees with the reducer's order.
 */
export function instantMs(instant: string): number {
  return Date.parse(instant) || 0;
}

/** `2026-11-20T01:02:03.456Z`, the one form `toISOString` writes and every event written here has. */
function isCanonical(instant: string): boolean {
  return instant.length === 24 && instant.charCodeAt(23) === 90 /* Z */ && instant.charCodeAt(19) === 46 /* . */ && instant.charCodeAt(10) === 84 /* T */;
}

/**
 * `(at) => startMs <= at < endMs`. A log tests every event of thousands of cases, so canonical instants are
 * compared as strings (the same order as their times) and only other forms the schema allows are parsed.
 */
export function instantTest(startMs: number, endMs: number): (instant: string) => boolean {
  const from = new Date(startMs).toISOString();
  const to = new Date(endMs).toISOString();
  return (instant) => {
    if (isCanonical(instant)) return instant >= from && instant < to;
    const ms = instantMs(instant);
    return ms >= startMs && ms < endMs;
  };
}

/** Orders two instants by time (negative: `a` first), comparing canonical ones as strings. */
export function compareInstants(a: string, b: string): number {
  if (isCanonical(a) && isCanonical(b)) return a < b ? -1 : a > b ? 1 : 0;
  return instantMs(a) - instantMs(b);
}

/** `(at) => at < cutoffMs`, on the same terms as `instantTest`. */
export function instantBefore(cutoffMs: number): (instant: string) => boolean {
  const to = new Date(cutoffMs).toISOString();
  return (instant) => (isCanonical(instant) ? instant < to : instantMs(instant) < cutoffMs);
}

const DAY_MS = 86_400_000;

/** Hall-local day number of an instant (days since 1970-01-01 in UTC+8): cheaper than comparing `hallDateOf`s. */
export function hallDayNumber(instant: string): number {
  return Math.floor((instantMs(instant) + 8 * 60 * MINUTE_MS) / DAY_MS);
}
