import Dexie from 'dexie';
import { CaseEventSchema } from '@shared/domain/case/events';
import { hallDateOf } from '@shared/domain/case/hall-date';
import { foldEvents } from '@shared/domain/case/reducer';
import { encodeOp } from '@shared/sync/encoded-op';
import type { OutboxOp } from '@shared/sync/protocol';
import { casesForDay, countCasesForDay, nextCaseNumberFor } from '../../../renderer/src/store/cases';
import { caseDerivedTables, labelCaseRows, updateCaseDerived } from '../../../renderer/src/store/case-derived';
import { deskCases, recordIntake, type IntakeOutcome } from '../../../renderer/src/store/intake-commands';
import { getMeta } from '../../../renderer/src/store/meta';
import { nameInitialsOf } from '../../../renderer/src/store/name-initials';
import { createResident, searchResidents } from '../../../renderer/src/store/residents';
import { STORES_V2, YizhanDb } from '../../../renderer/src/store/schema';
import { classifyResidentQuery, type ResidentSearch } from '../../../renderer/src/store/search-query';
import type { StoreContext } from '../../../renderer/src/store/store-context';
import { SeededRandom } from './seeded-random';
import {
  CaseCalendar,
  HALL_CODE,
  caseAt,
  hallMidnightMs,
  residentAt,
  residentKeysAt,
  SEED_WINDOWS,
  type SeedWindow,
} from './store-fixtures';

/**
 * The page side of `npm run bench` (store). scripts/bench.mjs drives it through `window.storeBench`: each call
 * does one phase (or one slice of seeding, so the runner can log progress and see the rate as the store grows)
 * and returns raw timings; percentiles are computed by the runner.
 *
 * What is "the store" here: the product's `YizhanDb` (schema, versions, Dexie middleware) and its query and
 * command functions (`searchResidents`, `casesForDay`, `recordIntake`, `createResident`). The store has no bulk
 * import command yet, so seeding is pull-shaped: rows derived with the store's own pieces (`nameInitialsOf`,
 * `phoneTailOf`, `foldEvents`, the `CaseRow` day) and written a chunk per transaction, cases with their events.
 * "Raw" figures are plain Dexie (or plain IndexedDB) on the same schema with rows built beforehand, for context.
 */

export type BenchPlan = { residents: number; cases: number; endDay: string };

export type SeedTiming = { rows: number; events: number; ms: number; deriveMs: number; waitMs: number };

export type RawSeedBaseline = {
  residents: { rows: number; ms: number };
  cases: { rows: number; ms: number };
  events: { rows: number; ms: number };
  /** What-if: each case row carrying its events (same case indexes, no caseEvents table). */
  casesWithEvents: { rows: number; events: number; ms: number };
};

export type SearchMode = 'document' | 'name-prefix' | 'initials' | 'phone' | 'phone-tail';
export type SearchBench = {
  store: Record<SearchMode, number[]>;
  raw: Record<SearchMode, number[]>;
  /** Queries of an exact mode (document, phone) that did not return the sampled resident: must be 0. */
  misses: number;
  meanHits: Record<SearchMode, number>;
};

export type DayBench = {
  day: string;
  todayStore: number[];
  todayFirstPage: number[];
  todayKeys: number[];
  slimToday: number[];
  slimRowBytes: number;
  fullRowBytes: number;
  randomDayStore: number[];
  countToday: number[];
  randomDayNative: number[];
  desk: number[];
  rowsToday: number;
  meanRowsRandomDay: number;
  deskRows: number;
};

export type IntakeBench = {
  intake: number[];
  nextNumber: number[];
  validateFold: number[];
  raw: number[];
  eventsPerIntake: number;
  outboxRowsAdded: number;
};

const DB_NAME = 'yizhan-bench';
const RAW_DB_NAME = 'yizhan-bench-raw';
const STREAM_QUERY = 50;
const STREAM_INTAKE = 51;

let plan: BenchPlan | undefined;
let calendar: CaseCalendar | undefined;
let db: YizhanDb | undefined;
/** Cases [0, seededCases) are stored; a run that stopped early (seed budget) has fewer than planned. */
let seededCases = 0;

function now(): number {
  return performance.now();
}

function opened(): { plan: BenchPlan; calendar: CaseCalendar; db: YizhanDb } {
  if (!plan || !calendar || !db) throw new Error('storeBench.open() first');
  return { plan, calendar, db };
}

