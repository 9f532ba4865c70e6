import { describe, expect, it } from 'vitest';
import type { DailyLog } from '@shared/domain/daily-log/daily-log';
import { AuditEntrySchema } from '@shared/domain/staff/audit-entry';
import { dailyLogAudit } from './daily-log-audit';

const log = (extra: Partial<DailyLog>) => ({ date: '2026-11-20', ...extra }) as DailyLog;

describe('dailyLogAudit', () => {
  it('names the day, and the shift and counter as codes; an export also its format', () => {
    expect(dailyLogAudit(log({}), { action: 'daily-log.print' })).toEqual({
      action: 'daily-log.print',
      target: { type: 'daily-log', id: '2026-11-20', label: '2026-11-20' },
      detail: { shift: 'all', counter: 'all' },
    });
    const narrowed = dailyLogAudit(log({ shift: { label: '上午班', from: '08:30', to: '12:00' }, workstation: { id: 'ws-2', code: 'W02' } }), { action: 'daily-log.export', format: 'csv' });
    expect(narrowed.detail).toEqual({ shift: '08:30-12:00', counter: 'W02', format: 'csv' });
    // It fits the audit row the store writes.
    const entry = { id: '00000000-0000-4000-8000-000000000001', at: '2026-11-23T01:00:00.000Z', hallCode: 'GL0301', workstationId: 'ws-1', staffId: 's1', ...narrowed };
    expect(AuditEntrySchema.safeParse(entry).success).toBe(true);
  });
});
