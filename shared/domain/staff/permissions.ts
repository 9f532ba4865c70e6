import type { StaffRole } from './roles';

/**
 * Which role may do what: the one table the UI (which screens and buttons exist) and the store (which rows a
 * query returns) both consult, so a screen that forgets a check still gets nothing from the store.
 */
export const PERMISSIONS = [
  /** 受理, 办件, 居民: the counter's work. */
  'counter.serve',
  /** Show a resident's whole ID number on screen (always audited). */
  'id.reveal',
  /** Read one's own audit rows. */
  'audit.view-own',
  /** Read every staff member's audit rows. */
  'audit.view-all',
  /** 值班: hall board and daily log. */
  'lead.view',
  /** Workstation settings (idle lock, …). */
  'settings.change',
  /** Add or disable staff locally (staff normally come from the district server). */
  'staff.manage',
  /** Settle a resident field that two workstations edited concurrently (sync page), for the whole hall. */
  'sync.resolve-conflict',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CLERK: readonly Permission[] = ['counter.serve', 'id.reveal', 'audit.view-own'];
const LEAD: readonly Permission[] = [...CLERK, 'audit.view-all', 'lead.view', 'settings.change', 'sync.resolve-conflict'];
const ADMIN: readonly Permission[] = [...LEAD, 'staff.manage'];

const GRANTS: Record<StaffRole, ReadonlySet<Permission>> = {
  clerk: new Set(CLERK),
  lead: new Set(LEAD),
  admin: new Set(ADMIN),
};

/** Fails closed: an unknown role (a newer server's, a tampered row) is granted nothing. */
export function can(role: StaffRole | null | undefined, permission: Permission): boolean {
  if (role === null || role === undefined) return false;
  return GRANTS[role]?.has(permission) ?? false;
}

/** Why a screen refuses, in the words shown to the clerk. */
export const PERMISSION_REFUSALS: Record<Permission, string> = {
  'counter.serve': '当前账号无权办理窗口业务',
  'id.reveal': '当前账号无权查看完整证件号码',
  'audit.view-own': '当前账号无权查看操作记录',
  'audit.view-all': '操作审计仅限值班长和管理员查看，窗口人员只能查看本人的操作记录',
  'lead.view': '值班页面仅限值班长和管理员使用，请由值班长登录后查看',
  'settings.change': '设置仅限值班长和管理员修改',
  'staff.manage': '仅管理员可以管理工作人员账号',
  'sync.resolve-conflict': '同步冲突仅限值班长和管理员处理，请由值班长登录后核对',
};

/**
 * Whose audit rows a viewer may read: everyone's, only their own, or none. The store narrows its query with
 * this; the UI only decides whether to show the page.
 */
export type AuditScope = { kind: 'all' } | { kind: 'own'; staffId: string } | { kind: 'none' };

export function auditScopeOf(viewer: { staffId: string; role: StaffRole } | null): AuditScope {
  if (viewer === null) return { kind: 'none' };
  if (can(viewer.role, 'audit.view-all')) return { kind: 'all' };
  if (can(viewer.role, 'audit.view-own')) return { kind: 'own', staffId: viewer.staffId };
  return { kind: 'none' };
}