async function open(next: BenchPlan) {
  plan = next;
  calendar = new CaseCalendar(next.cases, next.endDay);
  await Dexie.delete(DB_NAME);
  await Dexie.delete(RAW_DB_NAME);
  db = new YizhanDb(DB_NAME);
  await db.open();
  const estimate = await navigator.storage.estimate();
  return {
    userAgent: navigator.userAgent,
    dexie: Dexie.semVer,
    quotaBytes: estimate.quota ?? 0,
    usageBytes: estimate.usage ?? 0,
    days: calendar.days.length,
    firstDay: calendar.days[0],
    lastDay: calendar.days.at(-1),
  };
}

/** Plain Dexie on the same schema, rows built before the clock starts: the perf-anchors' `bulkPut` shape. */
async function rawSeedBaseline(args: { residents: number; cases: number; residentChunk: number; caseChunk: number }): Promise<RawSeedBaseline> {
  const { plan: p, calendar: cal } = opened();
  const raw = new Dexie(RAW_DB_NAME);
  raw.version(1).stores({ ...STORES_V2, casesWithEvents: STORES_V2.cases });
  await raw.open();
  const out: RawSeedBaseline = {
    residents: { rows: 0, ms: 0 },
    cases: { rows: 0, ms: 0 },
    events: { rows: 0, ms: 0 },
    casesWithEvents: { rows: 0, events: 0, ms: 0 },
  };
  for (let start = 0; start < args.residents; start += args.residentChunk) {
    const rows = [];
    for (let k = start; k < Math.min(args.residents, start + args.residentChunk); k += 1) rows.push(residentAt(k, p.endDay));
    const t0 = now();
    await raw.table('residents').bulkPut(rows);
    out.residents.ms += now() - t0;
    out.residents.rows += rows.length;
  }
  for (let start = 0; start < args.cases; start += args.caseChunk) {
    const rows = [];
    const events = [];
    for (let i = start; i < Math.min(args.cases, start + args.caseChunk); i += 1) {
      const c = caseAt(i, cal, p.residents);
      rows.push(c.row);
      events.push(...c.events);
    }
    let t0 = now();
    await raw.table('cases').bulkPut(rows);
    out.cases.ms += now() - t0;
    out.cases.rows += rows.length;
    t0 = now();
    await raw.table('caseEvents').bulkPut(events);
    out.events.ms += now() - t0;
    out.events.rows += events.length;
  }
  for (let start = 0; start < args.cases; start += args.caseChunk) {
    const rows = [];
    for (let i = start; i < Math.min(args.cases, start + args.caseChunk); i += 1) {
      const c = caseAt(i, cal, p.residents);
      rows.push({ ...c.row, events: c.events });
      out.casesWithEvents.events += c.events.length;
    }
    const t0 = now();
    await raw.table('casesWithEvents').bulkPut(rows);
    out.casesWithEvents.ms += now() - t0;
    out.casesWithEvents.rows += rows.length;
  }
  raw.close();
  await Dexie.delete(RAW_DB_NAME);
  return out;
}

/**
 * Writes residents [from, to) a chunk per transaction. The next chunk is derived while the previous one commits
 * (one transaction in flight), as a pull would overlap decoding the next batch with writing this one.
 */
async function seedResidents(from: number, to: number, chunk: number): Promise<SeedTiming> {
  const { plan: p, db: store } = opened();
  return pipelined(from, to, chunk, (k) => ({ row: residentAt(k, p.endDay), events: [] }), (rows) => store.residents.bulkPut(rows));
}

async function seedCases(from: number, to: number, chunk: number): Promise<SeedTiming> {
  const { plan: p, calendar: cal, db: store } = opened();
  seededCases = Math.max(seededCases, to);
  return pipelined(
    from,
    to,
    chunk,
    (i) => caseAt(i, cal, p.residents),
    (rows, events) =>
      store.transaction('rw', [store.cases, store.caseEvents, ...caseDerivedTables(store)], async () => {
        // New rows only (the generator never revisits a case), so the labels, tally and digest need no rows read
        // back. Labelled as every writer of `cases` does (one read of the chunk's residents), so a seeded store is
        // like a real one.
        const moves = rows.map((after) => ({ after }));
        await labelCaseRows(store, moves);
        await Promise.all([store.cases.bulkPut(rows), store.caseEvents.bulkPut(events), updateCaseDerived(store, moves)]);
      }),
  );
}

