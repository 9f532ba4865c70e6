import { hallDateOf } from '@shared/domain/case/hall-date';
import { can } from '@shared/domain/staff/permissions';
import {
  HANDOVER_CASE_LIST_LIMIT,
  HANDOVER_NOTE_MAX,
  HandoverSchema,
  mergeHandover,
  mergeShift,
  ShiftSchema,
  type Handover,
  type Shift,
} from '@shared/domain/staff/shift';
import { auditsCommands, recordAudit } from './audit';
import { OPEN_STATUSES } from './intake-commands';
import { getMeta } from './meta';
import { enqueueOps } from './outbox';
import type { HandoverRow, ShiftRow } from './rows';
import type { YizhanDb } from './schema';
import { activeRoleOf } from './staff';
import { isoAt, type StoreContext } from './store-context';
import { StoreError } from './store-error';

/**
 * Shifts (错时轮班) and handover (交接班). A clerk starts and ends their own shift at their window; ending it writes
 * the handover note (open cases at that moment, what to watch), which a lead acknowledges when taking over.
 *
 * The rows sync between the hall's workstations (op kinds `shift` / `handover`): the next lead may acknowledge a
 * handover on another PC, and the daily log of the hall lists every handover of the day. Each start, end and
 * acknowledgement writes, in one transaction, the row, its outbox op (the whole row as it now is) and an audit
 * row. A row only gains its later state (ended, acknowledged); the first to reach the server wins, and a pulled
 * row brings the winner (`applyPulledShiftRecords`).
 */

export { HANDOVER_CASE_LIST_LIMIT, HANDOVER_NOTE_MAX };

function requireSession(ctx: StoreContext): void {
  if (!auditsCommands(ctx) || !ctx.workstation.staffId || !ctx.workstation.clerkName) throw new StoreError('auth/not-signed-in');
}

type ShiftOpDraft = { kind: 'shift'; payload: Shift } | { kind: 'handover'; payload: Handover };

/**
 * Queues rows for the hall's other workstations, inside the command's transaction. Checked against the wire
 * schema first: a row the server would refuse is refused here, before anything is written.
 */
async function enqueueRows(ctx: StoreContext, drafts: readonly ShiftOpDraft[]): Promise<void> {
  for (const d of drafts) {
    const parsed = d.kind === 'shift' ? ShiftSchema.safeParse(d.payload) : HandoverSchema.safeParse(d.payload);
    if (!parsed.success) throw new StoreError('input/invalid', { field: `${d.kind}.${parsed.error.issues[0]?.path.join('.') ?? ''}` });
  }
  await enqueueOps(ctx.db, ctx, drafts);
}

/** After commit only (the audit row joined the command's transaction and leaves announcing to it). */
async function announceQueued(db: YizhanDb): Promise<void> {
  const lastSeq = await db.transaction('r', db.meta, () => getMeta(db, 'outbox.lastSeq'));
  db.changes.emit({ type: 'outbox-changed', change: 'enqueued', lastSeq: lastSeq ?? 0 });
}

/** The signed-in staff member's shift still running on `day`, if any. */
export async function openShiftOf(db: YizhanDb, day: string, staffId: string): Promise<ShiftRow | undefined> {
  const rows = await db.shifts.where('[day+staffId]').equals([day, staffId]).toArray();
  return rows.find((s) => s.endedAt === undefined);
}

/** The shift `staffId` is on as of `day`: one that ran past midnight (started the day before) still counts. */
export async function currentShiftOf(db: YizhanDb, day: string, staffId: string): Promise<ShiftRow | undefined> {
  return (await openShiftOf(db, day, staffId)) ?? (await openShiftOf(db, previousDay(day), staffId));
}

/** The signed-in staff member starts their shift. Refuses a second one while one is running (`shift/already-on`). */
export async function startShift(ctx: StoreContext): Promise<ShiftRow> {
  requireSession(ctx);
  const { db } = ctx;
  const w = ctx.workstation;
  const started = await db.transaction('rw', [db.shifts, db.audit, db.outbox, db.meta], async () => {
    const startedAt = isoAt(ctx.now());
    const day = hallDateOf(startedAt);
    if (await currentShiftOf(db, day, w.staffId)) throw new StoreError('shift/already-on');
    const row: ShiftRow = {
      id: ctx.newId(),
      day,
      staffId: w.staffId,
      staffName: w.clerkName ?? '',
      workstationId: w.workstationId,
      ...(w.workstationCode !== undefined ? { workstationCode: w.workstationCode } : {}),
      startedAt,
    };
    await db.shifts.add(row);
    await enqueueRows(ctx, [{ kind: 'shift', payload: row }]);
    await recordAudit(ctx, { action: 'shift.start', target: { type: 'staff', id: w.staffId, label: row.staffName }, detail: { shift: row.id } });
    return row;
  });
  await announceQueued(db);
  return started;
}

