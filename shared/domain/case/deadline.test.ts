import { describe, expect, it } from 'vitest';
import { bundledCalendar } from '../calendar/bundled-calendar';
import { effectiveDeadline, pausesAsHallDates, type WorkingDayCalendarLike } from './deadline';
import { caseEventBuilder } from './event-fixtures';
import { weekdayCalendar } from './fake-calendar';
import type { CaseEvent } from './events';
import { foldEvents, type CaseState } from './reducer';

function fold(events: CaseEvent[]): CaseState {
  const s = foldEvents(events);
  if (s === null) throw new Error('no case');
  return s;
}

// 2026-11-23 is a Monday; 01:00Z is 09:00 in the hall.
const ev = () => caseEventBuilder({ start: '2026-11-23T01:00:00.000Z' });

describe('effectiveDeadline', () => {
  it('has none for an immediate matter or before acceptance', () => {
    const cal = weekdayCalendar();
    const e = ev();
    expect(effectiveDeadline(fold([e('received', { handling: 'immediate', timeLimitDays: 0 }), e('accepted', { deadline: undefined })]), cal)).toEqual({ kind: 'none' });
    expect(effectiveDeadline(fold([ev()('received')]), cal)).toEqual({ kind: 'none' });
  });

  it('keeps the printed deadline when the clock never stopped, without asking the calendar', () => {
    const cal = weekdayCalendar();
    const e = ev();
    expect(effectiveDeadline(fold([e('received'), e('accepted', { deadline: '2026-11-30' })]), cal)).toEqual({ kind: 'due', date: '2026-11-30' });
    expect(cal.calls).toEqual([]);
  });

  it('is paused while a notice is open', () => {
    const e = ev();
    const events = [e('received'), e('accepted'), e('notice-issued')];
    expect(effectiveDeadline(fold(events), weekdayCalendar())).toEqual({ kind: 'paused', since: events[2]?.at });
  });

  it('extends the deadline by the paused working days', () => {
    const e = ev();
    const events = [
      e('received'),
      e('accepted', { deadline: '2026-11-30' }),
      e('notice-issued', {}, { at: '2026-11-24T02:00:00.000Z' }), // Tue
      e('supplemented', {}, { at: '2026-11-26T03:00:00.000Z' }), // Thu
    ];
    const cal = weekdayCalendar();
    // Counting after Mon 23: Tue–Thu paused; Fri 27 (1), Mon 30 (2), Tue 1 (3), Wed 2 (4), Thu 3 (5).
    expect(effectiveDeadline(fold(events), cal)).toEqual({ kind: 'due', date: '2026-12-03' });
    expect(cal.calls).toEqual([{ start: '2026-11-23', n: 5, pauses: [{ from: '2026-11-24', to: '2026-11-26' }] }]);
  });

  it('never moves earlier than the printed deadline', () => {
    const e = ev();
    const events = [
      e('received'),
      e('accepted', { deadline: '2026-12-10' }),
      e('notice-issued', {}, { at: '2026-11-24T02:00:00.000Z' }),
      e('supplemented', {}, { at: '2026-11-24T03:00:00.000Z' }),
    ];
    expect(effectiveDeadline(fold(events), weekdayCalendar())).toEqual({ kind: 'due', date: '2026-12-10' });
  });

  it('reports a calendar failure instead of guessing', () => {
    const e = caseEventBuilder({ start: '2098-12-30T01:00:00.000Z' });
    const events = [e('received'), e('accepted', { deadline: '2099-01-06' }), e('notice-issued'), e('supplemented')];
    expect(effectiveDeadline(fold(events), weekdayCalendar())).toEqual({
      kind: 'unknown',
      failure: { ok: false, code: 'calendar/unknown-year', year: 2099 },
    });
  });

  it('converts pause instants to hall-local dates (UTC+8)', () => {
    expect(
      pausesAsHallDates({ pauses: [{ from: '2026-11-24T15:59:59.000Z', to: '2026-11-24T16:00:00.000Z' }, { from: '2026-12-31T16:00:00.000Z' }] }),
    ).toEqual([{ from: '2026-11-24', to: '2026-11-25' }, { from: '2027-01-01' }]);
  });

  it('works with the real working-day calendar', () => {
    // Compile-time check that the calendar module still satisfies the interface this module expects.
    const calendar: WorkingDayCalendarLike<{ ok: false }> = bundledCalendar();
    const e = ev();
    const events = [
      e('received'),
      e('accepted', { deadline: '2026-11-30' }),
      e('notice-issued', {}, { at: '2026-11-24T02:00:00.000Z' }),
      e('supplemented', {}, { at: '2026-11-26T03:00:00.000Z' }),
    ];
    // No holidays in late November 2026, so the real calendar agrees with the weekday fake.
    expect(effectiveDeadline(fold(events), calendar)).toEqual({ kind: 'due', date: '2026-12-03' });
  });
});
