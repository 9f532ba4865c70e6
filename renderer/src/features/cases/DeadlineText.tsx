import { effectiveDeadline } from '@shared/domain/case/deadline';
import type { CaseState } from '@shared/domain/case/reducer';
import { chineseDate } from './case-labels';
import { deskCalendar } from './case-reference';

/** The deadline as the clerk should read it: the date, "paused for 补正", or why it cannot be computed. */
export function DeadlineText({ state }: { state: CaseState }) {
  const eff = effectiveDeadline(state, deskCalendar);
  switch (eff.kind) {
    case 'none':
      return <span>{state.handling === 'immediate' ? '即办件' : '未受理，尚未计时'}</span>;
    case 'paused':
      return <span>待补正，期限暂停计算</span>;
    case 'due':
      return <span>{chineseDate(eff.date)}</span>;
    case 'unknown':
      return <span className="case-tag case-tag--warning">节假日安排未公布，无法计算办结期限</span>;
  }
}
