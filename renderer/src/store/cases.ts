import Dexie from 'dexie';
import { nextCaseNumber, type CaseNumberResult } from '@shared/domain/case/case-number';
import { CaseEventSchema, type CaseEvent } from '@shared/domain/case/events';
import { hallDateOf } from '@shared/domain/case/hall-date';
import { foldEvents, type CaseStatus } from '@shared/domain/case/reducer';
import { caseRowOf } from './case-row';
import { caseDerivedTables, labelCaseRows, updateCaseDerived } from './case-derived';
import { auditsCommands, caseEventsAudit, recordAudit } from './audit';
import { enqueueOps, lastSeqOf } from './outbox';
import type { CaseRow } from './rows';
import type { YizhanDb } from './schema';
import { isoAt, type StoreContext } from './store-context';
import { StoreError } from './store-error';

export type AppendResult = {
  case: CaseRow;
  /** Events actually written (events already stored with identical content are skipped). */
  appended: CaseEvent[];
};

/**
 * Writes new events of one case, its recomputed row and one outbox op per event in a single transaction: either
 * all of it is stored or none. The row is `foldEvents` over every stored event plus the new ones, so it is what
 * any replica computes from the same events.
 *
 * This is the counter's command, so it is strict: an event the reducer refuses (illegal transition, closed case,
 * …) is not stored; the call fails with the reducer's code. Events pulled from the server take another path,
 * which stores them even when refused (the reducer then records them in `state.rejected`).
 *
 * Appending an event that is already stored with identical content is a no-op, so a retried call (double
 * click, retried IPC) does not duplicate ops.
 */
export async function appendCaseEvents(ctx: StoreContext, events: readonly CaseEvent[]): Promise<AppendResult> {
  const { db } = ctx;
  const caseId = checkedCaseId(events);

  const written = await db
    .transaction('rw', [db.cases, db.caseEvents, ...caseDerivedTables(db), db.outbox, db.meta, db.audit], async () => {
      const stored = await db.caseEvents.where('caseId').equals(caseId).toArray();
      const byId = new Map(stored.map((e) => [e.id, e]));
      const fresh: CaseEvent[] = [];
      for (const event of events) {
        const earlier = byId.get(event.id);
        if (earlier === undefined) {
          byId.set(event.id, event);
          fresh.push(event);
        } else if (JSON.stringify(earlier) !== JSON.stringify(event)) {
          throw new StoreError('case/duplicate-id-conflict', { eventId: event.id });
        }
      }

      const state = foldEvents([...stored, ...fresh]);
      if (state === null) throw new StoreError('case/not-received', { caseId });
      const freshIds = new Set(fresh.map((e) => e.id));
      const refused = state.rejected.find((r) => freshIds.has(r.eventId));
      if (refused) throw new StoreError(refused.code, { eventId: refused.eventId });

      const row = caseRowOf(state);
      if (fresh.length === 0) return { row, fresh, lastSeq: 0 };

      const holder = await db.cases.where('caseNumber').equals(row.caseNumber).first();
      if (holder && holder.id !== caseId) throw new StoreError('case/duplicate-number', { caseId: holder.id });

      // The holder of its own number is this case's stored row (if any): the label, tally and digest move from it.
      const moves = [{ ...(holder ? { before: holder } : {}), after: row }];
      await labelCaseRows(db, moves);
      await db.cases.put(row);
      await updateCaseDerived(db, moves);
      return writeFresh(ctx, row, fresh);
    })
    .catch(translateNumberClash);

  announce(ctx, caseId, written);
  return { case: written.row, appended: written.fresh };
}

/**
 * Opens a brand-new case: draws this workstation's next number and writes the case, all in ONE transaction, so
 * the number read and the row that uses it cannot interleave with another window's intake. `build` turns the
 * number into the case's events (`received` first). A new case has no stored events and its id is fresh, so
 * neither is read back: `add` refuses an existing id, and the unique `&caseNumber` index refuses a number
 * already issued (`case/duplicate-number`; the caller draws again). Same strictness as `appendCaseEvents`.
 */
export async function appendNewCase(
  ctx: StoreContext,
  build: (caseNumber: string) => CaseEvent[],
): Promise<AppendResult & { events: CaseEvent[] }> {
  const { db } = ctx;
  const written = await db
    .transaction('rw', [db.cases, db.caseEvents, ...caseDerivedTables(db), db.outbox, db.meta, db.audit], async () => {
      const numbered = await nextCaseNumberFor(ctx);
      if (!numbered.ok) throw new StoreError(numbered.code);
      const events = build(numbered.caseNumber);
      const caseId = checkedCaseId(events);
      const state = foldEvents(events);
      if (state === null) throw new StoreError('case/not-received', { caseId });
      const refused = state.rejected[0];
      if (refused) throw new StoreError(refused.code, { eventId: refused.eventId });

      const row = caseRowOf(state);
      await labelCaseRows(db, [{ after: row }]);
      await db.cases.add(row);
      await updateCaseDerived(db, [{ after: row }]);
      return { ...(await writeFresh(ctx, row, events)), events };
    })
    .catch(translateNumberClash);

  announce(ctx, written.row.id, written);
  return { case: written.row, appended: written.fresh, events: written.events };
}

