import Dexie from 'dexie';
import type { CaseEvent } from '@shared/domain/case/events';
import {
  AuditEntrySchema,
  auditInstantRange,
  matchesAuditFilter,
  type AuditAction,
  type AuditEntry,
  type AuditFilter,
  type AuditTarget,
} from '@shared/domain/staff/audit-entry';
import { auditScopeOf } from '@shared/domain/staff/permissions';
import { StaffSchema } from '@shared/domain/staff/staff';
import { enqueueOps, lastSeqOf } from './outbox';
import type { CaseRow } from './rows';
import { isoAt, type StoreContext } from './store-context';
import { StoreError } from './store-error';

/**
 * The append-only audit trail: who created, changed, printed or exported a record, or looked at a whole ID number,
 * when, and at which workstation.
 *
 * Each row is written together with its `audit` outbox op, and — for store commands — in the same transaction as
 * the change it records, so there is never a change without its row or a row without its change. Rows are never
 * updated or deleted here; the only other writer is sync, which adds rows pulled from the hall's other
 * workstations (`applyPulledAudit`).
 */

/** What the caller says; who, when and where come from the context (the signed-in staff member). */
export type AuditDraft = {
  action: AuditAction;
  target: AuditTarget;
  detail?: AuditEntry['detail'];
};

/**
 * Writes audit rows and their outbox ops in one transaction. Inside a command's own `db.transaction` (which must
 * include `audit`, `outbox` and `meta`) it joins that transaction, so the rows commit or roll back with the
 * command. Refuses (StoreError, nothing written) when nobody is signed in or a draft does not fit the schema.
 */
export async function recordAudit(ctx: StoreContext, drafts: AuditDraft | readonly AuditDraft[]): Promise<AuditEntry[]> {
  const list = Array.isArray(drafts) ? (drafts as readonly AuditDraft[]) : [drafts as AuditDraft];
  if (list.length === 0) return [];
  const { db } = ctx;
  if (!auditsCommands(ctx) || !ctx.workstation.staffId) throw new StoreError('auth/not-signed-in');
  const joined = Dexie.currentTransaction !== null;

  const written = await db.transaction('rw', db.audit, db.outbox, db.meta, async () => {
    const at = isoAt(ctx.now());
    const entries = list.map((draft) => entryOf(ctx, draft, at));
    await db.audit.bulkAdd(entries);
    const ops = await enqueueOps(
      db,
      ctx,
      entries.map((payload) => ({ kind: 'audit' as const, payload })),
    );
    return { entries, lastSeq: lastSeqOf(ops) };
  });
  // A joined command announces its own commit; announcing here would run before that commit.
  if (!joined) db.changes.emit({ type: 'outbox-changed', change: 'enqueued', lastSeq: written.lastSeq });
  return written.entries;
}

function entryOf(ctx: StoreContext, draft: AuditDraft, at: string): AuditEntry {
  const w = ctx.workstation;
  const candidate: AuditEntry = {
    id: ctx.newId(),
    at,
    hallCode: w.hallCode,
    workstationId: w.workstationId,
    workstationCode: w.workstationCode,
    staffId: w.staffId,
    ...(w.clerkName ? { staffName: w.clerkName } : {}),
    action: draft.action,
    target: draft.target,
    ...(draft.detail && Object.keys(draft.detail).length > 0 ? { detail: draft.detail } : {}),
  };
  const parsed = AuditEntrySchema.safeParse(candidate);
  if (!parsed.success) throw new StoreError('input/invalid', { field: `audit.${parsed.error.issues[0]?.path.join('.') ?? ''}` });
  return parsed.data;
}

/**
 * For what happens outside the database (printing, exporting, showing a whole ID number): the audit row is
 * committed FIRST, and `action` runs only once it is. If the row cannot be written, nothing is printed or shown —
 * an unaudited disclosure is worse than a refused one. A print that is then cancelled leaves its row: the
 * document was prepared for paper, and the row says "requested", not "printed".
 */
export async function withAudit<T>(ctx: StoreContext, draft: AuditDraft, action: () => Promise<T> | T): Promise<T> {
  await recordAudit(ctx, draft);
  return action();
}

/**
 * Whether the store's commands (case events, resident create/change) write audit rows for this context: only
 * for a signed-in session, whose staff member the rows name. The app hands features nothing but session
 * contexts (app/App.tsx builds one after sign-in), so every counter command there is audited; contexts that
 * write as the workstation itself — sync test harnesses, benchmarks, seeding scripts — have nobody to audit.
 * Explicit audited actions (print, export, reveal) do not ask this: `recordAudit` refuses without a session.
 */
export function auditsCommands(ctx: StoreContext): boolean {
  return ctx.workstation.role !== undefined;
}

/** The row a counter command writes with its case events (one per command, naming the event types). */
export function caseEventsAudit(row: CaseRow, fresh: readonly CaseEvent[]): AuditDraft {
  return {
    action: fresh.some((e) => e.type === 'received') ? 'case.create' : 'case.change',
    target: { type: 'case', id: row.id, label: row.caseNumber },
    detail: { events: fresh.map((e) => e.type).join(',') },
  };
}

export function residentAudit(action: 'resident.create' | 'resident.change', residentId: string, fields?: readonly string[]): AuditDraft {
  return {
    action,
    target: { type: 'resident', id: residentId },
    ...(fields && fields.length > 0 ? { detail: { fields: fields.join(',') } } : {}),
  };
}

// ── queries ───────────────────────────────────────────────────────────────────────────────────────────

export const AUDIT_PAGE_LIMIT = 500;

/**
 * The audit rows the signed-in staff member may see, newest first, at most `limit`. The permission policy is
 * applied HERE, from the staff table rather than from anything the screen passes: a lead or admin reads
 * everyone's rows, a clerk only their own (whatever `filter.staffId` says), and a context whose staff member is
 * unknown, disabled or not signed in gets `auth/forbidden`.
 */
export async function auditTrail(ctx: StoreContext, filter: AuditFilter = {}, limit = AUDIT_PAGE_LIMIT): Promise<AuditEntry[]> {
  const { db } = ctx;
  return db.transaction('r', db.staff, db.audit, async () => {
    const viewer = StaffSchema.safeParse(await db.staff.get(ctx.workstation.staffId));
    const scope = auditScopeOf(viewer.success && viewer.data.active ? { staffId: viewer.data.id, role: viewer.data.role } : null);
    if (scope.kind === 'none') throw new StoreError('auth/forbidden');

    const { fromAt, toAt } = auditInstantRange(filter);
    const lower = fromAt ?? '';
    const upper = toAt ?? '\uffff';
    const effective: AuditFilter = scope.kind === 'own' ? { ...filter, staffId: scope.staffId } : filter;
    const collection =
      effective.staffId !== undefined
        ? db.audit.where('[staffId+at]').between([effective.staffId, lower], [effective.staffId, upper], true, false)
        : db.audit.where('at').between(lower, upper, true, false);
    return collection
      .reverse()
      .filter((e) => matchesAuditFilter(e, effective))
      .limit(limit)
      .toArray();
  });
}
