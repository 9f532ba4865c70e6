import type { CaseEventType } from '@shared/domain/case/events';
import { RESIDENT_FIELD_LABELS } from '@shared/domain/resident';
import { STAFF_ROLE_LABELS, type StaffRole } from '@shared/domain/staff/roles';
import type { AuditEntry } from '@shared/domain/staff/audit-entry';
import { CASE_DOCUMENT_TITLES, type CaseDocumentKind } from '../../ui/documents/CaseDocument';

/**
 * How an audit row reads in the lead's list. Rows hold codes (event types, field names, document kinds), never
 * values; this turns the codes into words and leaves anything unknown (a newer build's code) as it is.
 */

const EVENT_WORDS: Record<CaseEventType, string> = {
  received: '收件',
  accepted: '受理',
  'notice-issued': '一次性告知',
  supplemented: '补正',
  'accepted-with-deferral': '容缺受理',
  refused: '不予受理',
  referred: '引导',
  forwarded: '转办',
  returned: '退回',
  completed: '办结',
  rated: '评价',
  cancelled: '撤销',
};

/** Field codes a row or op may name; unknown ones (a newer build's) are shown as they are. */
const FIELD_WORDS: Readonly<Record<string, string>> = RESIDENT_FIELD_LABELS;

function words(list: string | number | undefined, dictionary: Record<string, string>): string {
  if (list === undefined) return '';
  const seen = new Set<string>();
  for (const code of String(list).split(',')) {
    // Derived search keys (phoneTail, nameInitials, updatedAt) follow their field; they are not news.
    const word = dictionary[code];
    if (word !== undefined) seen.add(word);
  }
  return [...seen].join('、');
}

export function auditDetailText(entry: AuditEntry): string {
  const d = entry.detail ?? {};
  switch (entry.action) {
    case 'case.create':
    case 'case.change':
      return words(d.events, EVENT_WORDS);
    case 'resident.change':
      return words(d.fields, FIELD_WORDS);
    case 'document.print':
    case 'document.export':
      return typeof d.document === 'string' && d.document in CASE_DOCUMENT_TITLES ? CASE_DOCUMENT_TITLES[d.document as CaseDocumentKind] : String(d.document ?? '');
    case 'staff.create':
      return typeof d.role === 'string' && d.role in STAFF_ROLE_LABELS ? STAFF_ROLE_LABELS[d.role as StaffRole] : '';
    case 'settings.change':
      return d.setting === 'idleLockMinutes' ? `自动锁屏：${d.from} 分钟 → ${d.to} 分钟` : String(d.setting ?? '');
    case 'daily-log.print':
    case 'daily-log.export': {
      // Codes from features/lead/daily-log-audit.ts: `all`, a shift `HH:mm-HH:mm`, a counter code, a file format.
      const shift = d.shift === 'all' ? '全天' : String(d.shift ?? '').replace('-', '–');
      const counter = d.counter === 'all' ? '全部窗口' : `窗口 ${String(d.counter ?? '')}`;
      const format = d.format === 'pdf' ? 'PDF' : d.format === 'csv' ? 'CSV' : undefined;
      return [shift, counter, format].filter((p) => p !== undefined && p !== '').join(' · ');
    }
    case 'auth.lockout':
      return d.failures !== undefined ? `连续输错 ${d.failures} 次` : '';
    default:
      return '';
  }
}

/** `YYYY-MM-DD HH:mm:ss` in hall time (UTC+8 all year, see shared/domain/case/hall-date.ts). */
export function hallDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
