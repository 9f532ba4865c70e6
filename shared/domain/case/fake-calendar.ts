import type { DatePause, WorkingDayCalendarLike } from './deadline';

export type FakeCalendarFailure = { ok: false; code: 'calendar/unknown-year'; year: number };

/**
 * For tests: Mon–Fri working, no holidays, no data for 2099 and later. Same counting rules as the real
 * calendar in `shared/domain/calendar/` (start not counted, pause days inclusive, open pause → `date: null`).
 * `calls` records every request so tests can check what was asked.
 */
export function weekdayCalendar(): WorkingDayCalendarLike<FakeCalendarFailure> & {
  calls: { start: string; n: number; pauses: readonly DatePause[] }[];
} {
  const calls: { start: string; n: number; pauses: readonly DatePause[] }[] = [];
  return {
    calls,
    addWorkingDays(start, n, pauses = []) {
      calls.push({ start, n, pauses });
      let ms = Date.parse(`${start}T00:00:00Z`);
      let counted = 0;
      while (counted < n) {
        ms += 86_400_000;
        const day = new Date(ms).toISOString().slice(0, 10);
        if (day >= '2099') return { ok: false, code: 'calendar/unknown-year', year: Number(day.slice(0, 4)) };
        const pause = pauses.find((p) => p.from <= day && (p.to === undefined || day <= p.to));
        if (pause) {
          if (pause.to === undefined) return { ok: true, date: null, pausedSince: pause.from };
          continue;
        }
        const weekday = new Date(ms).getUTCDay();
        if (weekday !== 0 && weekday !== 6) counted += 1;
      }
      return { ok: true, date: new Date(ms).toISOString().slice(0, 10) };
    },
  };
}
