// Admin work for the sync tests, in its own process (tsx) because PGlite allows one process per data dir:
//   codes <hall> <n>      → {"codes": [...]}           (one-time enrolment codes)
//   audit                 → {"devices": …, "duplicates": …, "origins": …, "residents": …, "events": …}
// Env: YIZHAN_DATA_DIR or DATABASE_URL, as for the server. Run it while the server is stopped (PGlite).
import { createEnrollCode } from '../../../server/admin/enroll-codes';
import { openDb } from '../../../server/db/open-db';

const [command, ...args] = process.argv.slice(2);
const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.YIZHAN_DATA_DIR });
try {
  if (command === 'codes') {
    const [hall = 'GL0301', n = '1'] = args;
    const codes: string[] = [];
    for (let i = 0; i < Number(n); i++) codes.push((await createEnrollCode(db, { hallCode: hall, nowMs: Date.now() })).code);
    process.stdout.write(`${JSON.stringify({ codes })}\n`);
  } else if (command === 'audit') {
    const devices = await db.query<{ device_id: string; acked_seq: string | number }>('SELECT device_id, acked_seq FROM devices ORDER BY device_id');
    const duplicates = await db.query(
      `SELECT origin_device, origin_seq, count(*)::int AS n FROM changes
        WHERE origin_device IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    const origins = await db.query<{ origin_device: string; origin_seq: string | number; kind: string }>(
      'SELECT origin_device, origin_seq, kind FROM changes WHERE origin_device IS NOT NULL ORDER BY origin_device, origin_seq',
    );
    const quarantine = await db.query<{ device_id: string; seq: string | number; code: string }>('SELECT device_id, seq, code FROM quarantine');
    const fields = await db.query<{ resident_id: string; field: string; value: unknown }>('SELECT resident_id, field, value FROM resident_fields');
    const events = await db.query<{ payload: unknown }>("SELECT payload FROM changes WHERE kind = 'case-event' ORDER BY seq");
    const residents: Record<string, Record<string, unknown>> = {};
    for (const f of fields) (residents[f.resident_id] ??= {})[f.field] = f.value;
    process.stdout.write(
      `${JSON.stringify({
        devices: devices.map((d) => ({ deviceId: d.device_id, ackedSeq: Number(d.acked_seq) })),
        duplicates,
        origins: origins.map((o) => ({ deviceId: o.origin_device, seq: Number(o.origin_seq), kind: o.kind })),
        quarantine: quarantine.map((q) => ({ deviceId: q.device_id, seq: Number(q.seq), code: q.code })),
        residents,
        events: events.map((e) => e.payload),
      })}\n`,
    );
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  await db.close();
}
