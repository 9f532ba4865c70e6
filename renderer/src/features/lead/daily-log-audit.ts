import type { DailyLog } from '@shared/domain/daily-log/daily-log';
import type { AuditDraft } from '../../store/audit';

/** What went out: printed (dialog or default printer), or saved as a file. */
export type DailyLogOutput = { action: 'daily-log.print' } | { action: 'daily-log.export'; format: 'pdf' | 'csv' };

/** Detail values when the log is not narrowed: the whole day, every counter. */
export const WHOLE_DAY = 'all';
export const EVERY_COUNTER = 'all';

/**
 * The audit row of a daily log leaving the screen (it lists residents, masked, and the staff's figures): the
 * day as target, and codes for what it covered — the shift as `HH:mm-HH:mm` (or `all`), the counter's code (or
 * `all`) — which the audit view turns into words (features/audit/audit-format.ts).
 */
export function dailyLogAudit(log: DailyLog, output: DailyLogOutput): AuditDraft {
  return {
    action: output.action,
    target: { type: 'daily-log', id: log.date, label: log.date },
    detail: {
      shift: log.shift ? `${log.shift.from}-${log.shift.to}` : WHOLE_DAY,
      counter: log.workstation ? (log.workstation.code ?? log.workstation.id.slice(0, 8)) : EVERY_COUNTER,
      ...(output.action === 'daily-log.export' ? { format: output.format } : {}),
    },
  };
}
