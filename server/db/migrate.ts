import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

export type Migration = { version: number; name: string; sql: string };

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
const FILE_PATTERN = /^(\d{4})_([a-z0-9_-]+)\.sql$/;
// Any constant works; it only has to be the same in every server process sharing a database.
const MIGRATION_LOCK_KEY = 7_492_031;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Reads `NNNN_name.sql` files; versions must run 1, 2, 3, … with no gap or duplicate. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = FILE_PATTERN.exec(file);
    if (!m) throw new MigrationError(`migration file name ${file} does not match NNNN_name.sql`);
    const version = Number(m[1]);
    if (version !== migrations.length + 1) throw new MigrationError(`migration ${file}: expected version ${migrations.length + 1}`);
    migrations.push({ version, name: file.replace(/\.sql$/, ''), sql: await readFile(`${dir}/${file}`, 'utf8') });
  }
  return migrations;
}

/**
 * Brings the database up to the newest migration, forward only, all in one transaction. Refuses (throws
 * MigrationError) when the database already has a migration this code does not know, by version or by name:
 * that database was touched by a newer or a different build, and running old code on it could corrupt data.
 * Same rule as Actual's `out-of-sync-migrations` check.
 */
export async function migrate(db: Db, migrations: Migration[]): Promise<{ applied: string[] }> {
  return db.transaction(async (tx) => {
    // Two servers starting at once against one PostgreSQL must not both apply 0002.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    const known = new Map(migrations.map((m) => [m.version, m.name]));
    for (const row of done) {
      if (known.get(row.version) !== row.name) {
        throw new MigrationError(
          `the database has migration ${row.name} (version ${row.version}) that this server does not know; ` +
            'refusing to start — run the server version that created it, or restore a matching backup',
        );
      }
    }
    const applied: string[] = [];
    for (const m of migrations.slice(done.length)) {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.name);
    }
    return { applied };
  });
}
