import pg from 'pg';
import type { Db, Queryable } from './db';

const INT8_OID = 20;

/** PostgreSQL through a `pg` Pool. Each transaction holds one pooled client from BEGIN to COMMIT. */
export function createPgDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    // Bound every statement: a stuck query must fail the request, not hold a hall's clock row forever.
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const on = (client: pg.PoolClient | pg.Pool): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      const res = await client.query(sql, params as unknown[] | undefined);
      return res.rows as R[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });

  return {
    dialect: 'postgres',
    ...on(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw err;
      } finally {
        // A client whose ROLLBACK failed is in an unknown state: destroy it rather than hand it out again.
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
