// Renders store-bench results as Markdown and writes them into the "Store" section of docs/benchmarks.md, one
// block per scale, leaving every other section (other benchmarks write them) and the hand-written analysis
// around the blocks untouched.
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

const SECTION_START = '<!-- store-bench:start -->';
const SECTION_END = '<!-- store-bench:end -->';
const blockStart = (scale) => `<!-- store-bench:scale=${scale}:start -->`;
const blockEnd = (scale) => `<!-- store-bench:scale=${scale}:end -->`;

export function machine() {
  let model = 'unknown CPU';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux: keep the placeholder
  }
  return { cpu: model, cores: cpus().length, ramGiB: totalmem() / 2 ** 30 };
}

const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const ms = (n) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : Math.round(n).toString()) : '—');
const rate = (rows, millis) => (rows / millis) * 1000;
const verdict = (ok) => (ok ? '**met**' : '**missed**');
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

function buckets(slices, total, count = 10) {
  const out = [];
  for (let b = 0; b < count; b += 1) {
    const lo = (b * total) / count;
    const hi = ((b + 1) * total) / count;
    const inside = slices.filter((s) => s.storedAfter > lo && s.storedAfter <= hi);
    if (inside.length === 0) continue;
    const sum = (key) => inside.reduce((a, s) => a + s[key], 0);
    out.push({ upTo: inside.at(-1).storedAfter, rows: sum('rows'), events: sum('events'), ms: sum('ms'), deriveMs: sum('deriveMs'), waitMs: sum('waitMs') });
  }
  return out;
}

