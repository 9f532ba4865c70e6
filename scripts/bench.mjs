// `npm run bench`: the store benchmark (Issue 2). Seeds 200 k residents and 1 M cases with their events into the
// product's Dexie store inside Debian's Chromium, then times resident search, today's cases and intake commits.
//
//   npm run bench                      full scale (20–40 min on a 2-core machine)
//   npm run bench -- --scale=0.05      quick run (a few minutes)
//   options: --seed-budget-min=N (stop seeding cases after N minutes and measure what is stored, reported as
//            partial), --queries=N (per figure, default 200), --case-chunk=N, --resident-chunk=N,
//            --no-docs (do not write docs/benchmarks.md)
//
// Results: docs/benchmarks.md (Store section, one block per scale) and dist/bench/store-results-<scale>.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runStoreBench } from '../tests/bench/store-bench.mjs';
import { renderStoreBlock, writeStoreBlock } from '../tests/bench/store-report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv) {
  const out = { scale: 1, queries: 200, docs: true, seedBudgetMinutes: Infinity };
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    const number = Number(value);
    const positive = () => {
      if (!Number.isFinite(number) || number <= 0) throw new Error(`--${key} needs a positive number, got ${value}`);
      return number;
    };
    if (key === 'scale') out.scale = positive();
    else if (key === 'queries') out.queries = Math.round(positive());
    else if (key === 'seed-budget-min') out.seedBudgetMinutes = positive();
    else if (key === 'case-chunk') out.caseChunk = Math.round(positive());
    else if (key === 'resident-chunk') out.residentChunk = Math.round(positive());
    else if (key === 'no-docs') out.docs = false;
    else throw new Error(`unknown option ${arg}`);
  }
  if (out.scale > 1.28) throw new Error('--scale above 1.28 would need more distinct ID numbers than the generator makes');
  return out;
}

const args = parseArgs(process.argv.slice(2));
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const results = await runStoreBench(args);

await mkdir(`${ROOT}dist/bench`, { recursive: true });
const json = `${ROOT}dist/bench/store-results-${args.scale}.json`;
await writeFile(json, JSON.stringify(results, null, 2));
const block = renderStoreBlock(results, command);
console.log(`\n${block}\n`);
console.log(`[bench:store] raw results: ${json}`);
if (args.docs) {
  await writeStoreBlock(`${ROOT}docs/benchmarks.md`, args.scale, block);
  console.log('[bench:store] docs/benchmarks.md (Store section) updated');
}
