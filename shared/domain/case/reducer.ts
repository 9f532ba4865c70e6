import type { ErrorCode } from '../../errors/codes';
import {
  isNegativeRating,
  type Agent,
  type CaseEvent,
  type CaseEventType,
  type Handling,
  type MaterialRef,
  type RatingLevel,
  type RefusedEvent,
  type ReferredEvent,
  type TriageClass,
} from './events';

/**
 * The case state is a pure fold over its events. Workstations work offline and sync later, so the same events
 * reach each replica in different orders; `foldEvents` sorts them into one canonical order first, so every
 * replica computes the same state. An event that is illegal in that order is not thrown away silently or thrown
 * as an exception: it is kept in `state.rejected` with its code, for the lead to look at.
 */

export const CASE_STATUSES = [
  'received',
  'awaiting-supplement', // 待补正: one-time notice issued, waiting for the resident
  'accepted',
  'deferred', // 容缺受理: accepted, some materials still owed
  'forwarded', // with a department
  'completed',
  'refused',
  'referred',
  'cancelled',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CLOSED_STATUSES: readonly CaseStatus[] = ['completed', 'refused', 'referred', 'cancelled'];
/** Statuses a resident may rate: every finished service, including a refusal or a referral (好差评 covers those). */
const RATEABLE_STATUSES: readonly CaseStatus[] = ['completed', 'refused', 'referred'];

export type CaseFlag =
  /** Two workstations each completed the case (they could not see each other); the lead must reconcile. */
  | 'double-completion'
  /** 不满意/非常不满意: the lead owes the resident a follow-up (差评整改). */
  | 'needs-follow-up';

export type CaseRejectCode = Extract<ErrorCode, `case/${string}`>;

/** A stretch of time the statutory clock stood still (补正 after acceptance). UTC instants; `to` absent while open. */
export type ClockPause = { from: string; to?: string };

export type CaseNotice = {
  eventId: string;
  issuedAt: string;
  missing: MaterialRef[];
  /** Ids from `missing` not yet supplied. */
  outstanding: string[];
  legalBasis: string;
  returnBy: string;
  /** Status to go back to once everything is supplied. */
  resumeTo: 'received' | 'accepted';
};

export type CaseDeferral = {
  eventId: string;
  deferred: MaterialRef[];
  outstanding: string[];
  promiseText: string;
  dueDate: string;
};

export type CaseCompletion = {
  eventId: string;
  at: string;
  workstationId: string;
  actor: string;
  resultNote?: string;
};

export type CaseHistoryEntry = {
  eventId: string;
  type: CaseEventType;
  at: string;
  actor: string;
  actorName?: string;
  workstationId: string;
};

export type RejectedCaseEvent = {
  eventId: string;
  type: CaseEventType;
  at: string;
  actor: string;
  workstationId: string;
  code: CaseRejectCode;
  reason: string;
};

export type CaseState = {
  caseId: string;
  caseNumber: string;
  hallCode: string;
  residentId: string;
  agent?: Agent;
  matterCode: string;
  matterName: string;
  triage: TriageClass;
  handling: Handling;
  timeLimitDays: number;
  status: CaseStatus;
  receivedAt: string;
  acceptedAt?: string;
  /** Hall-local due date as promised at acceptance (承诺件). See `effectiveDeadline` for pauses. */
  deadline?: string;
  pauses: ClockPause[];
  /** Catalogue material ids seen so far (at acceptance or supplied later), sorted. */
  materialsPresent: string[];
  notices: CaseNotice[];
  deferral?: CaseDeferral;
  /** Department currently holding the case. */
  forwardedTo?: string;
  lastReturn?: { department: string; outcome: 'result' | 'sent-back'; note?: string; at: string };
  /** Usually one; two or more means `double-completion`. */
  completions: CaseCompletion[];
  refusal?: RefusedEvent['payload'];
  referral?: ReferredEvent['payload'];
  cancellation?: { reason: string };
  /** When it reached a closed status (first completion, refusal, referral or cancellation). */
  closedAt?: string;
  rating?: { eventId: string; level: RatingLevel; reason?: string; at: string };
  /** Sorted, no duplicates. */
  flags: CaseFlag[];
  /** Applied events in canonical order. */
  history: CaseHistoryEntry[];
  /** Events refused during the fold, in canonical order. Filled by `foldEvents`; `applyEvent` leaves it alone. */
  rejected: RejectedCaseEvent[];
};

export type ApplyResult = { ok: true; state: CaseState } | { ok: false; code: CaseRejectCode; reason: string };

const fail = (code: CaseRejectCode, reason: string): ApplyResult => ({ ok: false, code, reason });

function isClosed(status: CaseStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

function withFlag(flags: CaseFlag[], flag: CaseFlag): CaseFlag[] {
  return flags.includes(flag) ? flags : [...flags, flag].sort();
}

function closeOpenPause(pauses: ClockPause[], at: string): ClockPause[] {
  const last = pauses[pauses.length - 1];
  if (last === undefined || last.to !== undefined) return pauses;
  return [...pauses.slice(0, -1), { from: last.from, to: at }];
}

function addMaterials(present: string[], ids: readonly string[]): string[] {
  return [...new Set([...present, ...ids])].sort();
}

function historyEntry(event: CaseEvent): CaseHistoryEntry {
  return {
    eventId: event.id,
    type: event.type,
    at: event.at,
    actor: event.actor,
    ...(event.actorName !== undefined ? { actorName: event.actorName } : {}),
    workstationId: event.workstationId,
  };
}

function closedReason(status: CaseStatus): string {
  return `case is already ${status}`;
}

function checkDeadline(handling: Handling, deadline: string | undefined): ApplyResult | null {
  if (handling === 'promised' && deadline === undefined) {
    return fail('case/deadline-mismatch', 'a promised matter is accepted with a deadline');
  }
  if (handling === 'immediate' && deadline !== undefined) {
    return fail('case/deadline-mismatch', 'an immediate matter has no deadline');
  }
  return null;
}

/** Shared preconditions of `accepted` and `accepted-with-deferral`. */
function checkAcceptable(state: CaseState, deadline: string | undefined): ApplyResult | null {
  if (isClosed(state.status)) return fail('case/closed', closedReason(state.status));
  if (state.status === 'awaiting-supplement') {
    return fail('case/notice-open', 'materials from the one-time notice must be supplemented before acceptance');
  }
  if (state.status !== 'received') return fail('case/illegal-transition', `cannot accept a case that is ${state.status}`);
  if (state.triage === 'private') return fail('case/private-matter', 'a private matter is referred, not accepted');
  return checkDeadline(state.handling, deadline);
}

/** Computes the next state without bookkeeping (history); `applyEvent` adds that. */
function transition(state: CaseState, event: CaseEvent): ApplyResult {
  const ok = (next: CaseState): ApplyResult => ({ ok: true, state: next });
  const closed = isClosed(state.status);

  switch (event.type) {
    case 'received':
      return fail('case/already-received', 'the case already has a received event');

    case 'accepted': {
      const bad = checkAcceptable(state, event.payload.deadline);
      if (bad) return bad;
      return ok({
        ...state,
        status: 'accepted',
        acceptedAt: event.at,
        ...(event.payload.deadline !== undefined ? { deadline: event.payload.deadline } : {}),
        materialsPresent: addMaterials(state.materialsPresent, event.payload.materialsPresent),
      });
    }

    case 'accepted-with-deferral': {
      const bad = checkAcceptable(state, event.payload.deadline);
      if (bad) return bad;
      const p = event.payload;
      const present = addMaterials(state.materialsPresent, p.materialsPresent);
      const outstanding = [...new Set(p.deferred.map((m) => m.id))].filter((id) => !present.includes(id)).sort();
      return ok({
        ...state,
        // Deferring only materials that are already here is a plain acceptance.
        status: outstanding.length > 0 ? 'deferred' : 'accepted',
        acceptedAt: event.at,
        ...(p.deadline !== undefined ? { deadline: p.deadline } : {}),
        materialsPresent: present,
        deferral: { eventId: event.id, deferred: p.deferred, outstanding, promiseText: p.promiseText, dueDate: p.dueDate },
      });
    }

    case 'notice-issued': {
      if (closed) return fail('case/closed', closedReason(state.status));
      if (state.status === 'awaiting-supplement') {
        return fail('case/notice-open', 'a one-time notice is already open; it must list everything at once');
      }
      if (state.status !== 'received' && state.status !== 'accepted') {
        return fail('case/illegal-transition', `cannot issue a notice on a case that is ${state.status}`);
      }
      const p = event.payload;
      const resumeTo = state.status;
      return ok({
        ...state,
        status: 'awaiting-supplement',
        // Before acceptance the statutory clock has not started, so only a notice after acceptance pauses it.
        pauses: resumeTo === 'accepted' ? [...state.pauses, { from: event.at }] : state.pauses,
        notices: [
          ...state.notices,
          {
            eventId: event.id,
            issuedAt: event.at,
            missing: p.missing,
            outstanding: [...new Set(p.missing.map((m) => m.id))].sort(),
            legalBasis: p.legalBasis,
            returnBy: p.returnBy,
            resumeTo,
          },
        ],
      });
    }

    case 'supplemented': {
      if (closed) return fail('case/closed', closedReason(state.status));
      const provided = event.payload.materialsProvided;
      const materialsPresent = addMaterials(state.materialsPresent, provided);
      if (state.status === 'awaiting-supplement') {
        const notice = state.notices[state.notices.length - 1];
        if (notice === undefined) return fail('case/no-open-notice', 'no notice on record');
        if (!provided.some((id) => notice.outstanding.includes(id))) {
          return fail('case/unknown-material', 'none of the supplied materials is on the open notice');
        }
        const outstanding = notice.outstanding.filter((id) => !provided.includes(id));
        const done = outstanding.length === 0;
        return ok({
          ...state,
          status: done ? notice.resumeTo : 'awaiting-supplement',
          pauses: done ? closeOpenPause(state.pauses, event.at) : state.pauses,
          materialsPresent,
          notices: [...state.notices.slice(0, -1), { ...notice, outstanding }],
        });
      }
      if (state.status === 'deferred' && state.deferral !== undefined) {
        const deferral = state.deferral;
        if (!provided.some((id) => deferral.outstanding.includes(id))) {
          return fail('case/unknown-material', 'none of the supplied materials is among the deferred ones');
        }
        const outstanding = deferral.outstanding.filter((id) => !provided.includes(id));
        return ok({
          ...state,
          status: outstanding.length === 0 ? 'accepted' : 'deferred',
          materialsPresent,
          deferral: { ...deferral, outstanding },
        });
      }
      return fail('case/no-open-notice', `nothing is owed on a case that is ${state.status}`);
    }

    case 'refused': {
      if (closed) return fail('case/closed', closedReason(state.status));
      if (state.acceptedAt !== undefined) {
        return fail('case/illegal-transition', '不予受理 is decided before acceptance; an accepted case ends by completion');
      }
      return ok({ ...state, status: 'refused', refusal: event.payload, closedAt: event.at });
    }

    case 'referred': {
      if (closed) return fail('case/closed', closedReason(state.status));
      if (state.status !== 'received') {
        return fail('case/illegal-transition', `only a case not yet handled can be referred; it is ${state.status}`);
      }
      return ok({ ...state, status: 'referred', referral: event.payload, closedAt: event.at });
    }

    case 'forwarded': {
      if (closed) return fail('case/closed', closedReason(state.status));
      if (state.status === 'deferred') return fail('case/materials-outstanding', 'deferred materials are still owed');
      if (state.status === 'awaiting-supplement') return fail('case/notice-open', 'waiting for supplemented materials');
      if (state.status !== 'accepted') {
        return fail('case/illegal-transition', `cannot forward a case that is ${state.status}`);
      }
      return ok({ ...state, status: 'forwarded', forwardedTo: event.payload.department });
    }

    case 'returned': {
      if (closed) return fail('case/closed', closedReason(state.status));
      if (state.status !== 'forwarded') return fail('case/not-forwarded', `case is ${state.status}, not with a department`);
      if (state.forwardedTo !== event.payload.department) {
        return fail('case/not-forwarded', 'returned by a department the case was not forwarded to');
      }
      const { forwardedTo: _, ...rest } = state;
      const p = event.payload;
      return ok({
        ...rest,
        status: 'accepted',
        lastReturn: { department: p.department, outcome: p.outcome, ...(p.note !== undefined ? { note: p.note } : {}), at: event.at },
      });
    }

    case 'completed': {
      const completion: CaseCompletion = {
        eventId: event.id,
        at: event.at,
        workstationId: event.workstationId,
        actor: event.actor,
        ...(event.payload.resultNote !== undefined ? { resultNote: event.payload.resultNote } : {}),
      };
      if (state.status === 'completed') {
        if (state.completions.some((c) => c.workstationId === event.workstationId)) {
          return fail('case/already-completed', 'this workstation already completed the case');
        }
        // Another workstation completed it without seeing the first completion: keep both, let the lead decide.
        return ok({
          ...state,
          completions: [...state.completions, completion],
          flags: withFlag(state.flags, 'double-completion'),
        });
      }
      if (closed) return fail('case/closed', closedReason(state.status));
      if (state.status === 'deferred') return fail('case/materials-outstanding', 'deferred materials are still owed');
      if (state.status === 'awaiting-supplement') return fail('case/notice-open', 'waiting for supplemented materials');
      if (state.status === 'forwarded') {
        return fail('case/illegal-transition', `still with ${state.forwardedTo ?? 'a department'}; record its return first`);
      }
      if (state.status !== 'accepted') return fail('case/illegal-transition', 'a case is accepted before it is completed');
      return ok({ ...state, status: 'completed', completions: [completion], closedAt: event.at });
    }

    case 'rated': {
      if (state.rating !== undefined) return fail('case/already-rated', 'the case already has a rating');
      if (!RATEABLE_STATUSES.includes(state.status)) {
        return fail('case/not-completed', `a case that is ${state.status} cannot be rated`);
      }
      const p = event.payload;
      return ok({
        ...state,
        rating: { eventId: event.id, level: p.level, ...(p.reason !== undefined ? { reason: p.reason } : {}), at: event.at },
        flags: isNegativeRating(p.level) ? withFlag(state.flags, 'needs-follow-up') : state.flags,
      });
    }

    case 'cancelled': {
      if (closed) return fail('case/closed', closedReason(state.status));
      return ok({
        ...state,
        status: 'cancelled',
        cancellation: { reason: event.payload.reason },
        pauses: closeOpenPause(state.pauses, event.at),
        closedAt: event.at,
      });
    }
  }
}

function initialState(event: Extract<CaseEvent, { type: 'received' }>): CaseState {
  const p = event.payload;
  return {
    caseId: event.caseId,
    caseNumber: p.caseNumber,
    hallCode: event.hallCode,
    residentId: p.residentId,
    ...(p.agent !== undefined ? { agent: p.agent } : {}),
    matterCode: p.matterCode,
    matterName: p.matterName,
    triage: p.triage,
    handling: p.handling,
    timeLimitDays: p.timeLimitDays,
    status: 'received',
    receivedAt: event.at,
    pauses: [],
    materialsPresent: [],
    notices: [],
    completions: [],
    flags: [],
    history: [historyEntry(event)],
    rejected: [],
  };
}

/**
 * Applies one event (the local write path: the clerk just did something). Replaying an event already in the
 * history is a no-op. To merge events from several workstations use `foldEvents`, not a loop over this.
 */
export function applyEvent(state: CaseState | null, event: CaseEvent): ApplyResult {
  if (state === null) {
    if (event.type === 'received') return { ok: true, state: initialState(event) };
    return fail('case/not-received', 'the first event of a case must be received');
  }
  if (event.caseId !== state.caseId) return fail('case/wrong-case', 'event belongs to another case');
  if (state.history.some((h) => h.eventId === event.id)) return { ok: true, state };
  const result = transition(state, event);
  if (!result.ok) return result;
  return { ok: true, state: { ...result.state, history: [...state.history, historyEntry(event)] } };
}

/** JSON with object keys sorted, so two copies of one event compare equal whatever path they took. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rejection(event: CaseEvent, code: CaseRejectCode, reason: string): RejectedCaseEvent {
  return { eventId: event.id, type: event.type, at: event.at, actor: event.actor, workstationId: event.workstationId, code, reason };
}

/**
 * Folds a case's events, in any arrival order and with duplicates, into one state.
 *
 * Canonical order: time `at` (parsed, so precision differences do not matter), then `id`, then content (only
 * relevant for two different events sharing an id, which should not happen but must not make the result depend
 * on arrival order). Ordering by device time is safe enough here because sync refuses implausible clocks
 * (`sync/clock-skew`); what it buys is that every replica, and the server, agree without talking.
 *
 * Returns null if no `received` event could be applied (there is no case yet to show).
 */
export function foldEvents(events: readonly CaseEvent[]): CaseState | null {
  // An unparseable time (only possible if a caller skipped the schema) sorts first rather than breaking the order.
  const keyed = events.map((event) => ({ event, ms: Date.parse(event.at) || 0, json: canonicalJson(event) }));
  keyed.sort((a, b) => a.ms - b.ms || compareStrings(a.event.id, b.event.id) || compareStrings(a.json, b.json));

  let state: CaseState | null = null;
  const rejected: RejectedCaseEvent[] = [];
  const seen = new Map<string, string>();
  for (const { event, json } of keyed) {
    const earlier = seen.get(event.id);
    if (earlier !== undefined) {
      if (earlier !== json) {
        rejected.push(rejection(event, 'case/duplicate-id-conflict', 'another event with this id and different content came first'));
      }
      continue;
    }
    seen.set(event.id, json);
    const result = applyEvent(state, event);
    if (result.ok) state = result.state;
    else rejected.push(rejection(event, result.code, result.reason));
  }
  return state === null ? null : { ...state, rejected };
}
