import Dexie from 'dexie';
import type {
  Agent,
  CaseEvent,
  CaseEventPayload,
  CaseEventType,
  Handling,
  MaterialRef,
  TriageClass,
} from '@shared/domain/case/events';
import { CLOSED_STATUSES, type CaseStatus } from '@shared/domain/case/reducer';
import { appendCaseEvents, appendNewCase, getCase, type AppendResult } from './cases';
import type { CaseRow } from './rows';
import type { YizhanDb } from './schema';
import { isoAt, type StoreContext } from './store-context';
import { isStoreError } from './store-error';

/**
 * The counter's case commands: what the clerk decided at the window, turned into case events and written through
 * `appendCaseEvents`, so each call is ONE transaction holding the case row, its events and their outbox ops.
 *
 * An intake writes the `received` event together with its outcome (accepted / notice / deferral / refusal /
 * referral, and for a 即办件 the completion), never `received` alone: a crash between two writes would leave a
 * case number issued to a case with no decision, which nobody at the counter would see again.
 *
 * Deadlines and dates come in from the caller, computed with the working-day calendar, because the clerk has
 * already seen (and told the resident) the date on screen; the command stores exactly that.
 */

/** What the received event needs from the catalogue entry. */
export type IntakeMatter = {
  code: string;
  name: string;
  triage: TriageClass;
  handling: Handling;
  /** Working days; 0 for 即办件. */
  timeLimitDays: number;
};

export type IntakeOutcome =
  /** All materials here. A 即办件 is completed on the spot (`completeNow`), a 承诺件 carries its deadline. */
  | { kind: 'accept'; materialsPresent: string[]; deadline?: string; completeNow?: { resultNote?: string } }
  /** 一次性告知: not accepted; the resident brings every missing item by `returnBy`. */
  | { kind: 'notice'; missing: MaterialRef[]; legalBasis: string; returnBy: string }
  /** 容缺受理 */
  | {
      kind: 'deferral';
      materialsPresent: string[];
      deferred: MaterialRef[];
      promiseText: string;
      dueDate: string;
      deadline?: string;
    }
  /** 不予受理 */
  | { kind: 'refuse'; reason: string; referTo: { office: string; address?: string; phone?: string }; appealRoute: string }
  /** 首问负责制 referral of a 私事 or a matter outside the catalogue. */
  | { kind: 'refer'; place: string; phone?: string; note?: string };

export type IntakeInput = {
  residentId: string;
  agent?: Agent;
  matter: IntakeMatter;
  outcome: IntakeOutcome;
};

export type IntakeResult = AppendResult & { events: CaseEvent[] };

/**
 * The number is drawn inside the case's own transaction, so two windows of the app cannot draw the same one; a
 * clash can still come from a row that arrived otherwise (a pull of this window's own cases after a restore):
 * draw again, a few times.
 */
const NUMBER_ATTEMPTS = 3;

/**
 * Opens a case for a walk-in and records the clerk's decision, in one transaction. Returns the stored row and the
 * events written (for printing).
 */
export async function recordIntake(ctx: StoreContext, input: IntakeInput): Promise<IntakeResult> {
  const caseId = ctx.newId();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await appendNewCase(ctx, (caseNumber) => intakeEvents(ctx, caseId, caseNumber, input));
    } catch (err) {
      if (attempt < NUMBER_ATTEMPTS && isStoreError(err, 'case/duplicate-number')) continue;
      throw err;
    }
  }
}

