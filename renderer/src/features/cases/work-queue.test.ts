import { describe, expect, it } from 'vitest';
import { bundledCalendar } from '@shared/domain/calendar/bundled-calendar';
import { caseEventBuilder, fixtureId } from '@shared/domain/case/event-fixtures';
import type { CaseEvent } from '@shared/domain/case/events';
import { foldEvents } from '@shared/domain/case/reducer';
import type { CaseRow } from '../../store/rows';
import { caseRowOf } from '../../store/case-row';
import { buildQueue, matchesFilter, QUEUE_FILTERS, type QueueFilter } from './work-queue';

const calendar = bundledCalendar();

function row(n: number, day: string, build: (ev: ReturnType<typeof caseEventBuilder>) => CaseEvent[]): CaseRow {
  const ev = caseEventBuilder({ caseId: fixtureId(1000 + n), start: `${day}T01:00:00.000Z`, actor: n % 2 ? 'clerk-a' : 'clerk-b' }, n * 20);
  const state = foldEvents(build(ev));
  if (state === null) throw new Error('no case');
  return { ...caseRowOf(state), day, caseNumber: `GL0301-W02-${day.replaceAll('-', '')}-${String(n).padStart(4, '0')}` };
}

// Thursday 2026-10-08, the first working day after 国庆.
const TODAY = '2026-10-08';
const rows = [
  row(1, '2026-09-22', (ev) => [ev('received'), ev('accepted', { deadline: '2026-09-29' })]), // overdue
  row(2, '2026-09-30', (ev) => [ev('received'), ev('accepted', { deadline: '2026-10-09' })]), // due tomorrow → due-soon
  row(3, '2026-09-30', (ev) => [ev('received'), ev('accepted', { deadline: '2026-10-20' })]), // plenty of time
  row(4, TODAY, (ev) => [ev('received'), ev('notice-issued', { returnBy: '2026-10-15' })]),
  row(5, '2026-09-30', (ev) => [ev('received'), ev('accepted-with-deferral', { dueDate: '2026-10-09', deadline: '2026-10-20' })]),
  row(6, TODAY, (ev) => [ev('received'), ev('accepted', { deadline: '2026-10-20' }), ev('forwarded')]),
  row(7, TODAY, (ev) => [
    ev('received', { handling: 'immediate', timeLimitDays: 0 }),
    ev('accepted', { deadline: undefined }),
    ev('completed'),
    ev('rated', { level: 'very-dissatisfied', reason: '态度差' }),
  ]),
];

function numbersUnder(filter: QueueFilter): number[] {
  return buildQueue(rows, TODAY, calendar)
    .filter((e) => matchesFilter(e, filter, { today: TODAY, staffId: 'clerk-a' }))
    .map((e) => Number(e.row.caseNumber.slice(-4)));
}

describe('work queue', () => {
  it('tags overdue and due-within-one-working-day cases across the holiday, most urgent first', () => {
    const queue = buildQueue(rows, TODAY, calendar);
    expect(queue[0]?.tags).toContain('overdue');
    expect(Number(queue[0]?.row.caseNumber.slice(-4))).toBe(1);
    expect(numbersUnder('deadline')).toEqual([1, 2]);
  });

  it('files each case under the right filters', () => {
    expect(Object.fromEntries(QUEUE_FILTERS.map((f) => [f, numbersUnder(f).sort()]))).toEqual({
      today: [4, 6, 7],
      mine: [1, 3, 5, 7],
      supplement: [4],
      deferral: [5],
      deadline: [1, 2],
      forwarded: [6],
      'follow-up': [7],
    });
  });

  it('marks 容缺 materials due tomorrow', () => {
    const deferral = buildQueue(rows, TODAY, calendar).find((e) => e.row.status === 'deferred');
    expect(deferral?.tags).toContain('deferral-due');
  });
});
