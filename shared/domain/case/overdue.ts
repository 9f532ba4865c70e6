import { effectiveDeadline, type DeadlineSubject, type WorkingDayCalendarLike } from './deadline';
import { CLOSED_STATUSES, type CaseDeferral, type CaseNotice, type CaseState } from './reducer';

/**
 * Work-queue tags for one case on a given hall-local day. Pure: `today` and the calendar come in, so the queue
 * can be tested for any date and re-evaluated when the day changes.
 */
export const QUEUE_TAGS = [
  'overdue', // past the (effective) deadline — 超期
  'due-soon', // due today or the next working day — 临期
  'deadline-unknown', // the calendar could not compute the deadline; show it rather than hide it
  'supplement-lapsed', // 补正 date passed without the materials
  'supplement-pending', // 待补正
  'deferral-overdue', // 容缺 materials promised by a date that has passed
  'deferral-due', // 容缺 materials due today or the next working day
] as const;
export type QueueTag = (typeof QUEUE_TAGS)[number];

export type QueueClassification = {
  /** Most urgent first, in `QUEUE_TAGS` order. Empty for closed cases and cases with nothing pending. */
  tags: QueueTag[];
  /** Effective deadline (`YYYY-MM-DD`) when there is one and the clock is running. */
  deadline: string | null;
};

/**
 * What the classification reads: a folded state has it, and so does the daily log's slim summary of an open case
 * (open-case.ts), which keeps only the last notice's date and the deferral's count of outstanding materials.
 */
export type QueueSubject = DeadlineSubject &
  Pick<CaseState, 'status'> & {
    notices: readonly Pick<CaseNotice, 'returnBy'>[];
    deferral?: Pick<CaseDeferral, 'dueDate'> & { outstanding: readonly unknown[] };
  };

export function classifyForQueue<F extends { ok: false }>(
  state: QueueSubject,
  today: string,
  calendar: WorkingDayCalendarLike<F>,
): QueueClassification {
  if (CLOSED_STATUSES.includes(state.status)) return { tags: [], deadline: null };
  const tags = new Set<QueueTag>();
  const next = calendar.addWorkingDays(today, 1);
  // Date strings are YYYY-MM-DD, so string order is date order.
  const dueWithinOneWorkingDay = (date: string): boolean | null => {
    if (date <= today) return true;
    // No pauses are passed, so `date: null` cannot happen; treat it like a calendar failure anyway.
    return next.ok && next.date !== null ? date <= next.date : null;
  };

  const eff = effectiveDeadline(state, calendar);
  let deadline: string | null = null;
  if (eff.kind === 'unknown') tags.add('deadline-unknown');
  if (eff.kind === 'due') {
    deadline = eff.date;
    if (eff.date < today) tags.add('overdue');
    else {
      const soon = dueWithinOneWorkingDay(eff.date);
      if (soon === null) tags.add('deadline-unknown');
      else if (soon) tags.add('due-soon');
    }
  }

  if (state.status === 'awaiting-supplement') {
    tags.add('supplement-pending');
    const notice = state.notices[state.notices.length - 1];
    if (notice !== undefined && notice.returnBy < today) tags.add('supplement-lapsed');
  }

  if (state.deferral !== undefined && state.deferral.outstanding.length > 0) {
    const due = state.deferral.dueDate;
    if (due < today) tags.add('deferral-overdue');
    else if (dueWithinOneWorkingDay(due) === true) tags.add('deferral-due');
  }

  return { tags: QUEUE_TAGS.filter((t) => tags.has(t)), deadline };
}
