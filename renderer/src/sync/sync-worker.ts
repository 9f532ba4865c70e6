/// <reference lib="webworker" />
import { YizhanDb } from '../store/schema';
import { DexieSyncStore, yieldToEventLoop } from '../store/sync-store';
import { DEFAULT_BACKOFF } from './backoff';
import { DEFAULT_BATCH_LIMITS } from './push-batch';
import { SyncEngine } from './sync-engine';
import { createSyncHost } from './sync-worker-host';

/**
 * The sync worker: Dexie and `fetch` work in workers, so pushing 100 k ops or applying 200 k pulled residents
 * never blocks the counter's UI thread. Started by sync-connection.ts.
 */
declare const self: DedicatedWorkerGlobalScope;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

const onMessage = createSyncHost(
  (message) => self.postMessage(message),
  ({ dbName, secret, online, tuning, emit }) => {
    const db = new YizhanDb(dbName);
    const acks = new YizhanDb(dbName, { chromeTransactionDurability: 'strict' });
    const store = new DexieSyncStore(db, { now: () => Date.now() }, yieldToEventLoop, acks);
    // Two tabs of the browser build (or a tab reloading while its old worker still runs) must not push the same
    // outbox at once; the server would cope, but the watermark writes would race. Web Locks are per origin.
    const withLock = <T>(fn: () => Promise<T>): Promise<T> =>
      self.navigator.locks ? (self.navigator.locks.request(`yizhan-sync:${dbName}`, fn) as Promise<T>) : fn();
    const engine = new SyncEngine({
      store,
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      random: () => Math.random(),
      sleep,
      emit,
      withLock,
      secret,
      online,
      pause: yieldToEventLoop,
      ...(tuning?.backoffBaseMs !== undefined || tuning?.backoffCapMs !== undefined
        ? { backoff: { baseMs: tuning.backoffBaseMs ?? DEFAULT_BACKOFF.baseMs, capMs: tuning.backoffCapMs ?? DEFAULT_BACKOFF.capMs } }
        : {}),
      ...(tuning?.pollIntervalMs !== undefined ? { pollIntervalMs: tuning.pollIntervalMs } : {}),
      ...(tuning?.maxOps !== undefined ? { limits: { ...DEFAULT_BATCH_LIMITS, maxOps: tuning.maxOps } } : {}),
      ...(tuning?.pushesInFlight !== undefined ? { pushesInFlight: tuning.pushesInFlight } : {}),
    });
    self.addEventListener('online', () => engine.setOnline(true));
    self.addEventListener('offline', () => engine.setOnline(false));
    return { engine, store };
  },
);

self.addEventListener('message', (e: MessageEvent) => void onMessage(e.data));