/** Every event valid and of one case; returns that case's id. */
function checkedCaseId(events: readonly CaseEvent[]): string {
  const first = events[0];
  if (first === undefined) throw new StoreError('input/invalid', { field: 'events' });
  const caseId = first.caseId;
  for (const event of events) {
    if (!CaseEventSchema.safeParse(event).success) throw new StoreError('input/invalid', { eventId: String(event.id) });
    if (event.caseId !== caseId) throw new StoreError('case/wrong-case', { eventId: event.id });
  }
  return caseId;
}

/** Inside the transaction, after the row is written: the new events, their outbox ops and the audit line. */
async function writeFresh(ctx: StoreContext, row: CaseRow, fresh: CaseEvent[]) {
  const { db } = ctx;
  await db.caseEvents.bulkAdd(fresh);
  const ops = await enqueueOps(
    db,
    ctx,
    fresh.map((payload) => ({ kind: 'case-event' as const, payload })),
  );
  if (auditsCommands(ctx)) await recordAudit(ctx, caseEventsAudit(row, fresh));
  return { row, fresh, lastSeq: lastSeqOf(ops) };
}

function translateNumberClash(err: unknown): never {
  // Another window of the app issued the same number meanwhile; the unique index refused it.
  if (err instanceof Dexie.ConstraintError) throw new StoreError('case/duplicate-number');
  throw err;
}

/** After commit only, so listeners never see events that a failed transaction took back. */
function announce(ctx: StoreContext, caseId: string, written: { fresh: CaseEvent[]; lastSeq: number }): void {
  if (written.fresh.length === 0) return;
  ctx.db.changes.emit({ type: 'case-events-appended', caseId, eventIds: written.fresh.map((e) => e.id) });
  ctx.db.changes.emit({ type: 'outbox-changed', change: 'enqueued', lastSeq: written.lastSeq });
}

/** Hall-local day of a case: the date in its number (the day it was issued), which is also what the receipt shows. */
/** A day's cases (optionally only one status) through the `[day+status]` index: no scan of other days. */
export async function casesForDay(db: YizhanDb, day: string, status?: CaseStatus): Promise<CaseRow[]> {
  const index = db.cases.where('[day+status]');
  const range = status === undefined ? index.between([day, Dexie.minKey], [day, Dexie.maxKey]) : index.equals([day, status]);
  return range.toArray();
}

export type DayPage = { offset?: number; limit?: number; status?: CaseStatus };

/** Rows a list screen shows at once: a page reads in a few ms, a whole ~1,000-case day in over 100 ms. */
export const DAY_PAGE_SIZE = 50;

/**
 * One page of a day's cases (optionally of one status), in `[day+status]` order: by status, then by id. A list
 * reads a page and takes its total from `countCasesForDay` rather than reading every row of the day.
 */
export async function casesForDayPage(db: YizhanDb, day: string, page: DayPage = {}): Promise<CaseRow[]> {
  const { offset = 0, limit = DAY_PAGE_SIZE, status } = page;
  const index = db.cases.where('[day+status]');
  const range = status === undefined ? index.between([day, Dexie.minKey], [day, Dexie.maxKey]) : index.equals([day, status]);
  return range.offset(offset).limit(limit).toArray();
}

/** Counted through the index, without reading the rows. */
export async function countCasesForDay(db: YizhanDb, day: string, status?: CaseStatus): Promise<number> {
  const index = db.cases.where('[day+status]');
  const range = status === undefined ? index.between([day, Dexie.minKey], [day, Dexie.maxKey]) : index.equals([day, status]);
  return range.count();
}

export async function getCase(db: YizhanDb, caseId: string): Promise<CaseRow | undefined> {
  return db.cases.get(caseId);
}

export async function findCaseByNumber(db: YizhanDb, caseNumber: string): Promise<CaseRow | undefined> {
  return db.cases.where('caseNumber').equals(caseNumber).first();
}

export async function caseEventsOf(db: YizhanDb, caseId: string): Promise<CaseEvent[]> {
  return db.caseEvents.where('caseId').equals(caseId).toArray();
}

export async function casesOfResident(db: YizhanDb, residentId: string): Promise<CaseRow[]> {
  return db.cases.where('residentId').equals(residentId).toArray();
}

/**
 * The latest number this workstation issued, on any day: the case-number index is sorted, and
 * `{hall}-{window}-YYYYMMDD-NNNN` sorts by date then sequence within one hall and window.
 */
export async function lastCaseNumberOf(db: YizhanDb, hallCode: string, workstationCode: string): Promise<string | null> {
  const prefix = `${hallCode}-${workstationCode}-`;
  const last = await db.cases.where('caseNumber').between(prefix, `${prefix}\uffff`).last();
  return last?.caseNumber ?? null;
}

/**
 * The number the next case of this workstation gets today. Not a reservation: the `received` event that uses it
 * must be appended before another number is drawn; a clash is refused by the unique index
 * (`case/duplicate-number`), and the caller draws again.
 */
export async function nextCaseNumberFor(ctx: StoreContext): Promise<CaseNumberResult> {
  const { hallCode, workstationCode } = ctx.workstation;
  const last = await lastCaseNumberOf(ctx.db, hallCode, workstationCode);
  return nextCaseNumber(last, { hallCode, workstationCode, date: hallDateOf(isoAt(ctx.now())) });
}
