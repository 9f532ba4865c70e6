import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';
import { Mutex } from './mutex';

/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory when `dataDir` is
 * undefined (tests). PGlite is one backend, i.e. one connection: everything goes through a mutex so a
 * transaction never interleaves with another request's statements. This also makes every transaction
 * serialisable in practice, which is stronger than what the PostgreSQL path relies on.
 */
export async function createPgliteDb(dataDir: string | undefined): Promise<Db> {
  const pglite = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  const mutex = new Mutex();

  const on = (client: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      const res = await client.query<R>(sql, params as unknown[] | undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  });
  const direct = on(pglite);

  return {
    dialect: 'pglite',
    query: (sql, params) => mutex.run(() => direct.query(sql, params)),
    exec: (sql) => mutex.run(() => direct.exec(sql)),
    transaction: (fn) => mutex.run(() => pglite.transaction((tx) => fn(on(tx)))),
    close: () => mutex.run(() => pglite.close()),
  };
}
