import type { CaseEvent, CaseEventEnvelope, CaseEventPayload, CaseEventType } from './events';

/**
 * Builders for case events in tests (this folder's and other layers'). Deterministic: ids come from a counter
 * and times from a fixed start plus one minute per event, unless overridden.
 */

export const FIXTURE_CASE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

export function fixtureId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const DEFAULT_PAYLOADS: { [T in CaseEventType]: CaseEventPayload<T> } = {
  received: {
    caseNumber: 'GL0301-W01-20261123-0001',
    residentId: 'resident-1',
    matterCode: 'MZ-001',
    matterName: '城乡居民最低生活保障申请',
    triage: 'government',
    handling: 'promised',
    timeLimitDays: 5,
    channel: 'counter',
  },
  accepted: { deadline: '2026-11-30', materialsPresent: ['m1'] },
  'notice-issued': { missing: [{ id: 'm2', name: '户口簿' }], legalBasis: '《行政许可法》第三十二条', returnBy: '2026-12-07' },
  supplemented: { materialsProvided: ['m2'] },
  'accepted-with-deferral': {
    deadline: '2026-11-30',
    materialsPresent: ['m1'],
    deferred: [{ id: 'm3', name: '收入证明' }],
    promiseText: '本人承诺于 2026-11-27 前补交收入证明',
    dueDate: '2026-11-27',
  },
  refused: {
    reason: '不属于本大厅受理范围',
    referTo: { office: '区社保中心', address: '人民路 1 号', phone: '12345' },
    appealRoute: '可于六十日内向区人民政府申请行政复议',
  },
  referred: { place: '街道司法所', phone: '12348' },
  forwarded: { department: '民政科', note: '请审核' },
  returned: { department: '民政科', outcome: 'result', note: '审核通过' },
  completed: { resultNote: '已办结' },
  rated: { level: 'satisfied' },
  cancelled: { reason: '申请人撤回' },
};

export type FixtureOptions = {
  caseId?: string;
  workstationId?: string;
  actor?: string;
  hallCode?: string;
  /** UTC instant of the first event. */
  start?: string;
};

export type CaseEventBuilder = <T extends CaseEventType>(
  type: T,
  payload?: Partial<CaseEventPayload<T>>,
  envelope?: Partial<CaseEventEnvelope>,
) => Extract<CaseEvent, { type: T }>;

/** Returns `ev(type, payloadOverrides?, envelopeOverrides?)`; each call gets the next id and a minute later. */
export function caseEventBuilder(options: FixtureOptions = {}, firstId = 1): CaseEventBuilder {
  let n = firstId;
  const startMs = Date.parse(options.start ?? '2026-11-23T01:00:00.000Z');
  let minute = 0;
  return (type, payload, envelope) => {
    const id = fixtureId(n++);
    const at = new Date(startMs + minute++ * 60_000).toISOString();
    return {
      id,
      caseId: options.caseId ?? FIXTURE_CASE_ID,
      at,
      actor: options.actor ?? 'staff-1',
      workstationId: options.workstationId ?? 'ws-1',
      hallCode: options.hallCode ?? 'GL0301',
      ...envelope,
      type,
      payload: { ...DEFAULT_PAYLOADS[type], ...payload },
    } as unknown as Extract<CaseEvent, { type: typeof type }>;
  };
}
