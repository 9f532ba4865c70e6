// A test page for the sync suites: the app's real store commands, real sync worker and real Dexie database,
// without the app's screens, so a test can write a day of records in a few calls. Built by Vite
// (tests/sync/support/harness-build.ts). Plain JS: tests/ is type-checked as node code, and this file imports
// renderer modules, which belong to the web project.
import { checkCharacter } from '@shared/domain/id-document';
import { newUuidV7 } from '@shared/uuid-v7';
import { enqueueOps } from '../../../renderer/src/store/outbox';
import { outboxOps as storedOutboxOps, outboxStatus } from '../../../renderer/src/store/outbox';
import { createResident, updateResident } from '../../../renderer/src/store/residents';
import { recordCaseAction, recordIntake } from '../../../renderer/src/store/intake-commands';
import { YizhanDb } from '../../../renderer/src/store/schema';
import { syncConflicts } from '../../../renderer/src/store/sync-store';
import { resolveFieldConflict } from '../../../renderer/src/store/conflict-resolution';
import { configureWorkstation, storeContextFor } from '../../../renderer/src/store/workstation';
import { benchResidentRow } from '../../bench/sync-bench-residents';
import { benchCaseEventDraft } from './bench-ops';
import { naivePush } from './naive-push';
import { startSyncWorker } from '../../../renderer/src/sync/sync-connection';

// The app's clock and ids (renderer/src/app/app-db.ts).
const clock = { now: () => Date.now(), newId: newUuidV7 };
const MATTER = { code: 'MZ-001', name: '最低生活保障申请受理', triage: 'government', handling: 'promised', timeLimitDays: 30 };
const QUICK = { code: 'HJ-002', name: '居住证明开具', triage: 'community', handling: 'immediate', timeLimitDays: 0 };

let db = null;
let ctx = null;
let conn = null;
const events = [];

