import type { SyncEvent } from './sync-events';
import type { SyncHandlerArgs, SyncHandlerName, SyncHandlerResult, SyncReplyMessage, SyncWorkerMessage } from './sync-handlers';

/**
 * The page's side of the sync worker: `send(name, args)` for the handlers, `listen(fn)` for status events.
 * The page never holds the engine; a UI test passes a fake connection instead (features/sync).
 */

export interface SyncConnection {
  send<K extends SyncHandlerName>(name: K, ...args: SyncHandlerArgs<K> extends undefined ? [] : [SyncHandlerArgs<K>]): Promise<SyncHandlerResult<K>>;
  listen(listener: (event: SyncEvent) => void): () => void;
  close(): void;
}

export class SyncRequestError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'SyncRequestError';
  }
}

/** What the connection needs of a Worker (or a MessagePort in tests). */
export type WorkerLike = {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  terminate?(): void;
};

export function connectSyncWorker(worker: WorkerLike): SyncConnection {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(event: SyncEvent) => void>();

  worker.addEventListener('message', (e: MessageEvent) => {
    const msg = e.data as SyncWorkerMessage | null;
    if (!msg || typeof msg !== 'object') return;
    if (msg.kind === 'event') {
      for (const l of [...listeners]) l(msg.event);
      return;
    }
    if (msg.kind === 'reply') {
      const reply = msg as SyncReplyMessage;
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new SyncRequestError(reply.code));
    }
  });

  return {
    send(name, ...args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ kind: 'request', id, name, args: args[0] });
      });
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      worker.terminate?.();
      for (const w of pending.values()) w.reject(new SyncRequestError('internal/unexpected'));
      pending.clear();
    },
  };
}

/** Starts the worker; Vite bundles sync-worker.ts from this exact expression. */
export function startSyncWorker(): SyncConnection {
  const worker = new Worker(new URL('./sync-worker.ts', import.meta.url), { type: 'module', name: 'yizhan-sync' });
  return connectSyncWorker(worker);
}
