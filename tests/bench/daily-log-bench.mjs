// The daily-log benchmark (Issue 5): the daily log of a ~1,000-case day over a store of up to 1 M cases, in
// Debian's Chromium with the product's Dexie store. Not a test: it reports figures into docs/benchmarks.md.
//
//   node tests/bench/daily-log-bench.mjs                     full scale (1 M cases: seeding alone takes 30–60 min)
//   node tests/bench/daily-log-bench.mjs --scale=0.1         100 k cases
//   options: --rounds=N (per figure, default 10), --seed-budget-min=N (stop seeding after N minutes and measure what
//            is stored, reported as partial), --profile=DIR (keep the seeded Chromium profile in DIR and reuse it
//            on the next run at the same scale, skipping the seeding), --no-docs
//
// Seeding is the store benchmark's own (tests/bench/store-page: same generator, same chunked writes; its page is
// imported by this one), so the log is timed on the data the store figures are. Goal (perf-anchors): ≤ 150 ms to
// compute the log of a 1,000-case day with 1 M cases stored.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { FULL, summarise } from './store-bench.mjs';
import { machine } from './store-report.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.YIZHAN_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SECTION_START = '<!-- daily-log-bench:start -->';
const SECTION_END = '<!-- daily-log-bench:end -->';
const GOAL_MS = 150;

function parseArgs(argv) {
  const out = { scale: 1, rounds: 10, docs: true, seedBudgetMinutes: Infinity, profile: undefined };
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    const number = Number(value);
    if (key === 'scale') out.scale = number;
    else if (key === 'rounds') out.rounds = Math.round(number);
    else if (key === 'seed-budget-min') out.seedBudgetMinutes = number;
    else if (key === 'profile') out.profile = value;
    else if (key === 'no-docs') out.docs = false;
    else throw new Error(`unknown option ${arg}`);
    if ((key === 'scale' || key === 'rounds' || key === 'seed-budget-min') && !(Number.isFinite(number) && number > 0)) throw new Error(`--${key} needs a positive number`);
  }
  return out;
}

