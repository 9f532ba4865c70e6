import { loadBundledCatalogue } from '@shared/domain/catalogue/bundled-catalogue';
import type { Matter, NotAllowedMatter } from '@shared/domain/catalogue/matter';
import type { CaseEvent, CaseEventPayload, CaseEventType, RatingLevel } from '@shared/domain/case/events';
import { foldEvents } from '@shared/domain/case/reducer';
import { checkCharacter } from '@shared/domain/id-document';
import { phoneTailOf, type ResidentFlag } from '@shared/domain/resident';
import { formatHlc } from '@shared/sync/hlc';
import { nameInitialsOf } from '../../../renderer/src/store/name-initials';
import { caseRowOf } from '../../../renderer/src/store/case-row';
import type { CaseRow, ResidentRow } from '../../../renderer/src/store/rows';
import { SeededRandom, WeightedPick } from './seeded-random';

/**
 * Realistic data for the store benchmark: residents with Chinese names (pinyin initials derived by the store's
 * own `nameInitialsOf`), valid 18-digit ID numbers, mobiles; cases of the bundled catalogue's matters, ~1,000 a
 * day, each a list of events folded into its row by the shared reducer, exactly as `appendCaseEvents` does.
 * Every record is a pure function of its index (see seeded-random.ts).
 */

export const HALL_CODE = 'GL0301';
export const WINDOWS = ['W01', 'W02', 'W03', 'W04'] as const;
const DAY_MS = 86_400_000;
/** 08:30, counted from hall-local (Beijing) midnight. */
const OPENING_MS = 8.5 * 3_600_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const OPEN_HOURS_MS = 9 * 3_600_000;

// Random streams, one per kind of record, so adding a field to one kind never reshuffles another.
const STREAM_RESIDENT = 1;
const STREAM_CASE = 2;
const STREAM_DAY = 3;
const STREAM_WINDOW = 4;

/** Surnames by frequency rank (2020 census order, roughly); 曾 and 单 test the polyphonic-surname rule. */
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单'];
const RARE_SURNAMES = ['欧阳', '司马', '诸葛', '上官'];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文斌鹏辉玲晶红梅琳婷雪海燕波宇浩然涵欣怡梓轩诺思远佳雨嘉俊博晨阳子萱子墨一鸣德福祥宝珍淑凤春秋冬玉兵长永红卫东亮新利成光荣凯旭峰云飞龙虎燕颖慧雅倩婧璐瑶琪萌悦彤妍睿泽铭皓瀚翔',
];
const SURNAME_PICK = new WeightedPick(SURNAMES, (_s, rank) => 1 / (rank + 4));

/**
 * 6-digit region codes, one per (province, city) pair: enough distinct codes that (region, sequence) is unique
 * per resident index, so the unique `&document.number` index never refuses a seeded row.
 */
const PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65];
const REGION_COUNT = 256;
/** (region, 3-digit sequence) pairs: the most residents this generator can make without a duplicate number. */
export const MAX_RESIDENTS = REGION_COUNT * 1000;

