#!/usr/bin/env node
/**
 * Generates resources/calendar/cn-<year>.json from the chinese-days package, cross-checked against the State
 * Council notices transcribed below.
 *
 * Why both: chinese-days is community-maintained and covers every year we need in machine form, but a wrong
 * date here moves legal deadlines, so each year we ship is also typed in from the official notice
 * (国务院办公厅关于<year>年部分节假日安排的通知). Where they differ the notice wins and the difference is printed.
 * A year with no transcribed notice is refused unless --allow-unverified is given.
 *
 *   node scripts/gen-calendar.mjs            # write the files
 *   node scripts/gen-calendar.mjs --check    # exit 1 if the committed files differ from what would be written
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'resources', 'calendar');
const FIRST_YEAR = 2024;

/**
 * Transcribed notices. `holidays`: [from, to, name] inclusive ranges (放假调休); `workdays`: [date, name] for
 * the weekend days worked instead (上班). `publishedAt` is the notice's release time in UTC, so the run-time
 * rule "newest publishedAt wins" lets a district correction issued later replace it.
 */
const OFFICIAL = {
  2024: {
    publishedAt: '2023-10-25T00:00:00Z',
    holidays: [
      ['2024-01-01', '2024-01-01', '元旦'],
      ['2024-02-10', '2024-02-17', '春节'],
      ['2024-04-04', '2024-04-06', '清明节'],
      ['2024-05-01', '2024-05-05', '劳动节'],
      ['2024-06-10', '2024-06-10', '端午节'],
      ['2024-09-15', '2024-09-17', '中秋节'],
      ['2024-10-01', '2024-10-07', '国庆节'],
    ],
    workdays: [
      ['2024-02-04', '春节'],
      ['2024-02-18', '春节'],
      ['2024-04-07', '清明节'],
      ['2024-04-28', '劳动节'],
      ['2024-05-11', '劳动节'],
      ['2024-09-14', '中秋节'],
      ['2024-09-29', '国庆节'],
      ['2024-10-12', '国庆节'],
    ],
  },
  2025: {
    publishedAt: '2024-11-12T00:00:00Z',
    holidays: [
      ['2025-01-01', '2025-01-01', '元旦'],
      ['2025-01-28', '2025-02-04', '春节'],
      ['2025-04-04', '2025-04-06', '清明节'],
      ['2025-05-01', '2025-05-05', '劳动节'],
      ['2025-05-31', '2025-06-02', '端午节'],
      ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
    ],
    workdays: [
      ['2025-01-26', '春节'],
      ['2025-02-08', '春节'],
      ['2025-04-27', '劳动节'],
      ['2025-09-28', '国庆节、中秋节'],
      ['2025-10-11', '国庆节、中秋节'],
    ],
  },
  2026: {
    publishedAt: '2025-11-04T00:00:00Z',
    holidays: [
      ['2026-01-01', '2026-01-03', '元旦'],
      ['2026-02-15', '2026-02-23', '春节'],
      ['2026-04-04', '2026-04-06', '清明节'],
      ['2026-05-01', '2026-05-05', '劳动节'],
      ['2026-06-19', '2026-06-21', '端午节'],
      ['2026-09-25', '2026-09-27', '中秋节'],
      ['2026-10-01', '2026-10-07', '国庆节'],
    ],
    workdays: [
      ['2026-01-04', '元旦'],
      ['2026-02-14', '春节'],
      ['2026-02-28', '春节'],
      ['2026-05-09', '劳动节'],
      ['2026-09-20', '国庆节'],
      ['2026-10-10', '国庆节'],
    ],
  },
};

const NAME_ZH = {
  "New Year's Day": '元旦',
  'Spring Festival': '春节',
  'Tomb-sweeping Day': '清明节',
  'Labour Day': '劳动节',
  'Dragon Boat Festival': '端午节',
  'Mid-autumn Festival': '中秋节',
  'National Day': '国庆节',
};

