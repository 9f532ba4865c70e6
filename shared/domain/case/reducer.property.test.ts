import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureId, FIXTURE_CASE_ID } from './event-fixtures';
import { RATING_LEVELS, isNegativeRating, type CaseEvent, type Handling, type TriageClass } from './events';
import { applyEvent, foldEvents, type CaseState } from './reducer';

/**
 * Order independence: several workstations each work on the case from what they know locally (making only moves
 * that are legal in their own view), sometimes syncing with each other. The merged list, with duplicates, in any
 * arrival order must fold to the same state.
 */

type Step =
  /** `progress` picks the most forward-moving legal event, so runs reach completion and conflict often. */
  | { kind: 'act'; ws: number; choice: number; dt: number; progress: boolean }
  | { kind: 'sync'; from: number; to: number };

type Script = {
  workstations: number;
  handling: Handling;
  triage: TriageClass;
  /** Minutes each workstation's clock is off from the one that received the case. */
  skews: number[];
  steps: Step[];
  duplicates: number[];
};

const T0 = Date.parse('2026-11-23T01:00:00.000Z');

type Draft = { [K in CaseEvent['type']]: { type: K; payload: Extract<CaseEvent, { type: K }>['payload'] } }[CaseEvent['type']];

/** Every event a clerk could plausibly record next, before checking legality. */
function candidates(state: CaseState): Draft[] {
  const deadline = state.handling === 'promised' ? { deadline: '2026-11-30' } : {};
  const owed = state.status === 'deferred' ? (state.deferral?.outstanding ?? []) : (state.notices.at(-1)?.outstanding ?? []);
  return [
    { type: 'accepted', payload: { ...deadline, materialsPresent: ['m1'] } },
    { type: 'accepted-with-deferral', payload: { ...deadline, materialsPresent: ['m1'], deferred: [{ id: 'm3', name: '收入证明' }], promiseText: '承诺补交', dueDate: '2026-11-27' } },
    { type: 'accepted-with-deferral', payload: { ...deadline, materialsPresent: [], deferred: [{ id: 'm3', name: '收入证明' }, { id: 'm5', name: '租房合同' }], promiseText: '承诺补交', dueDate: '2026-11-26' } },
    { type: 'notice-issued', payload: { missing: [{ id: 'm2', name: '户口簿' }], legalBasis: '第三十二条', returnBy: '2026-12-01' } },
    { type: 'notice-issued', payload: { missing: [{ id: 'm2', name: '户口簿' }, { id: 'm4', name: '照片' }], legalBasis: '第三十二条', returnBy: '2026-12-01' } },
    ...owed.map((id) => ({ type: 'supplemented' as const, payload: { materialsProvided: [id] } })),
    ...(owed.length > 1 ? [{ type: 'supplemented' as const, payload: { materialsProvided: owed } }] : []),
    { type: 'refused', payload: { reason: '不符合条件', referTo: { office: '区政务中心' }, appealRoute: '行政复议' } },
    { type: 'referred', payload: { place: '司法所' } },
    { type: 'forwarded', payload: { department: '民政科' } },
    { type: 'forwarded', payload: { department: '社保科' } },
    ...(state.forwardedTo !== undefined
      ? (['result', 'sent-back'] as const).map((outcome) => ({ type: 'returned' as const, payload: { department: state.forwardedTo as string, outcome } }))
      : []),
    { type: 'completed', payload: {} },
    ...RATING_LEVELS.map((level) => ({ type: 'rated' as const, payload: isNegativeRating(level) ? { level, reason: '不满意' } : { level } })),
    { type: 'cancelled', payload: { reason: '撤回' } },
  ];
}

const PROGRESS: CaseEvent['type'][] = ['supplemented', 'returned', 'accepted', 'completed', 'rated'];