function hallToday() {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => (n < 10 ? n.toFixed(1) : String(Math.round(n)));

async function seed(page, plan, budgetMinutes, log) {
  await page.evaluate((p) => window.storeBench.open(p), plan);
  const residentChunk = 2_000;
  const caseChunk = 1_000;
  for (let from = 0; from < plan.residents; from += 20_000) {
    const to = Math.min(plan.residents, from + 20_000);
    await page.evaluate(([a, b, c]) => window.storeBench.seedResidents(a, b, c), [from, to, residentChunk]);
  }
  const started = Date.now();
  const slice = Math.max(caseChunk, Math.round(plan.cases / 50));
  let seeded = 0;
  for (let from = 0; from < plan.cases; from += slice) {
    if (Date.now() - started > budgetMinutes * 60_000) break;
    const to = Math.min(plan.cases, from + slice);
    const s = await page.evaluate(([a, b, c]) => window.storeBench.seedCases(a, b, c), [from, to, caseChunk]);
    seeded = to;
    log(`  cases ${fmt(to)}/${fmt(plan.cases)}: ${fmt((s.rows / s.ms) * 1000)} cases/s [${((Date.now() - started) / 60_000).toFixed(1)} min]`);
  }
  return { seeded, partial: seeded < plan.cases, seedMinutes: (Date.now() - started) / 60_000 };
}

export async function runDailyLogBench(options) {
  const { scale, rounds, seedBudgetMinutes, log = console.log } = options;
  const residents = Math.max(1_000, Math.round(FULL.residents * scale));
  const cases = Math.max(2_000, Math.round(FULL.cases * scale));
  log('[bench:daily-log] building the bench page (tests/bench/daily-log-page)…');
  await build({ configFile: join(ROOT, 'tests/bench/daily-log-bench.vite.config.ts'), logLevel: 'warn' });
  const keep = options.profile !== undefined;
  const profile = options.profile ?? (await mkdtemp(join(tmpdir(), 'yizhan-daily-log-bench-')));
  await mkdir(profile, { recursive: true });
  const marker = join(profile, 'yizhan-seeded.json');
  const previous = existsSync(marker) ? JSON.parse(await readFile(marker, 'utf8')) : undefined;
  // IndexedDB belongs to the origin, port included: a kept profile is served on the same port every time.
  const server = await startStaticServer(join(ROOT, 'dist/bench/daily-log'), keep ? (previous?.port ?? 4399) : 0);
  const port = server.address().port;
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => log(`[page error] ${err.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.dailyLogBench !== undefined && window.storeBench !== undefined);

    let seeded;
    if (previous && previous.scale === scale && !previous.partial) {
      seeded = previous;
      log(`[bench:daily-log] reusing the store seeded in ${profile} (${fmt(previous.seeded)} cases, last day ${previous.endDay})`);
    } else {
      const plan = { residents, cases, endDay: hallToday() };
      log(`[bench:daily-log] seeding ${fmt(residents)} residents and ${fmt(cases)} cases with the store benchmark's generator…`);
      seeded = { scale, port, ...plan, ...(await seed(page, plan, seedBudgetMinutes, log)) };
      if (keep) await writeFile(marker, JSON.stringify(seeded));
    }

    // "Today" is the newest seeded day: the plan's last day, or where seeding stopped (then not a full day).
    const today = seeded.partial ? await page.evaluate(([p, n]) => window.dailyLogBench.lastSeededDay(p, n), [seeded, seeded.seeded]) : seeded.endDay;
    // Past days inside the seeded range (about 1,000 cases a day): the later, the more of their cases were
    // finished since, and those rows must be refolded from events.
    const back = Math.max(2, Math.min(30, Math.floor(seeded.seeded / 1_000) - 2));
    const yesterday = await page.evaluate(([d, n]) => window.dailyLogBench.daysBefore(d, n), [today, 1]);
    const pastDay = await page.evaluate(([d, n]) => window.dailyLogBench.daysBefore(d, n), [today, back]);
    const opened = await page.evaluate(() => window.dailyLogBench.openStore());
    log(`[bench:daily-log] store opened in ${ms(opened.ms)} ms (from schema v${opened.fromVersion})`);
    const load = [loadavg()[0]];
    const figures = [];
    for (const [label, date, mode] of [
      ["today, the day's own rows only (what the 1,000 cases cost alone)", today, 'day-only'],
      ['today (the 工作日志 page, the hall board)', today, 'default'],
      ['today, one counter (reads every open case)', today, 'by-counter'],
      ['yesterday', yesterday, 'default'],
      [`${back} days ago`, pastDay, 'default'],
    ]) {
      log(`[bench:daily-log] ${label}…`);
      const r = await page.evaluate((a) => window.dailyLogBench.measure(a), { date, mode, rounds, warmup: 3 });
      figures.push({ label, ...r, read: summarise(r.rounds.read), compute: summarise(r.rounds.compute), total: summarise(r.rounds.total) });
      load.push(loadavg()[0]);
    }

    log('[bench:daily-log] printing the default log of today to PDF…');
    const rendered = await page.evaluate((a) => window.dailyLogBench.render(a), { date: today });
    const pdfTimes = [];
    let pdfBytes = 0;
    for (let i = 0; i < 5; i += 1) {
      const t0 = performance.now();
      const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true });
      pdfTimes.push(performance.now() - t0);
      pdfBytes = pdf.length;
    }
    const counts = await page.evaluate(async () => {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('yizhan-bench');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const count = (store) =>
        new Promise((resolve) => {
          const r = db.transaction(store).objectStore(store).count();
          r.onsuccess = () => resolve(r.result);
        });
      const out = { cases: await count('cases'), caseEvents: await count('caseEvents'), residents: await count('residents') };
      db.close();
      return out;
    });
    if (counts.cases === 0) throw new Error(`no cases in the store of ${profile}: seeded under another origin? delete the profile and seed again`);
    return {
      scale,
      rounds,
      startedAt: new Date().toISOString(),
      chromium: await context.browser()?.version(),
      seeded,
      counts,
      figures,
      pdf: { pages: rendered.pages, renderMs: rendered.renderMs, bytes: pdfBytes, ms: summarise(pdfTimes) },
      load,
      opened,
      profileKept: keep ? profile : undefined,
    };
  } finally {
    await context?.close().catch(() => {});
    server.close();
    if (!keep) await rm(profile, { recursive: true, force: true });
  }
}

