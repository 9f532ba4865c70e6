import { parseCaseNumber } from '../case/case-number';
import type { WorkingDayCalendarLike } from '../case/deadline';
import {
  isNegativeRating,
  RATING_LEVELS,
  TRIAGE_CLASSES,
  type CaseEvent,
  type CaseEventType,
  type Handling,
  type RatingLevel,
  type TriageClass,
} from '../case/events';
import { addDays } from '../calendar/iso-date';
import { hallDateOf } from '../case/hall-date';
import { classifyForQueue, QUEUE_TAGS, type QueueTag } from '../case/overdue';
import { CASE_STATUSES, CLOSED_STATUSES, type CaseHistoryEntry, type CaseState, type CaseStatus } from '../case/reducer';
import type { ResidentLabel } from '../resident-label';
import { statesAsOf } from './case-as-of';
import { isOpenStatus, type OpenCaseSummary } from './open-case';
import { compareInstants, hallDayNumber, hallTimeOf, hallWindow, instantMs, instantTest, type DailyLogShift, type HallWindow } from './hall-window';
import { serviceRates, isOneVisit, type Rate } from './service-rates';

/**
 * 工作日志 / 台账: what the hall did in one hall-local day (or one shift of it, or at one counter), computed from
 * case EVENTS as of the end of that window, never from counters kept on the side. So the log of a past day is the
 * same whenever it is printed: events after the window are ignored, and the events of the window give the same
 * log in whatever order they arrived (each case is folded by `foldEvents`, which orders events itself).
 *
 * What counts where:
 *  - activity (received, completed, forwarded, …; per clerk too) = applied events whose time falls in the window,
 *    by the clerk who recorded them. A 承诺件 received last week and completed today is today's completion.
 *  - the case list, the outcome totals, 三事分流 and the two rates = the cases RECEIVED in the window, with their
 *    status at the end of the window;
 *  - pending and overdue = every case open at the end of the window (received in it or before), tagged by
 *    `classifyForQueue` for the log's date. Overdue ones are all listed; of the others, an 已受理 or 转办 case whose
 *    deadline falls after the next working day (`listedThrough`) is on track and only COUNTED, by status: a busy
 *    hall has thousands of them, which neither the lead nor the street office reads line by line, and the store
 *    can count them through its index without reading them (`onTrackCounts`);
 *  - 差评 = dissatisfied ratings given in the window; each needs a follow-up (整改) written in by hand.
 * A counter filter keeps the events recorded at that workstation, and the cases received there.
 */

/**
 * A resident's labels as the log prints them, ALREADY MASKED (`residentLabelOf`, resident-label.ts): the store hands
 * the log no whole names or ID numbers. Undefined when the resident record is not on this workstation.
 */
export type ResidentLookup = (residentId: string) => ResidentLabel | undefined;
export type StaffLookup = (staffId: string) => string | undefined;

export type DailyLogFilters = {
  shift?: DailyLogShift;
  /** Device id of one counter (events' `workstationId`). */
  workstationId?: string;
};

export type DailyLogInput<F extends { ok: false } = { ok: false }> = {
  /** Hall-local `YYYY-MM-DD`. */
  date: string;
  hall: { code: string; name: string };
  /** 值班长, printed in the header. Comes from the staff feature once there is one; free text until then. */
  lead?: string;
  /** Events of any cases, in any order, duplicates allowed; events after the window are ignored. */
  events?: readonly CaseEvent[];
  /**
   * Folded states (e.g. stored case rows), used as they are when nothing in them is after the window. A state
   * with later events and no events given is left out and listed in `unresolved`.
   */
  caseStates?: readonly CaseState[];
  residents: ResidentLookup;
  /** Staff names by id; the name recorded on the events is used where this has none. */
  staffName?: StaffLookup;
  calendar: WorkingDayCalendarLike<F>;
  filters?: DailyLogFilters;
  /** 交接班记录, until the shift/handover feature supplies it. */
  handoverNotes?: string;
  /**
   * Open cases given as summaries instead of states (open-case.ts): each must have nothing recorded after the
   * window (the caller gives the whole state, or the events, of a case touched later). They are listed as pending or
   * overdue, or counted as on track, like open states; a case also given as a state or by events is taken from
   * there, and one received after the window is left out.
   */
  openCases?: readonly OpenCaseSummary[];
  /**
   * On-track open cases (see `isOnTrack`) the caller counted without giving their states, by status. Added to
   * the on-track cases found among the given states; the caller must not count a case it also gives. Ignored
   * with a counter filter, which needs each case's counter: give every open case then.
   */
  onTrackCounts?: Partial<Record<OnTrackStatus, number>>;
};

