import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@shared/domain/case/events';
import { foldEvents, type CaseState } from '@shared/domain/case/reducer';
import { appealText, toPrintableCase, type PrintMatterInput } from './view-model';

const CASE_ID = '0b8e3c1a-5f2d-4c7e-9a10-3d4f5e6a7b00';
const FULL_ID = '11010519491231002X';
const AGENT_ID = '440524188001010014';
const hall = { name: '呼家楼北社区党群服务中心', code: 'GL0301', phone: '010-65001234' };
const clerk = { id: 'staff-1', name: '王晓燕' };
const resident = { name: '张秀兰', document: { type: 'resident-id' as const, number: FULL_ID }, phone: '13812345678' };
const matter: PrintMatterInput = {
  code: 'SB-0102',
  name: '城乡居民基本医疗保险参保登记',
  legalBasis: '《中华人民共和国社会保险法》第二十五条',
  materials: [
    { id: 'm-id', name: '居民身份证原件' },
    { id: 'm-hukou', name: '户口簿原件及复印件' },
    { id: 'm-photo', name: '一寸照片' },
  ],
};

let seq = 0;
function ev<T extends CaseEvent['type']>(
  type: T,
  at: string,
  payload: Extract<CaseEvent, { type: T }>['payload'],
  extra: Partial<CaseEvent> = {},
): CaseEvent {
  seq += 1;
  return {
    id: `0b8e3c1a-5f2d-4c7e-9a10-3d4f5e6a7c${String(seq).padStart(2, '0')}`,
    caseId: CASE_ID,
    at,
    actor: 'staff-1',
    actorName: '王晓燕',
    workstationId: 'ws-1',
    hallCode: 'GL0301',
    type,
    payload,
    ...extra,
  } as CaseEvent;
}

function received(overrides: Partial<Extract<CaseEvent, { type: 'received' }>['payload']> = {}): CaseEvent {
  return ev('received', '2026-11-23T01:30:00.000Z', {
    caseNumber: 'GL0301-W02-20261123-0007',
    residentId: 'r-1',
    matterCode: 'SB-0102',
    matterName: '城乡居民基本医疗保险参保登记',
    triage: 'government',
    handling: 'promised',
    timeLimitDays: 10,
    channel: 'counter',
    ...overrides,
  });
}

function fold(events: CaseEvent[]): CaseState {
  const state = foldEvents(events);
  if (state === null) throw new Error('no case');
  return state;
}