async function pipelined<R, E>(
  from: number,
  to: number,
  chunk: number,
  make: (index: number) => { row: R; events: readonly E[] },
  write: (rows: R[], events: E[]) => Promise<unknown>,
): Promise<SeedTiming> {
  const t0 = now();
  let deriveMs = 0;
  let waitMs = 0;
  let events = 0;
  let pending: Promise<unknown> | undefined;
  for (let start = from; start < to; start += chunk) {
    const d0 = now();
    const rows: R[] = [];
    const chunkEvents: E[] = [];
    for (let i = start; i < Math.min(to, start + chunk); i += 1) {
      const made = make(i);
      rows.push(made.row);
      for (const e of made.events) chunkEvents.push(e);
    }
    deriveMs += now() - d0;
    events += chunkEvents.length;
    if (pending) {
      const w0 = now();
      await pending;
      waitMs += now() - w0;
    }
    pending = write(rows, chunkEvents);
  }
  if (pending) {
    const w0 = now();
    await pending;
    waitMs += now() - w0;
  }
  return { rows: to - from, events, ms: now() - t0, deriveMs, waitMs };
}

/** Mean UTF-8 size of a row as JSON: what the structured clone of a read has to rebuild. */
async function meanJsonBytes(rows: readonly unknown[]): Promise<number> {
  if (rows.length === 0) return 0;
  return new Blob(rows.map((r) => JSON.stringify(r))).size / rows.length;
}

async function counts() {
  const { db: store } = opened();
  const estimate = await navigator.storage.estimate();
  return {
    caseRowBytes: await meanJsonBytes(await store.cases.limit(500).toArray()),
    eventBytes: await meanJsonBytes(await store.caseEvents.limit(500).toArray()),
    residentRowBytes: await meanJsonBytes(await store.residents.limit(500).toArray()),
    residents: await store.residents.count(),
    cases: await store.cases.count(),
    caseEvents: await store.caseEvents.count(),
    outbox: await store.outbox.count(),
    usageBytes: estimate.usage ?? 0,
    quotaBytes: estimate.quota ?? 0,
  };
}

const SEARCH_MODES: readonly SearchMode[] = ['document', 'name-prefix', 'initials', 'phone', 'phone-tail'];

/** What a clerk types for each mode, for one resident: the whole number, the first two characters, …. */
function queryFor(mode: SearchMode, k: number): string | undefined {
  const keys = residentKeysAt(k);
  switch (mode) {
    case 'document':
      return keys.documentNumber;
    case 'name-prefix':
      return keys.name.slice(0, 2);
    case 'initials':
      return nameInitialsOf(keys.name);
    case 'phone':
      return keys.phone;
    case 'phone-tail':
      return keys.phone?.slice(-4);
  }
}

/** The same index lookup the store's search makes, in plain Dexie: what the store function adds on top. */
function rawLookup(store: YizhanDb, search: ResidentSearch): Promise<unknown[]> {
  switch (search.mode) {
    case 'document':
      return store.residents.where('document.number').equals(search.number).toArray();
    case 'phone':
      return store.residents.where('phone').equals(search.phone).limit(20).toArray();
    case 'phone-tail':
      return store.residents.where('phoneTail').equals(search.tail).limit(20).toArray();
    case 'name-prefix':
      return store.residents.where('name').startsWith(search.prefix).limit(20).toArray();
    case 'initials':
      return store.residents.where('nameInitials').startsWith(search.prefix).limit(20).toArray();
    default:
      throw new Error(`query classified as ${search.mode}`);
  }
}

