import type { WorkingDayCalendarLike } from '../case/deadline';
import type { CaseEvent } from '../case/events';
import { hallDateOf } from '../case/hall-date';
import type { CaseState } from '../case/reducer';
import { dayContext, summariseDay, type DailyLog, type DailyLogInput, type PendingLine, type RatingLine, type ResidentLookup, type StaffLookup } from '../daily-log/daily-log';
import { hallWindow, hallTimeOf, instantMs } from '../daily-log/hall-window';
import type { Rate } from '../daily-log/service-rates';

/**
 * 大厅看板: the lead's live view of the hall today, from the cases this workstation holds (its own and what sync
 * has pulled from the other counters). It is the daily log of today so far, plus who is at which counter and the
 * state of this workstation's sync. Pure: `now` and the sync figures come in.
 */

/** A counter is "at work" when its last event is this recent; a longer silence is shown as idle, not closed. */
export const COUNTER_IDLE_AFTER_MS = 30 * 60_000;

export type HallBoardInput<F extends { ok: false } = { ok: false }> = {
  /** UTC instant. */
  now: string;
  hall: { code: string; name: string };
  events?: readonly CaseEvent[];
  caseStates?: readonly CaseState[];
  residents: ResidentLookup;
  staffName?: StaffLookup;
  calendar: WorkingDayCalendarLike<F>;
  /** See DailyLogInput: open cases given as summaries. */
  openCases?: DailyLogInput['openCases'];
  /** See DailyLogInput: open cases on track that were counted, not given. */
  onTrackCounts?: DailyLogInput['onTrackCounts'];
  /** This workstation's outbox, or null while it is being read. */
  sync: { pending: number; rejected: number } | null;
};

export type CounterLine = {
  workstationId: string;
  code?: string;
  /** The clerk of the counter's latest event today. */
  clerkId: string;
  clerkName: string;
  lastAt: string;
  lastTime: string;
  /** Events recorded there today. */
  events: number;
  received: number;
  idle: boolean;
};

export type FollowUpLine = RatingLine;

export type HallBoard = {
  date: string;
  counters: CounterLine[];
  today: {
    received: number;
    completed: number;
    immediateRate: Rate;
    oneVisitRate: Rate;
  };
  awaitingSupplement: PendingLine[];
  /** 容缺 materials due by the next working day, or already late. */
  deferralDue: PendingLine[];
  overdue: PendingLine[];
  /** 承诺件 due today or the next working day. */
  dueSoon: PendingLine[];
  /** 差评 with the `needs-follow-up` flag among the cases on the board. */
  followUps: FollowUpLine[];
  sync: { pending: number; rejected: number } | null;
  unresolved: string[];
  /** The full log of today so far, for the board's drill-downs. */
  log: DailyLog;
};

function followUpsOf(states: readonly CaseState[], residents: ResidentLookup, clerkName: (id: string) => string): FollowUpLine[] {
  const out: FollowUpLine[] = [];
  for (const state of states) {
    if (!state.flags.includes('needs-follow-up') || state.rating === undefined) continue;
    const rated = state.history.find((h) => h.eventId === state.rating?.eventId);
    const actor = rated?.actor ?? state.history[0]?.actor ?? '';
    const resident = residents(state.residentId);
    out.push({
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      at: state.rating.at,
      time: hallTimeOf(state.rating.at),
      level: state.rating.level,
      ...(state.rating.reason !== undefined ? { reason: state.rating.reason } : {}),
      clerkId: actor,
      clerkName: clerkName(actor),
      residentName: resident?.name ?? '—',
      matterName: state.matterName,
    });
  }
  return out.sort((a, b) => instantMs(b.at) - instantMs(a.at) || (a.caseId < b.caseId ? -1 : 1));
}

export function computeHallBoard<F extends { ok: false }>(input: HallBoardInput<F>): HallBoard {
  const date = hallDateOf(input.now);
  const window = hallWindow(date);
  const ctx = dayContext(input, window);
  const log = summariseDay({ ...input, date }, ctx);
  const nowMs = instantMs(input.now);

  const counters = new Map<string, CounterLine>();
  for (const state of ctx.states) {
    for (const h of state.history) {
      if (!ctx.inWindow(h.at)) continue;
      const ms = instantMs(h.at);
      let line = counters.get(h.workstationId);
      if (!line) {
        const code = ctx.workstationCode(h.workstationId);
        line = { workstationId: h.workstationId, ...(code !== undefined ? { code } : {}), clerkId: h.actor, clerkName: '', lastAt: h.at, lastTime: '', events: 0, received: 0, idle: false };
        counters.set(h.workstationId, line);
      }
      line.events += 1;
      if (h.type === 'received') line.received += 1;
      // Ties (two events in one millisecond) go to the later id, so the result does not depend on input order.
      const lastMs = instantMs(line.lastAt);
      if (ms > lastMs || (ms === lastMs && h.actor > line.clerkId)) {
        line.lastAt = h.at;
        line.clerkId = h.actor;
      }
    }
  }
  const counterLines = [...counters.values()]
    .map((line) => ({
      ...line,
      clerkName: ctx.clerkName(line.clerkId),
      lastTime: hallTimeOf(line.lastAt),
      idle: nowMs - instantMs(line.lastAt) > COUNTER_IDLE_AFTER_MS,
    }))
    .sort((a, b) => ((a.code ?? '~') < (b.code ?? '~') ? -1 : (a.code ?? '~') > (b.code ?? '~') ? 1 : a.workstationId < b.workstationId ? -1 : 1));

  const open = [...log.overdue, ...log.pending];
  return {
    date,
    counters: counterLines,
    today: {
      received: log.received,
      completed: log.activity.completed,
      immediateRate: log.rates.immediate,
      oneVisitRate: log.rates.oneVisit,
    },
    awaitingSupplement: open.filter((l) => l.status === 'awaiting-supplement'),
    deferralDue: open.filter((l) => l.tags.includes('deferral-due') || l.tags.includes('deferral-overdue')),
    overdue: log.overdue.filter((l) => l.tags.includes('overdue')),
    dueSoon: open.filter((l) => l.tags.includes('due-soon')),
    followUps: followUpsOf(ctx.states, input.residents, ctx.clerkName),
    sync: input.sync,
    unresolved: log.unresolved,
    log,
  };
}