describe('toPrintableCase', () => {
  it('masks the resident, agent and phone, and never carries a full ID number', () => {
    const events = [
      received({ agent: { name: '李建国', relation: '子女', document: { type: 'resident-id', number: AGENT_ID } } }),
      ev('accepted', '2026-11-23T01:42:00.000Z', { deadline: '2026-12-07', materialsPresent: ['m-id', 'm-hukou'] }),
    ];
    const p = toPrintableCase(fold(events), events, resident, matter, hall, clerk);

    expect(p.resident).toEqual({ name: '张秀兰', idTypeLabel: '居民身份证', maskedId: '110105********002X', maskedPhone: '138****5678' });
    expect(p.agent).toMatchObject({ name: '李建国', relation: '子女', maskedId: '440524********0014' });
    const json = JSON.stringify(p);
    expect(json).not.toContain(FULL_ID);
    expect(json).not.toContain(AGENT_ID);
    expect(json).not.toContain('13812345678');
  });

  it('builds the receipt from the acceptance: hall-local dates, deadline, material names and the clerk', () => {
    const events = [
      received(),
      ev('accepted', '2026-11-23T16:10:00.000Z', { deadline: '2026-12-08', materialsPresent: ['m-hukou', 'm-id'] }),
    ];
    const p = toPrintableCase(fold(events), events, resident, matter, hall, clerk);

    expect(p.caseNumber).toBe('GL0301-W02-20261123-0007');
    expect(p.receivedOn).toBe('2026-11-23');
    expect(p.matter).toEqual({
      code: 'SB-0102',
      name: '城乡居民基本医疗保险参保登记',
      legalBasis: '《中华人民共和国社会保险法》第二十五条',
      handling: 'promised',
      timeLimitDays: 10,
    });
    expect(p.acceptance).toEqual({
      acceptedAt: '2026-11-23T16:10:00.000Z',
      // 16:10 UTC is past midnight in Beijing.
      acceptedOn: '2026-11-24',
      deadline: '2026-12-08',
      materials: ['居民身份证原件', '户口簿原件及复印件'],
      clerkName: '王晓燕',
    });
    expect(p.notices).toEqual([]);
    expect(p.refusal).toBeUndefined();
  });

  it('lists materials supplied after a notice as handed in by acceptance, and keeps every notice as issued', () => {
    const events = [
      received(),
      ev('notice-issued', '2026-11-23T02:00:00.000Z', {
        missing: [
          { id: 'm-hukou', name: '户口簿原件及复印件' },
          { id: 'm-photo', name: '一寸照片' },
        ],
        legalBasis: '《中华人民共和国行政许可法》第三十二条',
        returnBy: '2026-11-30',
      }),
      ev('supplemented', '2026-11-25T02:00:00.000Z', { materialsProvided: ['m-hukou', 'm-photo'] }),
      ev('accepted', '2026-11-25T02:05:00.000Z', { deadline: '2026-12-09', materialsPresent: ['m-id'] }),
    ];
    const p = toPrintableCase(fold(events), events, resident, matter, hall, clerk);

    expect(p.notices).toEqual([
      {
        issuedOn: '2026-11-23',
        missing: ['户口簿原件及复印件', '一寸照片'],
        legalBasis: '《中华人民共和国行政许可法》第三十二条',
        returnBy: '2026-11-30',
        clerkName: '王晓燕',
      },
    ]);
    expect(p.acceptance?.materials).toEqual(['居民身份证原件', '户口簿原件及复印件', '一寸照片']);
  });

  it('orders materials as the catalogue lists them and prints an unknown id last rather than dropping it', () => {
    const events = [
      received(),
      ev('accepted', '2026-11-23T02:00:00.000Z', { deadline: '2026-12-07', materialsPresent: ['m-gone', 'm-photo', 'm-id'] }),
    ];
    const p = toPrintableCase(fold(events), events, resident, matter, hall, clerk);
    expect(p.acceptance?.materials).toEqual(['居民身份证原件', '一寸照片', 'm-gone']);
  });

  it('maps a deferral with its promise and due date', () => {
    const events = [
      received(),
      ev('accepted-with-deferral', '2026-11-23T02:00:00.000Z', {
        deadline: '2026-12-07',
        materialsPresent: ['m-id'],
        deferred: [{ id: 'm-photo', name: '一寸照片' }],
        promiseText: '本人承诺按期补齐。',
        dueDate: '2026-11-27',
      }),
    ];
    const p = toPrintableCase(fold(events), events, resident, matter, hall, clerk);
    expect(p.deferral).toEqual({
      acceptedOn: '2026-11-23',
      deadline: '2026-12-07',
      deferred: ['一寸照片'],
      promiseText: '本人承诺按期补齐。',
      dueDate: '2026-11-27',
      clerkName: '王晓燕',
    });
    expect(p.acceptance?.materials).toEqual(['居民身份证原件']);
  });

  it('wraps a bare review body in the standard appeal sentence, and keeps a full sentence as written', () => {
    const refuse = (appealRoute: string) => {
      const events = [
        received(),
        ev('refused', '2026-11-23T03:00:00.000Z', {
          reason: '不符合参保条件',
          referTo: { office: '朝阳区医疗保障局', phone: '010-65099999' },
          appealRoute,
        }),
      ];
      return toPrintableCase(fold(events), events, resident, matter, hall, clerk).refusal;
    };

    const bare = refuse('北京市朝阳区人民政府');
    expect(bare).toEqual({
      refusedOn: '2026-11-23',
      reason: '不符合参保条件',
      referTo: { office: '朝阳区医疗保障局', phone: '010-65099999' },
      appealText: appealText('北京市朝阳区人民政府'),
      clerkName: '王晓燕',
    });
    expect(bare?.appealText).toContain('六十日内向北京市朝阳区人民政府申请行政复议');
    expect(bare?.appealText).toContain('六个月内依法向人民法院提起行政诉讼');

    const sentence = '如不服本决定，可在六十日内向区人民政府申请行政复议，也可在六个月内提起行政诉讼。';
    expect(refuse(sentence)?.appealText).toBe(sentence);
  });

  it('maps a referral of a private matter without a catalogue entry', () => {
    const events = [
      received({ matterCode: 'PRIVATE', matterName: '邻里纠纷咨询', triage: 'private', handling: 'immediate', timeLimitDays: 0 }),
      ev('referred', '2026-11-23T02:10:00.000Z', { place: '社区人民调解委员会', phone: '010-65005678', note: '先行调解' }),
    ];
    const p = toPrintableCase(fold(events), events, resident, undefined, hall, clerk);
    expect(p.matter).toEqual({ code: 'PRIVATE', name: '邻里纠纷咨询', handling: 'immediate', timeLimitDays: 0 });
    expect(p.referral).toEqual({ referredOn: '2026-11-23', place: '社区人民调解委员会', phone: '010-65005678', note: '先行调解', clerkName: '王晓燕' });
    expect(p.acceptance).toBeUndefined();
  });

  it('ignores an event the reducer rejected, so it never reaches paper', () => {
    const events = [
      received(),
      ev('accepted', '2026-11-23T02:00:00.000Z', { deadline: '2026-12-07', materialsPresent: ['m-id'] }),
      // Arrives from another workstation after acceptance: illegal, kept in state.rejected.
      ev('refused', '2026-11-23T03:00:00.000Z', { reason: '重复申请', referTo: { office: '别处' }, appealRoute: '区人民政府' }),
    ];
    const state = fold(events);
    expect(state.rejected).toHaveLength(1);
    const p = toPrintableCase(state, events, resident, matter, hall, clerk);
    expect(p.refusal).toBeUndefined();
    expect(p.acceptance).toBeDefined();
  });

  it('names the clerk who did it, falling back to the printing clerk or the staff id', () => {
    const { actorName: _, ...noName } = received() as CaseEvent & { actorName?: string };
    const events = [
      noName as CaseEvent,
      ev('accepted', '2026-11-23T02:00:00.000Z', { deadline: '2026-12-07', materialsPresent: [] }, { actor: 'staff-9', actorName: undefined }),
    ];
    const p = toPrintableCase(fold(events), events, resident, matter, hall, clerk);
    expect(p.acceptance?.clerkName).toBe('staff-9');
    expect(p.clerk).toEqual({ name: '王晓燕' });

    const own = [received(), ev('accepted', '2026-11-23T02:00:00.000Z', { deadline: '2026-12-07', materialsPresent: [] }, { actorName: undefined })];
    expect(toPrintableCase(fold(own), own, resident, matter, hall, clerk).acceptance?.clerkName).toBe('王晓燕');
  });

  it('marks a cancelled case and records the completion date of a finished one', () => {
    const done = [
      received({ handling: 'immediate', timeLimitDays: 0 }),
      ev('accepted', '2026-11-23T02:00:00.000Z', { materialsPresent: ['m-id'] }),
      ev('completed', '2026-11-23T02:20:00.000Z', {}),
    ];
    const finished = toPrintableCase(fold(done), done, resident, matter, hall, clerk);
    expect(finished.acceptance?.completedOn).toBe('2026-11-23');
    expect(finished.acceptance?.deadline).toBeUndefined();
    expect(finished.cancellation).toBeUndefined();

    const cancelled = [received(), ev('cancelled', '2026-11-23T02:00:00.000Z', { reason: '录入错误' })];
    expect(toPrintableCase(fold(cancelled), cancelled, resident, matter, hall, clerk).cancellation).toEqual({ reason: '录入错误' });
  });
});
