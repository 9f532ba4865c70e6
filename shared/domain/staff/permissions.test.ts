import { describe, expect, it } from 'vitest';
import { auditScopeOf, can, PERMISSIONS, PERMISSION_REFUSALS, type Permission } from './permissions';
import { STAFF_ROLES, type StaffRole } from './roles';

/** The policy, written out as a table so a change to it shows up here as a reviewed diff. */
const EXPECTED: Record<StaffRole, Permission[]> = {
  clerk: ['counter.serve', 'id.reveal', 'audit.view-own'],
  lead: ['counter.serve', 'id.reveal', 'audit.view-own', 'audit.view-all', 'lead.view', 'settings.change', 'sync.resolve-conflict'],
  admin: ['counter.serve', 'id.reveal', 'audit.view-own', 'audit.view-all', 'lead.view', 'settings.change', 'staff.manage', 'sync.resolve-conflict'],
};

describe('permission policy', () => {
  it.each(STAFF_ROLES)('grants %s exactly its permissions', (role) => {
    expect(PERMISSIONS.filter((p) => can(role, p))).toEqual(EXPECTED[role]);
  });

  it('keeps clerks out of the lead’s pages, everyone’s audit and the settings', () => {
    for (const p of ['lead.view', 'audit.view-all', 'settings.change', 'staff.manage', 'sync.resolve-conflict'] as const) expect(can('clerk', p)).toBe(false);
  });

  it('grants nothing without a known role', () => {
    for (const p of PERMISSIONS) {
      expect(can(null, p)).toBe(false);
      expect(can(undefined, p)).toBe(false);
      expect(can('superuser' as StaffRole, p)).toBe(false);
    }
  });

  it('has a Chinese refusal for every permission', () => {
    for (const p of PERMISSIONS) expect(PERMISSION_REFUSALS[p]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('scopes the audit trail: a lead sees all, a clerk only their own, nobody signed in nothing', () => {
    expect(auditScopeOf({ staffId: 's1', role: 'lead' })).toEqual({ kind: 'all' });
    expect(auditScopeOf({ staffId: 's1', role: 'admin' })).toEqual({ kind: 'all' });
    expect(auditScopeOf({ staffId: 's2', role: 'clerk' })).toEqual({ kind: 'own', staffId: 's2' });
    expect(auditScopeOf(null)).toEqual({ kind: 'none' });
    expect(auditScopeOf({ staffId: 's3', role: 'visitor' as StaffRole })).toEqual({ kind: 'none' });
  });
});
