import type { SyncEngine } from './sync-engine';
import type { SyncEvent } from './sync-events';
import {
  SYNC_HANDLER_ARGS,
  SyncRequestMessageSchema,
  syncNowReply,
  type SyncHandlerName,
  type SyncHandlers,
  type SyncSnapshot,
  type SyncTuning,
  type SyncWorkerMessage,
} from './sync-handlers';
import { syncMessage } from './sync-message';
import type { SyncStorePort } from './sync-ports';

/**
 * The worker side of the message interface, apart from the Worker global so it runs in node tests: parses each
 * request, calls the handler, posts the reply; posts engine events as they come.
 */

export type EngineParts = { engine: SyncEngine; store: SyncStorePort };
export type EngineFactory = (args: { dbName: string; secret: string | null; online: boolean; tuning: SyncTuning | undefined; emit: (e: SyncEvent) => void }) => EngineParts;

export function createSyncHost(post: (message: SyncWorkerMessage) => void, makeEngine: EngineFactory) {
  let parts: EngineParts | null = null;
  const emit = (event: SyncEvent) => post({ kind: 'event', event });

  const need = (): EngineParts => {
    if (!parts) throw new HostError('sync/not-enrolled');
    return parts;
  };

  async function snapshot(): Promise<SyncSnapshot> {
    const { store } = need();
    const [settings, device, lastSuccess, counts] = await Promise.all([store.getSettings(), store.getDevice(), store.lastSuccess(), store.issueCounts()]);
    return { settings, device, lastSuccess, counts };
  }

  const handlers: SyncHandlers = {
    'sync/start': async ({ dbName, secret, online, tuning }) => {
      // A second start (React StrictMode mounts twice, a page hot reload) keeps the running engine.
      if (!parts) {
        parts = makeEngine({ dbName, secret, online, tuning, emit });
        parts.engine.start();
      } else {
        parts.engine.setSecret(secret);
        parts.engine.setOnline(online);
      }
      return snapshot();
    },
    'sync/status': () => snapshot(),
    'sync/now': async () => syncNowReply(await need().engine.syncNow(), (code) => syncMessage(code)),
    'sync/nudge': async () => need().engine.nudge(),
    'sync/online': async ({ online }) => need().engine.setOnline(online),
    'sync/settings': async (settings) => need().engine.updateSettings(settings),
    'sync/enroll': async (args) => need().engine.enroll(args),
    'sync/set-secret': async ({ secret }) => need().engine.setSecret(secret),
    'sync/forget-device': async () => {
      const { engine, store } = need();
      await store.forgetDevice();
      engine.setSecret(null);
    },
    'sync/stop': async () => {
      await parts?.engine.stop();
      parts = null;
    },
  };

  return async function onMessage(data: unknown): Promise<void> {
    const msg = SyncRequestMessageSchema.safeParse(data);
    if (!msg.success) return; // not ours (or garbage): nothing to answer
    const { id, name } = msg.data;
    const args = SYNC_HANDLER_ARGS[name].safeParse(msg.data.args);
    if (!args.success) {
      post({ kind: 'reply', id, ok: false, code: 'input/invalid' });
      return;
    }
    try {
      const handler = handlers[name] as (a: unknown) => Promise<unknown>;
      const value = await handler(args.data);
      post({ kind: 'reply', id, ok: true, value });
    } catch (err) {
      post({ kind: 'reply', id, ok: false, code: err instanceof HostError ? err.code : 'internal/unexpected' });
      if (!(err instanceof HostError)) console.error('sync handler failed', name, err instanceof Error ? err.name : 'unknown');
    }
  };
}

class HostError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export type { SyncHandlerName };
