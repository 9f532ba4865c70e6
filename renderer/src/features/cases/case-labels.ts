import type { CaseEvent, CaseEventType, RatingLevel } from '@shared/domain/case/events';
import { RATING_LABELS } from '@shared/domain/case/events';
import type { QueueTag } from '@shared/domain/case/overdue';
import type { CaseStatus } from '@shared/domain/case/reducer';
import { HANDLING_LABELS, TRIAGE_CLASS_LABELS } from '@shared/domain/catalogue/matter';

/** The Chinese words the counter uses for case states and events. */

export const STATUS_LABELS: Record<CaseStatus, string> = {
  received: '已收件（待受理）',
  'awaiting-supplement': '待补正',
  accepted: '已受理',
  deferred: '容缺受理（待补材料）',
  forwarded: '已转办',
  completed: '已办结',
  refused: '不予受理',
  referred: '已引导（首问负责）',
  cancelled: '已撤销',
};

export const EVENT_LABELS: Record<CaseEventType, string> = {
  received: '收件登记',
  accepted: '受理',
  'notice-issued': '出具一次性告知书',
  supplemented: '补正材料',
  'accepted-with-deferral': '容缺受理',
  refused: '不予受理',
  referred: '引导登记（首问负责）',
  forwarded: '转办',
  returned: '部门退回/办理结果',
  completed: '办结',
  rated: '评价',
  cancelled: '撤销',
};

/** Text for each queue tag: the work queue shows words as well as colours, never colour alone. */
export const QUEUE_TAG_LABELS: Record<QueueTag, string> = {
  overdue: '超期',
  'due-soon': '临期（1个工作日内到期）',
  'deadline-unknown': '期限无法计算',
  'supplement-lapsed': '补正逾期',
  'supplement-pending': '待补正',
  'deferral-overdue': '容缺材料逾期',
  'deferral-due': '容缺材料临期',
};

export const QUEUE_TAG_TONE: Record<QueueTag, 'danger' | 'warning' | 'info'> = {
  overdue: 'danger',
  'due-soon': 'warning',
  'deadline-unknown': 'warning',
  'supplement-lapsed': 'danger',
  'supplement-pending': 'info',
  'deferral-overdue': 'danger',
  'deferral-due': 'warning',
};

export const RATING_ORDER: readonly RatingLevel[] = ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied'];

/** `2026-10-12` → `2026年10月12日`. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** A UTC instant as hall-local `YYYY-MM-DD HH:mm` (Beijing time, like every date the counter shows). */
export function hallTime(instant: string): string {
  const ms = Date.parse(instant) + 8 * 3600_000;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** One line describing what an event recorded, for the case timeline. Typed text is returned as text, never markup. */
export function eventDetail(event: CaseEvent): string {
  switch (event.type) {
    case 'received': {
      const p = event.payload;
      const agent = p.agent ? `；代办人：${p.agent.name}（${p.agent.relation}）` : '';
      return `${p.matterName}（${p.matterCode}，${TRIAGE_CLASS_LABELS[p.triage]}，${HANDLING_LABELS[p.handling]}${
        p.handling === 'promised' ? ` ${p.timeLimitDays} 个工作日` : ''
      }）${agent}`;
    }
    case 'accepted':
      return event.payload.deadline ? `承诺办结日期 ${chineseDate(event.payload.deadline)}` : '即办件';
    case 'notice-issued':
      return `缺：${event.payload.missing.map((m) => m.name).join('、')}；请于 ${chineseDate(event.payload.returnBy)} 前补正；依据：${event.payload.legalBasis}`;
    case 'supplemented':
      return `补交 ${event.payload.materialsProvided.length} 项材料`;
    case 'accepted-with-deferral':
      return `容缺：${event.payload.deferred.map((m) => m.name).join('、')}；承诺 ${chineseDate(event.payload.dueDate)} 前补交${
        event.payload.deadline ? `；承诺办结日期 ${chineseDate(event.payload.deadline)}` : ''
      }`;
    case 'refused':
      return `理由：${event.payload.reason}；请往：${event.payload.referTo.office}${event.payload.referTo.phone ? `（${event.payload.referTo.phone}）` : ''}`;
    case 'referred':
      return `引导至：${event.payload.place}${event.payload.phone ? `（${event.payload.phone}）` : ''}${event.payload.note ? `；${event.payload.note}` : ''}`;
    case 'forwarded':
      return `转至：${event.payload.department}${event.payload.note ? `；${event.payload.note}` : ''}`;
    case 'returned':
      return `${event.payload.department}：${event.payload.outcome === 'result' ? '办理结果' : '退回'}${event.payload.note ? `；${event.payload.note}` : ''}`;
    case 'completed':
      return event.payload.resultNote ?? '';
    case 'rated':
      return `${RATING_LABELS[event.payload.level]}${event.payload.reason ? `；原因：${event.payload.reason}` : ''}`;
    case 'cancelled':
      return `原因：${event.payload.reason}`;
  }
}
