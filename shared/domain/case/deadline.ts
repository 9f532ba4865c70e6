import { hallDateOf } from './hall-date';
import type { CaseState } from './reducer';

/**
 * The statutory deadline of a 承诺件 once 补正 pauses are taken into account. The reducer only records the
 * printed deadline and the pauses; this needs the working-day calendar, which is passed in (any object with
 * `addWorkingDays`, e.g. the one in `shared/domain/calendar/`) so the case model does not depend on it and tests
 * can use a fake.
 */

/** Hall-local `YYYY-MM-DD` dates; `to` absent while the pause is still open. */
export type DatePause = { from: string; to?: string };

/** Matches `Calendar.addWorkingDays` in `shared/domain/calendar/calendar.ts` (a test checks it stays so). */
export interface WorkingDayCalendarLike<F extends { ok: false } = { ok: false }> {
  /**
   * `n` working days after `start` (not counting `start`), skipping days inside `pauses` (both ends included).
   * `date: null` when an open pause stops the clock first.
   */
  addWorkingDays(
    start: string,
    n: number,
    pauses?: readonly DatePause[],
  ): { ok: true; date: string } | { ok: true; date: null; pausedSince: string } | F;
}

export type EffectiveDeadline<F extends { ok: false } = { ok: false }> =
  /** 即办件, or not accepted yet: no statutory clock. */
  | { kind: 'none' }
  /** Waiting for 补正: the clock stands still, so there is no date yet. `since` is a UTC instant. */
  | { kind: 'paused'; since: string }
  | { kind: 'due'; date: string }
  /** The calendar could not answer (e.g. a year it has no holiday data for). */
  | { kind: 'unknown'; failure: F };

export function pausesAsHallDates(state: Pick<CaseState, 'pauses'>): DatePause[] {
  return state.pauses.map((p) => (p.to === undefined ? { from: hallDateOf(p.from) } : { from: hallDateOf(p.from), to: hallDateOf(p.to) }));
}

/**
 * Without pauses the printed deadline stands (it is what the resident was promised, even if the holiday data
 * changed since). With pauses it is recomputed from the acceptance date, and never moves earlier than printed.
 */
/** What the deadline depends on: a stored row, a folded state or an open-case summary all have it. */
export type DeadlineSubject = Pick<CaseState, 'deadline' | 'acceptedAt' | 'pauses' | 'timeLimitDays'>;

export function effectiveDeadline<F extends { ok: false }>(
  state: DeadlineSubject,
  calendar: WorkingDayCalendarLike<F>,
): EffectiveDeadline<F> {
  if (state.deadline === undefined || state.acceptedAt === undefined) return { kind: 'none' };
  const open = state.pauses.find((p) => p.to === undefined);
  if (open !== undefined) return { kind: 'paused', since: open.from };
  if (state.pauses.length === 0) return { kind: 'due', date: state.deadline };
  const result = calendar.addWorkingDays(hallDateOf(state.acceptedAt), state.timeLimitDays, pausesAsHallDates(state));
  if (!result.ok) return { kind: 'unknown', failure: result };
  // Every pause is closed here, so the calendar should not report one; if it does, trust it over a guess.
  if (result.date === null) return { kind: 'paused', since: state.pauses.at(-1)?.from ?? state.acceptedAt };
  return { kind: 'due', date: result.date > state.deadline ? result.date : state.deadline };
}
