import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { startAdminChannel, type AdminChannel } from './admin-socket/admin-server';
import { buildApp } from './app';
import { runCli } from './cli';
import type { Db } from './db/db';
import { DEFAULT_DATA_DIR, openDb } from './db/open-db';
import type { PgliteDb } from './db/pglite-db';
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
  /**
   * Serve the admin CLI over a local channel (admin-socket/) so that it can reach the embedded database this
   * server holds. Default: on when this function opens an embedded database in a folder itself.
   */
  adminChannel?: boolean;
};

export type RunningServer = {
  app: FastifyInstance;
  db: Db;
  url: string;
  port: number;
  /** Socket path or pipe name of the admin channel; null when there is none. */
  adminChannel: string | null;
  close: () => Promise<void>;
};

/**
 * Opens (and migrates) the database, builds the app and listens. Used by main.ts, by `npm start` and by tests,
 * in-process or in a child. `close()` stops accepting, lets in-flight requests and an admin command finish, then
 * closes the database.
 */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const db = opts.db ?? (await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir }));
  const dataDir = opts.databaseUrl ? null : (opts.dataDir ?? DEFAULT_DATA_DIR);
  const wantChannel = opts.adminChannel ?? (opts.db === undefined && dataDir !== null && dataDir !== ':memory:');
  let app: FastifyInstance;
  let channel: AdminChannel | null = null;
  try {
    app = await buildApp({ db, logger: opts.logger ?? false, ...(opts.limits ? { limits: opts.limits } : {}) });
    app.addHook('onClose', async () => db.close());
    // Before the database closes (onClose): a running admin command finishes first.
    app.addHook('preClose', async () => channel?.close());
    await app.listen({ port: opts.port ?? 8787, host: opts.host ?? '127.0.0.1' });
    if (wantChannel && dataDir !== null && dataDir !== ':memory:') {
      try {
        channel = await startAdminChannel({ dataDir, run: adminRunner(db, dataDir) });
      } catch (err) {
        // The server's job is serving workstations; without the channel only the admin CLI has to wait.
        app.log.warn({ err }, 'admin channel not available: the admin CLI cannot reach the database while this server runs');
      }
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (opts.port ?? 8787);
  const host = opts.host === undefined || opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return { app, db, port, url: `http://${host}:${port}`, adminChannel: channel?.address ?? null, close: () => app.close() };
}

/**
 * The CLI's own command code, on this server's database held exclusively (no request's statement interleaves
 * with the command's), as if the CLI had opened the database itself.
 */
function adminRunner(db: Db, dataDir: string) {
  const exclusive = (db as Partial<PgliteDb>).exclusive;
  if (!exclusive) throw new Error('the admin channel serves the embedded database only');
  return (argv: string[], io: { out: (line: string) => void; err: (line: string) => void; cwd: string }) =>
    exclusive((own) =>
      runCli(argv, {
        env: { YIZHAN_DATA_DIR: dataDir },
        out: io.out,
        err: io.err,
        now: Date.now,
        openDb: async () => own,
        readFile: (path) => readFile(resolve(io.cwd, path), 'utf8'),
      }),
    );
}
