import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';
import { Mutex } from './mutex';

export type PgliteDb = Db & {
  dumpDataDir(): Promise<Blob>;
  /**
   * Runs `fn` with the database to itself: no request's statement runs until it settles. The admin channel runs
   * a CLI command this way, so that it sees the database exactly as the CLI would on its own.
   */
  exclusive<T>(fn: (db: Db) => Promise<T>): Promise<T>;
};

const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory when `dataDir` is
 * undefined (tests). PGlite is one backend, i.e. one connection: everything goes through a mutex so a
 * transaction never interleaves with another request's statements. This also makes every transaction
 * serialisable in practice, which is stronger than what the PostgreSQL path relies on.
 */
export async function createPgliteDb(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<PgliteDb> {
  // initdb inside WASM takes seconds; tests start from a dumped, already-migrated template instead.
  const pglite = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // PostgreSQL's default 128 MB of shared buffers lives inside the WASM heap, is touched as it fills and is never
    // given back: most of the server's RSS. The data files are read through the OS page cache anyway.
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
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
  // What `exclusive` hands out: the same database without the mutex (its caller holds it), and a close that
  // leaves the database open.
  const unlocked: Db = {
    dialect: 'pglite',
    ...direct,
    transaction: (fn) => pglite.transaction((tx) => fn(on(tx))),
    close: async () => {},
  };

  return {
    dialect: 'pglite',
    dumpDataDir: () => mutex.run(async () => (await pglite.dumpDataDir('none')) as Blob),
    query: (sql, params) => mutex.run(() => direct.query(sql, params)),
    exec: (sql) => mutex.run(() => direct.exec(sql)),
    transaction: (fn) => mutex.run(() => pglite.transaction((tx) => fn(on(tx)))),
    exclusive: (fn) => mutex.run(() => fn(unlocked)),
    close: () => mutex.run(() => pglite.close()),
  };
}
