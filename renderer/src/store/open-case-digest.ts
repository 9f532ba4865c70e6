import Dexie from 'dexie';
import type { CaseStatus } from '@shared/domain/case/reducer';
import { ON_TRACK_STATUSES } from '@shared/domain/daily-log/daily-log';
import { openCaseSummaryOf, type OpenCaseSummary } from '@shared/domain/daily-log/open-case';
import { residentLabelOf, sameLabel, type ResidentLabel } from '@shared/domain/resident-label';
import type { CaseRow, ResidentRow } from './rows';
import type { YizhanDb } from './schema';

/**
 * Every open case as a slim summary (shared/domain/daily-log/open-case.ts), packed many to a row: the daily log and
 * the hall board list thousands of open cases on a busy hall, and Chromium's IndexedDB costs ~50 µs per row read
 * whatever its size (an index scan of keys alone costs two thirds of reading the rows), plus as much again to read
 * each resident for the name. A row here holds the open cases of one (status, printed deadline) pair — the same
 * pair `[status+deadline]` and the case tally use, so "due by the next working day" is a key range — split into
 * `SHARDS` rows by case id so that a write rewrites a few kilobytes, not every case due that day.
 *
 * It is derived from the case rows, like an index: every writer of `cases` passes its before/after rows to
 * `updateCaseDerived` (case-derived.ts) in the same transaction; the v7 upgrade builds it from the open rows.
 * The summary keeps the resident's masked name, from the row's label (`labelCaseRows`); a writer of `residents`
 * whose change alters it calls `relabelResidentCases`, which relabels the rows too. A summary written while its
 * resident was not on the workstation has no name, and the log looks that resident up. open-case-digest.test.ts
 * checks the digest against the rows after every kind of write.
 */
export type OpenCaseDigestRow = {
  status: CaseStatus;
  /** The printed deadline; '' for a case without one (not accepted yet, or a 即办件). */
  deadline: string;
  shard: number;
  cases: Record<string, OpenCaseSummary>;
};

type DigestKey = [CaseStatus, string, number];

export const DIGEST_SHARDS = 16;

/** Statuses whose open cases the log lists whatever their deadline (few, each needing the lead). */
const LISTED_WHOLE: readonly CaseStatus[] = ['received', 'awaiting-supplement', 'deferred'];

/** A stable spread of case ids (UUIDs, or anything else) over the shards. */
export function shardOf(caseId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i += 1) h = Math.imul(h ^ caseId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % DIGEST_SHARDS;
}

function keyOf(row: Pick<CaseRow, 'id' | 'status' | 'deadline'> | undefined, open: boolean): DigestKey | null {
  if (row === undefined || !open) return null;
  return [row.status, row.deadline ?? '', shardOf(row.id)];
}

const idOf = (key: DigestKey) => `${key[0]}\u0000${key[1]}\u0000${key[2]}`;

type Change = { before?: CaseRow; after?: CaseRow };

/** Applies case row changes to the digest. Call inside the transaction that writes the rows (with `openCases`), after `labelCaseRows`. */
export async function updateOpenCaseDigest(db: YizhanDb, changes: Iterable<Change>): Promise<void> {
  const moves: { from: DigestKey | null; to: DigestKey | null; after?: CaseRow; caseId: string }[] = [];
  for (const { before, after } of changes) {
    const summary = after === undefined ? null : openCaseSummaryOf(after);
    const from = keyOf(before, before !== undefined && openCaseSummaryOf(before) !== null);
    const to = keyOf(after, summary !== null);
    if (from === null && to === null) continue;
    const caseId = (after ?? before)?.id as string;
    moves.push({ from, to, ...(after !== undefined ? { after } : {}), caseId });
  }
  if (moves.length === 0) return;

  const keys = new Map<string, DigestKey>();
  for (const m of moves) for (const k of [m.from, m.to]) if (k !== null) keys.set(idOf(k), k);
  const loaded = await db.openCases.bulkGet([...keys.values()]);
  const buckets = new Map<string, OpenCaseDigestRow>();
  [...keys.entries()].forEach(([id, key], i) => {
    buckets.set(id, loaded[i] ?? { status: key[0], deadline: key[1], shard: key[2], cases: {} });
  });

  // The masked name is the row's label (labelCaseRows, called before the write). A row without one (its resident is
  // not on this workstation) keeps the name its summary had, if any.
  const kept = new Map<string, string>();
  for (const m of moves) {
    if (m.to === null || m.after === undefined || m.after.residentLabel !== undefined || m.from === null) continue;
    const previous = buckets.get(idOf(m.from))?.cases[m.caseId]?.residentMaskedName;
    if (previous !== undefined) kept.set(m.caseId, previous);
  }

  const touched = new Set<string>();
  for (const m of moves) {
    if (m.from !== null) {
      const id = idOf(m.from);
      delete buckets.get(id)?.cases[m.caseId];
      touched.add(id);
    }
    if (m.to !== null && m.after !== undefined) {
      const summary = openCaseSummaryOf(m.after);
      if (summary === null) continue;
      const masked = m.after.residentLabel?.name ?? kept.get(m.caseId);
      if (masked !== undefined) summary.residentMaskedName = masked;
      const id = idOf(m.to);
      const bucket = buckets.get(id);
      if (bucket) bucket.cases[m.caseId] = summary;
      touched.add(id);
    }
  }
  const put: OpenCaseDigestRow[] = [];
  const gone: DigestKey[] = [];
  for (const id of touched) {
    const bucket = buckets.get(id) as OpenCaseDigestRow;
    if (Object.keys(bucket.cases).length > 0) put.push(bucket);
    else gone.push([bucket.status, bucket.deadline, bucket.shard]);
  }
  if (put.length > 0) await db.openCases.bulkPut(put);
  if (gone.length > 0) await db.openCases.bulkDelete(gone);
}