function expandRange(from, to) {
  const out = [];
  // Noon UTC keeps the arithmetic away from any DST or offset edge.
  for (let t = Date.parse(`${from}T12:00:00Z`); t <= Date.parse(`${to}T12:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function fromChineseDays(data, year) {
  const pick = (table) =>
    Object.entries(table)
      .filter(([date]) => date.startsWith(`${year}-`))
      .map(([date, value]) => {
        const english = value.split(',')[0];
        return { date, name: NAME_ZH[english] ?? value.split(',')[1] };
      })
      .sort((a, b) => a.date.localeCompare(b.date));
  return { holidays: pick(data.holidays), workdays: pick(data.workdays) };
}

function fromOfficial(notice) {
  const holidays = notice.holidays.flatMap(([from, to, name]) => expandRange(from, to).map((date) => ({ date, name })));
  const workdays = notice.workdays.map(([date, name]) => ({ date, name }));
  const byDate = (a, b) => a.date.localeCompare(b.date);
  return { holidays: holidays.sort(byDate), workdays: workdays.sort(byDate) };
}

function diffDates(label, official, community) {
  const a = new Set(official.map((d) => d.date));
  const b = new Set(community.map((d) => d.date));
  const notes = [];
  for (const d of a) if (!b.has(d)) notes.push(`${label} ${d}: in the notice, missing from chinese-days`);
  for (const d of b) if (!a.has(d)) notes.push(`${label} ${d}: in chinese-days, not in the notice`);
  return notes;
}

/** One entry per line, so a changed day is a one-line diff in review. */
function formatFile(file) {
  const list = (entries) => entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  return [
    '{',
    `  "year": ${file.year},`,
    `  "source": ${JSON.stringify(file.source)},`,
    `  "publishedAt": ${JSON.stringify(file.publishedAt)},`,
    '  "holidays": [',
    list(file.holidays),
    '  ],',
    '  "workdays": [',
    list(file.workdays),
    '  ]',
    '}',
    '',
  ].join('\n');
}

function main() {
  const args = new Set(process.argv.slice(2));
  const require = createRequire(import.meta.url);
  const pkg = require('chinese-days/package.json');
  const data = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8'));
  const years = [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))]
    .filter((y) => y >= FIRST_YEAR)
    .sort();

  let stale = false;
  mkdirSync(outDir, { recursive: true });
  for (const year of years) {
    const community = fromChineseDays(data, year);
    const notice = OFFICIAL[year];
    if (!notice && !args.has('--allow-unverified')) {
      console.error(`${year}: chinese-days has data but no notice is transcribed in OFFICIAL; add it, then rerun.`);
      process.exitCode = 1;
      continue;
    }
    const chosen = notice ? fromOfficial(notice) : community;
    if (notice) {
      const notes = [
        ...diffDates('holiday', chosen.holidays, community.holidays),
        ...diffDates('make-up workday', chosen.workdays, community.workdays),
      ];
      for (const n of notes) console.warn(`${year}: ${n} (the notice wins)`);
      if (notes.length === 0) console.log(`${year}: chinese-days ${pkg.version} agrees with the notice`);
    }
    const file = {
      year,
      source: notice
        ? `国务院办公厅关于${year}年部分节假日安排的通知（与 chinese-days ${pkg.version} 核对）`
        : `chinese-days ${pkg.version}（未与国务院通知核对）`,
      publishedAt: notice ? notice.publishedAt : `${year - 1}-12-31T00:00:00Z`,
      holidays: chosen.holidays,
      workdays: chosen.workdays,
    };
    const text = formatFile(file);
    const path = join(outDir, `cn-${year}.json`);
    if (args.has('--check')) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
        console.error(`${path} is not what the generator produces; run node scripts/gen-calendar.mjs`);
        stale = true;
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
  if (stale) process.exitCode = 1;
}

main();
