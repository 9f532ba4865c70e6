import type { CaseEvent } from '../case/events';
import { hallDateOf } from '../case/hall-date';
import { foldEvents, type CaseState } from '../case/reducer';
import { instantBefore, instantMs } from './hall-window';

/**
 * A case as it stood at a cutoff instant: the fold of its events with `at` before the cutoff. A log of a past
 * day is computed from this, never from the case's current state, so a case received on the 20th and completed on
 * the 22nd is still open in the log of the 20th, however late that log is printed.
 *
 * Reading every event of every case is the slow path. A stored case row is `foldEvents` of all its events, so when
 * none of them (applied or refused) is at or after the cutoff, the row IS the fold of the events before the
 * cutoff and can be used as it is. Only rows touched after the cutoff need their events.
 */

/** The latest event time recorded in a state, applied or refused; -Infinity for an empty history. */
export function lastActivityMs(state: CaseState): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const h of state.history) last = Math.max(last, instantMs(h.at));
  for (const r of state.rejected) last = Math.max(last, instantMs(r.at));
  return last;
}

/**
 * The hall days on which anything was recorded for a case (applied or refused events), ascending, no repeats.
 * The store indexes it (multi-entry) so a day's log finds every case touched that day — received, completed,
 * rated, or refused an event — without scanning earlier days. An unparseable time is skipped: the reducer orders
 * it first (time 0), which no hall day contains.
 */
export function activityDaysOf(state: Pick<CaseState, 'history' | 'rejected'>): string[] {
  const days = new Set<string>();
  for (const entry of [...state.history, ...state.rejected]) {
    if (Number.isNaN(Date.parse(entry.at))) continue;
    days.add(hallDateOf(entry.at));
  }
  return [...days].sort();
}

/** True when `state` already is the case as of `cutoffMs` (nothing recorded at or after it). */
export function isFinalBefore(state: CaseState, cutoffMs: number | ((instant: string) => boolean)): boolean {
  const before = typeof cutoffMs === 'number' ? instantBefore(cutoffMs) : cutoffMs;
  return state.history.every((h) => before(h.at)) && state.rejected.every((r) => before(r.at));
}

export type StatesAsOf = {
  /** One per case that existed before the cutoff, in no particular order. */
  states: CaseState[];
  /**
   * Case ids given only as a state that has events at or after the cutoff, with no events to rebuild it from.
   * They are left out rather than shown as they are now; the caller should supply their events.
   */
  unresolved: string[];
};

/**
 * Resolves cases given as events (any order, any mix of cases, duplicates allowed) and/or as folded states.
 * Where both are given for a case, its events win.
 */
export function statesAsOf(
  input: { events?: readonly CaseEvent[]; caseStates?: readonly CaseState[] },
  cutoffMs: number,
): StatesAsOf {
  const before = instantBefore(cutoffMs);
  const byCase = new Map<string, CaseEvent[]>();
  for (const event of input.events ?? []) {
    if (!before(event.at)) {
      // Still mark the case as "given by events", so a stale state for it is not used instead.
      if (!byCase.has(event.caseId)) byCase.set(event.caseId, []);
      continue;
    }
    const list = byCase.get(event.caseId);
    if (list) list.push(event);
    else byCase.set(event.caseId, [event]);
  }
  const states: CaseState[] = [];
  for (const events of byCase.values()) {
    const state = foldEvents(events);
    if (state !== null) states.push(state);
  }
  const unresolved: string[] = [];
  const seen = new Set<string>();
  for (const state of input.caseStates ?? []) {
    if (byCase.has(state.caseId) || seen.has(state.caseId)) continue;
    seen.add(state.caseId);
    if (isFinalBefore(state, before)) states.push(state);
    // Received after the cutoff: the case did not exist yet, nothing is missing.
    else if (before(state.receivedAt)) unresolved.push(state.caseId);
  }
  unresolved.sort();
  return { states, unresolved };
}
