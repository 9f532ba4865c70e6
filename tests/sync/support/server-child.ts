// Runs the district server in its own process (tsx), so a test can SIGKILL it mid-batch. Prints one JSON line
// when listening. Env: PORT, YIZHAN_DATA_DIR (PGlite) or DATABASE_URL (PostgreSQL).
import { startServer } from '../../../server/start-server';

const server = await startServer({
  port: Number(process.env.PORT ?? 0),
  host: '127.0.0.1',
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: process.env.YIZHAN_DATA_DIR ?? ':memory:' }),
  logger: false,
});
process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, port: server.port, pid: process.pid })}\n`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
