/**
 * The little the server needs from a database, so the same code runs on PostgreSQL (`pg` Pool) and on the
 * embedded PGlite. SQL is written once for both: plain PostgreSQL 15 that PGlite (PostgreSQL 18) also runs.
 *
 * Values: `bigint` columns come back as JS numbers on both (the pg adapter installs a parser; all our counters
 * stay far below 2^53), `jsonb` as parsed JSON, `timestamptz` as Date. Pass JSON parameters as strings with an
 * explicit `::jsonb` cast so both drivers send the same thing.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly dialect: 'postgres' | 'pglite';
  /** Runs `fn` in one READ COMMITTED transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
