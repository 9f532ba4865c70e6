import type { Alias, Catalogue, Matter, NotAllowedMatter } from './matter';

/**
 * Picker search over the catalogue. A query matches by code prefix (MZ-0), pinyin-initials prefix of the name
 * or an alias (dbsq → 低保申请), or a substring of the name or an alias (低保). Results are ranked so that the
 * most deliberate input wins: exact code, code prefix typed with a digit or dash, name or alias prefix,
 * initials prefix, a letters-only code prefix (mz), then substring; ties keep catalogue order. An empty
 * query returns everything in catalogue order.
 */

interface Searchable {
  code: string;
  name: string;
  initials: string;
  aliases: Alias[];
}

export function searchMatters(catalogue: Pick<Catalogue, 'matters'>, query: string): Matter[] {
  return rank(catalogue.matters, query);
}

/** The same search over the 不予受理 list, so the counter can tell a resident where to go instead. */
export function searchNotAllowed(catalogue: Pick<Catalogue, 'notAllowed'>, query: string): NotAllowedMatter[] {
  return rank(catalogue.notAllowed, query);
}

export function findMatter(catalogue: Pick<Catalogue, 'matters'>, code: string): Matter | undefined {
  return catalogue.matters.find((m) => m.code === code);
}

function rank<T extends Searchable>(entries: readonly T[], rawQuery: string): T[] {
  const query = rawQuery.normalize('NFKC').replace(/\s+/g, '');
  if (query.length === 0) return [...entries];
  const lower = query.toLowerCase();
  const upper = query.toUpperCase();
  const scored: { entry: T; score: number; order: number }[] = [];
  entries.forEach((entry, order) => {
    const score = scoreOf(entry, query, lower, upper);
    if (score > 0) scored.push({ entry, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.map((s) => s.entry);
}

function scoreOf(entry: Searchable, query: string, lower: string, upper: string): number {
  const names = [entry.name, ...entry.aliases.map((a) => a.name)];
  const initials = [entry.initials, ...entry.aliases.map((a) => a.initials)];
  // Codes are typed without the dash too (mz001).
  const code = entry.code.replace('-', '');
  const codeQuery = upper.replace('-', '');
  const codePrefix = /^[A-Z]/.test(upper) && (entry.code.startsWith(upper) || code.startsWith(codeQuery));
  if (entry.code === upper || code === codeQuery) return 6;
  // With a digit or dash the clerk is typing a code; letters alone are far more often pinyin initials.
  if (codePrefix && /[\d-]/.test(query)) return 5;
  if (names.some((n) => n.startsWith(query))) return 4;
  if (/^[a-z0-9]+$/.test(lower) && initials.some((i) => i.startsWith(lower))) return 3;
  if (codePrefix) return 2;
  if (names.some((n) => n.includes(query))) return 1;
  return 0;
}
