import { z } from 'zod';
import { isIsoDate, isoWeekday, yearOf } from './iso-date';

/**
 * One year of the official holiday arrangement, as shipped in resources/calendar/cn-<year>.json and as pushed
 * by the district server. Only the exceptions are listed: `holidays` are days off (incl. the weekend days
 * inside a holiday block), `workdays` are the weekend days worked instead (调休上班). Every other Monday–Friday
 * is a working day and every other Saturday/Sunday is not.
 */

const DayEntrySchema = z.object({
  date: z.string().refine(isIsoDate, 'not a YYYY-MM-DD calendar date'),
  /** The festival the day belongs to, e.g. 春节. */
  name: z.string().trim().min(1).max(32),
});
export type CalendarDayEntry = z.infer<typeof DayEntrySchema>;

export const CalendarYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** Where the data comes from, e.g. the notice's title; shown to the administrator. */
    source: z.string().min(1).max(200),
    /**
     * UTC timestamp ('Z' only, so strings compare in time order). When two versions of a year meet, the later
     * one wins, which is how a district correction replaces the shipped file.
     */
    publishedAt: z.iso.datetime(),
    holidays: z.array(DayEntrySchema),
    workdays: z.array(DayEntrySchema),
  })
  .superRefine((cal, ctx) => {
    const seen = new Map<string, 'holidays' | 'workdays'>();
    for (const list of ['holidays', 'workdays'] as const) {
      cal[list].forEach((entry, i) => {
        if (!isIsoDate(entry.date)) return; // already reported by the entry schema
        const path = [list, i, 'date'];
        if (yearOf(entry.date) !== cal.year) {
          ctx.addIssue({ code: 'custom', path, message: `${entry.date} is not in ${cal.year}` });
        }
        const earlier = seen.get(entry.date);
        if (earlier !== undefined) {
          ctx.addIssue({ code: 'custom', path, message: `${entry.date} is listed twice (also in ${earlier})` });
        }
        seen.set(entry.date, list);
        // Make-up days have always been weekend days; a weekday here is a typo that would silently do nothing.
        if (list === 'workdays' && isoWeekday(entry.date) < 6) {
          ctx.addIssue({ code: 'custom', path, message: `make-up workday ${entry.date} is not a Saturday or Sunday` });
        }
      });
    }
  });
export type CalendarYear = z.infer<typeof CalendarYearSchema>;

export type CalendarYearParse =
  | { ok: true; value: CalendarYear }
  | { ok: false; code: 'calendar/invalid-file'; year: number | string; reason: string };

/** Parses one year file (from resources/ or the wire), reporting the first problem in plain words. */
export function parseCalendarYear(input: unknown): CalendarYearParse {
  const result = CalendarYearSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const year =
    typeof input === 'object' && input !== null && 'year' in input && typeof input.year === 'number' ? input.year : '?';
  const issue = result.error.issues[0];
  const reason = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
  return { ok: false, code: 'calendar/invalid-file', year, reason };
}