/** Open statuses whose cases on track are counted rather than listed. */
export const ON_TRACK_STATUSES = ['accepted', 'forwarded'] as const satisfies readonly CaseStatus[];
export type OnTrackStatus = (typeof ON_TRACK_STATUSES)[number];

/** How far ahead the log lists cases a working day early, when the calendar cannot say: a week lists more, safely. */
const LISTED_FALLBACK_DAYS = 7;

/**
 * The last date a deadline may fall on for an open case to be listed as due on the log of `date`: the next
 * working day (the queue's 临期). When the calendar has no data for it, a week later, so nothing due is hidden.
 */
export function listedThrough<F extends { ok: false }>(date: string, calendar: WorkingDayCalendarLike<F>): string {
  const next = calendar.addWorkingDays(date, 1);
  return next.ok && next.date !== null ? next.date : addDays(date, LISTED_FALLBACK_DAYS);
}

/**
 * An open case the log counts instead of listing: accepted or with a department, with a printed deadline after
 * `through`. Only what a store index holds is looked at (status, printed deadline): the effective deadline never
 * moves earlier than the printed one (deadline.ts), an accepted case owes no deferred materials (the reducer
 * leaves 容缺 only when they are all in), so such a case has no queue tag.
 */
export function isOnTrack(state: Pick<CaseState, 'status' | 'deadline'>, through: string): boolean {
  return (ON_TRACK_STATUSES as readonly CaseStatus[]).includes(state.status) && state.deadline !== undefined && state.deadline > through;
}

export type ActivityCounts = Record<
  'received' | 'accepted' | 'deferrals' | 'noticesIssued' | 'supplemented' | 'forwarded' | 'returned' | 'completed' | 'refused' | 'referred' | 'cancelled' | 'rated',
  number
>;

const ACTIVITY_OF: Record<CaseEventType, keyof ActivityCounts> = {
  received: 'received',
  accepted: 'accepted',
  'accepted-with-deferral': 'deferrals',
  'notice-issued': 'noticesIssued',
  supplemented: 'supplemented',
  forwarded: 'forwarded',
  returned: 'returned',
  completed: 'completed',
  refused: 'refused',
  referred: 'referred',
  cancelled: 'cancelled',
  rated: 'rated',
};

export type ClerkLine = {
  staffId: string;
  name: string;
  received: number;
  completed: number;
  forwarded: number;
  refused: number;
  referred: number;
  noticesIssued: number;
  /** 即办件 this clerk completed in the window on the day they came in: minutes from `received` to completion. */
  immediateHandling: { cases: number; totalMinutes: number; averageMinutes: number | null };
  /** Ratings recorded at this clerk's counter in the window. */
  ratings: Record<RatingLevel, number>;
};

export type CaseLine = {
  caseId: string;
  caseNumber: string;
  receivedAt: string;
  /** Hall-local `HH:MM`. */
  time: string;
  workstationCode?: string;
  /** Masked (张*); `—` when the resident record is not on this workstation. */
  residentName: string;
  /** Masked document number, or `—`. */
  residentDocument: string;
  /** Came with a 代办人. */
  byAgent: boolean;
  matterCode: string;
  matterName: string;
  triage: TriageClass;
  handling: Handling;
  /** Status at the end of the window. */
  status: CaseStatus;
  clerkId: string;
  clerkName: string;
  oneVisit: boolean;
};

export type PendingLine = {
  caseId: string;
  caseNumber: string;
  /** Hall-local date received. */
  receivedDate: string;
  residentName: string;
  matterName: string;
  status: CaseStatus;
  /** Effective deadline, if the clock is running. */
  deadline: string | null;
  tags: QueueTag[];
  clerkName: string;
};

