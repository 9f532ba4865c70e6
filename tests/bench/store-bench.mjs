// Node side of the store benchmark: builds the bench page (tests/bench/store-page) with its own Vite config,
// serves it, opens it in Debian's Chromium with a throwaway persistent profile (a persistent profile gets a
// disk-sized IndexedDB quota; an incognito context would cap the origin far below the ~1 GB a million cases
// take), and drives the phases through window.storeBench. Percentiles are computed here.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../../scripts/serve-static.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.YIZHAN_CHROMIUM ?? '/usr/bin/chromium';
// Same flags as the e2e suite (tests/support/chromium.ts): without the background-networking ones Chromium
// floods this closed network with refused connections.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const FULL = { residents: 200_000, cases: 1_000_000 };

/** Nearest-rank percentile of a list of milliseconds. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function summarise(values) {
  return {
    n: values.length,
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    max: percentile(values, 1),
    mean: values.reduce((a, b) => a + b, 0) / (values.length || 1),
  };
}

function hallToday() {
  // The hall's calendar day (Beijing, UTC+8 all year) at the moment the bench starts.
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function duBytes(dir) {
  try {
    return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return NaN;
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

/**
 * Runs the whole store benchmark at `scale` (1 = 200 k residents, 1 M cases) and returns the results object
 * that store-report.mjs renders.
 */