async function searchBench(n: number, warmup: number): Promise<SearchBench> {
  const { plan: p, db: store } = opened();
  const random = new SeededRandom(STREAM_QUERY, 0);
  const empty = () => Object.fromEntries(SEARCH_MODES.map((m) => [m, [] as number[]])) as Record<SearchMode, number[]>;
  const out: SearchBench = { store: empty(), raw: empty(), misses: 0, meanHits: Object.fromEntries(SEARCH_MODES.map((m) => [m, 0])) as Record<SearchMode, number> };
  // Modes interleaved, so a slow patch of the machine hits all of them alike.
  for (let round = 0; round < warmup + n; round += 1) {
    for (const mode of SEARCH_MODES) {
      let k: number;
      let query: string | undefined;
      do {
        k = random.int(p.residents);
        query = queryFor(mode, k);
      } while (query === undefined);
      const expected = classifyResidentQuery(query);
      if (expected.mode !== mode) throw new Error(`"${mode}" query classified as ${expected.mode}`);
      const t0 = now();
      const found = await searchResidents(store, query);
      const t1 = now();
      await rawLookup(store, expected);
      const t2 = now();
      if (round < warmup) continue;
      out.store[mode].push(t1 - t0);
      out.raw[mode].push(t2 - t1);
      out.meanHits[mode] += found.length / n;
      if ((mode === 'document' || mode === 'phone') && !found.some((r) => r.id === residentKeysAt(k).id)) out.misses += 1;
    }
  }
  return out;
}

/**
 * The newest fully stored day: the planned "today" after a complete seed, an older day when seeding stopped
 * early (cases are seeded oldest first), so the day figures always read a full day of ~1,000 cases.
 */
function lastSeededDayIndex(cal: CaseCalendar): number {
  if (seededCases === 0) throw new Error('no cases seeded');
  const last = cal.locate(seededCases - 1);
  return last.position === last.count - 1 || last.dayIndex === 0 ? last.dayIndex : last.dayIndex - 1;
}

async function dayBench(n: number): Promise<DayBench> {
  const { calendar: cal, db: store } = opened();
  const todayIndex = lastSeededDayIndex(cal);
  const today = cal.days[todayIndex] as string;
  const random = new SeededRandom(STREAM_QUERY, 1);
  const idb = store.backendDB();
  const nativeDay = (day: string) =>
    new Promise<unknown[]>((resolve, reject) => {
      const request = idb.transaction('cases', 'readonly').objectStore('cases').index('[day+status]').getAll(IDBKeyRange.bound([day], [day, []]));
      request.onsuccess = () => resolve(request.result as unknown[]);
      request.onerror = () => reject(request.error);
    });
  const out: DayBench = {
    day: today,
    todayStore: [],
    todayFirstPage: [],
    todayKeys: [],
    slimToday: [],
    slimRowBytes: 0,
    fullRowBytes: 0,
    randomDayStore: [],
    countToday: [],
    randomDayNative: [],
    desk: [],
    rowsToday: 0,
    meanRowsRandomDay: 0,
    deskRows: 0,
  };
  const slim = await slimWhatIf(cal, todayIndex);
  const todayRange = () => store.cases.where('[day+status]').between([today, Dexie.minKey], [today, Dexie.maxKey]);
  const warm = 5;
  for (let round = 0; round < warm + n; round += 1) {
    const day = cal.days[random.int(todayIndex + 1)] as string;
    let t0 = now();
    const todays = await casesForDay(store, today);
    const tToday = now() - t0;
    t0 = now();
    const other = await casesForDay(store, day);
    const tDay = now() - t0;
    t0 = now();
    await countCasesForDay(store, today);
    const tCount = now() - t0;
    const nativeDayPick = cal.days[random.int(todayIndex + 1)] as string;
    t0 = now();
    await nativeDay(nativeDayPick);
    const tNative = now() - t0;
    t0 = now();
    await todayRange().limit(50).toArray();
    const tPage = now() - t0;
    t0 = now();
    await todayRange().primaryKeys();
    const tKeys = now() - t0;
    t0 = now();
    const slimRows = await slim.table.where('[day+status]').between([today, Dexie.minKey], [today, Dexie.maxKey]).toArray();
    const tSlim = now() - t0;
    if (round < warm) {
      if (round === 0) {
        out.slimRowBytes = await meanJsonBytes(slimRows);
        out.fullRowBytes = await meanJsonBytes(todays);
      }
      continue;
    }
    out.todayFirstPage.push(tPage);
    out.todayKeys.push(tKeys);
    out.slimToday.push(tSlim);
    out.todayStore.push(tToday);
    out.randomDayStore.push(tDay);
    out.countToday.push(tCount);
    out.randomDayNative.push(tNative);
    out.rowsToday = todays.length;
    out.meanRowsRandomDay += other.length / n;
  }
  // Left in place: the runner deletes the whole profile.
  slim.db.close();
  // The clerk's desk (today plus every case still open from earlier days): fewer rounds, it is a bigger read.
  const deskRounds = 20;
  for (let round = 0; round < 2 + deskRounds; round += 1) {
    const t0 = now();
    const rows = await deskCases(store, today);
    if (round >= 2) out.desk.push(now() - t0);
    out.deskRows = rows.length;
  }
  return out;
}

