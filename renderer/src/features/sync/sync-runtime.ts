import { platform as appPlatform, type Platform } from '../../platform/bridge';
import type { YizhanDb } from '../../store/schema';
import { startSyncWorker, type SyncConnection } from '../../sync/sync-connection';
import type { SyncEvent } from '../../sync/sync-events';
import { currentDemoLink } from '../../platform/demo-link';
import { enrollFromDemoLink } from './demo-enroll';
import { useSyncStatus } from './sync-status-store';

/**
 * Starts the sync worker for this page and wires it to what only the page has: the OS keyring (through the
 * platform bridge), the browser's online/offline events, and the store's after-commit events (a new outbox op
 * wakes the engine). The one subscription to the worker's status events feeds `useSyncStatus`.
 */

export type SyncRuntime = {
  connection: SyncConnection;
  /** Where a new credential goes: the OS keyring in the desktop app, the database in a plain browser. */
  secretIn: 'platform' | 'meta';
  platform: Platform;
  stop(): void;
};

export type SyncRuntimeOptions = {
  db: YizhanDb;
  connect?: () => SyncConnection;
  platform?: Platform;
  /** `window` in the app. */
  host?: Pick<Window, 'addEventListener' | 'removeEventListener'> & { navigator: { onLine: boolean } };
  onEvent?: (event: SyncEvent) => void;
};

export const SECRET_KEY = 'district-credential' as const;

export function startSyncRuntime(opts: SyncRuntimeOptions): SyncRuntime {
  const platform = opts.platform ?? appPlatform;
  const host = opts.host ?? window;
  const connection = (opts.connect ?? startSyncWorker)();
  const apply = opts.onEvent ?? ((e: SyncEvent) => useSyncStatus.getState().apply(e));
  const unlisten = connection.listen(apply);
  const secretIn = platform.kind === 'electron' ? 'platform' : 'meta';

  const sendOnline = () => void connection.send('sync/online', { online: true }).catch(() => undefined);
  const sendOffline = () => void connection.send('sync/online', { online: false }).catch(() => undefined);
  host.addEventListener('online', sendOnline);
  host.addEventListener('offline', sendOffline);
  const unsubscribe = opts.db.changes.on('outbox-changed', (e) => {
    if (e.change === 'enqueued') void connection.send('sync/nudge').catch(() => undefined);
  });

  void (async () => {
    let secret: string | null = null;
    if (secretIn === 'platform') {
      const stored = await platform.secret.get(SECRET_KEY);
      secret = stored.ok ? stored.value : null;
    }
    const snapshot = await connection.send('sync/start', { dbName: opts.db.name, secret, online: host.navigator.onLine });
    useSyncStatus.getState().seed({
      lastSuccess: snapshot.lastSuccess,
      pending: snapshot.counts.pending,
      rejected: snapshot.counts.rejected,
      conflicts: snapshot.counts.conflicts,
    });
    await enrollFromDemoLink(snapshot, currentDemoLink(), connection, secretIn, (value) => platform.secret.set(SECRET_KEY, value));
  })().catch((err: unknown) => console.error('sync worker did not start', err instanceof Error ? err.name : 'unknown'));

  return {
    connection,
    secretIn,
    platform,
    stop() {
      unlisten();
      unsubscribe();
      host.removeEventListener('online', sendOnline);
      host.removeEventListener('offline', sendOffline);
      connection.close();
    },
  };
}

let running: { db: YizhanDb; runtime: SyncRuntime } | null = null;

/** The page's one runtime: React may mount the shell twice (StrictMode), the worker must start once. */
export function syncRuntimeFor(db: YizhanDb): SyncRuntime {
  if (running && running.db === db) return running.runtime;
  running?.runtime.stop();
  running = { db, runtime: startSyncRuntime({ db }) };
  return running.runtime;
}
