import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@shared/domain/staff/audit-entry';
import { auditDetailText, hallDateTime } from './audit-format';

const base: AuditEntry = {
  id: '00000000-0000-4000-8000-000000000001',
  at: '2026-11-23T01:00:00.000Z',
  hallCode: 'GL0301',
  workstationId: 'ws-1',
  staffId: 's1',
  action: 'case.create',
  target: { type: 'case', id: 'c1' },
};

describe('audit rows in words', () => {
  it('names events, fields and documents in Chinese, and drops derived search keys', () => {
    expect(auditDetailText({ ...base, detail: { events: 'received,accepted,completed' } })).toBe('收件、受理、办结');
    expect(auditDetailText({ ...base, action: 'resident.change', detail: { fields: 'phone,phoneTail,updatedAt' } })).toBe('联系电话');
    expect(auditDetailText({ ...base, action: 'document.print', detail: { document: 'receipt' } })).toBe('受理回执');
    expect(auditDetailText({ ...base, action: 'settings.change', detail: { setting: 'idleLockMinutes', from: 5, to: 10 } })).toBe('自动锁屏：5 分钟 → 10 分钟');
    expect(auditDetailText({ ...base, action: 'id.reveal' })).toBe('');
    expect(auditDetailText({ ...base, action: 'daily-log.print', detail: { shift: 'all', counter: 'all' } })).toBe('全天 · 全部窗口');
    expect(auditDetailText({ ...base, action: 'daily-log.export', detail: { shift: '08:30-12:00', counter: 'W02', format: 'csv' } })).toBe('08:30–12:00 · 窗口 W02 · CSV');
  });

  it('shows hall time', () => {
    expect(hallDateTime('2026-11-23T16:30:05.000Z')).toBe('2026-11-24 00:30:05');
  });
});
