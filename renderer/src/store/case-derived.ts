import type { Table } from 'dexie';
import { residentLabelOf, type ResidentLabel } from '@shared/domain/resident-label';
import { updateCaseTally } from './case-tally';
import { updateOpenCaseDigest } from './open-case-digest';
import type { CaseRow } from './rows';
import type { YizhanDb } from './schema';

/**
 * The data derived from the case rows, kept like indexes: the resident's masked labels on each row (v8), the
 * on-track tally and the open-case digest. Every writer of `cases`, in one transaction whose scope includes
 * `caseDerivedTables`, calls `labelCaseRows` with each row it replaces and the row it writes BEFORE it puts them,
 * then `updateCaseDerived` with the same pairs.
 */
export function caseDerivedTables(db: YizhanDb): Table[] {
  return [db.caseTally, db.openCases, db.residents];
}

type Change = { before?: CaseRow; after?: CaseRow };

/**
 * Gives each row about to be written its resident's masked labels: copied from the row it replaces when that one
 * has them for the same resident (the labels are kept current on every row, see `relabelResidentCases`), else read
 * from the residents, one `bulkGet` for the whole write. A resident not on this workstation leaves the row
 * unlabelled, and the log reads the resident once it has arrived.
 */
export async function labelCaseRows(db: YizhanDb, changes: readonly Change[]): Promise<void> {
  const unlabelled: CaseRow[] = [];
  for (const { before, after } of changes) {
    if (after === undefined) continue;
    const kept = before?.residentId === after.residentId ? before.residentLabel : undefined;
    if (kept !== undefined) after.residentLabel = { ...kept };
    else unlabelled.push(after);
  }
  if (unlabelled.length === 0) return;
  const ids = [...new Set(unlabelled.map((row) => row.residentId))];
  const residents = await db.residents.bulkGet(ids);
  const labels = new Map<string, ResidentLabel>();
  residents.forEach((r) => {
    if (r !== undefined) labels.set(r.id, residentLabelOf(r));
  });
  for (const row of unlabelled) {
    const label = labels.get(row.residentId);
    if (label !== undefined) row.residentLabel = { ...label };
    else delete row.residentLabel;
  }
}

export async function updateCaseDerived(db: YizhanDb, changes: readonly Change[]): Promise<void> {
  await updateCaseTally(db, changes);
  await updateOpenCaseDigest(db, changes);
}
