import type { WorkingDayCalendarLike } from '@shared/domain/case/deadline';
import { classifyForQueue, QUEUE_TAGS, type QueueTag } from '@shared/domain/case/overdue';
import type { CaseRow } from '../../store/rows';

/**
 * The clerk's desk: which of the listed cases fall under each filter, and in what order. Pure, so a controlled
 * `today` and calendar test it; the screen only renders it.
 */

export const QUEUE_FILTERS = ['today', 'mine', 'supplement', 'deferral', 'deadline', 'forwarded', 'follow-up'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export const QUEUE_FILTER_LABELS: Record<QueueFilter, string> = {
  today: '今日办件',
  mine: '我受理的',
  supplement: '待补正',
  deferral: '容缺待补',
  deadline: '超期/临期',
  forwarded: '已转办未退回',
  'follow-up': '差评待回访',
};

export type QueueEntry = {
  row: CaseRow;
  tags: QueueTag[];
  /** Effective deadline (pauses included) when the clock is running. */
  deadline: string | null;
};

const URGENT: readonly QueueTag[] = ['overdue', 'supplement-lapsed', 'deferral-overdue', 'due-soon', 'deferral-due', 'deadline-unknown'];

export function buildQueue<F extends { ok: false }>(
  rows: readonly CaseRow[],
  today: string,
  calendar: WorkingDayCalendarLike<F>,
): QueueEntry[] {
  const entries = rows.map((row) => ({ row, ...classifyForQueue(row, today, calendar) }));
  // Most urgent tag first (QUEUE_TAGS order), then the newest case number.
  const rank = (e: QueueEntry) => {
    const urgent = e.tags.find((t) => URGENT.includes(t));
    return urgent === undefined ? QUEUE_TAGS.length : QUEUE_TAGS.indexOf(urgent);
  };
  return entries.sort((a, b) => rank(a) - rank(b) || (a.row.caseNumber < b.row.caseNumber ? 1 : a.row.caseNumber > b.row.caseNumber ? -1 : 0));
}

export function matchesFilter(entry: QueueEntry, filter: QueueFilter, who: { today: string; staffId: string }): boolean {
  const { row, tags } = entry;
  switch (filter) {
    case 'today':
      return row.day === who.today;
    case 'mine':
      return row.history[0]?.actor === who.staffId;
    case 'supplement':
      return row.status === 'awaiting-supplement';
    case 'deferral':
      return row.status === 'deferred';
    case 'deadline':
      return tags.includes('overdue') || tags.includes('due-soon') || tags.includes('deadline-unknown');
    case 'forwarded':
      return row.status === 'forwarded';
    case 'follow-up':
      return row.flags.includes('needs-follow-up');
  }
}