function simulate(script: Script): CaseEvent[] {
  let nextId = 1;
  const envelope = (ws: number, minute: number) => ({
    id: fixtureId(nextId++),
    caseId: FIXTURE_CASE_ID,
    at: new Date(T0 + minute * 60_000).toISOString(),
    actor: `staff-${ws}`,
    workstationId: `ws-${ws}`,
    hallCode: 'GL0301',
  });
  const received = {
    ...envelope(0, 0),
    type: 'received',
    payload: {
      caseNumber: 'GL0301-W01-20261123-0001',
      residentId: 'resident-1',
      matterCode: 'MZ-001',
      matterName: '低保申请',
      triage: script.triage,
      handling: script.handling,
      timeLimitDays: script.handling === 'promised' ? 5 : 0,
      channel: 'counter',
    },
  } as CaseEvent;
  const all: CaseEvent[] = [received];
  // Every workstation has already synced the received event; they diverge from there.
  const local: CaseEvent[][] = Array.from({ length: script.workstations }, () => [received]);
  const clock = script.skews.slice(0, script.workstations);

  for (const step of script.steps) {
    if (step.kind === 'sync') {
      const from = local[step.from % script.workstations] as CaseEvent[];
      const to = local[step.to % script.workstations] as CaseEvent[];
      for (const e of from) if (!to.some((x) => x.id === e.id)) to.push(e);
      continue;
    }
    const ws = step.ws % script.workstations;
    const mine = local[ws] as CaseEvent[];
    const state = foldEvents(mine);
    if (state === null) continue;
    clock[ws] = (clock[ws] ?? 0) + step.dt;
    const legal = candidates(state)
      .map((d) => ({ ...envelope(ws, 0), at: new Date(T0 + (clock[ws] ?? 0) * 60_000).toISOString(), ...d }) as CaseEvent)
      .filter((e) => applyEvent(state, e).ok);
    const pick = step.progress
      ? PROGRESS.map((t) => legal.find((e) => e.type === t)).find((e) => e !== undefined)
      : legal[step.choice % Math.max(1, legal.length)];
    if (pick === undefined) continue;
    mine.push(pick);
    all.push(pick);
  }
  // Re-delivered copies: same content, arrived via another path (JSON round trip).
  const copies = script.duplicates.map((i) => JSON.parse(JSON.stringify(all[i % all.length])) as CaseEvent);
  return [...all, ...copies];
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('act' as const), ws: fc.nat(2), choice: fc.nat(), dt: fc.integer({ min: 0, max: 3 }), progress: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(2), to: fc.nat(2) }) },
);

const scriptArb: fc.Arbitrary<Script> = fc.record({
  workstations: fc.integer({ min: 1, max: 3 }),
  handling: fc.constantFrom<Handling>('immediate', 'promised'),
  triage: fc.constantFrom<TriageClass>('government', 'community', 'private'),
  skews: fc.tuple(fc.constant(0), fc.integer({ min: -2, max: 3 }), fc.integer({ min: -2, max: 3 })),
  steps: fc.array(stepArb, { maxLength: 16 }),
  duplicates: fc.array(fc.nat(), { maxLength: 4 }),
});

const permutations = (events: CaseEvent[]) =>
  fc.tuple(
    fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
  );

describe('foldEvents order independence (property)', () => {
  it('folds any arrival order, with duplicates, to the same state', () => {
    fc.assert(
      fc.property(
        scriptArb.chain((s) => {
          const events = simulate(s);
          return fc.tuple(fc.constant(events), permutations(events));
        }),
        ([events, [p1, p2]]) => {
          const reference = foldEvents(events);
          expect(reference).not.toBeNull();
          expect(foldEvents(p1)).toStrictEqual(reference);
          expect(foldEvents(p2)).toStrictEqual(reference);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('loses no event: each distinct id is either applied or rejected, once', () => {
    fc.assert(
      fc.property(scriptArb, (script) => {
        const events = simulate(script);
        const state = foldEvents(events) as CaseState;
        const accounted = [...state.history.map((h) => h.eventId), ...state.rejected.map((r) => r.eventId)].sort();
        expect(accounted).toEqual([...new Set(events.map((e) => e.id))].sort());
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every completion from a second workstation and flags it', () => {
    fc.assert(
      fc.property(scriptArb, (script) => {
        const state = foldEvents(simulate(script)) as CaseState;
        const completers = new Set(state.completions.map((c) => c.workstationId));
        expect(completers.size).toBe(state.completions.length);
        expect(state.flags.includes('double-completion')).toBe(state.completions.length > 1);
      }),
      { numRuns: 100 },
    );
  });

  it('generates the interesting cases, not just trivial ones', () => {
    // Guards the generator: if simulate() stopped producing merges and conflicts, the properties above would pass
    // vacuously.
    const states = fc.sample(scriptArb, { numRuns: 300, seed: 42 }).map((s) => foldEvents(simulate(s)) as CaseState);
    expect(states.some((s) => s.flags.includes('double-completion'))).toBe(true);
    expect(states.some((s) => s.rejected.length > 0)).toBe(true);
    expect(states.some((s) => s.pauses.length > 0)).toBe(true);
    expect(new Set(states.map((s) => s.status)).size).toBeGreaterThanOrEqual(7);
  });
});
