import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { bundledCalendar } from '@shared/domain/calendar/bundled-calendar';
import { addDays } from '@shared/domain/calendar/iso-date';
import { computeDailyLog, type DailyLog } from '@shared/domain/daily-log/daily-log';
import { casesForDay } from '../../../renderer/src/store/cases';
import { dailyLogSources, DEFAULT_LOOKBACK_DAYS, type DailyLogSources } from '../../../renderer/src/store/daily-log-queries';
import { YizhanDb } from '../../../renderer/src/store/schema';
import { DailyLogDocument } from '../../../renderer/src/ui/daily-log/DailyLogDocument';
// The store benchmark's page: its seeding (window.storeBench) writes the store this page measures, so the daily
// log is timed on exactly the data the store figures are.
import '../store-page/store-bench-page';
import { CaseCalendar, HALL_CODE } from '../store-page/store-fixtures';

/**
 * The page side of the daily-log benchmark (tests/bench/daily-log-bench.mjs). After the store benchmark's seeding,
 * each round times, for one hall day:
 *  - read: `dailyLogSources` (the day's rows, the open cases, the lookback, the events of rows changed since);
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

function logOf(date: string, sources: DailyLogSources): DailyLog {
  return computeDailyLog({
    date,
    hall: HALL,
    caseStates: sources.caseStates,
    events: sources.events,
    residents: (id) => sources.residents.get(id),
    staffName: (id) => sources.staffNames.get(id),
    calendar,
  });
}

export type RoundTimes = { read: number[]; compute: number[]; total: number[] };

export type MeasureResult = {
  date: string;
  lookbackDays: number;
  rounds: RoundTimes;
  stats: DailyLogSources['stats'];
  eventsRead: number;
  log: { received: number; completed: number; clerks: number; overdue: number; pending: number; unresolved: number };
};

/**
 * The day's own rows only (`casesForDay`), as a log without the open cases of earlier days and without lookback
 * would read them: what the 1,000-case day itself costs.
 */
async function dayOnlySources(date: string): Promise<DailyLogSources> {
  const rows = await casesForDay(store(), date);
  return {
    caseStates: rows,
    events: [],
    residents: new Map(),
    staffNames: new Map(),
    stats: { receivedOnDay: rows.length, open: 0, lookback: 0, candidates: rows.length, refolded: 0 },
  };
}

async function measure(args: { date: string; lookbackDays: number; rounds: number; warmup: number; dayOnly?: boolean }): Promise<MeasureResult> {
  const out: RoundTimes = { read: [], compute: [], total: [] };
  let last: { sources: DailyLogSources; log: DailyLog } | undefined;
  for (let round = 0; round < args.warmup + args.rounds; round += 1) {
    const t0 = performance.now();
    const sources = args.dayOnly === true ? await dayOnlySources(args.date) : await dailyLogSources(store(), args.date, { lookbackDays: args.lookbackDays });
    const t1 = performance.now();
    const log = logOf(args.date, sources);
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
    lookbackDays: args.lookbackDays,
    rounds: out,
    stats: sources.stats,
    eventsRead: sources.events.length,
    log: {
      received: log.received,
      completed: log.activity.completed,
      clerks: log.clerks.length,
      overdue: log.overdue.length,
      pending: log.pending.length,
      unresolved: log.unresolved.length,
    },
  };
}

/** Mounts the printed log of `date`; resolves with the planned page count once fonts are ready. */
async function render(args: { date: string; lookbackDays: number }): Promise<{ pages: number; renderMs: number }> {
  const sources = await dailyLogSources(store(), args.date, { lookbackDays: args.lookbackDays });
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
  measure,
  render,
  lookbackDefault: DEFAULT_LOOKBACK_DAYS,
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
