import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDb, type PgliteDb } from '../db/pglite-db';
import { freshPglite } from './harness';

/**
 * A new temp data folder holding a migrated embedded database, as a server's first start leaves it, made from the
 * test template in a second or two instead of an initdb (open-db.ts would run one in a child process).
 */
export async function seededDataDir(prefix = 'yizhan-data-'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const template = (await freshPglite()) as PgliteDb;
  try {
    const db = await createPgliteDb(join(dir, 'pglite'), { loadDataDir: await template.dumpDataDir() });
    await db.close();
  } finally {
    await template.close();
  }
  return dir;
}
