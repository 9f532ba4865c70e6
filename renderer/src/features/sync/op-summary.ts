import type { CaseEventType } from '@shared/domain/case/events';
import { RESIDENT_FIELD_LABELS } from '@shared/domain/resident';
import { AUDIT_ACTION_LABELS } from '@shared/domain/staff/audit-entry';
import type { OutboxOp } from '@shared/sync/protocol';

/**
 * One line per outbox op for the sync page. Names no resident and shows no ID number or phone: the line says
 * what kind of record it is, which case, and which resident fields, which is what a lead needs to find it.
 */

const EVENT_WORDS: Record<CaseEventType, string> = {
  received: '收件登记',
  accepted: '受理',
  'notice-issued': '一次性告知',
  supplemented: '补正材料',
  'accepted-with-deferral': '容缺受理',
  refused: '不予受理',
  referred: '引导登记',
  forwarded: '转办',
  returned: '部门退回',
  completed: '办结',
  rated: '评价',
  cancelled: '撤销',
};

/** Field codes a row or op may name; unknown ones (a newer build's) are shown as they are. */
const FIELD_WORDS: Readonly<Record<string, string>> = RESIDENT_FIELD_LABELS;

export function opSummary(op: OutboxOp): string {
  if (op.kind === 'case-event') {
    const e = op.payload;
    const number = e.type === 'received' ? e.payload.caseNumber : `办件 ${e.caseId.slice(0, 8)}`;
    return `${EVENT_WORDS[e.type]} · ${number}`;
  }
  if (op.kind === 'audit') return `操作记录 · ${AUDIT_ACTION_LABELS[op.payload.action]}`;
  if (op.kind === 'shift') return `班次 · ${op.payload.staffName}${op.payload.endedAt === undefined ? '上班' : '下班'}`;
  if (op.kind === 'handover') return `交接班记录 · ${op.payload.staffName}${op.payload.acknowledgedByName === undefined ? '交班' : `（${op.payload.acknowledgedByName}确认接班）`}`;
  const words = Object.keys(op.payload.fields)
    .map((f) => FIELD_WORDS[f])
    .filter((w): w is string => w !== undefined);
  const isNew = op.payload.base === undefined;
  return `${isNew ? '登记居民' : '修改居民信息'}${words.length > 0 ? `（${[...new Set(words)].join('、')}）` : ''}`;
}
