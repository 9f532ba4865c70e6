import type { CalendarYear } from './calendar-year';
import { addDays, isIsoDate, isoWeekday, toDayNumber, yearOf } from './iso-date';

/**
 * The working-day calendar used for 承诺件 deadlines.
 *
 * Pure and immutable: built from validated year files, replaced wholesale (`withYears`) when the district
 * server pushes a newer arrangement. A date in a year without data is reported as unknown, never guessed from
 * weekends alone: a guessed deadline across an unannounced Spring Festival would be printed on a receipt and
 * be wrong by a week.
 */

export type WorkingDay =
  | { known: false; year: number }
  | {
      known: true;
      working: boolean;
      /** Why the day differs from an ordinary weekday: a holiday, a make-up working day, or a weekend. */
      reason?: 'holiday' | 'make-up-workday' | 'weekend';
      /** Festival name for holidays and make-up days, e.g. 春节. */
      name?: string;
    };

/** A 补正 (or other suspension) period that stops the clock; `to` absent while it is still open. */
export interface Pause {
  from: string;
  to?: string;
}

export type CalendarFailure =
  | { ok: false; code: 'calendar/unknown-year'; year: number }
  | { ok: false; code: 'calendar/invalid-date'; date: string };

export type DeadlineResult =
  | { ok: true; date: string }
  /** The clock is stopped by an open pause before the deadline is reached, so there is no date yet. */
  | { ok: true; date: null; pausedSince: string }
  | CalendarFailure;

export type WorkingDaysResult = { ok: true; days: number } | CalendarFailure;

export interface Calendar {
  /** Years with data, ascending. */
  readonly years: readonly number[];
  /** The version in use for a year (source and publishedAt are shown in settings). */
  yearData(year: number): CalendarYear | undefined;
  /** Throws RangeError on a malformed date: callers validate dates at their boundary. */
  isWorkingDay(date: string): WorkingDay;
  /**
   * The date `n` working days after `start`. Counting begins the day after `start`: the day of acceptance is
   * not counted (民法典 第二百零一条: 开始的当日不计入，自下一日开始计算), and only working days count
   * (行政许可法 第八十二条: 期限以工作日计算，不含法定节假日). So n = 1 is the next working day and n = 0 is
   * `start` itself (即办件). Days inside a pause, both ends included, are not counted; counting resumes the
   * day after `to`, mirroring the rule for acceptance.
   */
  addWorkingDays(start: string, n: number, pauses?: readonly Pause[]): DeadlineResult;
  /**
   * Working days in (from, to], pauses excluded: the inverse of addWorkingDays, so
   * `workingDaysBetween(a, addWorkingDays(a, n).date) = n`. Negative when `to` is before `from` (overdue).
   * An open pause counts as running to `to`.
   */
  workingDaysBetween(from: string, to: string, pauses?: readonly Pause[]): WorkingDaysResult;
  /** A new calendar with these years merged in; per year, the later `publishedAt` wins (a tie keeps the current). */
  withYears(years: readonly CalendarYear[]): Calendar;
}

interface YearIndex {
  data: CalendarYear;
  holidays: Map<string, string>;
  workdays: Map<string, string>;
}

export function createCalendar(years: readonly CalendarYear[]): Calendar {
  return buildCalendar(mergeYears(new Map(), years));
}

function mergeYears(current: ReadonlyMap<number, YearIndex>, incoming: readonly CalendarYear[]): Map<number, YearIndex> {
  const merged = new Map(current);
  for (const data of incoming) {
    const existing = merged.get(data.year);
    if (existing && existing.data.publishedAt >= data.publishedAt) continue;
    merged.set(data.year, {
      data,
      holidays: new Map(data.holidays.map((h) => [h.date, h.name])),
      workdays: new Map(data.workdays.map((w) => [w.date, w.name])),
    });
  }
  return merged;
}

function buildCalendar(index: ReadonlyMap<number, YearIndex>): Calendar {
  const years = [...index.keys()].sort((a, b) => a - b);

  function isWorkingDay(date: string): WorkingDay {
    if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
    const year = yearOf(date);
    const y = index.get(year);
    if (!y) return { known: false, year };
    const holiday = y.holidays.get(date);
    if (holiday !== undefined) return { known: true, working: false, reason: 'holiday', name: holiday };
    const workday = y.workdays.get(date);
    if (workday !== undefined) return { known: true, working: true, reason: 'make-up-workday', name: workday };
    if (isoWeekday(date) >= 6) return { known: true, working: false, reason: 'weekend' };
    return { known: true, working: true };
  }

  function addWorkingDays(start: string, n: number, pauses: readonly Pause[] = []): DeadlineResult {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    const bad = firstInvalidDate([start, ...pauseDates(pauses)]) ?? firstInvertedPause(pauses);
    if (bad !== undefined) return { ok: false, code: 'calendar/invalid-date', date: bad };
    let day = start;
    let counted = 0;
    while (counted < n) {
      day = addDays(day, 1);
      const pause = pauseCovering(pauses, day);
      if (pause) {
        if (pause.to === undefined) return { ok: true, date: null, pausedSince: pause.from };
        continue;
      }
      const wd = isWorkingDay(day);
      if (!wd.known) return { ok: false, code: 'calendar/unknown-year', year: wd.year };
      if (wd.working) counted += 1;
    }
    return { ok: true, date: day };
  }

  function workingDaysBetween(from: string, to: string, pauses: readonly Pause[] = []): WorkingDaysResult {
    const bad = firstInvalidDate([from, to, ...pauseDates(pauses)]) ?? firstInvertedPause(pauses);
    if (bad !== undefined) return { ok: false, code: 'calendar/invalid-date', date: bad };
    const sign = toDayNumber(to) >= toDayNumber(from) ? 1 : -1;
    const [lo, hi] = sign === 1 ? [from, to] : [to, from];
    let days = 0;
    for (let day = addDays(lo, 1); day <= hi; day = addDays(day, 1)) {
      if (pauseCovering(pauses, day)) continue;
      const wd = isWorkingDay(day);
      if (!wd.known) return { ok: false, code: 'calendar/unknown-year', year: wd.year };
      if (wd.working) days += 1;
    }
    return { ok: true, days: sign * days };
  }

  return {
    years,
    yearData: (year) => index.get(year)?.data,
    isWorkingDay,
    addWorkingDays,
    workingDaysBetween,
    withYears: (incoming) => buildCalendar(mergeYears(index, incoming)),
  };
}

function pauseDates(pauses: readonly Pause[]): string[] {
  return pauses.flatMap((p) => (p.to === undefined ? [p.from] : [p.from, p.to]));
}

function firstInvalidDate(dates: readonly string[]): string | undefined {
  return dates.find((d) => !isIsoDate(d));
}

function firstInvertedPause(pauses: readonly Pause[]): string | undefined {
  return pauses.find((p) => p.to !== undefined && p.to < p.from)?.to;
}

function pauseCovering(pauses: readonly Pause[], day: string): Pause | undefined {
  // ISO dates of equal length compare in date order.
  return pauses.find((p) => p.from <= day && (p.to === undefined || day <= p.to));
}