function regionCode(r: number): string {
  const province = PROVINCES[r % PROVINCES.length] as number;
  const city = 1 + Math.floor(r / PROVINCES.length);
  const county = 1 + ((r * 7) % 18);
  return `${province}${String(city).padStart(2, '0')}${String(county).padStart(2, '0')}`;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Birth date of resident k: adults born 1935–2007. */
function birthDateOf(random: SeededRandom): string {
  const from = Date.UTC(1935, 0, 1);
  const to = Date.UTC(2007, 11, 31);
  return isoDay(from + random.int((to - from) / DAY_MS) * DAY_MS);
}

/** Who wrote the seeded records: four windows of one hall, each with its device id and clerk. */
export type SeedWindow = { code: string; workstationId: string; staffId: string; clerkName: string };

export const SEED_WINDOWS: readonly SeedWindow[] = WINDOWS.map((code, i) => {
  const random = new SeededRandom(STREAM_WINDOW, i);
  return { code, workstationId: random.uuid(), staffId: random.uuid(), clerkName: ['李娜', '王芳', '张伟', '刘洋'][i] as string };
});

export function residentIdOf(k: number): string {
  return new SeededRandom(STREAM_RESIDENT, k).uuid();
}

/** The parts of resident k a search sampler needs, without the cost of building the whole row. */
export type ResidentKeys = { id: string; name: string; documentNumber: string; phone?: string };

export function residentKeysAt(k: number): ResidentKeys {
  if (k >= MAX_RESIDENTS) throw new RangeError(`at most ${MAX_RESIDENTS} distinct residents`);
  const random = new SeededRandom(STREAM_RESIDENT, k);
  const id = random.uuid();
  const birthDate = birthDateOf(random);
  const sequence = String(Math.floor(k / REGION_COUNT) % 1000).padStart(3, '0');
  const first17 = `${regionCode(k % REGION_COUNT)}${birthDate.replaceAll('-', '')}${sequence}`;
  const documentNumber = first17 + checkCharacter(first17);
  const surname = random.chance(0.004) ? random.pick(RARE_SURNAMES) : SURNAME_PICK.pick(random);
  const given = random.chance(0.3) ? random.pick(GIVEN) : random.pick(GIVEN) + random.pick(GIVEN);
  const name = surname + given;
  // 1[3-9]x: mainland mobile prefixes. One resident in twenty gave no phone.
  const phone = random.chance(0.95) ? `1${3 + random.int(7)}${random.digits(9)}` : undefined;
  return { id, name, documentNumber, ...(phone !== undefined ? { phone } : {}) };
}

/** Hall-local midnight of a `YYYY-MM-DD` day, as epoch ms. */
export function hallMidnightMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - BEIJING_OFFSET_MS;
}

/** Resident k as the store holds it: derived search keys and per-field HLC stamps included. */
export function residentAt(k: number, endDay: string): ResidentRow {
  const endDayMs = hallMidnightMs(endDay);
  const keys = residentKeysAt(k);
  const random = new SeededRandom(STREAM_RESIDENT + 100, k);
  const writer = random.pick(SEED_WINDOWS);
  const createdMs = endDayMs - random.int(3 * 365) * DAY_MS + OPENING_MS + random.int(OPEN_HOURS_MS);
  const createdAt = new Date(createdMs).toISOString();
  const birthDate = `${keys.documentNumber.slice(6, 10)}-${keys.documentNumber.slice(10, 12)}-${keys.documentNumber.slice(12, 14)}`;
  const flags: ResidentFlag[] = [];
  if (birthDate < '1946-01-01') flags.push('elderly');
  if (random.chance(0.02)) flags.push('disabled');
  if (random.chance(0.015)) flags.push('subsistence');
  const unit = random.chance(0.8) ? `${1 + random.int(4)}单元` : undefined;
  const row: ResidentRow = {
    id: keys.id,
    name: keys.name,
    document: { type: 'resident-id', number: keys.documentNumber },
    ...(keys.phone !== undefined ? { phone: keys.phone } : {}),
    address: { building: `${1 + random.int(40)}号楼`, ...(unit !== undefined ? { unit } : {}), room: `${1 + random.int(18)}0${1 + random.int(4)}` },
    grid: `第${1 + random.int(12)}网格`,
    flags,
    birthDate,
    sex: Number(keys.documentNumber[16]) % 2 === 1 ? 'male' : 'female',
    createdAt,
    updatedAt: createdAt,
    createdBy: writer.staffId,
    workstationId: writer.workstationId,
  };
  const initials = nameInitialsOf(row.name);
  if (initials !== undefined) row.nameInitials = initials;
  const tail = row.phone === undefined ? undefined : phoneTailOf(row.phone);
  if (tail !== undefined) row.phoneTail = tail;
  const hlc = formatHlc({ ms: createdMs, counter: 0, node: writer.workstationId });
  row.fieldHlc = Object.fromEntries(
    Object.keys(row)
      .filter((f) => f !== 'id' && f !== 'phoneTail' && f !== 'nameInitials')
      .map((f) => [f, hlc]),
  );
  return row;
}

/**
 * Which day case i falls on. Days run back from `endDay` (the benchmark's "today"), 900–1,100 cases each, and
 * cases are numbered oldest first, so seeding in index order writes them in the order a pull would deliver.
 */
