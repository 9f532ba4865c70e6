import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';
import { migrate, readMigrations } from './migrate';
import { createPgDb } from './pg-db';
import { createPgliteDb } from './pglite-db';

export const DEFAULT_DATA_DIR = '.yizhan-data/server';
export const LOCK_FILE = 'yizhan-server.lock';
const PGLITE_DIR = 'pglite';
const INIT_PREFIX = 'pglite.init-';

export type DbConfig = {
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database (created if missing). `':memory:'` keeps it in memory. */
  dataDir?: string | undefined;
};

/**
 * Opens the configured database and migrates it. For PGlite the data folder gets a lock file holding our pid:
 * PGlite has no server process, so two processes opening one folder (say the server and the admin CLI) would
 * both write to it and corrupt it. A lock left by a dead process is taken over. A folder without a database yet
 * is created by a short-lived child process (see initPgliteDataDir).
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
    const pgliteDir = join(dataDir, PGLITE_DIR);
    if (!existsSync(join(pgliteDir, 'PG_VERSION'))) await createDataDir(dataDir);
    const db = await createPgliteDb(pgliteDir);
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

async function migrated<D extends Db>(db: D): Promise<D> {
  try {
    await migrate(db, await readMigrations());
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}

/**
 * The first start of an embedded database: initdb and the migrations, in a child process, into a scratch folder
 * renamed into place when complete (so a crash half-way leaves no half-made database for the next start to
 * trust). initdb runs a second PostgreSQL in WASM beside the first and peaks at ~830 MiB; WASM memory is never
 * given back, so a server that did it in-process would carry that for its whole life. Called with the lock held.
 */
async function createDataDir(dataDir: string): Promise<void> {
  for (const name of readdirSync(dataDir)) {
    if (name.startsWith(INIT_PREFIX)) rmSync(join(dataDir, name), { recursive: true, force: true });
  }
  const scratch = join(dataDir, `${INIT_PREFIX}${process.pid}`);
  await initPgliteDataDir(scratch);
  rmSync(join(dataDir, PGLITE_DIR), { recursive: true, force: true }); // an empty or broken leftover
  renameSync(scratch, join(dataDir, PGLITE_DIR));
}

/**
 * Creates and migrates a PGlite database in the (new) folder `pgliteDir` in a child process
 * (server/db/init-data-dir.ts), and returns that process's peak RSS (Linux; null elsewhere).
 */
export async function initPgliteDataDir(pgliteDir: string): Promise<{ peakRssMiB: number | null }> {
  // From sources (tsx, vitest) the child needs tsx too; the server bundle (scripts/build-server.mjs) ships the
  // child as init-data-dir.mjs beside itself.
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(fromSource ? './init-data-dir.ts' : './init-data-dir.mjs', import.meta.url));
  const args = fromSource ? ['--import', 'tsx', script, resolve(pgliteDir)] : [script, resolve(pgliteDir)];
  const cwd = fileURLToPath(new URL(fromSource ? '../../' : '.', import.meta.url));
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      const result = /^INIT (.*)$/m.exec(out);
      if (code === 0 && result) ok(JSON.parse(result[1] as string) as { peakRssMiB: number | null });
      else fail(new Error(`creating the embedded database in ${pgliteDir} failed (exit ${code ?? signal}): ${err.trim()}`));
    });
  });
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  // Written whole, then linked into place: link() fails if the lock exists, and nobody ever reads a lock file
  // before its pid is in it (which a reader would take for a dead holder's).
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(draft, file);
        return () => rmSync(file, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = dataDirHolder(dataDir);
        if (holder !== null) {
          throw new DataDirLockedError(
            `嵌入式数据库 ${dataDir} 正被进程 ${holder} 使用。/ The embedded database in ${dataDir} is in use by process ${holder}. ` +
              '(PGlite serves one process; the admin CLI reaches a running server through its admin channel.)',
          );
        }
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
  throw new DataDirLockedError(`无法锁定 ${dataDir} / could not lock ${dataDir}`);
}

/**
 * The pid of the live process that holds the embedded database in `dataDir`, or null: no lock file, or one left
 * by a process that has died (killed server, power cut), which the next opener takes over.
 */
export function dataDirHolder(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  const holder = Number(text);
  return Number.isInteger(holder) && holder > 0 && isAlive(holder) ? holder : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
