import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { bundledCalendar } from '@shared/domain/calendar/bundled-calendar';
import Dexie from 'dexie';
import { addDays } from '@shared/domain/calendar/iso-date';
import { computeDailyLog, listedThrough, type DailyLog, type DailyLogFilters } from '@shared/domain/daily-log/daily-log';
import { casesForDay } from '../../../renderer/src/store/cases';
import { dailyLogSources, logLookups, type DailyLogSources } from '../../../renderer/src/store/daily-log-queries';
import { YizhanDb } from '../../../renderer/src/store/schema';
import { DailyLogDocument } from '../../../renderer/src/ui/daily-log/DailyLogDocument';
// The store benchmark's page: its seeding (window.storeBench) writes the store this page measures, so the daily
// log is timed on exactly the data the store figures are.
import '../store-page/store-bench-page';
import { CaseCalendar, HALL_CODE } from '../store-page/store-fixtures';

/**
 * The page side of the daily-log benchmark (tests/bench/daily-log-bench.mjs). After the store benchmark's seeding,
 * each round times, for one hall day:
 *  - read: `dailyLogSources` (the rows touched that day, the open cases needing the lead, on-track ones counted,
 *    the rows changed since and their events);
 *  - compute: `computeDailyLog` on what was read (pure, no IndexedDB);
 *  - total: both, as the log page does.
 * `render` mounts the printed log so the runner can time `page.pdf`.
 */

/** The store benchmark's database (tests/bench/store-page/store-bench-page.ts, DB_NAME). */
const DB_NAME = 'yizhan-bench';
const HALL = { code: HALL_CODE, name: '光明街道第三社区党群服务中心' };
const calendar = bundledCalendar();

let db: YizhanDb | undefined;
let root: Root | undefined;

function store(): YizhanDb {
  db ??= new YizhanDb(DB_NAME);
  return db;
}

function logOf(date: string, sources: DailyLogSources, filters?: DailyLogFilters): DailyLog {
  return computeDailyLog({
    date,
    hall: HALL,
    ...logLookups(sources),
    ...(filters !== undefined ? { filters } : {}),
    calendar,
  });
}

export type RoundTimes = { read: number[]; compute: number[]; total: number[] };

/** `default`: the log as the 工作日志 page shows it; `by-counter`: filtered to one counter (reads every open case);
 * `day-only`: the day's own rows and nothing else, what the 1,000 cases themselves cost. */
export type MeasureMode = 'default' | 'by-counter' | 'day-only';

export type MeasureResult = {
  date: string;
  mode: MeasureMode;
  rounds: RoundTimes;
  stats: DailyLogSources['stats'];
  eventsRead: number;
  log: { received: number; completed: number; clerks: number; overdue: number; pending: number; onTrack: number; unresolved: number };
};

/**
 * The day's own rows only (`casesForDay`), as a log without the open cases of earlier days and without lookback
 * would read them: what the 1,000-case day itself costs.
 */
async function dayOnlySources(date: string): Promise<DailyLogSources> {
  const rows = await casesForDay(store(), date);
  return {
    caseStates: rows,
    openCases: [],
    events: [],
    residents: new Map(),
    staffNames: new Map(),
    stats: { touched: rows.length, open: 0, changedSince: 0, candidates: rows.length, refolded: 0, counted: 0 },
  };
}

/** The first counter with cases that day (the generator's windows), for the by-counter log. */
async function someCounter(date: string): Promise<string | undefined> {
  const row = await store().cases.where('[day+status]').between([date, Dexie.minKey], [date, Dexie.maxKey]).first();
  return row?.history[0]?.workstationId;
}

function sourcesFor(date: string, mode: MeasureMode): Promise<DailyLogSources> {
  if (mode === 'day-only') return dayOnlySources(date);
  return dailyLogSources(store(), date, { listedThrough: listedThrough(date, calendar), ...(mode === 'by-counter' ? { includeOnTrack: true } : {}) });
}

async function measure(args: { date: string; mode: MeasureMode; rounds: number; warmup: number }): Promise<MeasureResult> {
  const counter = args.mode === 'by-counter' ? await someCounter(args.date) : undefined;
  const filters = counter !== undefined ? { workstationId: counter } : undefined;
  const out: RoundTimes = { read: [], compute: [], total: [] };
  let last: { sources: DailyLogSources; log: DailyLog } | undefined;
  for (let round = 0; round < args.warmup + args.rounds; round += 1) {
    const t0 = performance.now();
    const sources = await sourcesFor(args.date, args.mode);
    const t1 = performance.now();
    const log = logOf(args.date, sources, filters);
    const t2 = performance.now();
    last = { sources, log };
    if (round < args.warmup) continue;
    out.read.push(t1 - t0);
    out.compute.push(t2 - t1);
    out.total.push(t2 - t0);
  }
  if (!last) throw new Error('no rounds');
  const { sources, log } = last;
  return {
    date: args.date,
    mode: args.mode,
    rounds: out,
    stats: sources.stats,
    eventsRead: sources.events.length,
    log: {
      received: log.received,
      completed: log.activity.completed,
      clerks: log.clerks.length,
      overdue: log.overdue.length,
      pending: log.pending.length,
      onTrack: log.onTrack.total,
      unresolved: log.unresolved.length,
    },
  };
}

/** Mounts the printed log of `date`; resolves with the planned page count once fonts are ready. */
async function render(args: { date: string }): Promise<{ pages: number; renderMs: number }> {
  const sources = await sourcesFor(args.date, 'default');
  const log = logOf(args.date, sources);
  const container = document.getElementById('log');
  if (!container) throw new Error('#log missing');
  root ??= createRoot(container);
  const t0 = performance.now();
  flushSync(() => root?.render(createElement(DailyLogDocument, { log, printedAt: new Date().toISOString() })));
  await document.fonts.ready;
  const renderMs = performance.now() - t0;
  return { pages: Number(container.querySelector('[data-print-root]')?.getAttribute('data-pages') ?? 0), renderMs };
}

const api = {
  /** Opens the store, upgrading a profile seeded by an older schema (reported: the one-time cost on a hall's PC). */
  openStore: async (): Promise<{ ms: number; fromVersion: number }> => {
    const before = await new Promise<number>((resolve, reject) => {
      const r = indexedDB.open(DB_NAME);
      r.onsuccess = () => {
        const v = r.result.version;
        r.result.close();
        resolve(v);
      };
      r.onerror = () => reject(r.error ?? new Error('open failed'));
    });
    const t0 = performance.now();
    await store().open();
    return { ms: performance.now() - t0, fromVersion: before / 10 };
  },
  measure,
  render,
  /** The hall day `n` days before `date`. */
  daysBefore: (date: string, n: number) => addDays(date, -n),
  /** The newest day with cases when seeding stopped early (the generator writes the oldest days first). */
  lastSeededDay: (plan: { cases: number; endDay: string }, seeded: number) => {
    const calendar = new CaseCalendar(plan.cases, plan.endDay);
    return calendar.days[calendar.locate(Math.max(0, seeded - 1)).dayIndex] as string;
  },
  close: () => db?.close(),
};

export type DailyLogBenchApi = typeof api;

declare global {
  interface Window {
    dailyLogBench: DailyLogBenchApi;
  }
}

window.dailyLogBench = api;