export class CaseCalendar {
  /** Oldest first. */
  readonly days: string[] = [];
  /** `starts[d]` is the index of the first case of `days[d]`. */
  private readonly starts: number[] = [];

  constructor(readonly totalCases: number, readonly endDay: string) {
    const counts: number[] = [];
    let remaining = totalCases;
    for (let back = 0; remaining > 0; back += 1) {
      const count = Math.min(remaining, 900 + new SeededRandom(STREAM_DAY, back).int(201));
      counts.unshift(count);
      remaining -= count;
    }
    const endMs = Date.parse(`${endDay}T00:00:00.000Z`);
    let start = 0;
    counts.forEach((count, d) => {
      this.days.push(isoDay(endMs - (counts.length - 1 - d) * DAY_MS));
      this.starts.push(start);
      start += count;
    });
  }

  /** Day index, position within the day and the day's case count for case i. */
  locate(i: number): { dayIndex: number; position: number; count: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    const start = this.starts[lo] as number;
    const next = this.starts[lo + 1] ?? this.totalCases;
    return { dayIndex: lo, position: i - start, count: next - start };
  }
}

const CATALOGUE = (() => {
  const load = loadBundledCatalogue();
  if (!load.ok) throw new Error(`bundled catalogue does not load: ${load.code}`);
  return load.catalogue;
})();
const SERVED = CATALOGUE.matters.filter((m) => m.triage !== 'private');
const PRIVATE = CATALOGUE.matters.filter((m) => m.triage === 'private');
// A few matters (低保, 居住证明, 医保) make most of a hall's traffic.
const MATTER_PICK = new WeightedPick<Matter>(SERVED, (_m, rank) => 1 / (rank + 2));
const RATINGS = new WeightedPick<RatingLevel>(['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied'], (_r, i) => [60, 30, 7, 2, 1][i] as number);

export type SeedCase = { row: CaseRow; events: CaseEvent[] };

/**
 * Case i with its events (received, the intake outcome, then what happened later, as far as the case's age
 * allows) and its row folded from them. ~3.1 events per case on average.
 */
