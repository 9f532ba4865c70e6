import type { Handling, TriageClass } from '../case/events';
import type { QueueTag } from '../case/overdue';
import type { CaseStatus } from '../case/reducer';

/** Words printed on the daily log and shown on the hall board, kept in one place so both say the same. */

export const STATUS_LABELS: Record<CaseStatus, string> = {
  received: '待处理',
  'awaiting-supplement': '待补正',
  accepted: '办理中',
  deferred: '容缺待补',
  forwarded: '已转办',
  completed: '已办结',
  refused: '不予受理',
  referred: '引导转介',
  cancelled: '已撤销',
};

/** Print order of the outcome totals: finished first, then what is still open, then what went elsewhere. */
export const STATUS_ORDER: readonly CaseStatus[] = [
  'completed',
  'accepted',
  'forwarded',
  'deferred',
  'awaiting-supplement',
  'received',
  'refused',
  'referred',
  'cancelled',
];

export const TRIAGE_LABELS: Record<TriageClass, string> = {
  government: '政务',
  community: '居务',
  private: '私事',
};

export const HANDLING_SHORT_LABELS: Record<Handling, string> = { immediate: '即办', promised: '承诺' };

export const QUEUE_TAG_LABELS: Record<QueueTag, string> = {
  overdue: '超期',
  'due-soon': '临期',
  'deadline-unknown': '时限未知',
  'supplement-lapsed': '补正逾期',
  'supplement-pending': '待补正',
  'deferral-overdue': '容缺逾期',
  'deferral-due': '容缺临期',
};