export function renderStoreBlock(r, command) {
  const m = machine();
  const seededResidents = r.seed.residents.reduce((a, s) => a + s.rows, 0);
  const seededCases = r.seed.cases.reduce((a, s) => a + s.rows, 0);
  const seededEvents = r.seed.cases.reduce((a, s) => a + s.events, 0);
  const residentMs = r.seed.residents.reduce((a, s) => a + s.ms, 0);
  const caseMs = r.seed.cases.reduce((a, s) => a + s.ms, 0);
  const allRecords = seededResidents + seededCases + seededEvents;
  const overall = rate(allRecords, r.seed.ms);
  const caseBuckets = buckets(r.seed.cases, r.plan.cases);
  const first = caseBuckets[0];
  const last = caseBuckets.at(-1);
  // The store's rate over the same range the raw baseline wrote (the first rows into an empty store).
  const sameRange = (slices, upTo) => {
    const inside = slices.filter((s) => s.storedAfter <= upTo);
    const sum = (key) => inside.reduce((a, s) => a + s[key], 0);
    return inside.length === 0 ? undefined : { upTo: inside.at(-1).storedAfter, rows: sum('rows'), events: sum('events'), ms: sum('ms') };
  };
  const firstRes = sameRange(r.seed.residents, r.raw.residents.rows);
  const firstCases = sameRange(r.seed.cases, r.raw.cases.rows);
  const rawRes = rate(r.raw.residents.rows, r.raw.residents.ms);
  const rawCases = rate(r.raw.cases.rows, r.raw.cases.ms);
  const rawEvents = rate(r.raw.events.rows, r.raw.events.ms);
  // Raw writes cases and events in separate bulkPuts; the time for the pair is the sum.
  const rawCaseRecords = rate(r.raw.cases.rows + r.raw.events.rows, r.raw.cases.ms + r.raw.events.ms);
  const storeFirstCaseRecords = firstCases ? rate(firstCases.rows + firstCases.events, firstCases.ms) : NaN;

  const lines = [];
  lines.push(blockStart(r.scale));
  lines.push(`### Scale ${r.scale}: ${int(r.plan.residents)} residents, ${int(r.plan.cases)} cases${r.seed.partial ? ` (**partial: seeding stopped at ${int(seededCases)} cases**)` : ''}`);
  lines.push('');
  lines.push(`Command: \`${command}\`. Run ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${r.minutes.toFixed(1)} min in all.`);
  lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(0)} GiB RAM; ${r.env.chromium} headless (\`${r.env.userAgent.replace(/^.*(HeadlessChrome\/[\d.]+|Chrome\/[\d.]+).*$/, '$1')}\`), Dexie ${r.env.dexie}, persistent profile, IndexedDB quota ${(r.env.quotaBytes / 2 ** 30).toFixed(0)} GiB.`);
  lines.push(
    `Stored at the end: ${int(r.after.residents)} residents, ${int(r.after.cases)} cases, ${int(r.after.caseEvents)} case events over ${int(r.plan.days)} days; IndexedDB usage ${int(r.stored.usageBytes / 2 ** 20)} MiB after seeding (profile on disk ${int(r.profileBytes / 2 ** 20)} MiB at the end).`,
  );
  const loads = [...r.load.map((l) => l.load1), ...r.seed.cases.map((s) => s.load1), ...r.seed.residents.map((s) => s.load1)];
  lines.push(
    `Machine load (1-min load average on ${m.cores} cores, sampled through the run): ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, mean ${(loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(1)}; other work shared the cores, so compare the ratios within this run, not absolute times.`,
  );
  lines.push(
    `Mean row sizes as JSON: resident ${int(r.stored.residentRowBytes)} B, case ${int(r.stored.caseRowBytes)} B, case event ${int(r.stored.eventBytes)} B; ${(r.after.caseEvents / r.after.cases).toFixed(2)} events per case.`,
  );
  lines.push('');
  lines.push('| figure | measured | goal / reference | |');
  lines.push('|---|---|---|---|');
  lines.push(
    `| seed, all records (residents + cases + events), wall clock | **${int(overall)} records/s** (${int(allRecords)} in ${(r.seed.ms / 60_000).toFixed(1)} min) | issue target ≥ 20,000/s | ${verdict(overall >= 20_000)} |`,
  );
  lines.push(
    `| seed residents (3+2 indexes) | ${int(rate(seededResidents, residentMs))}/s overall; first ${int(firstRes?.upTo)}: ${int(firstRes ? rate(firstRes.rows, firstRes.ms) : NaN)}/s | raw Dexie bulkPut, first ${int(r.raw.residents.rows)}: ${int(rawRes)}/s → store ${firstRes ? ratio(rate(firstRes.rows, firstRes.ms), rawRes) : '—'} raw | ≥ 0.75× raw: ${verdict(firstRes && rate(firstRes.rows, firstRes.ms) >= 0.75 * rawRes)} |`,
  );
  lines.push(
    `| seed cases + their events, one transaction per ${int(r.plan.caseChunk)} cases | ${int(rate(seededCases, caseMs))} cases/s + ${int(rate(seededEvents, caseMs))} events/s overall = ${int(rate(seededCases + seededEvents, caseMs))} records/s | raw Dexie bulkPut, first ${int(r.raw.cases.rows)} cases: ${int(rawCases)} cases/s, ${int(rawEvents)} events/s, ${int(rawCaseRecords)} records/s together ; store over the same first ${int(firstCases?.upTo)}: ${int(storeFirstCaseRecords)} records/s → ${ratio(storeFirstCaseRecords, rawCaseRecords)} raw | ≥ 0.75× raw: ${verdict(storeFirstCaseRecords >= 0.75 * rawCaseRecords)} |`,
  );
  const embedded = r.raw.casesWithEvents;
  if (embedded) {
    lines.push(
      `| what-if: each case row carrying its events (no caseEvents table), raw Dexie bulkPut | ${int(rate(embedded.rows, embedded.ms))} cases/s = ${int(rate(embedded.rows + embedded.events, embedded.ms))} cases+events/s | vs separate tables above: ${int(rate(r.raw.cases.rows, r.raw.cases.ms + r.raw.events.ms))} cases/s → ${ratio(rate(embedded.rows, embedded.ms), rate(r.raw.cases.rows, r.raw.cases.ms + r.raw.events.ms))} | |`,
    );
  }
  for (const [mode, label] of [
    ['document', 'search: ID number (18 digits)'],
    ['name-prefix', 'search: name prefix (2 characters)'],
    ['initials', 'search: pinyin initials'],
    ['phone', 'search: phone (11 digits)'],
    ['phone-tail', 'search: 手机尾号 (last 4)'],
  ]) {
    const s = r.search.store[mode];
    const raw = r.search.raw[mode];
    lines.push(
      `| ${label}, \`searchResidents\` (n=${s.n}, ${r.search.meanHits[mode].toFixed(1)} hits avg) | p50 ${ms(s.p50)} ms, **p95 ${ms(s.p95)} ms** (max ${ms(s.max)}) | p95 ≤ 5 ms (anchor), ≤ 30 ms (issue); same index in raw Dexie p95 ${ms(raw.p95)} ms | ${verdict(s.p95 <= 5)} / ${verdict(s.p95 <= 30)} |`,
    );
  }
  const d = r.day;
  if (d.rowsToday === 0) {
    lines.push(
      `| today's cases, \`casesForDay\` | not measured: this run stopped seeding before today (cases are seeded oldest first), so "today" was empty (since fixed: the bench now uses the newest fully seeded day) | p95 ≤ 20 ms | — |`,
    );
  } else lines.push(
    `| today's cases, \`casesForDay\` (${d.day ?? 'today'}, ${int(d.rowsToday)} rows, same day repeated, n=${d.todayStore.n}) | p50 ${ms(d.todayStore.p50)} ms, **p95 ${ms(d.todayStore.p95)} ms** | p95 ≤ 20 ms | ${verdict(d.todayStore.p95 <= 20)} |`,
  );
  lines.push(
    `| a random day's cases, \`casesForDay\` (${int(d.meanRowsRandomDay)} rows avg${r.seed.partial && d.day === undefined ? '; days drawn from all planned days, so ~40 % were empty in this partial run and p50/p95 fall on full days' : ''}) | p50 ${ms(d.randomDayStore.p50)} ms, p95 ${ms(d.randomDayStore.p95)} ms | native IndexedDB \`index.getAll\` on the same range: p50 ${ms(d.randomDayNative.p50)}, p95 ${ms(d.randomDayNative.p95)} ms | ${verdict(d.randomDayStore.p95 <= 20)} |`,
  );
  if (d.rowsToday > 0) lines.push(`| today's first 50 rows (same index, \`.limit(50)\`) | p50 ${ms(d.todayFirstPage.p50)} ms, p95 ${ms(d.todayFirstPage.p95)} ms | what-if: a page instead of the whole day | |`);
  if (d.rowsToday > 0) lines.push(`| today's keys only (same index, \`.primaryKeys()\`) | p50 ${ms(d.todayKeys.p50)} ms, p95 ${ms(d.todayKeys.p95)} ms | the index walk without reading rows | |`);
  if (d.rowsToday > 0) lines.push(
    `| today's cases as slim list rows (${int(d.slimRowBytes)} B instead of ${int(d.fullRowBytes)} B; side database, last 30 days) | p50 ${ms(d.slimToday.p50)} ms, p95 ${ms(d.slimToday.p95)} ms | what-if, not the product schema | |`,
  );
  if (d.rowsToday > 0) lines.push(`| today's count, \`countCasesForDay\` | p50 ${ms(d.countToday.p50)} ms, p95 ${ms(d.countToday.p95)} ms | — | |`);
  if (d.rowsToday > 0) lines.push(`| clerk's desk, \`deskCases\` (today + all open, ${int(d.deskRows)} rows, n=${d.desk.n}) | p50 ${ms(d.desk.p50)} ms, p95 ${ms(d.desk.p95)} ms | — | |`);
  const it = r.intake;
  lines.push(
    `| intake commit, \`recordIntake\` (case + ${it.eventsPerIntake.toFixed(1)} events + outbox, n=${it.store.n}) | p50 ${ms(it.store.p50)} ms, **p95 ${ms(it.store.p95)} ms** | p95 ≤ 8 ms; parts alone: next-number read p95 ${ms(it.nextNumber.p95)} ms, event schema check + fold p95 ${ms(it.validateFold.p95)} ms; raw Dexie same writes in one transaction p95 ${ms(it.raw.p95)} ms | ${verdict(it.store.p95 <= 8)} |`,
  );
  lines.push(`| new resident, \`createResident\` (n=${r.createResident.n}) | p50 ${ms(r.createResident.p50)} ms, p95 ${ms(r.createResident.p95)} ms | — | |`);
  lines.push('');
  lines.push('Seeding rate as the store grows (cases with their events, one slice per tenth):');
  lines.push('');
  lines.push('| cases stored | cases/s | events/s | records/s | time deriving rows (overlapped) | time waiting on IndexedDB |');
  lines.push('|---|---|---|---|---|---|');
  for (const b of caseBuckets) {
    lines.push(`| ≤ ${int(b.upTo)} | ${int(rate(b.rows, b.ms))} | ${int(rate(b.events, b.ms))} | ${int(rate(b.rows + b.events, b.ms))} | ${Math.round((100 * b.deriveMs) / b.ms)} % | ${Math.round((100 * b.waitMs) / b.ms)} % |`);
  }
  if (first && last && first !== last) {
    lines.push('');
    lines.push(`Last slice vs first: ${ratio(rate(last.rows + last.events, last.ms), rate(first.rows + first.events, first.ms))} the records/s.`);
  }
  lines.push(blockEnd(r.scale));
  return lines.join('\n');
}