export type RatingLine = {
  caseId: string;
  caseNumber: string;
  at: string;
  time: string;
  level: RatingLevel;
  reason?: string;
  clerkId: string;
  clerkName: string;
  residentName: string;
  matterName: string;
};

export type AnomalyLine = {
  caseId: string;
  caseNumber: string;
  kind: 'double-completion' | 'rejected-event';
  /** For a refused event: its type and the reducer's code. */
  detail: string;
};

export type DailyLog = {
  date: string;
  hall: { code: string; name: string };
  lead?: string;
  shift?: DailyLogShift;
  workstation?: { id: string; code?: string };
  /** UTC instants, `[from, to)`. */
  window: { from: string; to: string };
  /** Cases received in the window. */
  received: number;
  byTriage: Record<TriageClass, number>;
  byStatus: Record<CaseStatus, number>;
  activity: ActivityCounts;
  rates: { immediate: Rate; oneVisit: Rate };
  clerks: ClerkLine[];
  cases: CaseLine[];
  /** Open cases past a date: 超期, 补正逾期, 容缺逾期. */
  overdue: PendingLine[];
  /** The other open cases, except those on track. */
  pending: PendingLine[];
  /** Open cases on track (`isOnTrack`), counted, not listed; `listedThrough` is the date they are due after. */
  onTrack: { total: number; byStatus: Record<OnTrackStatus, number>; listedThrough: string };
  negativeRatings: RatingLine[];
  anomalies: AnomalyLine[];
  handoverNotes?: string;
  /** Counters with activity in the window (whatever the counter filter), for choosing one. */
  workstations: { id: string; code?: string }[];
  /** See `statesAsOf`: cases that could not be evaluated as of the window's end. */
  unresolved: string[];
};

export const OVERDUE_TAGS: readonly QueueTag[] = ['overdue', 'supplement-lapsed', 'deferral-overdue'];

const NOT_ON_WORKSTATION = '—';

function zeroRecord<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Everything derived from the resolved states; shared with the hall board, which adds its own figures. */
export type DayContext = {
  window: HallWindow;
  /** Whether an instant falls in the window. */
  inWindow: (instant: string) => boolean;
  states: CaseState[];
  /** Staff name, else the name recorded on the clerk's latest event, else `recorded` (a summary's), else the id. */
  clerkName: (staffId: string, recorded?: string) => string;
  workstationCode: (workstationId: string) => string | undefined;
};

export function dayContext(
  input: Pick<DailyLogInput, 'events' | 'caseStates' | 'openCases' | 'staffName'>,
  window: HallWindow,
): DayContext & { unresolved: string[] } {
  const resolved = statesAsOf(input, window.endMs);
  const states = resolved.states;
  // Chosen so that the input order never matters (outputs are sorted on their own keys): a clerk's name is the one
  // on their latest event (a renamed clerk), a workstation's code comes from the smallest case number it issued.
  const recordedNames = new Map<string, { name: string; at: string; eventId: string }>();
  const numberAt = new Map<string, string>();
  for (const state of states) {
    const first = state.history[0];
    if (first !== undefined) {
      const known = numberAt.get(first.workstationId);
      if (known === undefined || state.caseNumber < known) numberAt.set(first.workstationId, state.caseNumber);
    }
    for (const h of state.history) {
      if (h.actorName === undefined) continue;
      const seen = recordedNames.get(h.actor);
      if (seen === undefined || compareInstants(h.at, seen.at) > 0 || (compareInstants(h.at, seen.at) === 0 && h.eventId > seen.eventId)) {
        recordedNames.set(h.actor, { name: h.actorName, at: h.at, eventId: h.eventId });
      }
    }
  }
  // A counter whose cases are all given as summaries still has its code (the header of a log filtered to it).
  for (const summary of input.openCases ?? []) {
    const ws = summary.receivedBy.workstationId;
    const known = numberAt.get(ws);
    if (known === undefined || summary.caseNumber < known) numberAt.set(ws, summary.caseNumber);
  }
  const codes = new Map<string, string | undefined>();
  return {
    window,
    inWindow: instantTest(window.startMs, window.endMs),
    states,
    unresolved: resolved.unresolved,
    clerkName: (id, recorded) => input.staffName?.(id) ?? recordedNames.get(id)?.name ?? recorded ?? `工号 ${id.slice(0, 8)}`,
    workstationCode: (id) => {
      if (!codes.has(id)) {
        const number = numberAt.get(id);
        codes.set(id, number === undefined ? undefined : parseCaseNumber(number)?.workstationCode);
      }
      return codes.get(id);
    },
  };
}

