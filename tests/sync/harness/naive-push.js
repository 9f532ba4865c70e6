// perf-anchors.md's "naive loop", the yardstick of bench:sync's push, run in the same Chromium build as the product
// (tests/bench/sync-bench.ts starts it with `#naivepush={…}` and tests/bench/naive-push-server.mjs as its server):
// ops kept as objects in a plain Dexie table, read 500 at a time above the last acknowledged seq, POSTed as JSON,
// one request in flight (or `inFlight`), the server's answer taken as the new position (kept in memory: no acknowledgement is
// written, nothing is pruned). The same op objects as the product's push queues (bench-ops.js).
import Dexie from 'dexie';
import { benchCaseEventDraft } from './bench-ops';

export async function naivePush(spec, newId) {
  const report = (body) => fetch(spec.report, { method: 'POST', mode: 'no-cors', body: JSON.stringify(body) });
  const db = new Dexie(spec.dbName);
  db.version(1).stores({ ops: 'seq' });
  const workstation = { staffId: newId(), clerkName: '测试员', workstationId: newId(), hallCode: spec.hallCode, workstationCode: 'W01' };
  const at = new Date().toISOString();
  for (let written = 0; written < spec.ops; written += 2000) {
    const rows = [];
    for (let k = written; k < Math.min(spec.ops, written + 2000); k++) rows.push({ ...benchCaseEventDraft(workstation, k, newId), seq: k + 1, opId: newId(), at });
    await db.ops.bulkAdd(rows);
  }
  await report({ type: 'queued' });
  // Let the bench take its CPU readings before the loop starts.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const deviceId = newId();
  // `inFlight` > 1 (the bench's ceiling run): the next 500 are read and sent while earlier batches are answered.
  const inFlight = spec.inFlight ?? 1;
  const t0 = performance.now();
  let last = 0;
  let read = 0;
  let batches = 0;
  const wire = new Set();
  for (;;) {
    while (wire.size < inFlight) {
      const ops = await db.ops.where('seq').above(read).limit(500).toArray();
      if (ops.length === 0) break;
      read = ops[ops.length - 1].seq;
      const sent = (async () => {
        const res = await fetch(spec.serverUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deviceId, ops }) });
        if (!res.ok) throw new Error(`naive server answered ${res.status}: ${await res.text()}`);
        last = Math.max(last, (await res.json()).ackThrough);
        batches++;
      })().finally(() => wire.delete(sent));
      wire.add(sent);
    }
    if (wire.size === 0) break;
    await Promise.race(wire);
  }
  const ms = performance.now() - t0;
  await report({ type: 'done', reply: { ok: true, pushed: last, pushMs: ms, batches } });
}