function intakeEvents(ctx: StoreContext, caseId: string, caseNumber: string, input: IntakeInput): CaseEvent[] {
  const stamp = eventStamper(ctx, caseId);
  const { matter, outcome } = input;
  const events: CaseEvent[] = [
    stamp('received', {
      caseNumber,
      residentId: input.residentId,
      ...(input.agent !== undefined ? { agent: input.agent } : {}),
      matterCode: matter.code,
      matterName: matter.name,
      triage: matter.triage,
      handling: matter.handling,
      timeLimitDays: matter.timeLimitDays,
      channel: 'counter',
    }),
  ];
  switch (outcome.kind) {
    case 'accept':
      events.push(
        stamp('accepted', {
          materialsPresent: outcome.materialsPresent,
          ...(outcome.deadline !== undefined ? { deadline: outcome.deadline } : {}),
        }),
      );
      if (outcome.completeNow !== undefined) events.push(stamp('completed', withoutUndefined(outcome.completeNow)));
      break;
    case 'notice':
      events.push(
        stamp('notice-issued', { missing: outcome.missing, legalBasis: outcome.legalBasis, returnBy: outcome.returnBy }),
      );
      break;
    case 'deferral':
      events.push(
        stamp('accepted-with-deferral', {
          materialsPresent: outcome.materialsPresent,
          deferred: outcome.deferred,
          promiseText: outcome.promiseText,
          dueDate: outcome.dueDate,
          ...(outcome.deadline !== undefined ? { deadline: outcome.deadline } : {}),
        }),
      );
      break;
    case 'refuse':
      events.push(
        stamp('refused', {
          reason: outcome.reason,
          referTo: withoutUndefined(outcome.referTo),
          appealRoute: outcome.appealRoute,
        }),
      );
      break;
    case 'refer':
      events.push(stamp('referred', withoutUndefined({ place: outcome.place, phone: outcome.phone, note: outcome.note })));
      break;
  }
  return events;
}

/** What the clerk can do to a case after intake, from the case page. */
export type CaseAction =
  | { kind: 'accept'; materialsPresent: string[]; deadline?: string }
  | { kind: 'supplement'; materialsProvided: string[] }
  | { kind: 'complete'; resultNote?: string }
  | { kind: 'forward'; department: string; note?: string }
  | { kind: 'return'; department: string; outcome: 'result' | 'sent-back'; note?: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'rate'; level: CaseEventPayload<'rated'>['level']; reason?: string };

/**
 * Appends the event for one case action. The reducer decides whether it is legal now; a refused action writes
 * nothing and fails with the reducer's code (e.g. `case/notice-open`), which the UI shows with its message.
 */
export async function recordCaseAction(ctx: StoreContext, caseId: string, action: CaseAction): Promise<IntakeResult> {
  const current = await getCase(ctx.db, caseId);
  const lastAt = current?.history.at(-1)?.at;
  const stamp = eventStamper(ctx, caseId, lastAt === undefined ? undefined : Date.parse(lastAt) + 1);
  const event = actionEvent(stamp, action);
  const result = await appendCaseEvents(ctx, [event]);
  return { ...result, events: [event] };
}

function actionEvent(stamp: Stamper, action: CaseAction): CaseEvent {
  switch (action.kind) {
    case 'accept':
      return stamp('accepted', withoutUndefined({ materialsPresent: action.materialsPresent, deadline: action.deadline }));
    case 'supplement':
      return stamp('supplemented', { materialsProvided: action.materialsProvided });
    case 'complete':
      return stamp('completed', withoutUndefined({ resultNote: action.resultNote }));
    case 'forward':
      return stamp('forwarded', withoutUndefined({ department: action.department, note: action.note }));
    case 'return':
      return stamp('returned', withoutUndefined({ department: action.department, outcome: action.outcome, note: action.note }));
    case 'cancel':
      return stamp('cancelled', { reason: action.reason });
    case 'rate':
      return stamp('rated', withoutUndefined({ level: action.level, reason: action.reason }));
  }
}

type Stamper = <T extends CaseEventType>(type: T, payload: CaseEventPayload<T>) => CaseEvent;

/**
 * Envelopes for the events of one command. `foldEvents` orders a case by `at`, then by (random) id, so:
 * - times step up by a millisecond per event, or two events of one command sharing a millisecond could fold as
 *   "completed before accepted";
 * - a new action is stamped after the case's last event (`notBefore`) even if this PC's clock was set back a
 *   little meanwhile (time sync, a clerk fixing the clock); otherwise the clerk's legal next step would be
 *   folded before the step it follows and refused. A few milliseconds of skew are the lesser evil.
 */