/**
 * The open cases received `day` at this window, for the handover: their count and the first case numbers. Read
 * through `[day+status]` (one short range per open status), so ending a shift costs a few ms at any hall size.
 */
export async function openCasesAtWindow(db: YizhanDb, day: string, workstationCode: string | undefined): Promise<{ count: number; caseNumbers: string[] }> {
  const perStatus = await Promise.all(OPEN_STATUSES.map((status) => db.cases.where('[day+status]').equals([day, status]).toArray()));
  // The window code is part of every case number (GL0301-W02-20261120-0001); without one, the whole hall's.
  const mine = perStatus.flat().filter((c) => workstationCode === undefined || c.caseNumber.includes(`-${workstationCode}-`));
  const caseNumbers = mine.map((c) => c.caseNumber).sort();
  return { count: caseNumbers.length, caseNumbers: caseNumbers.slice(0, HANDOVER_CASE_LIST_LIMIT) };
}

/**
 * Ends the signed-in staff member's running shift and writes its handover note, in one transaction with the
 * audit row. Refuses when no shift is running (`shift/not-on`) or the note is too long (`input/invalid`).
 */
export async function endShift(ctx: StoreContext, input: { note: string }): Promise<HandoverRow> {
  requireSession(ctx);
  const note = input.note.trim();
  if (note.length > HANDOVER_NOTE_MAX) throw new StoreError('input/invalid', { field: 'note' });
  const { db } = ctx;
  const w = ctx.workstation;
  const written = await db.transaction('rw', [db.shifts, db.handovers, db.cases, db.audit, db.outbox, db.meta], async () => {
    const at = isoAt(ctx.now());
    const day = hallDateOf(at);
    const shift = await currentShiftOf(db, day, w.staffId);
    if (!shift) throw new StoreError('shift/not-on');
    const open = await openCasesAtWindow(db, day, w.workstationCode);
    const ended: ShiftRow = { ...shift, endedAt: at };
    await db.shifts.put(ended);
    const handover: HandoverRow = {
      id: ctx.newId(),
      day,
      shiftId: shift.id,
      at,
      staffId: w.staffId,
      staffName: shift.staffName,
      openCaseCount: open.count,
      openCaseNumbers: open.caseNumbers,
      note,
    };
    await db.handovers.add(handover);
    await enqueueRows(ctx, [
      { kind: 'shift', payload: ended },
      { kind: 'handover', payload: handover },
    ]);
    await recordAudit(ctx, {
      action: 'shift.end',
      target: { type: 'staff', id: w.staffId, label: shift.staffName },
      detail: { shift: shift.id, handover: handover.id, openCases: open.count },
    });
    return handover;
  });
  await announceQueued(db);
  return written;
}

/**
 * 接班确认: a lead (or admin) acknowledges a handover, recorded with who and when. The role is checked against the
 * staff table, not the screen. Refuses a second acknowledgement (`handover/already-acknowledged`, naming who).
 */
export async function acknowledgeHandover(ctx: StoreContext, handoverId: string): Promise<HandoverRow> {
  requireSession(ctx);
  const { db } = ctx;
  const w = ctx.workstation;
  const written = await db.transaction('rw', [db.staff, db.handovers, db.audit, db.outbox, db.meta], async () => {
    if (!can(await activeRoleOf(db, w.staffId), 'lead.view')) throw new StoreError('auth/forbidden');
    const row = await db.handovers.get(handoverId);
    if (!row) throw new StoreError('handover/not-found');
    if (row.acknowledgedAt !== undefined) throw new StoreError('handover/already-acknowledged', { name: row.acknowledgedByName ?? '' });
    const acknowledged: HandoverRow = {
      ...row,
      acknowledgedById: w.staffId,
      acknowledgedByName: w.clerkName ?? '',
      acknowledgedAt: isoAt(ctx.now()),
    };
    await db.handovers.put(acknowledged);
    await enqueueRows(ctx, [{ kind: 'handover', payload: acknowledged }]);
    await recordAudit(ctx, {
      action: 'handover.acknowledge',
      target: { type: 'staff', id: row.staffId, label: row.staffName },
      detail: { handover: row.id },
    });
    return acknowledged;
  });
  await announceQueued(db);
  return written;
}

