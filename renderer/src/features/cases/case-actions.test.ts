import { describe, expect, it } from 'vitest';
import { caseEventBuilder } from '@shared/domain/case/event-fixtures';
import type { CaseEvent } from '@shared/domain/case/events';
import { applyEvent, foldEvents, type CaseState } from '@shared/domain/case/reducer';
import { availableActions, CASE_ACTIONS, outstandingMaterials, type CaseActionKind } from './case-actions';

/** Cases in every status the counter meets, built through the real reducer. */
function scenarios(): Record<string, CaseEvent[]> {
  const make = (build: (ev: ReturnType<typeof caseEventBuilder>) => CaseEvent[]) => build(caseEventBuilder());
  return {
    received: make((ev) => [ev('received')]),
    privateReceived: make((ev) => [ev('received', { triage: 'private', handling: 'immediate', timeLimitDays: 0 })]),
    awaitingSupplement: make((ev) => [ev('received'), ev('notice-issued')]),
    accepted: make((ev) => [ev('received'), ev('accepted')]),
    deferred: make((ev) => [ev('received'), ev('accepted-with-deferral')]),
    forwarded: make((ev) => [ev('received'), ev('accepted'), ev('forwarded')]),
    completed: make((ev) => [ev('received'), ev('accepted'), ev('completed')]),
    rated: make((ev) => [ev('received'), ev('accepted'), ev('completed'), ev('rated')]),
    refused: make((ev) => [ev('received'), ev('refused')]),
    referred: make((ev) => [ev('received'), ev('referred')]),
    cancelled: make((ev) => [ev('received'), ev('cancelled')]),
  };
}

/** The event each action would write on this case (what the case page's forms produce). */
function eventFor(action: CaseActionKind, state: CaseState, ev: ReturnType<typeof caseEventBuilder>): CaseEvent {
  switch (action) {
    case 'accept':
      return ev('accepted', state.handling === 'promised' ? { deadline: '2026-12-01' } : { deadline: undefined });
    case 'supplement':
      return ev('supplemented', { materialsProvided: outstandingMaterials(state).map((m) => m.id) });
    case 'complete':
      return ev('completed');
    case 'forward':
      return ev('forwarded');
    case 'return':
      return ev('returned', { department: state.forwardedTo ?? '民政科' });
    case 'cancel':
      return ev('cancelled');
    case 'rate':
      return ev('rated');
  }
}

describe('availableActions', () => {
  for (const [name, events] of Object.entries(scenarios())) {
    it(`offers exactly the actions the reducer accepts on a ${name} case`, () => {
      const state = foldEvents(events);
      if (state === null) throw new Error('scenario did not fold');
      const offered = availableActions(state);
      for (const action of CASE_ACTIONS) {
        // Later ids and times than the scenario's own events.
        const ev = caseEventBuilder({ start: '2026-11-24T01:00:00.000Z' }, 100);
        const result = applyEvent(state, eventFor(action, state, ev));
        expect({ action, accepted: result.ok }).toEqual({ action, accepted: offered.includes(action) });
      }
    });
  }

  it('lists what a notice still waits for', () => {
    const state = foldEvents(scenarios().awaitingSupplement!);
    expect(state && outstandingMaterials(state)).toEqual([{ id: 'm2', name: '户口簿' }]);
  });
});