/** A valid resident-ID number, distinct for every n ≥ 0: the sequence digits count within a birth date. */
function idNumber(n) {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `110105${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

function need() {
  if (!ctx) throw new Error('harness.init first');
  return ctx;
}

window.harness = {
  async init({ dbName, workstationCode, hallCode = 'GL0301' }) {
    db = new YizhanDb(dbName);
    const existing = await db.meta.get('workstation');
    const config = existing ? existing.value : await configureWorkstation(db, clock, { hallCode, hallName: '光明社区党群服务中心', workstationCode, clerkName: '测试员' });
    ctx = storeContextFor(db, clock, config);
    db.changes.on('outbox-changed', (e) => {
      if (e.change === 'enqueued' && conn) void conn.send('sync/nudge').catch(() => undefined);
    });
    document.getElementById('harness-state').textContent = 'ready';
    return { workstationId: config.workstationId, workstationCode: config.workstationCode };
  },

  async startSync({ tuning } = {}) {
    need();
    conn = startSyncWorker();
    // As the app's sync runtime does: the page tells the worker when the network comes and goes.
    window.addEventListener('online', () => void conn.send('sync/online', { online: true }).catch(() => undefined));
    window.addEventListener('offline', () => void conn.send('sync/online', { online: false }).catch(() => undefined));
    conn.listen((e) => {
      events.push({ at: Date.now(), ...e });
      if (events.length > 2000) events.splice(0, 1000);
    });
    return conn.send('sync/start', { dbName: db.name, secret: null, online: navigator.onLine, tuning });
  },

  enroll(serverUrl, code) {
    return conn.send('sync/enroll', { serverUrl, code, secretIn: 'meta' });
  },

  settings(settings) {
    return conn.send('sync/settings', settings);
  },

  syncNow() {
    return conn.send('sync/now');
  },

  events(type) {
    return type ? events.filter((e) => e.type === type) : events.slice();
  },

  /** `n` residents with ID numbers from `base` up (distinct per workstation). */
  async createResidents(n, base) {
    const c = need();
    const ids = [];
    for (let i = 0; i < n; i++) {
      const k = base + i;
      const r = await createResident(c, { name: `居民${k}`, document: { type: 'resident-id', number: idNumber(k) }, phone: `139${String(10000000 + k).slice(-8)}` });
      ids.push(r.id);
    }
    return ids;
  },

  async editResident(id, changes) {
    await updateResident(need(), id, changes);
  },

  async intake(residentId, quick) {
    const r = await recordIntake(need(), {
      residentId,
      matter: quick ? QUICK : MATTER,
      outcome: quick ? { kind: 'accept', materialsPresent: [], completeNow: { resultNote: '当场办结' } } : { kind: 'accept', materialsPresent: ['id-card'], deadline: '2027-01-05' },
    });
    return r.case.id;
  },

  async action(caseId, action) {
    await recordCaseAction(need(), caseId, action);
  },

  async status() {
    const c = need();
    const s = await outboxStatus(c.db);
    return { ...s, conflicts: (await syncConflicts(c.db)).length, outboxRows: await c.db.outbox.count() };
  },

  async dump() {
    const c = need();
    const residents = (await c.db.residents.toArray()).map(({ fieldHlc: _omit, ...r }) => r);
    return {
      residents,
      cases: await c.db.cases.toArray(),
      events: await c.db.caseEvents.toArray(),
      rejected: await c.db.rejected.toArray(),
    };
  },

  /** Every op still in the outbox (before a sync, that is every op this workstation wrote). */
  async outboxOps() {
    // Rows hold the op's UTF-8 JSON (encoded-op.ts): decoded for its opId.
    return (await storedOutboxOps(need().db)).map((op) => ({ seq: op.seq, kind: op.kind, opId: op.opId }));
  },

  /** For the benchmark: `n` case events enqueued in transactions of `chunk`, as the counter's commands would. */
  async bulkEnqueue(n, chunk = 1000) {
    const c = need();
    const { workstation } = c;
    let written = 0;
    while (written < n) {
      const size = Math.min(chunk, n - written);
      await c.db.transaction('rw', c.db.outbox, c.db.meta, async () => {
        const drafts = [];
        for (let i = 0; i < size; i++) drafts.push(benchCaseEventDraft(workstation, written + i, clock.newId));
        await enqueueOps(c.db, clock, drafts);
      });
      written += size;
    }
    return outboxStatus(c.db);
  },

  /**
   * For the benchmark: raw bulkPut of the residents the server seeded (same generator, same rows as the pull
   * stores, stamps included) into a fresh database of this schema: the yardstick of the pull.
   */
  async rawResidentBulkPut(dbName, n, chunk = 1000) {
    const fresh = new YizhanDb(dbName);
    await fresh.open();
    let ms = 0;
    for (let from = 0; from < n; from += chunk) {
      const rows = [];
      for (let k = from; k < Math.min(n, from + chunk); k++) rows.push(benchResidentRow(k));
      const t0 = performance.now();
      await fresh.residents.bulkPut(rows);
      ms += performance.now() - t0;
    }
    const count = await fresh.residents.count();
    fresh.close();
    return { ms, count };
  },

  async residentIds() {
    return need().db.residents.toCollection().primaryKeys();
  },

  /** This workstation's own open 承诺件 (accepted, not completed), to complete some of them. */
  async ownOpenCases() {
    const c = need();
    const rows = await c.db.cases.where('[status+handling]').equals(['accepted', 'promised']).toArray();
    return rows.filter((r) => r.history[0]?.workstationId === c.workstation.workstationId).map((r) => r.caseId);
  },

  async workstationId() {
    return need().workstation.workstationId;
  },

  async residentCount() {
    return need().db.residents.count();
  },

  /** The sync page's conflict list (key, kind, resident, fields with both sides). */
  async conflicts() {
    return syncConflicts(need().db);
  },

  /**
   * A lead settles a field conflict, as the sync page does (store/conflict-resolution.ts). The lead is an account
   * of this workstation with a placeholder credential: the harness never signs in, it only needs the role.
   */
  async resolveConflict(key, choices) {
    const c = need();
    const at = new Date().toISOString();
    const lead = { id: crypto.randomUUID(), hallCode: c.workstation.hallCode, name: '赵组长', role: 'lead', active: true, createdAt: at, updatedAt: at };
    const credential = { kind: 'pin', algorithm: 'PBKDF2-SHA256', iterations: 1, salt: '00'.repeat(16), hash: '00'.repeat(32) };
    await c.db.staff.put({ ...lead, credential });
    const session = { ...c, workstation: { ...c.workstation, staffId: lead.id, clerkName: lead.name, role: 'lead' } };
    const row = await resolveFieldConflict(session, key, choices);
    return { id: row.id, phone: row.phone };
  },

};

/**
 * Benchmark autorun (tests/bench/sync-bench.ts, `--uninstrumented`): `#autopush={…}` runs a whole push with no
 * driver attached — Playwright's instrumentation (CDP network events carry every request body) costs the browser
 * and the driving process CPU on the same two cores the push is measured on — and posts the result to `report`.
 */
async function autorun(spec) {
  const h = window.harness;
  await h.init({ dbName: spec.dbName, workstationCode: 'W01', hallCode: spec.hallCode });
  await h.startSync(spec.tuning ? { tuning: spec.tuning } : {});
  await h.settings(spec.settings);
  await h.bulkEnqueue(spec.ops, 2000);
  const report = (body) => fetch(spec.report, { method: 'POST', mode: 'no-cors', body: JSON.stringify(body) });
  // The cycle pulls once its pushes are all acknowledged (and written): the bench takes the push's CPU up to here.
  let pushed = false;
  conn.listen((e) => {
    if (e.type === 'pulling' && !pushed) {
      pushed = true;
      void report({ type: 'pushed' });
    }
  });
  await report({ type: 'queued' });
  const enrolled = await h.enroll(spec.serverUrl, spec.code);
  if (!enrolled.ok) return report({ type: 'done', reply: enrolled });
  const reply = await h.syncNow();
  await report({ type: 'done', reply });
}
if (location.hash.startsWith('#naivepush=')) {
  const spec = JSON.parse(decodeURIComponent(location.hash.slice('#naivepush='.length)));
  naivePush(spec, clock.newId).catch((err) => fetch(spec.report, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ type: 'error', message: String(err) }) }));
}
if (location.hash.startsWith('#autopush=')) {
  const spec = JSON.parse(decodeURIComponent(location.hash.slice('#autopush='.length)));
  autorun(spec).catch((err) => fetch(spec.report, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ type: 'error', message: String(err) }) }));
}
