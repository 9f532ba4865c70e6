// Runs the district server in its own process (tsx), so a test can SIGKILL it mid-batch. Prints one JSON line
// when listening, then answers admin commands read from stdin, one JSON line each, on the server's own database
// connection (PGlite allows one process per data dir, so a second process could not open it meanwhile):
//   {"id":1,"cmd":"codes","hall":"GL0301","n":2}  → {"id":1,"result":{"codes":[…]}}
//   {"id":2,"cmd":"audit"}                        → {"id":2,"result":{devices, duplicates, origins, …}}
//   {"id":3,"cmd":"seed-residents","hall":"GL0302","n":200000}  → whole-resident changes in the hall's log, for the
//                                                   pull benchmark (as if pushed, without timing the push)
// Env: PORT, YIZHAN_DATA_DIR (PGlite) or DATABASE_URL (PostgreSQL).
import { createInterface } from 'node:readline';
import { createEnrollCode } from '../../../server/admin/enroll-codes';
import { ensureHall } from '../../../server/admin/halls';
import { benchResidentChange } from '../../bench/sync-bench-residents';
import { buildApp } from '../../../server/app';
import type { Db } from '../../../server/db/db';
import { openDb } from '../../../server/db/open-db';

const db = await openDb(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: process.env.YIZHAN_DATA_DIR ?? ':memory:' });
const app = await buildApp({ db, logger: false });
app.addHook('onClose', async () => db.close());
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ ready: true, port, pid: process.pid })}\n`);

async function audit(d: Db) {
  const devices = await d.query<{ device_id: string; acked_seq: string | number }>('SELECT device_id, acked_seq FROM devices ORDER BY device_id');
  const duplicates = await d.query(
    `SELECT origin_device, origin_seq, count(*)::int AS n FROM changes
      WHERE origin_device IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1`,
  );
  const origins = await d.query<{ origin_device: string; origin_seq: string | number; kind: string }>(
    'SELECT origin_device, origin_seq, kind FROM changes WHERE origin_device IS NOT NULL ORDER BY origin_device, origin_seq',
  );
  const quarantine = await d.query<{ device_id: string; seq: string | number; code: string }>('SELECT device_id, seq, code FROM quarantine');
  const fields = await d.query<{ resident_id: string; field: string; value: unknown }>('SELECT resident_id, field, value FROM resident_fields');
  const events = await d.query<{ payload: unknown }>("SELECT payload FROM changes WHERE kind = 'case-event' ORDER BY seq");
  const conflicts = await d.query<{ resident_id: string; field: string; resolved: boolean }>(
    'SELECT resident_id, field, resolved_at IS NOT NULL AS resolved FROM resident_conflicts ORDER BY id',
  );
  const residents: Record<string, Record<string, unknown>> = {};
  for (const f of fields) (residents[f.resident_id] ??= {})[f.field] = f.value;
  return {
    devices: devices.map((x) => ({ deviceId: x.device_id, ackedSeq: Number(x.acked_seq) })),
    duplicates,
    origins: origins.map((o) => ({ deviceId: o.origin_device, seq: Number(o.origin_seq), kind: o.kind })),
    quarantine: quarantine.map((q) => ({ deviceId: q.device_id, seq: Number(q.seq), code: q.code })),
    residents,
    events: events.map((e) => e.payload),
    conflicts: conflicts.map((c) => ({ residentId: c.resident_id, field: c.field, resolved: c.resolved })),
  };
}

createInterface({ input: process.stdin }).on('line', (line) => {
  void (async () => {
    let id = 0;
    try {
      const msg = JSON.parse(line) as { id: number; cmd: string; hall?: string; n?: number };
      id = msg.id;
      let result: unknown;
      if (msg.cmd === 'codes') {
        const codes: string[] = [];
        for (let i = 0; i < (msg.n ?? 1); i++) codes.push((await createEnrollCode(db, { hallCode: msg.hall ?? 'GL0301', nowMs: Date.now() })).code);
        result = { codes };
      } else if (msg.cmd === 'seed-residents') {
        const hall = msg.hall ?? 'GL0302';
        const n = msg.n ?? 0;
        await db.transaction(async (tx) => ensureHall(tx, hall));
        for (let from = 0; from < n; from += 5000) {
          const chunk = Array.from({ length: Math.min(5000, n - from) }, (_, i) => benchResidentChange(from + i));
          await db.transaction(async (tx) => {
            // The hall clock, as a push takes it (server/sync/apply-push.ts): change seqs in commit order.
            const [clock] = await tx.query<{ last_change: string | number }>(
              'UPDATE halls SET last_change = last_change + $2 WHERE hall_code = $1 RETURNING last_change',
              [hall, chunk.length],
            );
            const first = Number(clock!.last_change) - chunk.length + 1;
            await tx.query(
              `INSERT INTO changes (hall_code, seq, kind, entity_id, payload)
               SELECT $1, $2::bigint + ord - 1, 'resident', x->>'residentId', x
                 FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(x, ord)`,
              [hall, first, JSON.stringify(chunk)],
            );
          });
        }
        result = { seeded: n };
      } else if (msg.cmd === 'audit') {
        result = await audit(db);
      } else {
        throw new Error(`unknown command ${msg.cmd}`);
      }
      process.stdout.write(`${JSON.stringify({ id, result })}\n`);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ id, error: (err as Error).message })}\n`);
    }
  })();
});

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
