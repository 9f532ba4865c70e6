import { describe, expect, it } from 'vitest';
import { caseEventBuilder } from './event-fixtures';
import { weekdayCalendar } from './fake-calendar';
import type { CaseEvent } from './events';
import { classifyForQueue } from './overdue';
import { foldEvents, type CaseState } from './reducer';

function fold(events: CaseEvent[]): CaseState {
  const s = foldEvents(events);
  if (s === null) throw new Error('no case');
  return s;
}

// Monday 2026-11-23, 5 working days → printed deadline Monday 2026-11-30.
const ev = () => caseEventBuilder({ start: '2026-11-23T01:00:00.000Z' });
const accepted = () => {
  const e = ev();
  return { e, events: [e('received'), e('accepted', { deadline: '2026-11-30' })] };
};

describe('classifyForQueue', () => {
  it.each([
    ['2026-11-25', [], 'well before'],
    ['2026-11-26', [], 'two working days before (Thu)'],
    ['2026-11-27', ['due-soon'], 'the working day before, across a weekend (Fri)'],
    ['2026-11-29', ['due-soon'], 'on the Sunday before'],
    ['2026-11-30', ['due-soon'], 'on the day'],
    ['2026-12-01', ['overdue'], 'the day after'],
  ])('on %s tags %j (%s)', (today, tags) => {
    expect(classifyForQueue(fold(accepted().events), today, weekdayCalendar())).toEqual({ tags, deadline: '2026-11-30' });
  });

  it('has nothing for a closed case, even past its deadline', () => {
    const { e, events } = accepted();
    expect(classifyForQueue(fold([...events, e('completed')]), '2026-12-20', weekdayCalendar())).toEqual({ tags: [], deadline: null });
  });

  it('does not count an immediate matter as overdue', () => {
    const e = ev();
    const s = fold([e('received', { handling: 'immediate', timeLimitDays: 0 }), e('accepted', { deadline: undefined })]);
    expect(classifyForQueue(s, '2027-01-01', weekdayCalendar())).toEqual({ tags: [], deadline: null });
  });

  it('shows a pending supplement with the clock stopped, and when its return date has passed', () => {
    const { e, events } = accepted();
    const s = fold([...events, e('notice-issued', { returnBy: '2026-12-07' })]);
    expect(classifyForQueue(s, '2026-12-07', weekdayCalendar())).toEqual({ tags: ['supplement-pending'], deadline: null });
    expect(classifyForQueue(s, '2026-12-08', weekdayCalendar())).toEqual({ tags: ['supplement-lapsed', 'supplement-pending'], deadline: null });
  });

  it('shows a pending supplement before acceptance', () => {
    const e = ev();
    const s = fold([e('received'), e('notice-issued')]);
    expect(classifyForQueue(s, '2026-11-24', weekdayCalendar()).tags).toEqual(['supplement-pending']);
  });

  it('uses the extended deadline after a pause', () => {
    const { e, events } = accepted();
    const s = fold([
      ...events,
      e('notice-issued', {}, { at: '2026-11-24T02:00:00.000Z' }),
      e('supplemented', {}, { at: '2026-11-26T03:00:00.000Z' }),
    ]);
    expect(classifyForQueue(s, '2026-12-01', weekdayCalendar())).toEqual({ tags: [], deadline: '2026-12-03' });
    expect(classifyForQueue(s, '2026-12-04', weekdayCalendar())).toEqual({ tags: ['overdue'], deadline: '2026-12-03' });
  });

  it('tracks 容缺 materials by their due date', () => {
    const e = ev();
    const events = [e('received'), e('accepted-with-deferral', { deadline: '2026-11-30', dueDate: '2026-11-27' })];
    const s = fold(events);
    expect(classifyForQueue(s, '2026-11-25', weekdayCalendar()).tags).toEqual([]);
    expect(classifyForQueue(s, '2026-11-26', weekdayCalendar()).tags).toEqual(['deferral-due']);
    expect(classifyForQueue(s, '2026-11-28', weekdayCalendar()).tags).toEqual(['due-soon', 'deferral-overdue']);
    const done = fold([...events, e('supplemented', { materialsProvided: ['m3'] })]);
    expect(classifyForQueue(done, '2026-11-28', weekdayCalendar()).tags).toEqual(['due-soon']);
  });

  it('shows a deadline the calendar cannot compute', () => {
    const e = caseEventBuilder({ start: '2098-12-30T01:00:00.000Z' });
    const s = fold([e('received'), e('accepted', { deadline: '2099-01-06' }), e('notice-issued'), e('supplemented')]);
    expect(classifyForQueue(s, '2098-12-31', weekdayCalendar())).toEqual({ tags: ['deadline-unknown'], deadline: null });
  });
});