/**
 * A resident's masked labels changed (name or document number; a local edit, a conflict resolved by the lead, a
 * pulled change): their case rows take the new labels (`CaseRow.residentLabel`), and the summaries of their open
 * cases the new masked name, from one read of the rows. Only changes that alter a masked label cost anything; a
 * resident new to the workstation costs nothing (`before` absent: its rows were written without labels and the log
 * reads the resident). Call inside the transaction that writes the residents (with `cases`, `openCases`).
 */
export async function relabelResidentCases(db: YizhanDb, changes: Iterable<{ before?: LabelledResident; after: LabelledResident & { id: string } }>): Promise<void> {
  const relabelled = new Map<string, ResidentLabel>();
  for (const { before, after } of changes) {
    if (before === undefined) continue;
    const label = residentLabelOf(after);
    if (!sameLabel(residentLabelOf(before), label)) relabelled.set(after.id, label);
  }
  if (relabelled.size === 0) return;
  const rows = await db.cases.where('residentId').anyOf([...relabelled.keys()]).toArray();
  const rewritten: CaseRow[] = [];
  const keys = new Map<string, DigestKey>();
  const cases: { key: DigestKey; caseId: string; masked: string }[] = [];
  for (const row of rows) {
    const label = relabelled.get(row.residentId) as ResidentLabel;
    if (!sameLabel(row.residentLabel, label)) {
      row.residentLabel = { ...label };
      rewritten.push(row);
    }
    if (openCaseSummaryOf(row) === null) continue;
    const key = keyOf(row, true) as DigestKey;
    keys.set(idOf(key), key);
    cases.push({ key, caseId: row.id, masked: label.name });
  }
  await Promise.all([rewritten.length > 0 ? db.cases.bulkPut(rewritten) : undefined, renameSummaries(db, keys, cases)]);
}

type LabelledResident = Pick<ResidentRow, 'name'> & { document: Pick<ResidentRow['document'], 'number'> };

async function renameSummaries(db: YizhanDb, keys: Map<string, DigestKey>, cases: readonly { key: DigestKey; caseId: string; masked: string }[]): Promise<void> {
  if (cases.length === 0) return;
  const loaded = await db.openCases.bulkGet([...keys.values()]);
  const buckets = new Map<string, OpenCaseDigestRow>();
  [...keys.keys()].forEach((id, i) => {
    const row = loaded[i];
    if (row !== undefined) buckets.set(id, row);
  });
  const changed = new Set<OpenCaseDigestRow>();
  for (const c of cases) {
    const bucket = buckets.get(idOf(c.key));
    const summary = bucket?.cases[c.caseId];
    if (bucket === undefined || summary === undefined || summary.residentMaskedName === c.masked) continue;
    summary.residentMaskedName = c.masked;
    changed.add(bucket);
  }
  if (changed.size > 0) await db.openCases.bulkPut([...changed]);
}

/**
 * The summaries the log lists (or the hall board shows): every open case of the statuses listed whole, and the
 * 已受理 / 转办 cases without a printed deadline (即办件) or due by `through` (inclusive). With `through: null`, every
 * open case (a log filtered to one counter needs the on-track ones too).
 */
export async function readOpenCases(db: YizhanDb, through: string | null): Promise<OpenCaseSummary[]> {
  const rows =
    through === null
      ? await db.openCases.toArray()
      : (
          await Promise.all([
            ...LISTED_WHOLE.map((s) => db.openCases.where('[status+deadline+shard]').between([s, Dexie.minKey, Dexie.minKey], [s, Dexie.maxKey, Dexie.maxKey]).toArray()),
            ...ON_TRACK_STATUSES.map((s) => db.openCases.where('[status+deadline+shard]').between([s, Dexie.minKey, Dexie.minKey], [s, through, Dexie.maxKey], true, true).toArray()),
          ])
        ).flat();
  const out: OpenCaseSummary[] = [];
  for (const row of rows) for (const summary of Object.values(row.cases)) out.push(summary);
  return out;
}

/** Builds the digest from scratch (the v7 upgrade, and tests): from the open rows and their residents. */
export function digestOf(rows: readonly CaseRow[], residentName: (id: string) => string | undefined): OpenCaseDigestRow[] {
  const buckets = new Map<string, OpenCaseDigestRow>();
  for (const row of rows) {
    const summary = openCaseSummaryOf(row, residentName(row.residentId));
    if (summary === null) continue;
    const key = keyOf(row, true) as DigestKey;
    const id = idOf(key);
    let bucket = buckets.get(id);
    if (!bucket) buckets.set(id, (bucket = { status: key[0], deadline: key[1], shard: key[2], cases: {} }));
    bucket.cases[row.id] = summary;
  }
  return [...buckets.values()];
}
