import type { CaseEvent } from '@shared/domain/case/events';
import { foldEvents } from '@shared/domain/case/reducer';
import type { CaseDocumentKind } from './CaseDocument';
import { toPrintableCase, type PrintableCase, type PrintableHall, type PrintMatterInput, type PrintResidentInput } from './view-model';

/**
 * Made-up cases for the print preview page and the print e2e: each goes through the real reducer and
 * `toPrintableCase`, so what the tests read off the PDF is what the counter would print. No real person's data:
 * the ID numbers are the specimen numbers of GB 11643.
 */

export const DOCUMENT_KINDS: readonly CaseDocumentKind[] = ['receipt', 'notice', 'deferral', 'refusal', 'referral'];
type DocumentKind = CaseDocumentKind;

export const FIXTURE_HALL: PrintableHall = {
  name: '朝阳区呼家楼街道呼家楼北社区党群服务中心',
  code: 'GL0301',
  address: '北京市朝阳区呼家楼北街5号',
  phone: '010-65001234',
};

export const FIXTURE_CLERK = { id: 'staff-007', name: '王晓燕' };

export const FIXTURE_RESIDENT_ID = '11010519491231002X';
export const FIXTURE_AGENT_ID = '440524188001010014';
export const FIXTURE_PHONE = '13812345678';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
/** 200 characters without a space to break at. */
export const LONG_NAME = '欧阳'.repeat(50) + 'Wolfeschlegelsteinhausenbergerdorff'.repeat(3).slice(0, 100);
export const RARE_TEXT = '吉𠮷 𡈼 刘䶮 😀👍';

export const FIXTURE_MATTER: PrintMatterInput = {
  code: 'SB-0102',
  name: '城乡居民基本医疗保险参保登记',
  legalBasis: '《中华人民共和国社会保险法》第二十五条',
  materials: [
    { id: 'm-idcard', name: '居民身份证原件' },
    { id: 'm-hukou', name: '户口簿原件及复印件' },
    { id: 'm-photo', name: '近期一寸免冠彩色照片2张' },
    { id: 'm-bank', name: '社会保障卡或银行卡复印件' },
    { id: 'm-residence', name: '居住证明（租房合同或房产证复印件）' },
    { id: 'm-form', name: '《参保登记表》（申请人签字）' },
  ],
};

export const FIXTURE_NOTICE_MISSING = ['户口簿原件及复印件', '近期一寸免冠彩色照片2张', '社会保障卡或银行卡复印件', '居住证明（租房合同或房产证复印件）'];
export const FIXTURE_DEFERRED = ['近期一寸免冠彩色照片2张', '《参保登记表》（申请人签字）'];
export const FIXTURE_CASE_NUMBER = 'GL0301-W02-20261123-0007';

const CASE_ID = '3f1b6c2e-8d4a-4f0b-9a51-0c7e2d9b1a00';

export const FIXTURE_VARIANTS = ['plain', 'hostile', 'long'] as const;
/** plain: an ordinary case; hostile: markup, rare characters and emoji in typed text; long: 200-character name. */
export type FixtureVariant = (typeof FIXTURE_VARIANTS)[number];

const LONG_TEXT = 'https://example.invalid/' + 'a'.repeat(180);

function material(id: string) {
  const m = FIXTURE_MATTER.materials?.find((x) => x.id === id);
  if (!m) throw new Error(`fixture material ${id} missing`);
  return m;
}

