import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, AuditEntrySchema, auditInstantRange, matchesAuditFilter, type AuditEntry } from './audit-entry';

const entry: AuditEntry = {
  id: '00000000-0000-4000-8000-000000000001',
  at: '2026-11-23T01:00:00.000Z',
  hallCode: 'GL0301',
  workstationId: 'ws-1',
  workstationCode: 'W02',
  staffId: 'staff-1',
  staffName: '李娜',
  action: 'document.print',
  target: { type: 'case', id: '00000000-0000-4000-8000-0000000000c1', label: 'GL0301-W02-20261123-0001' },
  detail: { document: 'receipt' },
};

describe('AuditEntrySchema', () => {
  it('accepts a complete entry and refuses unknown actions and offset times', () => {
    expect(AuditEntrySchema.parse(entry)).toEqual(entry);
    expect(AuditEntrySchema.safeParse({ ...entry, action: 'case.delete' }).success).toBe(false);
    expect(AuditEntrySchema.safeParse({ ...entry, at: '2026-11-23T09:00:00+08:00' }).success).toBe(false);
    expect(AuditEntrySchema.safeParse({ ...entry, detail: { value: { nested: 1 } } }).success).toBe(false);
  });

  it('labels every action in Chinese', () => {
    for (const a of AUDIT_ACTIONS) expect(AUDIT_ACTION_LABELS[a]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('audit filters', () => {
  it('matches on staff, action and workstation together', () => {
    expect(matchesAuditFilter(entry, {})).toBe(true);
    expect(matchesAuditFilter(entry, { staffId: 'staff-1', action: 'document.print', workstationId: 'ws-1' })).toBe(true);
    expect(matchesAuditFilter(entry, { staffId: 'staff-2' })).toBe(false);
    expect(matchesAuditFilter(entry, { action: 'id.reveal' })).toBe(false);
    expect(matchesAuditFilter(entry, { workstationId: 'ws-2' })).toBe(false);
  });

  it('turns hall-local days into the UTC range of their instants', () => {
    // 2026-11-23 in Beijing runs from 2026-11-22T16:00Z to 2026-11-23T16:00Z.
    expect(auditInstantRange({ from: '2026-11-23', to: '2026-11-23' })).toEqual({
      fromAt: '2026-11-22T16:00:00.000Z',
      toAt: '2026-11-23T16:00:00.000Z',
    });
    expect(auditInstantRange({})).toEqual({});
    expect(() => auditInstantRange({ from: '23/11/2026' })).toThrow(RangeError);
  });
});
