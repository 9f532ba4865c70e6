import { describe, expect, it } from 'vitest';
import { FakeSyncServer } from './fake-sync-server';
import { FakeSyncStore } from './fake-sync-store';
import { connectSyncWorker, SyncRequestError, type WorkerLike } from './sync-connection';
import { SyncEngine } from './sync-engine';
import type { SyncWorkerMessage } from './sync-handlers';
import { createSyncHost } from './sync-worker-host';

/** The page's connection wired to the worker host through an in-memory "worker", as postMessage would. */
function pair(store = new FakeSyncStore(), server = new FakeSyncServer()) {
  const toPage = new Set<(e: MessageEvent) => void>();
  const host = createSyncHost(
    (msg: SyncWorkerMessage) => queueMicrotask(() => toPage.forEach((l) => l({ data: structuredClone(msg) } as MessageEvent))),
    ({ emit, secret, online }) => {
      const engine = new SyncEngine({ store, fetch: server.fetch, now: () => Date.now(), random: () => 0.5, sleep: async () => undefined, emit, secret, online });
      return { engine, store };
    },
  );
  const worker: WorkerLike = {
    postMessage: (m) => void host(structuredClone(m)),
    addEventListener: (_t, l) => toPage.add(l),
  };
  return { conn: connectSyncWorker(worker), store, server };
}

describe('sync worker messages', () => {
  it('checks arguments at the boundary and answers with a code', async () => {
    const { conn } = pair();
    // Before start there is no engine.
    await expect(conn.send('sync/now')).rejects.toMatchObject({ code: 'sync/not-enrolled' });
    await expect(conn.send('sync/start', { dbName: '', secret: null, online: true })).rejects.toBeInstanceOf(SyncRequestError);
    await expect(conn.send('sync/settings', { mode: 'window', window: { start: '18:00', end: '18:00' } } as never)).rejects.toMatchObject({ code: 'input/invalid' });
  });

  it('starts the engine, relays its events, and runs 立即同步', async () => {
    const store = new FakeSyncStore();
    store.settings = { mode: 'manual', window: { start: '18:00', end: '07:30' } };
    const { conn } = pair(store);
    const events: string[] = [];
    conn.listen((e) => events.push(e.type));
    const snapshot = await conn.send('sync/start', { dbName: 'yizhan', secret: null, online: true });
    expect(snapshot.settings.mode).toBe('manual');
    expect(snapshot.device).toBeNull();
    // Not enrolled: 立即同步 says so, with the Chinese message.
    const reply = await conn.send('sync/now');
    expect(reply).toMatchObject({ ok: false, code: 'sync/not-enrolled', message: expect.stringContaining('登记') });
    expect(events).toContain('idle');
    await conn.send('sync/stop');
  });
});
