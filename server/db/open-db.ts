import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db';
import { migrate, readMigrations } from './migrate';
import { createPgDb } from './pg-db';
import { createPgliteDb } from './pglite-db';

export const DEFAULT_DATA_DIR = '.yizhan-data/server';
const LOCK_FILE = 'yizhan-server.lock';

export type DbConfig = {
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database (created if missing). `':memory:'` keeps it in memory. */
  dataDir?: string | undefined;
};

/**
 * Opens the configured database and migrates it. For PGlite the data folder gets a lock file holding our pid:
 * PGlite has no server process, so two processes opening one folder (say the server and the admin CLI) would
 * both write to it and corrupt it. A lock left by a dead process is taken over.
 */
export async function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl) {
    const db = createPgDb(config.databaseUrl);
    return migrated(db);
  }
  const dataDir = config.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir === ':memory:') return migrated(await createPgliteDb(undefined));
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    const db = await createPgliteDb(join(dataDir, 'pglite'));
    const close = db.close.bind(db);
    return await migrated({
      ...db,
      async close() {
        try {
          await close();
        } finally {
          unlock();
        }
      },
    });
  } catch (err) {
    unlock();
    throw err;
  }
}

async function migrated(db: Db): Promise<Db> {
  try {
    await migrate(db, await readMigrations());
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new DataDirLockedError(
          `the embedded database in ${dataDir} is in use by process ${holder}; stop it first ` +
            '(the admin CLI and the server cannot share an embedded database; use DATABASE_URL for that)',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
