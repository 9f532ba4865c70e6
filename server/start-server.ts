import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app';
import type { Db } from './db/db';
import { openDb } from './db/open-db';
import type { LoadLimits } from './hooks/load-shedding';

export type StartServerOptions = {
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
  /** Folder of the embedded PGlite database; ignored when `databaseUrl` is set. `':memory:'` for throwaway. */
  dataDir?: string;
  /** PostgreSQL connection string. */
  databaseUrl?: string;
  logger?: FastifyServerOptions['logger'];
  limits?: Partial<LoadLimits>;
  /** An already open, migrated database to serve instead (tests); closed with the server. */
  db?: Db;
};

export type RunningServer = { app: FastifyInstance; url: string; port: number; close: () => Promise<void> };

/**
 * Opens (and migrates) the database, builds the app and listens. Used by main.ts, by `npm start` and by tests,
 * in-process or in a child. `close()` stops accepting, lets in-flight requests finish, then closes the database.
 */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const db = opts.db ?? (await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir }));
  let app: FastifyInstance;
  try {
    app = await buildApp({ db, logger: opts.logger ?? false, ...(opts.limits ? { limits: opts.limits } : {}) });
    app.addHook('onClose', async () => db.close());
    await app.listen({ port: opts.port ?? 8787, host: opts.host ?? '127.0.0.1' });
  } catch (err) {
    await db.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (opts.port ?? 8787);
  const host = opts.host === undefined || opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return { app, port, url: `http://${host}:${port}`, close: () => app.close() };
}