// ── sync ──────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Stores shifts and handovers pulled from the hall's other workstations; runs inside applyPulled's transaction
 * (sync-store.ts), which must include `shifts` and `handovers`. The server sends a row each time it changed
 * there, in the state that won — the first end or acknowledgement to reach it. So a pulled end or
 * acknowledgement replaces a different local one (ours reached the server second and was merged there), while
 * a pulled row without one never takes a local one away (ours is still on its way, or the pull is a replay).
 */
export async function applyPulledShiftRecords(db: YizhanDb, pulled: { shifts: readonly Shift[]; handovers: readonly Handover[] }): Promise<void> {
  if (pulled.shifts.length > 0) {
    const held = new Map<string, ShiftRow>();
    for (const row of await db.shifts.bulkGet([...new Set(pulled.shifts.map((s) => s.id))])) if (row) held.set(row.id, row);
    const changed = new Map<string, ShiftRow>();
    for (const theirs of pulled.shifts) {
      const mine = held.get(theirs.id);
      const next = mine === undefined ? theirs : mergeShift(theirs, mine).next;
      held.set(theirs.id, next);
      changed.set(theirs.id, next);
    }
    await db.shifts.bulkPut([...changed.values()]);
  }
  if (pulled.handovers.length > 0) {
    const held = new Map<string, HandoverRow>();
    for (const row of await db.handovers.bulkGet([...new Set(pulled.handovers.map((h) => h.id))])) if (row) held.set(row.id, row);
    const changed = new Map<string, HandoverRow>();
    for (const theirs of pulled.handovers) {
      const mine = held.get(theirs.id);
      const next = mine === undefined ? theirs : mergeHandover(theirs, mine).next;
      held.set(theirs.id, next);
      changed.set(theirs.id, next);
    }
    await db.handovers.bulkPut([...changed.values()]);
  }
}

// ── queries ───────────────────────────────────────────────────────────────────────────────────────────

/** The shifts that started `day`, earliest first. */
export async function shiftsForDay(db: YizhanDb, day: string): Promise<ShiftRow[]> {
  const rows = await db.shifts.where('[day+staffId]').between([day, ''], [day, '\uffff'], true, true).toArray();
  return rows.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** The handovers written `day`, earliest first. */
export async function handoversForDay(db: YizhanDb, day: string): Promise<HandoverRow[]> {
  const rows = await db.handovers.where('day').equals(day).toArray();
  return rows.sort((a, b) => a.at.localeCompare(b.at));
}

/** Handovers since `fromDay` (inclusive) that no lead has acknowledged yet, earliest first. */
export async function pendingHandovers(db: YizhanDb, fromDay: string): Promise<HandoverRow[]> {
  const rows = await db.handovers.where('day').aboveOrEqual(fromDay).filter((h) => h.acknowledgedAt === undefined).toArray();
  return rows.sort((a, b) => a.at.localeCompare(b.at));
}

/** What the daily log shows of one handover (shared/domain/daily-log `handoverNotes`). */
export type HandoverNote = { at: string; staffName: string; note: string; openCaseCount: number; acknowledgedBy?: string; acknowledgedAt?: string };

export async function handoverNotesForDay(db: YizhanDb, day: string): Promise<HandoverNote[]> {
  return (await handoversForDay(db, day)).map((h) => ({
    at: h.at,
    staffName: h.staffName,
    note: h.note,
    openCaseCount: h.openCaseCount,
    ...(h.acknowledgedByName !== undefined ? { acknowledgedBy: h.acknowledgedByName } : {}),
    ...(h.acknowledgedAt !== undefined ? { acknowledgedAt: h.acknowledgedAt } : {}),
  }));
}

/**
 * The notes as the one free-text block the daily log takes (`computeDailyLog({ handoverNotes })`), a paragraph
 * per handover with hall-local times: `17:30 李娜交班：未办结 2 件；…（赵敏 17:40 确认接班）`.
 */
export function formatHandoverNotes(notes: readonly HandoverNote[]): string {
  return notes
    .map((n) => {
      const ack = n.acknowledgedBy !== undefined && n.acknowledgedAt !== undefined ? `（${n.acknowledgedBy} ${hallTime(n.acknowledgedAt)} 确认接班）` : '（待接班确认）';
      return `${hallTime(n.at)} ${n.staffName}交班：未办结 ${n.openCaseCount} 件；${n.note || '无其他事项'}${ack}`;
    })
    .join('\n');
}

/** `HH:mm` in hall time (UTC+8 all year, see shared/domain/case/hall-date.ts). */
export function hallTime(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(11, 16);
}

export function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
}
