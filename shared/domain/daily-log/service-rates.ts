import type { CaseState } from '../case/reducer';
import { hallDayNumber } from './hall-window';

/**
 * The two service rates the lead reports (hall board and daily log). Each is evaluated on a case AS OF the
 * log's cutoff (see case-as-of.ts), so what happens to the case after the cutoff never changes a past log.
 */

export type Rate = {
  numerator: number;
  denominator: number;
};

function sameHallDay(a: string, b: string): boolean {
  return hallDayNumber(a) === hallDayNumber(b);
}

/**
 * 即办率 counts a case when it was accepted (受理: `accepted` or `accepted-with-deferral`), and scores it when it
 * was also completed on the hall day it was received. A 承诺件 finished on the spot scores too: what is measured
 * is the resident's experience, not the catalogue's handling class.
 */
export function countsForImmediateRate(state: CaseState): boolean {
  return state.acceptedAt !== undefined;
}

export function isCompletedOnArrivalDay(state: CaseState): boolean {
  const first = state.completions[0];
  return state.status === 'completed' && first !== undefined && sameHallDay(first.at, state.receivedAt);
}

/**
 * 最多跑一次 ("at most one trip") counts a case the hall took on: not a 私事, and not ended by 不予受理 or a
 * 首问负责 referral (those point the resident elsewhere; no service of this hall was delivered). It scores the
 * case as one-visit when ALL of these hold:
 *  - no one-time notice (补正告知) was issued;
 *  - no material was handed in later (no `supplemented` event). That covers both 补正 and 容缺 follow-ups:
 *    either way the resident, or someone for them, had to come back;
 *  - it was accepted on the hall day it was received (a later acceptance means a later visit);
 *  - a 即办件 was completed on that same day: one finished on another day meant coming back for it. A 承诺件's
 *    later completion is not a visit (the result is delivered, 邮寄/送达), so it need not be completed yet.
 * A cancelled case counts and does not score.
 */
export function countsForOneVisitRate(state: CaseState): boolean {
  return state.triage !== 'private' && state.status !== 'refused' && state.status !== 'referred';
}

export function isOneVisit(state: CaseState): boolean {
  if (!countsForOneVisitRate(state) || state.status === 'cancelled') return false;
  if (state.notices.length > 0) return false;
  if (state.history.some((h) => h.type === 'supplemented')) return false;
  if (state.acceptedAt === undefined || !sameHallDay(state.acceptedAt, state.receivedAt)) return false;
  if (state.handling === 'immediate') return isCompletedOnArrivalDay(state);
  return true;
}

/** The two rates over the cases received in a window. */
export function serviceRates(received: readonly CaseState[]): { immediate: Rate; oneVisit: Rate } {
  const immediate: Rate = { numerator: 0, denominator: 0 };
  const oneVisit: Rate = { numerator: 0, denominator: 0 };
  for (const state of received) {
    if (countsForImmediateRate(state)) {
      immediate.denominator += 1;
      if (isCompletedOnArrivalDay(state)) immediate.numerator += 1;
    }
    if (countsForOneVisitRate(state)) {
      oneVisit.denominator += 1;
      if (isOneVisit(state)) oneVisit.numerator += 1;
    }
  }
  return { immediate, oneVisit };
}

/** `12 / 16` → 75.0 (one decimal), or null when nothing counts. */
export function ratePercent(rate: Rate): number | null {
  if (rate.denominator === 0) return null;
  return Math.round((rate.numerator / rate.denominator) * 1000) / 10;
}