export function caseAt(i: number, calendar: CaseCalendar, residentCount: number): SeedCase {
  const random = new SeededRandom(STREAM_CASE, i);
  const { dayIndex, position, count } = calendar.locate(i);
  const day = calendar.days[dayIndex] as string;
  const ageDays = calendar.days.length - 1 - dayIndex;
  const dayMs = hallMidnightMs(day);
  const windowIndex = position % WINDOWS.length;
  const window = SEED_WINDOWS[windowIndex] as SeedWindow;
  const sequence = Math.floor(position / WINDOWS.length) + 1;
  const caseNumber = `${HALL_CODE}-${window.code}-${day.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
  const caseId = random.uuid();
  let at = dayMs + OPENING_MS + Math.floor((position / count) * OPEN_HOURS_MS) + random.int(60_000);

  const event = <T extends CaseEventType>(type: T, payload: CaseEventPayload<T>, laterMs = 60_000 + random.int(600_000)): CaseEvent => {
    at += laterMs;
    return {
      id: random.uuid(),
      caseId,
      at: new Date(at).toISOString(),
      actor: window.staffId,
      actorName: window.clerkName,
      workstationId: window.workstationId,
      hallCode: HALL_CODE,
      type,
      payload,
    } as CaseEvent;
  };
  const dateAfter = (days: number) => isoDay(dayMs + BEIJING_OFFSET_MS + days * DAY_MS);

  const residentId = residentIdOf(random.int(residentCount));
  const agent = random.chance(0.05)
    ? { name: '代办人', document: { type: 'resident-id' as const, number: residentKeysAt(random.int(residentCount)).documentNumber }, relation: random.pick(['配偶', '子女', '受托人']) }
    : undefined;
  const kind = random.next();
  const matter: Matter = kind < 0.04 ? random.pick(PRIVATE) : MATTER_PICK.pick(random);
  const events: CaseEvent[] = [
    event(
      'received',
      {
        caseNumber,
        residentId,
        ...(agent !== undefined ? { agent } : {}),
        matterCode: matter.code,
        matterName: matter.name,
        triage: matter.triage,
        handling: matter.handling,
        timeLimitDays: matter.timeLimitDays,
        channel: 'counter',
      },
      0,
    ),
  ];
  const promised = matter.handling === 'promised';
  const deadline = promised ? dateAfter(Math.ceil(matter.timeLimitDays * 1.4)) : undefined;
  const mandatory = matter.materials.filter((m) => m.requirement === 'mandatory');
  const deferrable = matter.materials.filter((m) => m.requirement === 'deferrable');
  const accept = () => event('accepted', { ...(deadline !== undefined ? { deadline } : {}), materialsPresent: mandatory.map((m) => m.id) });
  const complete = (laterMs?: number) => event('completed', { resultNote: '已办结' }, laterMs);
  const rateMaybe = () => {
    if (!random.chance(0.3)) return;
    const level = RATINGS.pick(random);
    const negative = level === 'dissatisfied' || level === 'very-dissatisfied';
    events.push(event('rated', { level, ...(negative ? { reason: '等候时间长' } : {}) }));
  };
  // Promised cases are finished some working days later; younger ones may still be open.
  const finishedBy = (days: number) => ageDays >= days;

  if (matter.triage === 'private') {
    events.push(event('referred', { place: '街道司法所', phone: '12348' }));
  } else if (kind < 0.07) {
    const refusal = random.pick<NotAllowedMatter>(CATALOGUE.notAllowed);
    events.push(event('refused', { reason: refusal.reason, referTo: { office: refusal.referTo.name, phone: refusal.referTo.phone }, appealRoute: '可于六十日内向区人民政府申请行政复议' }));
  } else if (kind < 0.13 && mandatory.length > 0) {
    const missing = mandatory.slice(0, 1 + random.int(Math.min(2, mandatory.length))).map((m) => ({ id: m.id, name: m.name }));
    events.push(event('notice-issued', { missing, legalBasis: matter.legalBasis ?? '《行政许可法》第三十二条', returnBy: dateAfter(10) }));
    if (finishedBy(15)) {
      if (random.chance(0.8)) {
        events.push(event('supplemented', { materialsProvided: missing.map((m) => m.id) }, (3 + random.int(7)) * DAY_MS));
        events.push(accept());
        if (!promised || finishedBy(15 + matter.timeLimitDays)) events.push(complete(promised ? matter.timeLimitDays * DAY_MS : undefined));
      } else {
        events.push(event('cancelled', { reason: '申请人逾期未补正' }, 12 * DAY_MS));
      }
    }
  } else if (kind < 0.17 && deferrable.length > 0) {
    const deferred = deferrable.map((m) => ({ id: m.id, name: m.name }));
    events.push(
      event('accepted-with-deferral', {
        ...(deadline !== undefined ? { deadline } : {}),
        materialsPresent: mandatory.map((m) => m.id),
        deferred,
        promiseText: `本人承诺于 ${dateAfter(10)} 前补交${deferred.map((m) => m.name).join('、')}`,
        dueDate: dateAfter(10),
      }),
    );
    if (finishedBy(10 + matter.timeLimitDays)) {
      events.push(event('supplemented', { materialsProvided: deferred.map((m) => m.id) }, (2 + random.int(8)) * DAY_MS));
      events.push(complete(matter.timeLimitDays * DAY_MS));
      rateMaybe();
    }
  } else {
    events.push(accept());
    if (!promised) {
      events.push(complete());
      rateMaybe();
    } else if (finishedBy(Math.ceil(matter.timeLimitDays * 1.4))) {
      if (random.chance(0.15)) {
        events.push(event('forwarded', { department: matter.department.name, note: '请审核' }, DAY_MS));
        events.push(event('returned', { department: matter.department.name, outcome: 'result', note: '审核通过' }, 3 * DAY_MS));
      }
      events.push(complete(matter.timeLimitDays * DAY_MS));
      rateMaybe();
    }
  }

  const state = foldEvents(events);
  if (state === null || state.rejected.length > 0) {
    // A generator bug, not a store figure: fail loudly rather than seed rows the reducer disowns.
    throw new Error(`seed case ${i} does not fold cleanly: ${state?.rejected[0]?.code ?? 'no received event'}`);
  }
  return { row: caseRowOf(state), events };
}