function header() {
  const m = machine();
  return `# Benchmarks\n\nFigures measured on the team's build machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(0)} GiB RAM, Debian 12. Such machines are noisy: compare ratios measured in one run (see /work/shared/perf-anchors.md), not absolute times across runs.\n`;
}

function sectionSkeleton() {
  return `${SECTION_START}\n## Store (IndexedDB via Dexie, in Chromium)\n\n\`npm run bench\` (full: 200 k residents, 1 M cases) or \`npm run bench -- --scale=0.05\` (quick). Built by tests/bench/store-bench.vite.config.ts, run by scripts/bench.mjs; the page is tests/bench/store-page/.\n\n${SECTION_END}`;
}

/** Replaces (or adds) this scale's block inside the Store section, creating the file or the section if needed. */
export async function writeStoreBlock(path, scale, block) {
  let doc = await readFile(path, 'utf8').catch(() => header());
  if (!doc.includes(SECTION_START)) doc = `${doc.trimEnd()}\n\n${sectionSkeleton()}\n`;
  const start = blockStart(scale);
  const end = blockEnd(scale);
  if (doc.includes(start) && doc.includes(end)) {
    doc = doc.slice(0, doc.indexOf(start)) + block + doc.slice(doc.indexOf(end) + end.length);
  } else {
    // Largest scale first: the full run is the figure people look for.
    const smaller = [...doc.matchAll(/<!-- store-bench:scale=([\d.]+):start -->/g)].find((m) => Number(m[1]) < scale);
    const at = smaller ? smaller.index : doc.indexOf(SECTION_END);
    doc = `${doc.slice(0, at)}${block}\n\n${doc.slice(at)}`;
  }
  await writeFile(path, doc);
}
