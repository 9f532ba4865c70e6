import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { createEnrollCode } from './admin/enroll-codes';
import { DEFAULT_DATA_DIR } from './db/open-db';
import { startServer } from './start-server';

/**
 * `npm run server` (scripts/build-server.mjs bundles this file; it runs on plain Node). Environment: PORT (default
 * 8787), HOST (default 127.0.0.1; set 0.0.0.0 to serve the LAN, behind a TLS proxy), YIZHAN_DATA_DIR (embedded
 * database folder, default .yizhan-data/server), DATABASE_URL (PostgreSQL instead of the embedded database),
 * LOG_LEVEL (default info). On the embedded database the admin CLI reaches this process over a local admin
 * channel (admin-socket/), so `npm run server:admin` works while it runs.
 */
const dataDir = process.env.YIZHAN_DATA_DIR ?? DEFAULT_DATA_DIR;
const databaseUrl = process.env.DATABASE_URL || undefined;

const server = await startServer({
  dataDir,
  ...(databaseUrl ? { databaseUrl } : {}),
  port: Number(process.env.PORT ?? 8787),
  host: process.env.HOST ?? '127.0.0.1',
  // Request logs carry method, url and status only: bodies (ID numbers, phones) are never logged.
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
});
server.app.log.info(
  { url: server.url, database: databaseUrl ? 'postgresql' : 'pglite', adminChannel: server.adminChannel },
  'district server ready',
);

// `npm start` demo: a hall and a one-time enrolment code, written to a file in the data folder (read by
// scripts/start.mjs to enrol the demo workstation), never to the log.
const demoHall = process.env.YIZHAN_DEMO_HALL;
if (demoHall) {
  const { code } = await createEnrollCode(server.db, { hallCode: demoHall, nowMs: Date.now(), validHours: 24 });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'demo-enroll.json'), JSON.stringify({ hallCode: demoHall, code, serverUrl: server.url }));
}

// As in fastify/demo src/server.ts: on SIGINT/SIGTERM or a crash, stop taking requests, finish the ones in
// flight (their transactions commit or roll back), close the database, then exit; give up after 10 s.
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) server.app.log.error({ err }, 'server closing after an error');
  await server.close();
});
