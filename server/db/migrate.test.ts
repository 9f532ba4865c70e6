import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { MigrationError, migrate, readMigrations } from './migrate';
import { DataDirLockedError, openDb } from './open-db';
import { freshPglite } from '../test-support/harness';

describe('migrations', () => {
  let db: Db;
  beforeAll(async () => {
    // Start from the migrated test template and empty it, which is much faster than a fresh initdb.
    db = await freshPglite();
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  });
  afterAll(async () => db?.close());

  it('applies the shipped files once, in order', async () => {
    const files = await readMigrations();
    expect(files[0]?.name).toBe('0001_init');
    expect((await migrate(db, files)).applied).toEqual(files.map((f) => f.name));
    expect((await migrate(db, files)).applied).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
  });

  it('refuses a database that has a migration this code does not know', async () => {
    const files = await readMigrations();
    const newer = [...files, { version: files.length + 1, name: `${String(files.length + 1).padStart(4, '0')}_future`, sql: 'CREATE TABLE future (id int)' }];
    await migrate(db, newer);
    await expect(migrate(db, files)).rejects.toThrow(MigrationError);
    await expect(migrate(db, files)).rejects.toThrow(/does not know/);
  });

  it('refuses misnamed or non-consecutive migration files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-mig-'));
    try {
      writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1');
      writeFileSync(join(dir, '0003_c.sql'), 'SELECT 1');
      await expect(readMigrations(dir)).rejects.toThrow(/expected version 2/);
      rmSync(join(dir, '0003_c.sql'));
      writeFileSync(join(dir, '2_b.sql'), 'SELECT 1');
      await expect(readMigrations(dir)).rejects.toThrow(/does not match/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an embedded data folder another live process holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-lock-'));
    try {
      writeFileSync(join(dir, 'yizhan-server.lock'), String(process.pid));
      await expect(openDb({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