const SLIM_DB_NAME = 'yizhan-bench-slim';
const SLIM_DAYS = 30;

/**
 * What-if for the day query: the same day range read from a list-only projection of each case (what a queue
 * row shows, no history or notices), kept for the last SLIM_DAYS days in a side database. Not the product schema:
 * it measures how much of `casesForDay` is the size of the rows it reads.
 */
async function slimWhatIf(cal: CaseCalendar, todayIndex: number) {
  const { plan: p } = opened();
  await Dexie.delete(SLIM_DB_NAME);
  const slimDb = new Dexie(SLIM_DB_NAME);
  slimDb.version(1).stores({ caseList: 'id, [day+status]' });
  const table = slimDb.table('caseList');
  const from = firstIndexOfDay(cal, Math.max(0, todayIndex + 1 - SLIM_DAYS));
  const to = todayIndex + 1 < cal.days.length ? firstIndexOfDay(cal, todayIndex + 1) : p.cases;
  for (let start = from; start < to; start += 2_000) {
    const rows = [];
    for (let i = start; i < Math.min(to, start + 2_000); i += 1) {
      const { row } = caseAt(i, cal, p.residents);
      rows.push({
        id: row.id,
        caseNumber: row.caseNumber,
        day: row.day,
        status: row.status,
        residentId: row.residentId,
        matterCode: row.matterCode,
        matterName: row.matterName,
        handling: row.handling,
        receivedAt: row.receivedAt,
        ...(row.deadline !== undefined ? { deadline: row.deadline } : {}),
        ...(row.closedAt !== undefined ? { closedAt: row.closedAt } : {}),
        flags: row.flags,
      });
    }
    await table.bulkPut(rows);
  }
  return { db: slimDb, table };
}

