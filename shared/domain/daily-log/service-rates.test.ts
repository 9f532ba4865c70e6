import { describe, expect, it } from 'vitest';
import { foldEvents, type CaseState } from '../case/reducer';
import { caseEvents, CLERKS, type CasePath, type CaseSpec } from './log-fixtures';
import { isCompletedOnArrivalDay, isOneVisit, ratePercent, serviceRates } from './service-rates';

const [LI] = CLERKS;
const NINE_AM = '2026-11-20T01:00:00.000Z';

function stateOf(path: CasePath, extra: Partial<CaseSpec> = {}): CaseState {
  const state = foldEvents(caseEvents({ n: 7, path, receivedAt: NINE_AM, clerk: LI, ...extra }));
  if (state === null || state.rejected.length > 0) throw new Error(`fixture ${path} does not fold cleanly`);
  return state;
}

const DAY_MIN = 24 * 60;

describe('最多跑一次 (one visit)', () => {
  it.each<[CasePath, Partial<CaseSpec>, boolean]>([
    ['on-the-spot', {}, true],
    // A 即办件 finished another day: the resident came back for it.
    ['on-the-spot', { gaps: [1, DAY_MIN] }, false],
    // Accepted only the next day: a second visit.
    ['on-the-spot', { gaps: [DAY_MIN, 1] }, false],
    // A 承诺件 accepted on the spot: its later result is delivered, not fetched.
    ['completed-later', { gaps: [1, 5 * DAY_MIN] }, true],
    ['promised-open', {}, true],
    ['forwarded-done', { gaps: [1, 60, 3 * DAY_MIN, 1] }, true],
    ['notice-then-done', {}, false],
    ['notice-pending', {}, false],
    ['notice-cancelled', {}, false],
    // 容缺: fine until the owed material has to be brought.
    ['deferral-pending', {}, true],
    ['deferral-then-done', {}, false],
  ])('%s %j → %s', (path, extra, expected) => {
    expect(isOneVisit(stateOf(path, extra))).toBe(expected);
  });

  it('does not count refusals, referrals or 私事 at all, and counts a withdrawn case as a miss', () => {
    const rates = serviceRates([stateOf('refused'), stateOf('referred'), stateOf('notice-cancelled'), stateOf('on-the-spot')]);
    expect(rates.oneVisit).toEqual({ numerator: 1, denominator: 2 });
  });
});

describe('即办率', () => {
  it('counts accepted cases and scores those completed on the day they came in', () => {
    const rates = serviceRates([
      stateOf('on-the-spot'),
      stateOf('on-the-spot', { gaps: [1, DAY_MIN] }),
      stateOf('promised-open'),
      stateOf('deferral-pending'),
      // Not accepted: outside the rate.
      stateOf('notice-pending'),
      stateOf('refused'),
    ]);
    expect(rates.immediate).toEqual({ numerator: 1, denominator: 4 });
  });

  it('uses the hall day, not UTC: 23:30 received and 00:10 completed are two days', () => {
    // 23:30 Beijing is 15:30 UTC; completion 40 minutes later crosses hall midnight but not UTC midnight.
    const late = stateOf('on-the-spot', { receivedAt: '2026-11-20T15:30:00.000Z', gaps: [1, 39] });
    expect(isCompletedOnArrivalDay(late)).toBe(false);
  });

  it('ratePercent rounds to one decimal and has no value for an empty rate', () => {
    expect(ratePercent({ numerator: 2, denominator: 3 })).toBe(66.7);
    expect(ratePercent({ numerator: 0, denominator: 0 })).toBeNull();
  });
});
