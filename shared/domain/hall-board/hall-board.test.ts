import { describe, expect, it } from 'vitest';
import { weekdayCalendar } from '../case/fake-calendar';
import { caseEvents, CLERKS, HALL, residentLookup, type CaseSpec } from '../daily-log/log-fixtures';
import { computeHallBoard } from './hall-board';

const [LI, WANG, ZHANG] = CLERKS;

function hall(day: number, hhmm: string): string {
  return new Date(Date.parse(`2026-11-${day}T${hhmm}:00.000+08:00`)).toISOString();
}

// Monday 2026-11-23, 11:00 at the hall.
const NOW = hall(23, '11:00');
const SPECS: CaseSpec[] = [
  { n: 1, path: 'on-the-spot', receivedAt: hall(23, '09:00'), clerk: LI, rating: { level: 'very-dissatisfied', reason: '态度差' } },
  { n: 2, path: 'notice-pending', receivedAt: hall(23, '10:45'), clerk: WANG },
  { n: 3, path: 'promised-open', receivedAt: hall(18, '09:00'), clerk: WANG, deadline: '2026-11-19' },
  { n: 4, path: 'promised-open', receivedAt: hall(13, '09:00'), clerk: WANG, deadline: '2026-11-24' },
  // 容缺 materials promised by Tuesday the 24th: due the next working day.
  { n: 5, path: 'deferral-pending', receivedAt: hall(19, '09:00'), clerk: LI },
  // Received Thursday, completed this morning at counter 3.
  { n: 6, path: 'completed-later', receivedAt: hall(19, '09:00'), clerk: ZHANG, gaps: [1, 4 * 1440 + 99] },
];
const EVENTS = SPECS.flatMap(caseEvents);
const idOf = (n: number) => caseEvents(SPECS.find((s) => s.n === n) as CaseSpec)[0]?.caseId;

function board(extra: Partial<Parameters<typeof computeHallBoard>[0]> = {}) {
  return computeHallBoard({ now: NOW, hall: HALL, events: EVENTS, residents: residentLookup, calendar: weekdayCalendar(), sync: { pending: 3, rejected: 1 }, ...extra });
}

describe('computeHallBoard', () => {
  it('shows the counters that worked today, who was last at each, and which have gone quiet', () => {
    expect(board().counters).toEqual([
      expect.objectContaining({ code: 'W01', clerkName: '李娜', lastTime: '09:03', events: 4, received: 1, idle: true }),
      expect.objectContaining({ code: 'W02', clerkName: '王芳', lastTime: '10:46', events: 2, received: 1, idle: false }),
      expect.objectContaining({ code: 'W03', clerkName: '张伟', lastTime: '10:40', events: 1, received: 0, idle: false }),
    ]);
  });

  it('counts today’s cases and completions, including a case from last week finished today', () => {
    expect(board().today).toEqual({
      received: 2,
      completed: 2,
      immediateRate: { numerator: 1, denominator: 1 },
      oneVisitRate: { numerator: 1, denominator: 2 },
    });
  });

  it('lists what needs the lead: 补正, 容缺 due, overdue, due soon, 差评', () => {
    const b = board();
    expect(b.awaitingSupplement.map((l) => l.caseId)).toEqual([idOf(2)]);
    expect(b.deferralDue.map((l) => l.caseId)).toEqual([idOf(5)]);
    expect(b.overdue.map((l) => l.caseId)).toEqual([idOf(3)]);
    expect(b.dueSoon.map((l) => l.caseId)).toEqual([idOf(4)]);
    expect(b.followUps).toEqual([expect.objectContaining({ caseId: idOf(1), level: 'very-dissatisfied', reason: '态度差', clerkName: '李娜', residentName: '欧**' })]);
  });

  it('passes this workstation’s sync state through, and shows it as unknown while loading', () => {
    expect(board().sync).toEqual({ pending: 3, rejected: 1 });
    expect(board({ sync: null }).sync).toBeNull();
  });

  it('is empty, not broken, on a day with nothing', () => {
    const empty = board({ events: [] });
    expect(empty.counters).toEqual([]);
    expect(empty.today.immediateRate).toEqual({ numerator: 0, denominator: 0 });
    expect(empty.overdue).toEqual([]);
  });

  it('does not depend on the order events arrived in', () => {
    expect(board({ events: [...EVENTS].reverse() })).toEqual(board());
  });
});
