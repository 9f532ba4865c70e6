import closeWithGrace from 'close-with-grace';
import { startServer } from './start-server';

/**
 * `npm run server`. Environment: PORT (default 8787), HOST (default 127.0.0.1; set 0.0.0.0 to serve the LAN,
 * behind a TLS proxy), YIZHAN_DATA_DIR (embedded database folder, default .yizhan-data/server), DATABASE_URL
 * (PostgreSQL instead of the embedded database), LOG_LEVEL (default info).
 */
const server = await startServer({
  port: Number(process.env.PORT ?? 8787),
  host: process.env.HOST ?? '127.0.0.1',
  ...(process.env.YIZHAN_DATA_DIR ? { dataDir: process.env.YIZHAN_DATA_DIR } : {}),
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  // Request logs carry method, url and status only: bodies (ID numbers, phones) are never logged.
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
});
server.app.log.info({ url: server.url, database: process.env.DATABASE_URL ? 'postgresql' : 'pglite' }, 'district server ready');

// As in fastify/demo src/server.ts: on SIGINT/SIGTERM or a crash, stop taking requests, finish the ones in
// flight (their transactions commit or roll back), close the database, then exit; give up after 10 s.
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) server.app.log.error({ err }, 'server closing after an error');
  await server.close();
});