export function renderBlock(r) {
  const m = machine();
  const lines = [];
  lines.push(SECTION_START);
  lines.push('### Latest run');
  lines.push('');
  lines.push(
    `\`node tests/bench/daily-log-bench.mjs --scale=${r.scale}\`, ${r.startedAt.slice(0, 10)}, ${m.cpu}, ${m.cores} cores; Chromium ${r.chromium ?? '?'}; 1-minute load average during the run ${r.load.map((x) => x.toFixed(1)).join(' → ')}.`,
  );
  lines.push(
    `Store: ${fmt(r.counts.cases)} cases, ${fmt(r.counts.caseEvents)} events, ${fmt(r.counts.residents)} residents${r.seeded.partial ? ` (**partial**: seeding stopped at its time budget, ${fmt(r.seeded.seeded)} of ${fmt(r.seeded.cases)} cases)` : ''}, seeded by the store benchmark's generator (tests/bench/store-page). ${r.rounds} rounds per row after 3 warm-up rounds; times in ms.`,
  );
  if (r.opened) {
    lines.push(
      `Opening the store took ${fmt(r.opened.ms)} ms${r.opened.fromVersion < 6 ? ` (upgraded from schema v${r.opened.fromVersion}: the one-time cost of a new schema on a full workstation)` : ''}.`,
    );
  }
  lines.push('');
  lines.push('| log | rows read (touched that day / open needing the lead / changed since → candidates; refolded from events); on-track counted | read p50 / p95 | compute p50 / p95 | total p50 / p95 | goal ≤ 150 ms (total p95) |');
  lines.push('|---|---|---|---|---|---|');
  for (const f of r.figures) {
    const s = f.stats;
    lines.push(
      `| ${f.label}: ${f.log.received} received, ${f.log.completed} completed, ${f.log.overdue} overdue + ${f.log.pending} pending listed, ${f.log.onTrack} on track | ${fmt(s.touched)} / ${fmt(s.open)} / ${fmt(s.changedSince)} → ${fmt(s.candidates)}; ${fmt(s.refolded)} (${fmt(f.eventsRead)} events); ${fmt(s.counted)} | ${ms(f.read.p50)} / ${ms(f.read.p95)} | ${ms(f.compute.p50)} / ${ms(f.compute.p95)} | ${ms(f.total.p50)} / ${ms(f.total.p95)} | ${f.total.p95 <= GOAL_MS ? '**met**' : '**missed**'} (compute alone ${f.compute.p95 <= GOAL_MS ? 'met' : 'missed'}) |`,
    );
  }
  lines.push('');
  lines.push(
    `Print: the default log of today is ${r.pdf.pages} A4 pages; mounting it took ${ms(r.pdf.renderMs)} ms (fonts ready), and \`page.pdf\` (Chromium's print-to-PDF, as Electron's \`printToPDF\`) ${ms(r.pdf.ms.p50)} ms p50, ${ms(r.pdf.ms.max)} ms max over ${r.pdf.ms.n} runs (${fmt(r.pdf.bytes / 1024)} KiB).`,
  );
  lines.push(SECTION_END);
  return lines.join('\n');
}

/** What the section says before the figures when the runner first writes it; edited by hand after that. */
const SECTION_INTRO = `## Daily log (工作日志)

\`node tests/bench/daily-log-bench.mjs [--scale=0.1] [--profile=DIR]\` (tests/bench/daily-log-page/, built by
tests/bench/daily-log-bench.vite.config.ts). "read" is \`dailyLogSources\` (renderer/src/store/daily-log-queries.ts),
"compute" is \`computeDailyLog\` (shared/domain/daily-log/) on what was read, "total" is both, as the 工作日志 page
does on every change. Goal (perf-anchors): the log of a 1,000-case day with 1 M cases stored, ≤ 150 ms to compute.`;

/** Replaces the generated figures in docs/benchmarks.md (or adds the section), leaving everything else alone. */
export async function writeBlock(path, block) {
  let doc = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  const start = doc.indexOf(SECTION_START);
  const end = doc.indexOf(SECTION_END);
  doc = start >= 0 && end > start ? doc.slice(0, start) + block + doc.slice(end + SECTION_END.length) : `${doc.trimEnd()}\n\n${SECTION_INTRO}\n\n${block}\n`;
  await writeFile(path, doc);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const results = await runDailyLogBench(args);
  await mkdir(join(ROOT, 'dist/bench'), { recursive: true });
  const json = join(ROOT, `dist/bench/daily-log-results-${args.scale}.json`);
  await writeFile(json, JSON.stringify(results, null, 2));
  const block = renderBlock(results);
  console.log(`\n${block}\n`);
  console.log(`[bench:daily-log] raw results: ${json}`);
  if (args.docs) {
    await writeBlock(join(ROOT, 'docs/benchmarks.md'), block);
    console.log('[bench:daily-log] docs/benchmarks.md (Daily log section) updated');
  }
}
