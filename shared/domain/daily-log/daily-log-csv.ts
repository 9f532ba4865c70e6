import { HANDLING_SHORT_LABELS, STATUS_LABELS, TRIAGE_LABELS } from './daily-log-labels';
import type { DailyLog } from './daily-log';

/**
 * The daily log's case list as CSV, for Excel (which most halls use for their own 台账):
 *  - UTF-8 with a byte-order mark: without it Excel on Chinese Windows reads the file as GBK and shows mojibake;
 *  - CRLF line ends and RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted, quotes doubled);
 *  - formula injection guarded (OWASP "CSV Injection"): a cell starting with = + - @ (or tab/CR, which Excel
 *    also strips before evaluating) gets a leading single quote, so a resident-typed 事项 or 姓名 can never run
 *    as a formula. Numbers this module writes are never negative, so none is altered by the guard.
 * Names and ID numbers are masked, as on the printed log.
 */

export const CSV_BOM = '\uFEFF';

export const DAILY_LOG_CSV_COLUMNS = [
  '序号',
  '受理时间',
  '办件编号',
  '窗口',
  '居民姓名',
  '证件号码',
  '代办',
  '事项编码',
  '事项名称',
  '分类',
  '办理方式',
  '办理结果',
  '最多跑一次',
  '窗口人员',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number): string {
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly (string | number)[]): string {
  return cells.map(csvCell).join(',');
}

/** The whole file, BOM first; every line (the last too) ends with CRLF. */
export function dailyLogCsv(log: DailyLog): string {
  const lines = [csvRow(DAILY_LOG_CSV_COLUMNS)];
  log.cases.forEach((c, i) => {
    lines.push(
      csvRow([
        i + 1,
        `${log.date} ${c.time}`,
        c.caseNumber,
        c.workstationCode ?? '',
        c.residentName,
        c.residentDocument,
        c.byAgent ? '是' : '否',
        c.matterCode,
        c.matterName,
        TRIAGE_LABELS[c.triage],
        HANDLING_SHORT_LABELS[c.handling],
        STATUS_LABELS[c.status],
        c.oneVisit ? '是' : '否',
        c.clerkName,
      ]),
    );
  });
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

/** `工作日志-GL0301-2026-11-23.csv`, with the shift and counter when filtered. */
export function dailyLogFileName(log: DailyLog, extension: 'csv' | 'pdf'): string {
  const parts = ['工作日志', log.hall.code, log.date];
  if (log.shift !== undefined) parts.push(`${log.shift.from}-${log.shift.to}`.replaceAll(':', ''));
  if (log.workstation !== undefined) parts.push(log.workstation.code ?? log.workstation.id.slice(0, 8));
  return `${parts.join('-')}.${extension}`;
}
