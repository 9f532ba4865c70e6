import { describe, expect, it } from 'vitest';
import { PushRequestSchema } from '@shared/sync/protocol';
import { outboxOps } from '../store/outbox';
import { createResident } from '../store/residents';
import { recordIntake } from '../store/intake-commands';
import { YizhanDb } from '../store/schema';
import { DexieSyncStore } from '../store/sync-store';
import { fakeClock, isolatedIndexedDb, residentIdNumber } from '../store/test-support';
import { configureWorkstation, storeContextFor } from '../store/workstation';
import { FakeSyncServer } from './fake-sync-server';
import { SyncEngine } from './sync-engine';

/**
 * The engine on the real Dexie store (fake-indexeddb): a crash at each step of a push leaves a state it
 * resumes from, with every op applied once on the server.
 */

const DEVICE = '22222222-2222-4222-8222-222222222222';
let n = 0;

async function workstation() {
  const idb = isolatedIndexedDb();
  const name = `engine-dexie-${n++}`;
  const db = new YizhanDb(name, idb);
  const clock = fakeClock();
  const config = await configureWorkstation(db, clock, { hallCode: 'GL0301', hallName: '光明社区', workstationCode: 'W01', clerkName: '李娜' });
  const ctx = storeContextFor(db, clock, config);
  const store = new DexieSyncStore(db, { now: () => Date.now() });
  await store.saveDevice(
    {
      deviceId: DEVICE,
      serverUrl: 'http://127.0.0.1:9',
      hallCode: 'GL0301',
      workstationCode: 'W01',
      workstationId: config.workstationId,
      enrolledAt: '2026-11-23T00:00:00.000Z',
      expiresAt: '2027-11-23T00:00:00.000Z',
      secretIn: 'meta',
    },
    'secret-secret-secret-1234',
  );
  // A reopened database, as after a reload: a new Dexie instance on the same IndexedDB.
  const reopen = () => new DexieSyncStore(new YizhanDb(name, idb), { now: () => Date.now() });
  return { db, ctx, store, reopen };
}

function engine(store: DexieSyncStore, server: FakeSyncServer) {
  return new SyncEngine({ store, fetch: server.fetch, now: () => Date.now(), random: () => 0.5, sleep: async () => undefined, emit: () => undefined });
}

describe('engine on the Dexie store', () => {
  it('resumes after a crash at the ack write, a lost answer, and a reload; every op applied once', async () => {
    const w = await workstation();
    for (let i = 0; i < 40; i++) {
      const r = await createResident(w.ctx, { name: `赵${i}`, document: { type: 'resident-id', number: residentIdNumber(`11010519900101${String(i).padStart(3, '0')}`) } });
      await recordIntake(w.ctx, {
        residentId: r.id,
        matter: { code: 'MZ-001', name: '低保', triage: 'government', handling: 'immediate', timeLimitDays: 0 },
        outcome: { kind: 'accept', materialsPresent: [], completeNow: {} },
      });
    }
    const { lastSeq } = await w.store.outboxBounds();
    expect(lastSeq).toBe(40 * 4);

    const server = new FakeSyncServer();
    server.rejectWhen = (op) => (op.seq === 77 ? 'sync/op-invalid' : null);
    // Small batches so there are many steps to break.
    const small = (store: DexieSyncStore) =>
      new SyncEngine({ store, fetch: server.fetch, now: () => Date.now(), random: () => 0.5, sleep: async () => undefined, emit: () => undefined, limits: { maxOps: 25, maxBytes: 1 << 20 } });

    // 1. The ack transaction of the 3rd batch fails (the tab dies while writing it).
    let acks = 0;
    w.db.meta.hook('updating', (mods: object) => {
      if ('value' in mods && ++acks === 3) throw new Error('tab closed');
    });
    const first = await small(w.store).runCycle().catch((e: Error) => e);
    expect(first).toBeInstanceOf(Error);
    const afterCrash = await w.reopen().outboxBounds();
    expect(afterCrash.ackedSeq).toBeLessThan(server.watermark.get(DEVICE) ?? 0);

    // 2. The answer to the next push is lost on the wire.
    let req = server.requests;
    server.faultFor = (i) => (i === req + 1 ? 'drop-response' : 'none');
    const second = await small(w.reopen()).runCycle();
    expect(second.ok).toBe(false);

    // 3. A fresh engine on a reopened database finishes the job.
    req = server.requests;
    server.faultFor = () => 'none';
    const resumed = w.reopen();
    const third = await small(resumed).runCycle();
    expect(third.ok).toBe(true);
    expect(await resumed.outboxBounds()).toEqual({ ackedSeq: lastSeq, lastSeq });
    for (let s = 1; s <= lastSeq; s++) expect(server.applyCount.get(`${DEVICE}:${s}`), `seq ${s}`).toBe(1);
    expect((await w.db.rejected.toArray()).map((r) => r.seq)).toEqual([77]);
    expect(await w.db.outbox.count()).toBe(0);
  });

  it('pushes a large outbox in full batches', async () => {
    const w = await workstation();
    for (let i = 0; i < 30; i++) {
      await createResident(w.ctx, { name: `钱${i}`, document: { type: 'resident-id', number: residentIdNumber(`11010519910101${String(i).padStart(3, '0')}`) } });
    }
    const queued = await outboxOps(w.db);
    const server = new FakeSyncServer();
    const outcome = await engine(w.store, server).runCycle();
    expect(outcome).toMatchObject({ ok: true, pushed: 30 });
    expect(server.pushBodies.length).toBe(2);
    // The rows' stored bytes, sent as they are, are the ops the commands wrote (probe first, then the batch).
    expect(server.pushBodies.flatMap((b) => PushRequestSchema.parse(JSON.parse(b)).ops)).toEqual(queued);
  });
});
