import type { Table } from 'dexie';
import { updateCaseTally } from './case-tally';
import { updateOpenCaseDigest } from './open-case-digest';
import type { CaseRow } from './rows';
import type { YizhanDb } from './schema';

/**
 * The tables derived from the case rows (the on-track tally and the open-case digest), kept like indexes: every
 * writer of `cases` calls `updateCaseDerived` with each row it replaces and the row it writes, in the same
 * transaction, whose scope includes `caseDerivedTables` (the digest reads a new open case's resident for its name).
 */
export function caseDerivedTables(db: YizhanDb): Table[] {
  return [db.caseTally, db.openCases, db.residents];
}

export async function updateCaseDerived(db: YizhanDb, changes: readonly { before?: CaseRow; after?: CaseRow }[]): Promise<void> {
  await updateCaseTally(db, changes);
  await updateOpenCaseDigest(db, changes);
}
