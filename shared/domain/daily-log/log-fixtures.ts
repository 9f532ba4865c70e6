import { fixtureId } from '../case/event-fixtures';
import type { CaseEvent, CaseEventPayload, CaseEventType, RatingLevel, TriageClass } from '../case/events';
import { residentLabelOf, type ResidentLabel } from '../resident-label';

/**
 * Days of hall work as case events, for the daily-log and hall-board tests: each case follows one of the paths a
 * counter really takes (on-the-spot, 补正 and back, 容缺, forwarded to a department, refused, referred, withdrawn),
 * with every time given explicitly so tests can put events on either side of a day's end.
 */

export const HALL = { code: 'GL0301', name: '光明街道第三社区党群服务中心' };

export const CLERKS = [
  { id: 'staff-li', name: '李娜', workstationId: 'ws-1', code: 'W01' },
  { id: 'staff-wang', name: '王芳', workstationId: 'ws-2', code: 'W02' },
  { id: 'staff-zhang', name: '张伟', workstationId: 'ws-3', code: 'W03' },
] as const;

export type Clerk = (typeof CLERKS)[number];

export const RESIDENTS: Record<string, { name: string; document: { number: string } }> = {
  'resident-1': { name: '王秀英', document: { number: '11010519491231002X' } },
  'resident-2': { name: '欧阳明', document: { number: '110105195003070026' } },
  'resident-3': { name: '陈建国', document: { number: '440524188001010014' } },
};

/** The residents as the store hands them to the log: masked labels only. */
export const residentLookup = (id: string): ResidentLabel | undefined => {
  const resident = RESIDENTS[id];
  return resident === undefined ? undefined : residentLabelOf(resident);
};

export type CasePath =
  | 'on-the-spot'
  | 'completed-later'
  | 'notice-then-done'
  | 'notice-pending'
  | 'notice-cancelled'
  | 'deferral-then-done'
  | 'deferral-pending'
  | 'forwarded-done'
  | 'promised-open'
  | 'refused'
  | 'referred';

export const CASE_PATHS: readonly CasePath[] = [
  'on-the-spot',
  'completed-later',
  'notice-then-done',
  'notice-pending',
  'notice-cancelled',
  'deferral-then-done',
  'deferral-pending',
  'forwarded-done',
  'promised-open',
  'refused',
  'referred',
];

export type CaseSpec = {
  /** Index used for ids and the case number; unique per case in a test. */
  n: number;
  path: CasePath;
  /** UTC instant of the received event. */
  receivedAt: string;
  clerk: Clerk;
  /** Clerk of the follow-up steps (another counter may finish the case). */
  laterClerk?: Clerk;
  /** Minutes between consecutive steps; steps past the list reuse the last value. */
  gaps?: number[];
  rating?: { level: RatingLevel; reason?: string };
  residentId?: string;
  /** 承诺件 deadline written at acceptance. */
  deadline?: string;
};

function hallDateCompact(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The events of one case, oldest first. */
export function caseEvents(spec: CaseSpec): CaseEvent[] {
  const caseId = fixtureId(1_000_000 + spec.n);
  const later = spec.laterClerk ?? spec.clerk;
  let ms = Date.parse(spec.receivedAt);
  let step = 0;
  let eventNo = 0;
  const events: CaseEvent[] = [];
  const push = <T extends CaseEventType>(type: T, payload: CaseEventPayload<T>, by: Clerk) => {
    if (events.length > 0) {
      const gaps = spec.gaps ?? [1];
      ms += (gaps[Math.min(step, gaps.length - 1)] ?? 1) * 60_000;
      step += 1;
    }
    events.push({
      id: fixtureId(spec.n * 100 + eventNo++),
      caseId,
      at: new Date(ms).toISOString(),
      actor: by.id,
      actorName: by.name,
      workstationId: by.workstationId,
      hallCode: HALL.code,
      type,
      payload,
    } as CaseEvent);
  };
  const promised = ['completed-later', 'forwarded-done', 'promised-open', 'deferral-then-done', 'deferral-pending'].includes(spec.path);
  const triage: TriageClass = spec.path === 'referred' ? 'private' : spec.n % 3 === 1 ? 'community' : 'government';
  push(
    'received',
    {
      caseNumber: `${HALL.code}-${spec.clerk.code}-${hallDateCompact(spec.receivedAt)}-${String(spec.n % 10_000 || 1).padStart(4, '0')}`,
      residentId: spec.residentId ?? `resident-${(spec.n % 3) + 1}`,
      matterCode: promised ? 'MZ-001' : 'RS-005',
      matterName: promised ? '最低生活保障申请受理' : '就业创业证申领',
      triage,
      handling: promised ? 'promised' : 'immediate',
      timeLimitDays: promised ? 5 : 0,
      channel: 'counter',
    },
    spec.clerk,
  );
  const deadline = promised ? { deadline: spec.deadline ?? '2026-11-27' } : {};
  const rate = (by: Clerk) => {
    if (spec.rating) push('rated', spec.rating.reason !== undefined ? { level: spec.rating.level, reason: spec.rating.reason } : { level: spec.rating.level }, by);
  };
  const missing = [{ id: 'hukou', name: '户口簿' }];
  switch (spec.path) {
    case 'on-the-spot':
      push('accepted', { materialsPresent: ['id-card'] }, spec.clerk);
      push('completed', { resultNote: '当场办结' }, spec.clerk);
      rate(spec.clerk);
      break;
    case 'completed-later':
    case 'promised-open':
      push('accepted', { ...deadline, materialsPresent: ['id-card'] }, spec.clerk);
      if (spec.path === 'completed-later') {
        push('completed', {}, later);
        rate(later);
      }
      break;
    case 'notice-then-done':
    case 'notice-pending':
    case 'notice-cancelled':
      push('notice-issued', { missing, legalBasis: '《行政许可法》第三十二条', returnBy: '2026-12-04' }, spec.clerk);
      if (spec.path === 'notice-then-done') {
        push('supplemented', { materialsProvided: ['hukou'] }, later);
        push('accepted', { materialsPresent: ['id-card', 'hukou'] }, later);
        push('completed', {}, later);
        rate(later);
      } else if (spec.path === 'notice-cancelled') {
        push('cancelled', { reason: '申请人逾期未补正' }, later);
      }
      break;
    case 'deferral-then-done':
    case 'deferral-pending':
      push(
        'accepted-with-deferral',
        { ...deadline, materialsPresent: ['id-card'], deferred: [{ id: 'photo', name: '照片' }], promiseText: '本人承诺补交照片', dueDate: '2026-11-24' },
        spec.clerk,
      );
      if (spec.path === 'deferral-then-done') {
        push('supplemented', { materialsProvided: ['photo'] }, later);
        push('completed', {}, later);
        rate(later);
      }
      break;
    case 'forwarded-done':
      push('accepted', { ...deadline, materialsPresent: ['id-card'] }, spec.clerk);
      push('forwarded', { department: '民政科' }, spec.clerk);
      push('returned', { department: '民政科', outcome: 'result' }, later);
      push('completed', {}, later);
      rate(later);
      break;
    case 'refused':
      push('refused', { reason: '不属于受理范围', referTo: { office: '区政务服务中心' }, appealRoute: '六十日内申请行政复议' }, spec.clerk);
      rate(spec.clerk);
      break;
    case 'referred':
      push('referred', { place: '街道司法所', phone: '12348' }, spec.clerk);
      rate(spec.clerk);
      break;
  }
  return events;
}
