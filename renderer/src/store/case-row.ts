import { parseCaseNumber } from '@shared/domain/case/case-number';
import { hallDateOf } from '@shared/domain/case/hall-date';
import type { CaseState } from '@shared/domain/case/reducer';
import { activityDaysOf } from '@shared/domain/daily-log/case-as-of';
import type { CaseRow } from './rows';

/**
 * The stored row of a folded case: the state plus the top-level fields its indexes need. Every writer of
 * `cases` (the counter's commands, pulled events, the benchmarks' seeding) builds rows here, so an index field can
 * never be missing from one path.
 */
export function caseRowOf(state: CaseState): CaseRow {
  return { ...state, id: state.caseId, day: caseDay(state.caseNumber, state.receivedAt), activityDays: activityDaysOf(state) };
}

/** The hall day a case was received: the date in its number (what the receipt shows), else its receipt time's. */
export function caseDay(caseNumber: string, receivedAt: string): string {
  return parseCaseNumber(caseNumber)?.date ?? hallDateOf(receivedAt);
}
