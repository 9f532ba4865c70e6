import { z } from 'zod';
import { HallCodeSchema, WorkstationCodeSchema } from '../case/case-number';
import { InstantSchema } from '../case/events';

/**
 * One row of the append-only audit trail: who did what to which record, when, at which workstation. Written in
 * the same transaction as the change it records, pushed to the district server like a case event (op kind
 * `audit`), and pulled by the hall's other workstations for the lead.
 *
 * An audit row never holds personal data itself: the target is named by its id and, for a case, its number;
 * the viewer looks a resident's (masked) name up when showing the row. `detail` carries codes and field names
 * only (which document was printed, which fields were changed), never their values.
 */
export const AUDIT_ACTIONS = [
  'case.create',
  'case.change',
  'resident.create',
  'resident.change',
  'document.print',
  'document.export',
  'id.reveal',
  'staff.create',
  'settings.change',
  'auth.lockout',
  'shift.start',
  'shift.end',
  'handover.acknowledge',
  'daily-log.print',
  'daily-log.export',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'case.create': '新建办件',
  'case.change': '办理办件',
  'resident.create': '登记居民',
  'resident.change': '修改居民信息',
  'document.print': '打印文书',
  'document.export': '导出文书',
  'id.reveal': '查看完整证件号',
  'staff.create': '创建工作人员账号',
  'settings.change': '修改设置',
  'auth.lockout': '登录失败次数过多，账号锁定',
  'shift.start': '开始上班',
  'shift.end': '结束上班并交班',
  'handover.acknowledge': '确认接班',
  'daily-log.print': '打印工作日志',
  'daily-log.export': '导出工作日志',
};

export const AUDIT_TARGET_TYPES = ['case', 'resident', 'staff', 'workstation', 'daily-log'] as const;
export const AuditTargetSchema = z.object({
  type: z.enum(AUDIT_TARGET_TYPES),
  id: z.string().min(1).max(100),
  /** A non-personal label for the list: a case number, a date. */
  label: z.string().max(100).optional(),
});
export type AuditTarget = z.infer<typeof AuditTargetSchema>;

export const AuditDetailSchema = z.record(z.string().max(40), z.union([z.string().max(200), z.number()]));

export const AuditEntrySchema = z.object({
  id: z.uuid(),
  at: InstantSchema,
  hallCode: HallCodeSchema,
  workstationId: z.string().min(1).max(64),
  workstationCode: WorkstationCodeSchema.optional(),
  /** Who did it (the signed-in staff member; for `auth.lockout`, the account that was locked). */
  staffId: z.string().min(1).max(64),
  staffName: z.string().min(1).max(32).optional(),
  action: AuditActionSchema,
  target: AuditTargetSchema,
  detail: AuditDetailSchema.optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The lead's filters; every one optional. Dates are hall-local `YYYY-MM-DD`, both ends included. */
export type AuditFilter = {
  from?: string;
  to?: string;
  staffId?: string;
  action?: AuditAction;
  workstationId?: string;
};

/** Whether an entry passes the filters other than the date range (the store serves that from its index). */
export function matchesAuditFilter(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.staffId !== undefined && entry.staffId !== filter.staffId) return false;
  if (filter.action !== undefined && entry.action !== filter.action) return false;
  if (filter.workstationId !== undefined && entry.workstationId !== filter.workstationId) return false;
  return true;
}

/**
 * The filter's hall-local dates as a half-open range of UTC instants `[fromAt, toAt)`, in the form entries are
 * stamped with (`toISOString()`), so a string range over the `at` index selects exactly those days. Halls are
 * on UTC+8 all year (see case/hall-date.ts).
 */
export function auditInstantRange(filter: Pick<AuditFilter, 'from' | 'to'>): { fromAt?: string; toAt?: string } {
  const out: { fromAt?: string; toAt?: string } = {};
  if (filter.from !== undefined) out.fromAt = hallMidnight(filter.from, 0);
  if (filter.to !== undefined) out.toAt = hallMidnight(filter.to, 1);
  return out;
}

function hallMidnight(date: string, plusDays: number): string {
  const ms = Date.parse(`${date}T00:00:00.000+08:00`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw new RangeError('not a YYYY-MM-DD date');
  return new Date(ms + plusDays * 86_400_000).toISOString();
}