/**
 * The calendar with `addWorkingDays` remembered for calls without pauses: `classifyForQueue` asks "the next
 * working day after the log's date" once per open case, and a busy hall has thousands open.
 */
function rememberingCalendar<F extends { ok: false }>(calendar: WorkingDayCalendarLike<F>): WorkingDayCalendarLike<F> {
  const memo = new Map<string, ReturnType<WorkingDayCalendarLike<F>['addWorkingDays']>>();
  return {
    addWorkingDays(start, n, pauses) {
      if (pauses !== undefined && pauses.length > 0) return calendar.addWorkingDays(start, n, pauses);
      const key = `${start}+${n}`;
      let result = memo.get(key);
      if (result === undefined) memo.set(key, (result = calendar.addWorkingDays(start, n)));
      return result;
    },
  };
}

function residentLabelsOf(lookup: ResidentLookup): (residentId: string) => ResidentLabel {
  const absent = { name: NOT_ON_WORKSTATION, document: NOT_ON_WORKSTATION };
  return (residentId) => lookup(residentId) ?? absent;
}

/**
 * Sorts by a string key with the engine's own string sort (no comparator calls): thousands of open cases on a busy
 * hall's log. Parts are joined by U+0001, which sorts below any character in them, so a part that is a prefix of
 * another still sorts first, as comparing the parts one by one would.
 */
function sortByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item, i) => `${key(item)}\u0000${String(i).padStart(8, '0')}`);
  keyed.sort();
  return keyed.map((k) => items[Number(k.slice(k.lastIndexOf('\u0000') + 1))] as T);
}

function urgency(tags: readonly QueueTag[]): number {
  const first = tags[0];
  return first === undefined ? QUEUE_TAGS.length : QUEUE_TAGS.indexOf(first);
}

function emptyClerk(staffId: string, name: string): ClerkLine {
  return {
    staffId,
    name,
    received: 0,
    completed: 0,
    forwarded: 0,
    refused: 0,
    referred: 0,
    noticesIssued: 0,
    immediateHandling: { cases: 0, totalMinutes: 0, averageMinutes: null },
    ratings: zeroRecord(RATING_LEVELS),
  };
}

export function computeDailyLog<F extends { ok: false }>(input: DailyLogInput<F>): DailyLog {
  const shift = input.filters?.shift;
  const window = hallWindow(input.date, shift);
  const ctx = dayContext(input, window);
  return summariseDay(input, ctx);
}