function eventStamper(ctx: StoreContext, caseId: string, notBefore?: number): Stamper {
  const base = Math.max(ctx.now(), notBefore ?? Number.NEGATIVE_INFINITY);
  let n = 0;
  const { workstation } = ctx;
  return (type, payload) =>
    ({
      id: ctx.newId(),
      caseId,
      at: isoAt(base + n++),
      actor: workstation.staffId,
      ...(workstation.clerkName !== undefined ? { actorName: workstation.clerkName } : {}),
      workstationId: workstation.workstationId,
      hallCode: workstation.hallCode,
      type,
      payload,
    }) as CaseEvent;
}

/** Optional payload fields are left out rather than stored as `undefined`, which IndexedDB would keep as a key. */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

// ── queries for the work queue ─────────────────────────────────────────────────────────────────────────

export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'awaiting-supplement', 'accepted', 'deferred', 'forwarded'];

/**
 * Every case still open, on any day, through `[status+handling]` (one range per open status, no scan of closed
 * cases). The open set stays small — a hall closes most cases the day they come in — so the queue can classify
 * them all in memory.
 */
export async function openCases(db: YizhanDb): Promise<CaseRow[]> {
  const byStatus = await Promise.all(
    OPEN_STATUSES.map((s) => db.cases.where('[status+handling]').between([s, Dexie.minKey], [s, Dexie.maxKey]).toArray()),
  );
  return byStatus.flat();
}

/** How many rows of each part the desk reads: enough to fill a screen, a few ms each (store bench). */
export const DESK_PAGE_SIZE = 50;

/**
 * What the clerk's desk lists, each case once, reading a page of each part rather than every open case (22 k at a
 * busy hall took seconds, and even counting them costs ~40 µs an entry in Chromium):
 * - the day's cases, open ones first, up to `limit`;
 * - per open status, the `limit` cases with the earliest deadline (`[status+deadline]`), so whatever is overdue or
 *   coming due is listed first;
 * - per open status, up to `limit` cases the compound index cannot hold because they have no deadline: the
 *   即办件 (never given one), and for the statuses before acceptance (`received`, `awaiting-supplement`) any case,
 *   since a 承诺件 gets its deadline only when accepted (see schema.ts v4).
 * The screen orders them by urgency (work-queue.ts) and shows the day's total from `countCasesForDay`.
 */
export async function deskCases(db: YizhanDb, day: string, options: { limit?: number } = {}): Promise<CaseRow[]> {
  const limit = options.limit ?? DESK_PAGE_SIZE;
  const open = OPEN_STATUSES as CaseStatus[];
  const closed = CLOSED_STATUSES as CaseStatus[];
  return db.transaction('r', db.cases, async () => {
    const todayIndex = () => db.cases.where('[day+status]');
    const todayOpen = await todayIndex()
      .anyOf(open.map((s) => [day, s]))
      .limit(limit)
      .toArray();
    const todayClosed =
      todayOpen.length < limit
        ? await todayIndex()
            .anyOf(closed.map((s) => [day, s]))
            .limit(limit - todayOpen.length)
            .toArray()
        : [];
    const perStatus = await Promise.all(open.map((status) => urgentOpenCases(db, status, limit)));
    const byId = new Map<string, CaseRow>();
    for (const row of [...todayOpen, ...todayClosed, ...perStatus.flat()]) byId.set(row.id, row);
    return [...byId.values()];
  });
}

const BEFORE_ACCEPTANCE: readonly CaseStatus[] = ['received', 'awaiting-supplement'];

/** Open cases of one status: earliest deadline first, then up to `limit` of those that may have none. */
async function urgentOpenCases(db: YizhanDb, status: CaseStatus, limit: number): Promise<CaseRow[]> {
  const byHandling = db.cases.where('[status+handling]');
  const [dated, undated] = await Promise.all([
    db.cases.where('[status+deadline]').between([status, Dexie.minKey], [status, Dexie.maxKey]).limit(limit).toArray(),
    (BEFORE_ACCEPTANCE.includes(status)
      ? byHandling.between([status, Dexie.minKey], [status, Dexie.maxKey])
      : byHandling.equals([status, 'immediate'])
    )
      .limit(limit)
      .toArray(),
  ]);
  return [...dated, ...undated];
}

export function isOpen(status: CaseStatus): boolean {
  return !CLOSED_STATUSES.includes(status);
}
