import type { z } from 'zod';
import { messageFor } from '../../errors/messages.zh-CN';
import { CatalogueFileSchema, MatterSchema, NotAllowedMatterSchema, type Catalogue } from './matter';

export interface CatalogueProblem {
  code: 'catalogue/invalid-entry' | 'catalogue/duplicate-code';
  list: 'matters' | 'notAllowed';
  /** 1-based position in its list, as an administrator counts. */
  index: number;
  /** The entry's code when it has a readable one. */
  matterCode?: string;
  reason: string;
  /** Chinese text for the settings screen. */
  message: string;
}

export type CatalogueLoad =
  | { ok: true; catalogue: Catalogue; problems: CatalogueProblem[] }
  | { ok: false; code: 'catalogue/invalid-file'; reason: string; message: string };

/**
 * Validates a catalogue file. Bad entries are left out of `catalogue` and each is listed in `problems`, never
 * dropped silently: the counter keeps working with the good entries while the settings screen shows what
 * to fix. A code used more than once (across both lists) is ambiguous, since case records refer to matters by
 * code, so every entry with that code is left out and reported.
 */
export function loadCatalogue(input: unknown): CatalogueLoad {
  const file = CatalogueFileSchema.safeParse(input);
  if (!file.success) {
    return {
      ok: false,
      code: 'catalogue/invalid-file',
      reason: describe(file.error),
      message: messageFor('catalogue/invalid-file'),
    };
  }
  const problems: CatalogueProblem[] = [];
  const matters = validateList(file.data.matters, 'matters', MatterSchema, problems);
  const notAllowed = validateList(file.data.notAllowed, 'notAllowed', NotAllowedMatterSchema, problems);

  const byCode = new Map<string, number>();
  for (const entry of [...matters, ...notAllowed]) byCode.set(entry.value.code, (byCode.get(entry.value.code) ?? 0) + 1);
  const keep = <T extends { code: string }>(entries: Indexed<T>[], list: CatalogueProblem['list']): T[] =>
    entries.flatMap((entry) => {
      if ((byCode.get(entry.value.code) ?? 0) === 1) return [entry.value];
      const code = entry.value.code;
      problems.push({
        code: 'catalogue/duplicate-code',
        list,
        index: entry.index,
        matterCode: code,
        reason: `code ${code} is used by more than one entry`,
        message: messageFor('catalogue/duplicate-code', { code, index: entry.index }),
      });
      return [];
    });

  const catalogue: Catalogue = {
    version: file.data.version,
    region: file.data.region,
    publishedAt: file.data.publishedAt,
    matters: keep(matters, 'matters'),
    notAllowed: keep(notAllowed, 'notAllowed'),
  };
  problems.sort((a, b) => (a.list === b.list ? a.index - b.index : a.list === 'matters' ? -1 : 1));
  return { ok: true, catalogue, problems };
}

interface Indexed<T> {
  index: number;
  value: T;
}

function validateList<T>(
  raw: readonly unknown[],
  list: CatalogueProblem['list'],
  schema: z.ZodType<T>,
  problems: CatalogueProblem[],
): Indexed<T>[] {
  const valid: Indexed<T>[] = [];
  raw.forEach((entry, i) => {
    const index = i + 1;
    const parsed = schema.safeParse(entry);
    if (parsed.success) {
      valid.push({ index, value: parsed.data });
      return;
    }
    const matterCode = readableCode(entry);
    const reason = describe(parsed.error);
    problems.push({
      code: 'catalogue/invalid-entry',
      list,
      index,
      ...(matterCode === undefined ? {} : { matterCode }),
      reason,
      message: messageFor('catalogue/invalid-entry', { index, code: matterCode ?? '无编码', reason }),
    });
  });
  return valid;
}

function readableCode(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || !('code' in entry)) return undefined;
  return typeof entry.code === 'string' && entry.code.length > 0 ? entry.code.slice(0, 20) : undefined;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(根)'}：${issue.message}`)
    .join('；');
}