export function summariseDay<F extends { ok: false }>(input: DailyLogInput<F>, ctx: DayContext & { unresolved: string[] }): DailyLog {
  const { window, states, inWindow } = ctx;
  const residentLabels = residentLabelsOf(input.residents);
  const calendar = rememberingCalendar(input.calendar);
  const wsFilter = input.filters?.workstationId;
  const through = listedThrough(input.date, calendar);
  const onTrack = zeroRecord(ON_TRACK_STATUSES);
  if (wsFilter === undefined) {
    for (const status of ON_TRACK_STATUSES) onTrack[status] += Math.max(0, Math.floor(input.onTrackCounts?.[status] ?? 0));
  }
  const atCounter = (h: Pick<CaseHistoryEntry, 'workstationId'>) => wsFilter === undefined || h.workstationId === wsFilter;

  const activity = zeroRecord(Object.values(ACTIVITY_OF)) as ActivityCounts;
  const byTriage = zeroRecord(TRIAGE_CLASSES);
  const byStatus = zeroRecord(CASE_STATUSES);
  const clerks = new Map<string, ClerkLine>();
  const clerk = (id: string) => {
    let line = clerks.get(id);
    if (!line) clerks.set(id, (line = emptyClerk(id, ctx.clerkName(id))));
    return line;
  };
  const workstations = new Map<string, string | undefined>();
  const cases: CaseLine[] = [];
  const receivedStates: CaseState[] = [];
  const open: PendingLine[] = [];
  const negativeRatings: RatingLine[] = [];
  const anomalies: AnomalyLine[] = [];

  for (const state of states) {
    const received = state.history[0];
    if (received === undefined) continue;
    const receivedHere = atCounter(received);

    for (const h of state.history) {
      if (!inWindow(h.at)) continue;
      workstations.set(h.workstationId, ctx.workstationCode(h.workstationId));
      if (!atCounter(h)) continue;
      activity[ACTIVITY_OF[h.type]] += 1;
      const line = clerk(h.actor);
      if (h.type === 'received') line.received += 1;
      else if (h.type === 'forwarded') line.forwarded += 1;
      else if (h.type === 'refused') line.refused += 1;
      else if (h.type === 'referred') line.referred += 1;
      else if (h.type === 'notice-issued') line.noticesIssued += 1;
      else if (h.type === 'completed') {
        line.completed += 1;
        // Handling time is the first completion's (a second one is a sync artefact), and only of a 即办件 finished
        // on the day it came in: one that waited days for 补正 would swamp the average with waiting, not handling.
        if (state.handling === 'immediate' && state.completions[0]?.eventId === h.eventId && hallDayNumber(h.at) === hallDayNumber(state.receivedAt)) {
          line.immediateHandling.cases += 1;
          line.immediateHandling.totalMinutes += (instantMs(h.at) - instantMs(state.receivedAt)) / 60_000;
        }
      } else if (h.type === 'rated' && state.rating !== undefined) {
        line.ratings[state.rating.level] += 1;
        if (isNegativeRating(state.rating.level)) {
          const resident = residentLabels(state.residentId);
          negativeRatings.push({
            caseId: state.caseId,
            caseNumber: state.caseNumber,
            at: h.at,
            time: hallTimeOf(h.at),
            level: state.rating.level,
            ...(state.rating.reason !== undefined ? { reason: state.rating.reason } : {}),
            clerkId: h.actor,
            clerkName: ctx.clerkName(h.actor),
            residentName: resident.name,
            matterName: state.matterName,
          });
        }
      }
    }

    if (receivedHere) {
      for (const r of state.rejected) {
        if (inWindow(r.at)) anomalies.push({ caseId: state.caseId, caseNumber: state.caseNumber, kind: 'rejected-event', detail: `${r.type}（${r.code}）` });
      }
      if (state.flags.includes('double-completion') && state.completions.some((c) => inWindow(c.at))) {
        anomalies.push({ caseId: state.caseId, caseNumber: state.caseNumber, kind: 'double-completion', detail: `${state.completions.length} 个窗口办结` });
      }
    }

    if (!receivedHere) continue;

    if (inWindow(received.at)) {
      receivedStates.push(state);
      byTriage[state.triage] += 1;
      byStatus[state.status] += 1;
      const resident = residentLabels(state.residentId);
      const code = parseCaseNumber(state.caseNumber)?.workstationCode;
      cases.push({
        caseId: state.caseId,
        caseNumber: state.caseNumber,
        receivedAt: state.receivedAt,
        time: hallTimeOf(state.receivedAt),
        ...(code !== undefined ? { workstationCode: code } : {}),
        residentName: resident.name,
        residentDocument: resident.document,
        byAgent: state.agent !== undefined,
        matterCode: state.matterCode,
        matterName: state.matterName,
        triage: state.triage,
        handling: state.handling,
        status: state.status,
        clerkId: received.actor,
        clerkName: ctx.clerkName(received.actor),
        oneVisit: isOneVisit(state),
      });
    }

    if (isOnTrack(state, through)) onTrack[state.status as OnTrackStatus] += 1;
    else if (!CLOSED_STATUSES.includes(state.status)) {
      const queue = classifyForQueue(state, input.date, calendar);
      open.push({
        caseId: state.caseId,
        caseNumber: state.caseNumber,
        receivedDate: hallDateOf(state.receivedAt),
        residentName: residentLabels(state.residentId).name,
        matterName: state.matterName,
        status: state.status,
        deadline: queue.deadline,
        tags: queue.tags,
        clerkName: ctx.clerkName(received.actor),
      });
    }
  }

  const given = new Set(states.map((state) => state.caseId));
  for (const summary of input.openCases ?? []) {
    if (given.has(summary.caseId) || !isOpenStatus(summary.status) || instantMs(summary.receivedAt) >= window.endMs) continue;
    if (wsFilter !== undefined && summary.receivedBy.workstationId !== wsFilter) continue;
    if (isOnTrack(summary, through)) {
      onTrack[summary.status as OnTrackStatus] += 1;
      continue;
    }
    const queue = classifyForQueue(summary, input.date, calendar);
    open.push({
      caseId: summary.caseId,
      caseNumber: summary.caseNumber,
      receivedDate: hallDateOf(summary.receivedAt),
      residentName: summary.residentMaskedName ?? residentLabels(summary.residentId).name,
      matterName: summary.matterName,
      status: summary.status,
      deadline: queue.deadline,
      tags: queue.tags,
      clerkName: ctx.clerkName(summary.receivedBy.staffId, summary.receivedBy.name),
    });
  }

  cases.sort((a, b) => instantMs(a.receivedAt) - instantMs(b.receivedAt) || compareStrings(a.caseNumber, b.caseNumber) || compareStrings(a.caseId, b.caseId));
  const openSorted = sortByKey(open, (l) => [String(urgency(l.tags)).padStart(2, '0'), l.deadline ?? '9999-99-99', l.receivedDate, l.caseNumber, l.caseId].join('\u0001'));
  negativeRatings.sort((a, b) => instantMs(a.at) - instantMs(b.at) || compareStrings(a.caseId, b.caseId));
  anomalies.sort((a, b) => compareStrings(a.caseNumber, b.caseNumber) || compareStrings(a.kind, b.kind) || compareStrings(a.detail, b.detail));

  const clerkLines = [...clerks.values()]
    .map((line) => {
      const { cases: n, totalMinutes } = line.immediateHandling;
      return { ...line, immediateHandling: { cases: n, totalMinutes, averageMinutes: n === 0 ? null : Math.round((totalMinutes / n) * 10) / 10 } };
    })
    .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.staffId, b.staffId));

  const isOverdue = (line: PendingLine) => line.tags.some((t) => OVERDUE_TAGS.includes(t));
  const wsCode = wsFilter === undefined ? undefined : ctx.workstationCode(wsFilter);
  return {
    date: input.date,
    hall: input.hall,
    ...(input.lead !== undefined && input.lead.trim() !== '' ? { lead: input.lead.trim() } : {}),
    ...(input.filters?.shift !== undefined ? { shift: input.filters.shift } : {}),
    ...(wsFilter !== undefined ? { workstation: { id: wsFilter, ...(wsCode !== undefined ? { code: wsCode } : {}) } } : {}),
    window: { from: new Date(window.startMs).toISOString(), to: new Date(window.endMs).toISOString() },
    received: cases.length,
    byTriage,
    byStatus,
    activity,
    rates: serviceRates(receivedStates),
    clerks: clerkLines,
    cases,
    overdue: openSorted.filter(isOverdue),
    pending: openSorted.filter((line) => !isOverdue(line)),
    onTrack: { total: ON_TRACK_STATUSES.reduce((n, s) => n + onTrack[s], 0), byStatus: onTrack, listedThrough: through },
    negativeRatings,
    anomalies,
    ...(input.handoverNotes !== undefined && input.handoverNotes.trim() !== '' ? { handoverNotes: input.handoverNotes.trim() } : {}),
    workstations: [...workstations.entries()]
      .map(([id, code]) => (code !== undefined ? { id, code } : { id }))
      .sort((a, b) => compareStrings(a.code ?? '~', b.code ?? '~') || compareStrings(a.id, b.id)),
    unresolved: ctx.unresolved,
  };
}
