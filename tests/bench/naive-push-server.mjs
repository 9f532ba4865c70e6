// The reference push server of perf-anchors.md's "naive loop", for bench:sync to measure in the same run as the
// product's push (machines here are noisy: the anchors compare ratios taken in one run, not absolute figures).
//
// What the anchors describe: the page reads 500 ops from Dexie, POSTs them, the server writes them with ONE
// multi-row INSERT … ON CONFLICT DO NOTHING (PostgreSQL's default durability: the commit is flushed), one request
// in flight. Nothing else: no authentication, no validation, no sequencing, no per-op results, no change log.
// Kept as cheap as such a loop can be (plain node:http, `json` not `jsonb`, one pooled connection) so the ratio
// does not flatter the product.
//
// Usage: DATABASE_URL=postgresql://… node tests/bench/naive-push-server.mjs → prints `{"port":N}` on stdout.
import { createServer } from 'node:http';
import pg from 'pg';

// One connection per request in flight (NAIVE_IN_FLIGHT, the bench's ceiling run), so their inserts overlap.
const client = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.NAIVE_IN_FLIGHT ?? 1) });
await client.query('DROP TABLE IF EXISTS bench_naive_ops');
await client.query('CREATE TABLE bench_naive_ops (device_id text NOT NULL, seq bigint NOT NULL, payload json NOT NULL, PRIMARY KEY (device_id, seq))');

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

const server = createServer((req, res) => {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      try {
        const { deviceId, ops } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const values = [];
        const params = [];
        for (const op of ops) {
          const n = params.length;
          values.push(`($${n + 1}, $${n + 2}, $${n + 3})`);
          params.push(deviceId, op.seq, JSON.stringify(op));
        }
        if (ops.length > 0) await client.query(`INSERT INTO bench_naive_ops (device_id, seq, payload) VALUES ${values.join(',')} ON CONFLICT DO NOTHING`, params);
        res.writeHead(200, { ...CORS, 'content-type': 'application/json' }).end(JSON.stringify({ ackThrough: ops.at(-1)?.seq ?? 0 }));
      } catch (err) {
        res.writeHead(500, CORS).end(String(err));
      }
    })();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('SIGTERM', () => {
  server.close();
  void client.end().finally(() => process.exit(0));
});