export async function runStoreBench(options) {
  const { scale, residentChunk = 2_000, caseChunk = 1_000, queries = 200, seedBudgetMinutes = Infinity, log = console.log } = options;
  const residents = Math.max(1_000, Math.round(FULL.residents * scale));
  const cases = Math.max(2_000, Math.round(FULL.cases * scale));
  const startedAt = new Date();
  const t0 = Date.now();
  // Other work on the machine shares its two cores; the 1-minute load average, sampled through the run, says how
  // much (a figure taken at load 8 is not comparable with one at load 1).
  const load = [];
  const sampleLoad = (phase) => load.push({ phase, load1: loadavg()[0] });

  log(`[bench:store] building the bench page (tests/bench/store-page)…`);
  await build({ configFile: join(ROOT, 'tests/bench/store-bench.vite.config.ts'), logLevel: 'warn' });
  const server = await startStaticServer(join(ROOT, 'dist/bench/store'), 0);
  const port = server.address().port;
  const profile = await mkdtemp(join(tmpdir(), 'yizhan-store-bench-'));
  let context;
  const cleanup = async () => {
    await context?.close().catch(() => {});
    server.close();
    await rm(profile, { recursive: true, force: true });
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => log(`[page error] ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') log(`[page ${msg.type()}] ${msg.text()}`);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.storeBench !== undefined);

    sampleLoad('start');
    const plan = { residents, cases, endDay: hallToday() };
    const env = await page.evaluate((p) => window.storeBench.open(p), plan);
    log(`[bench:store] ${env.userAgent}`);
    log(`[bench:store] plan: ${fmt(residents)} residents, ${fmt(cases)} cases over ${env.days} days (${env.firstDay} … ${env.lastDay}); quota ${(env.quotaBytes / 2 ** 30).toFixed(1)} GiB`);
    const needBytes = cases * 4_000 + residents * 2_000;
    if (env.quotaBytes < needBytes) {
      throw new Error(`IndexedDB quota ${env.quotaBytes} B is below the ~${needBytes} B this scale needs; free disk space under ${tmpdir()}`);
    }

    // Raw Dexie on the same schema, on about the first tenth of the residents and the first 5 % of the cases
    // (enough for a steady rate; more would add minutes), in whole seeding slices so the store's rate over exactly
    // the same range can be set against it.
    const residentSlice = Math.max(residentChunk, Math.round(residents / 20));
    const caseSlice = Math.max(caseChunk, Math.round(cases / 100));
    const rawSize = {
      residents: Math.min(residents, residentSlice * Math.max(1, Math.round(residents / 10 / residentSlice))),
      cases: Math.min(cases, caseSlice * Math.max(1, Math.round(cases / 20 / caseSlice))),
    };
    log(`[bench:store] raw Dexie bulkPut baseline: ${fmt(rawSize.residents)} residents, ${fmt(rawSize.cases)} cases + events…`);
    const raw = await page.evaluate(
      (a) => window.storeBench.rawSeedBaseline(a),
      { residents: rawSize.residents, cases: rawSize.cases, residentChunk, caseChunk },
    );
    for (const [table, r] of Object.entries(raw)) log(`  raw ${table}: ${fmt(r.rows)} in ${(r.ms / 1000).toFixed(1)} s → ${fmt((r.rows / r.ms) * 1000)} rows/s`);

    // Seeding, in slices so the rate can be followed as the store grows.
    const seedStart = Date.now();
    const budgetMs = seedBudgetMinutes * 60_000;
    const seed = { residents: [], cases: [], partial: false };
    for (let from = 0; from < residents; from += residentSlice) {
      const to = Math.min(residents, from + residentSlice);
      const s = await page.evaluate(([a, b, c]) => window.storeBench.seedResidents(a, b, c), [from, to, residentChunk]);
      seed.residents.push({ storedAfter: to, load1: loadavg()[0], ...s });
      log(`  residents ${fmt(to)}/${fmt(residents)}: ${fmt((s.rows / s.ms) * 1000)}/s (derive ${(s.deriveMs / 1000).toFixed(1)} s, waiting on IndexedDB ${(s.waitMs / 1000).toFixed(1)} s)`);
    }
    let seededCases = 0;
    for (let from = 0; from < cases; from += caseSlice) {
      if (Date.now() - seedStart > budgetMs) {
        seed.partial = true;
        log(`[bench:store] seed budget of ${seedBudgetMinutes} min spent: stopping at ${fmt(from)} cases`);
        break;
      }
      const to = Math.min(cases, from + caseSlice);
      const s = await page.evaluate(([a, b, c]) => window.storeBench.seedCases(a, b, c), [from, to, caseChunk]);
      seededCases = to;
      seed.cases.push({ storedAfter: to, load1: loadavg()[0], ...s });
      log(
        `  cases ${fmt(to)}/${fmt(cases)}: ${fmt((s.rows / s.ms) * 1000)} cases/s + ${fmt((s.events / s.ms) * 1000)} events/s (derive ${(s.deriveMs / 1000).toFixed(1)} s, waiting ${(s.waitMs / 1000).toFixed(1)} s) [${((Date.now() - t0) / 60_000).toFixed(1)} min]`,
      );
    }
    const seedMs = Date.now() - seedStart;
    sampleLoad('seeded');
    const stored = await page.evaluate(() => window.storeBench.counts());
    log(`[bench:store] stored: ${fmt(stored.residents)} residents, ${fmt(stored.cases)} cases, ${fmt(stored.caseEvents)} events; IndexedDB usage ${(stored.usageBytes / 2 ** 20).toFixed(0)} MiB`);

    log(`[bench:store] resident search, ${queries} queries per mode…`);
    const search = await page.evaluate(([n, w]) => window.storeBench.searchBench(n, w), [queries, 20]);
    sampleLoad('search');
    log(`[bench:store] today's cases, ${queries} rounds…`);
    const day = await page.evaluate((n) => window.storeBench.dayBench(n), queries);
    sampleLoad('day');
    log(`[bench:store] intake commits, ${queries}…`);
    const intake = await page.evaluate(([n, w]) => window.storeBench.intakeBench(n, w), [queries, 10]);
    sampleLoad('intake');
    log(`[bench:store] createResident, ${queries}…`);
    const createResident = await page.evaluate((n) => window.storeBench.createResidentBench(n), queries);
    const after = await page.evaluate(() => window.storeBench.counts());
    const profileBytes = duBytes(profile);

    return {
      scale,
      plan: { ...plan, seededCases, days: env.days, residentChunk, caseChunk, queries },
      startedAt: startedAt.toISOString(),
      minutes: (Date.now() - t0) / 60_000,
      env: { ...env, chromium: chromiumVersion() },
      raw,
      seed: { ...seed, ms: seedMs },
      stored,
      after,
      profileBytes,
      load,
      search: {
        misses: search.misses,
        meanHits: search.meanHits,
        store: Object.fromEntries(Object.entries(search.store).map(([k, v]) => [k, summarise(v)])),
        raw: Object.fromEntries(Object.entries(search.raw).map(([k, v]) => [k, summarise(v)])),
      },
      day: {
        day: day.day,
        rowsToday: day.rowsToday,
        meanRowsRandomDay: day.meanRowsRandomDay,
        deskRows: day.deskRows,
        slimRowBytes: day.slimRowBytes,
        fullRowBytes: day.fullRowBytes,
        todayStore: summarise(day.todayStore),
        todayFirstPage: summarise(day.todayFirstPage),
        todayKeys: summarise(day.todayKeys),
        slimToday: summarise(day.slimToday),
        randomDayStore: summarise(day.randomDayStore),
        countToday: summarise(day.countToday),
        randomDayNative: summarise(day.randomDayNative),
        desk: summarise(day.desk),
      },
      intake: {
        eventsPerIntake: intake.eventsPerIntake,
        outboxRowsAdded: intake.outboxRowsAdded,
        store: summarise(intake.intake),
        nextNumber: summarise(intake.nextNumber),
        validateFold: summarise(intake.validateFold),
        raw: summarise(intake.raw),
      },
      createResident: summarise(createResident),
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await closeStoreDb(context);
    await cleanup();
  }
}

async function closeStoreDb(context) {
  // Close the database before the profile goes, so Chromium is not mid-write when its directory is deleted.
  const page = context?.pages()[0];
  if (page) await page.evaluate(() => window.storeBench?.close()).catch(() => {});
}