function firstIndexOfDay(cal: CaseCalendar, dayIndex: number): number {
  let lo = 0;
  let hi = cal.totalCases - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cal.locate(mid).dayIndex < dayIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function contextFor(store: YizhanDb, window: SeedWindow, startMs: number): StoreContext {
  let clock = startMs;
  return {
    db: store,
    now: () => (clock += 1000),
    newId: () => crypto.randomUUID(),
    workstation: {
      hallCode: HALL_CODE,
      workstationCode: window.code,
      workstationId: window.workstationId,
      staffId: window.staffId,
      clerkName: window.clerkName,
    },
  };
}

/** 10:00 on the benchmark's "today", so `hallDateOf(now())` is the day the seeded numbers of today carry. */
function todayTenAm(): number {
  const { plan: p } = opened();
  const ms = hallMidnightMs(p.endDay) + 10 * 3_600_000;
  if (hallDateOf(new Date(ms).toISOString()) !== p.endDay) throw new Error('clock does not land on the planned day');
  return ms;
}

const IMMEDIATE_MATTER = { code: 'RS-005', name: '就业创业证申领', triage: 'government', handling: 'immediate', timeLimitDays: 0 } as const;
const PROMISED_MATTER = { code: 'MZ-001', name: '最低生活保障申请受理', triage: 'government', handling: 'promised', timeLimitDays: 30 } as const;

/**
 * `recordIntake` with the store full: one transaction holding the case row, its events and their outbox ops.
 * Interleaved round by round with the raw-Dexie version of the same writes and with the command's parts timed
 * alone (next-number read, event validation + fold), so machine noise hits all of them alike.
 */
async function intakeBench(n: number, warmup: number): Promise<IntakeBench> {
  const { plan: p, calendar: cal, db: store } = opened();
  const ctx = contextFor(store, SEED_WINDOWS[1] as SeedWindow, todayTenAm());
  const random = new SeededRandom(STREAM_INTAKE, 0);
  const out: IntakeBench = { intake: [], nextNumber: [], validateFold: [], raw: [], eventsPerIntake: 0, outboxRowsAdded: 0 };
  const seqBefore = (await getMeta(store, 'outbox.lastSeq')) ?? 0;
  let storeEvents = 0;
  let rawOps = 0;
  for (let round = 0; round < warmup + n; round += 1) {
    const measured = round >= warmup;
    // Half 即办件 done on the spot (received, accepted, completed), half 承诺件 (received, accepted + deadline).
    const immediate = round % 2 === 0;
    const outcome: IntakeOutcome = immediate
      ? { kind: 'accept', materialsPresent: ['id-card'], completeNow: { resultNote: '当场办结' } }
      : { kind: 'accept', materialsPresent: ['id-card', 'hukou'], deadline: '2099-01-01' };
    const residentId = residentKeysAt(random.int(p.residents)).id;
    let t0 = now();
    const result = await recordIntake(ctx, { residentId, matter: immediate ? IMMEDIATE_MATTER : PROMISED_MATTER, outcome });
    const tIntake = now() - t0;
    storeEvents += result.appended.length;

    // The command's CPU-only work on the same events: schema check of each event, then the fold.
    t0 = now();
    for (const e of result.events) CaseEventSchema.safeParse(e);
    foldEvents(result.events);
    const tValidate = now() - t0;

    // The read recordIntake makes first (the last number this window issued), alone.
    t0 = now();
    await nextCaseNumberFor(ctx);
    const tNext = now() - t0;

    // Raw Dexie: the same writes (case row, its events, one outbox row per event, the seq counter) in one
    // transaction, rows built beforehand, no reads, no checks.
    const made = caseAt(p.cases + round, cal, p.residents);
    const caseNumber = `${HALL_CODE}-W09-${p.endDay.replaceAll('-', '')}-${String(round + 1).padStart(4, '0')}`;
    const row = { ...made.row, id: crypto.randomUUID(), caseNumber, day: p.endDay };
    const seq = (await getMeta(store, 'outbox.lastSeq')) ?? 0;
    const rawEvents = made.events.map((e) => ({ ...e, id: crypto.randomUUID() }));
    // Encoded as enqueueOps stores them (the row is the op's UTF-8 JSON).
    const ops = rawEvents.map((payload, j) => encodeOp({ kind: 'case-event', payload, seq: seq + j + 1, opId: crypto.randomUUID(), at: new Date().toISOString() } as OutboxOp));
    rawOps += ops.length;
    t0 = now();
    await store.transaction('rw', store.cases, store.caseEvents, store.outbox, store.meta, async () => {
      await store.cases.put(row);
      await store.caseEvents.bulkAdd(rawEvents);
      await store.outbox.bulkAdd(ops);
      await store.meta.put({ key: 'outbox.lastSeq', value: seq + ops.length });
    });
    const tRaw = now() - t0;
    if (!measured) continue;
    out.intake.push(tIntake);
    out.validateFold.push(tValidate);
    out.nextNumber.push(tNext);
    out.raw.push(tRaw);
  }
  out.eventsPerIntake = storeEvents / (warmup + n);
  out.outboxRowsAdded = ((await getMeta(store, 'outbox.lastSeq')) ?? 0) - seqBefore - rawOps;
  return out;
}

/** `createResident` with the store full: validation, duplicate check, HLC, row and outbox op in one transaction. */
async function createResidentBench(n: number): Promise<number[]> {
  const { plan: p, db: store } = opened();
  const ctx = contextFor(store, SEED_WINDOWS[2] as SeedWindow, todayTenAm());
  const times: number[] = [];
  for (let j = 0; j < n; j += 1) {
    const row = residentAt(p.residents + j, p.endDay);
    const t0 = now();
    await createResident(ctx, {
      name: row.name,
      document: row.document,
      ...(row.phone !== undefined ? { phone: row.phone } : {}),
      ...(row.address !== undefined ? { address: row.address } : {}),
      ...(row.grid !== undefined ? { grid: row.grid } : {}),
      flags: row.flags,
    });
    times.push(now() - t0);
  }
  return times;
}

/** Closes the database; the runner deletes the whole throwaway profile, which is faster than deleteDatabase. */
function close(): void {
  db?.close();
}

const api = {
  open,
  rawSeedBaseline,
  seedResidents,
  seedCases,
  counts,
  searchBench,
  dayBench,
  intakeBench,
  createResidentBench,
  close,
};

export type StoreBenchApi = typeof api;

declare global {
  interface Window {
    storeBench: StoreBenchApi;
  }
}

window.storeBench = api;
document.title = 'store bench ready';