function eventsFor(kind: DocumentKind, v: FixtureVariant): CaseEvent[] {
  let n = 0;
  const base = (at: string) => {
    n += 1;
    return {
      id: `3f1b6c2e-8d4a-4f0b-9a51-0c7e2d9b1a${String(n).padStart(2, '0')}`,
      caseId: CASE_ID,
      at,
      actor: FIXTURE_CLERK.id,
      actorName: FIXTURE_CLERK.name,
      workstationId: 'ws-02',
      hallCode: FIXTURE_HALL.code,
    };
  };
  const note = (text: string) =>
    v === 'hostile' ? `${text} ${HOSTILE_NAME} ${RARE_TEXT}` : v === 'long' ? `${text}${LONG_TEXT}` : text;
  const received = (triage: 'government' | 'private'): CaseEvent => ({
    ...base('2026-11-23T01:30:00.000Z'),
    type: 'received',
    payload: {
      caseNumber: FIXTURE_CASE_NUMBER,
      residentId: 'resident-1',
      ...(kind === 'receipt'
        ? { agent: { name: v === 'plain' ? '李建国' : v === 'long' ? LONG_NAME : HOSTILE_NAME, document: { type: 'resident-id', number: FIXTURE_AGENT_ID }, relation: '子女' } }
        : {}),
      matterCode: triage === 'private' ? 'PRIVATE' : FIXTURE_MATTER.code,
      matterName: triage === 'private' ? '邻里房屋漏水纠纷咨询' : FIXTURE_MATTER.name,
      triage,
      handling: triage === 'private' ? 'immediate' : 'promised',
      timeLimitDays: triage === 'private' ? 0 : 10,
      channel: 'counter',
    },
  });

  switch (kind) {
    case 'receipt':
      return [
        received('government'),
        {
          ...base('2026-11-23T01:42:00.000Z'),
          type: 'accepted',
          payload: { deadline: '2026-12-07', materialsPresent: ['m-idcard', 'm-hukou', 'm-photo', 'm-bank', 'm-residence', 'm-form'] },
        },
      ];
    case 'notice':
      return [
        received('government'),
        {
          ...base('2026-11-23T01:45:00.000Z'),
          type: 'notice-issued',
          payload: {
            missing: ['m-hukou', 'm-photo', 'm-bank', 'm-residence'].map(material),
            legalBasis: '《中华人民共和国行政许可法》第三十二条',
            returnBy: '2026-11-30',
          },
        },
      ];
    case 'deferral':
      return [
        received('government'),
        {
          ...base('2026-11-23T01:50:00.000Z'),
          type: 'accepted-with-deferral',
          payload: {
            deadline: '2026-12-07',
            materialsPresent: ['m-idcard', 'm-hukou', 'm-bank', 'm-residence'],
            deferred: ['m-photo', 'm-form'].map(material),
            promiseText: note('本人承诺于2026年11月27日前补齐上述容缺材料，所提交材料真实有效；逾期未补齐的，愿意承担相应责任。'),
            dueDate: '2026-11-27',
          },
        },
      ];
    case 'refusal':
      return [
        received('government'),
        {
          ...base('2026-11-23T02:05:00.000Z'),
          type: 'refused',
          payload: {
            reason: note('申请人已在原单位参加城镇职工基本医疗保险，不符合城乡居民基本医疗保险参保条件。'),
            referTo: { office: '朝阳区医疗保障局', address: '北京市朝阳区三间房南里4号院', phone: '010-65099999' },
            appealRoute: '北京市朝阳区人民政府',
          },
        },
      ];
    case 'referral':
      return [
        received('private'),
        {
          ...base('2026-11-23T02:10:00.000Z'),
          type: 'referred',
          payload: {
            place: '呼家楼北社区人民调解委员会（社区居委会二楼）',
            phone: '010-65005678',
            note: note('楼上住户房屋漏水，属邻里纠纷，建议先行调解。'),
          },
        },
      ];
  }
}

/** The printable case behind one document, as `toPrintableCase` builds it from events. */
export function fixturePrintable(kind: DocumentKind, variant: FixtureVariant = 'plain'): PrintableCase {
  const state = foldEvents(eventsFor(kind, variant));
  if (state === null) throw new Error('fixture case did not fold');
  if (state.rejected.length > 0) throw new Error(`fixture event rejected: ${state.rejected.map((r) => r.code).join(', ')}`);
  const resident: PrintResidentInput = {
    name: variant === 'hostile' ? `${HOSTILE_NAME}${RARE_TEXT}` : variant === 'long' ? LONG_NAME : '张秀兰',
    document: { type: 'resident-id', number: FIXTURE_RESIDENT_ID },
    phone: FIXTURE_PHONE,
  };
  const matter = kind === 'referral' ? undefined : FIXTURE_MATTER;
  return toPrintableCase(state, eventsFor(kind, variant), resident, matter, FIXTURE_HALL, FIXTURE_CLERK);
}
