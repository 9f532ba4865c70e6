#!/usr/bin/env node
/**
 * Fills the pinyin `initials` of every matter, not-allowed entry and alias in resources/catalogue/catalogue.json.
 *
 * shared/ may import only zod, so the pinyin table (pinyin-pro) is used here at authoring time and the result
 * is committed; scripts/catalogue-initials.test.ts re-derives and compares, so a hand edit that forgets to
 * rerun this fails the tests.
 *
 *   node scripts/gen-catalogue-initials.mjs           # rewrite the file
 *   node scripts/gen-catalogue-initials.mjs --check   # exit 1 if any initials are stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'catalogue', 'catalogue.json');

/** Initials of a name: bracketed remarks dropped, Han characters by pinyin, Latin letters and digits kept. */
export function initialsOf(name) {
  const bare = name.replace(/（[^）]*）|\([^)]*\)/g, '');
  const letters = pinyin(bare, { pattern: 'first', toneType: 'none', type: 'array' });
  return letters
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function fill(entry) {
  entry.initials = initialsOf(entry.name);
  for (const alias of entry.aliases ?? []) alias.initials = initialsOf(alias.name);
}

const text = readFileSync(path, 'utf8');
const data = JSON.parse(text);
for (const entry of [...data.matters, ...data.notAllowed]) fill(entry);
const next = `${JSON.stringify(data, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('catalogue.json initials are stale; run node scripts/gen-catalogue-initials.mjs');
    process.exitCode = 1;
  }
} else {
  writeFileSync(path, next);
  console.log(`wrote ${path}`);
}
