import Dexie from 'dexie';
import { ON_TRACK_STATUSES, type OnTrackStatus } from '@shared/domain/daily-log/daily-log';
import type { CaseRow } from './rows';
import type { YizhanDb } from './schema';

/**
 * How many cases are in each (open status, printed deadline) pair that the daily log counts rather than lists
 * (已受理 / 转办 with a deadline; see `isOnTrack`). The `[status+deadline]` index holds the same information,
 * but Chromium counts an index range entry by entry (~33 µs each: 20 k on-track cases cost 650 ms), while
 * this table has one row per deadline date (a few dozen).
 *
 * It is derived from the case rows, like an index: every writer of `cases` passes its before/after rows to
 * `updateCaseTally` in the same transaction (case-row.ts builds the rows; the v6 upgrade builds the table
 * from scratch), and case-tally.test.ts checks it against the index after every kind of write.
 */
export type CaseTallyRow = { status: OnTrackStatus; deadline: string; n: number };

type TallyKey = [OnTrackStatus, string];

function keyOf(row: Pick<CaseRow, 'status' | 'deadline'> | undefined): TallyKey | null {
  if (row === undefined || row.deadline === undefined) return null;
  return (ON_TRACK_STATUSES as readonly string[]).includes(row.status) ? [row.status as OnTrackStatus, row.deadline] : null;
}

/** Net change per key of replacing each `before` with its `after` (either may be missing). */
export function tallyDelta(changes: Iterable<{ before?: Pick<CaseRow, 'status' | 'deadline'>; after?: Pick<CaseRow, 'status' | 'deadline'> }>): Map<string, { key: TallyKey; n: number }> {
  const delta = new Map<string, { key: TallyKey; n: number }>();
  const add = (key: TallyKey | null, n: number) => {
    if (key === null) return;
    const id = `${key[0]}\u0000${key[1]}`;
    const entry = delta.get(id);
    if (entry) entry.n += n;
    else delta.set(id, { key, n });
  };
  for (const { before, after } of changes) {
    const a = keyOf(before);
    const b = keyOf(after);
    if (a !== null && b !== null && a[0] === b[0] && a[1] === b[1]) continue;
    add(a, -1);
    add(b, +1);
  }
  for (const [id, entry] of delta) if (entry.n === 0) delta.delete(id);
  return delta;
}

/** Applies case row changes to the tally. Call inside the transaction that writes the rows (with `caseTally`). */
export async function updateCaseTally(
  db: YizhanDb,
  changes: Iterable<{ before?: Pick<CaseRow, 'status' | 'deadline'>; after?: Pick<CaseRow, 'status' | 'deadline'> }>,
): Promise<void> {
  const delta = [...tallyDelta(changes).values()];
  if (delta.length === 0) return;
  const current = await db.caseTally.bulkGet(delta.map((d) => d.key));
  const put: CaseTallyRow[] = [];
  const gone: TallyKey[] = [];
  delta.forEach((d, i) => {
    const n = (current[i]?.n ?? 0) + d.n;
    if (n > 0) put.push({ status: d.key[0], deadline: d.key[1], n });
    else gone.push(d.key);
  });
  if (put.length > 0) await db.caseTally.bulkPut(put);
  if (gone.length > 0) await db.caseTally.bulkDelete(gone);
}

/** Cases per on-track status whose printed deadline is after `through`. */
export async function countOnTrack(db: YizhanDb, through: string): Promise<Record<OnTrackStatus, number>> {
  const rows = await Promise.all(
    ON_TRACK_STATUSES.map((s) => db.caseTally.where('[status+deadline]').between([s, through], [s, Dexie.maxKey], false, true).toArray()),
  );
  return Object.fromEntries(ON_TRACK_STATUSES.map((s, i) => [s, (rows[i] ?? []).reduce((sum, r) => sum + r.n, 0)])) as Record<OnTrackStatus, number>;
}
