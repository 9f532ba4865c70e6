import { z } from 'zod';
import type { CycleOutcome } from './sync-engine';
import type { SyncEvent } from './sync-events';
import type { DeviceRecord, IssueCounts, SyncSettings } from './sync-ports';
import { SyncWindowSchema } from './sync-window';

/**
 * The typed message interface between the page and the sync worker, after actualbudget/actual's
 * `send<K extends keyof Handlers>(name, args)` (loot-core `platform/client/connection`): the page calls named
 * handlers and listens for status events; it never touches the engine. Arguments are zod-checked in the worker
 * (house style (e): worker messages are a boundary like any other).
 */

export const SyncSettingsSchema = z.object({
  mode: z.enum(['window', 'continuous', 'manual']),
  window: SyncWindowSchema,
});

const SecretSchema = z.string().min(16).max(256);

export const SyncTuningSchema = z.object({
  backoffBaseMs: z.number().int().min(1).max(60_000).optional(),
  backoffCapMs: z.number().int().min(1).max(3_600_000).optional(),
  pollIntervalMs: z.number().int().min(100).max(86_400_000).optional(),
  maxOps: z.number().int().min(1).max(500).optional(),
  /** Pushes on the wire at once (sync-engine.ts); the benchmark compares 1 and 2. */
  pushesInFlight: z.number().int().min(1).max(4).optional(),
});
export type SyncTuning = z.infer<typeof SyncTuningSchema>;

export const SYNC_HANDLER_ARGS = {
  /** Opens the database and starts the scheduler. `secret`: from the OS keyring, when the shell has one. */
  'sync/start': z.object({
    dbName: z.string().min(1).max(64),
    secret: SecretSchema.nullable(),
    online: z.boolean(),
    /** Only tests and benchmarks set these (shorter backoff, smaller batches to make more requests). */
    tuning: SyncTuningSchema.optional(),
  }),
  'sync/status': z.undefined(),
  /** 立即同步: runs a cycle now, whatever the mode, the window or a backoff. */
  'sync/now': z.undefined(),
  /** A command wrote to the outbox. */
  'sync/nudge': z.undefined(),
  'sync/online': z.object({ online: z.boolean() }),
  'sync/settings': SyncSettingsSchema,
  'sync/enroll': z.object({
    serverUrl: z.string().min(1).max(300),
    code: z.string().min(1).max(64),
    deviceName: z.string().min(1).max(100).optional(),
    secretIn: z.enum(['platform', 'meta']),
  }),
  'sync/set-secret': z.object({ secret: SecretSchema.nullable() }),
  'sync/forget-device': z.undefined(),
  'sync/stop': z.undefined(),
} as const;

export type SyncHandlerName = keyof typeof SYNC_HANDLER_ARGS;

/** What the sync page shows when it opens, before any event arrives. The secret never leaves the worker this way. */
export type SyncSnapshot = {
  settings: SyncSettings;
  device: DeviceRecord | null;
  lastSuccess: string | null;
  counts: IssueCounts;
};

export type EnrollReply = { ok: true; device: DeviceRecord; secret: string } | { ok: false; code: string; message: string };

/** The outcome of 立即同步 as the page sees it. */
export type SyncNowReply = { ok: true; pushed: number; pulled: number; pushMs: number; pullMs: number } | { ok: false; code: string; message: string };

export type SyncHandlers = {
  'sync/start': (args: z.infer<(typeof SYNC_HANDLER_ARGS)['sync/start']>) => Promise<SyncSnapshot>;
  'sync/status': () => Promise<SyncSnapshot>;
  'sync/now': () => Promise<SyncNowReply>;
  'sync/nudge': () => Promise<void>;
  'sync/online': (args: z.infer<(typeof SYNC_HANDLER_ARGS)['sync/online']>) => Promise<void>;
  'sync/settings': (args: SyncSettings) => Promise<void>;
  'sync/enroll': (args: z.infer<(typeof SYNC_HANDLER_ARGS)['sync/enroll']>) => Promise<EnrollReply>;
  'sync/set-secret': (args: z.infer<(typeof SYNC_HANDLER_ARGS)['sync/set-secret']>) => Promise<void>;
  'sync/forget-device': () => Promise<void>;
  'sync/stop': () => Promise<void>;
};

export type SyncHandlerArgs<K extends SyncHandlerName> = Parameters<SyncHandlers[K]> extends [infer A] ? A : undefined;
export type SyncHandlerResult<K extends SyncHandlerName> = Awaited<ReturnType<SyncHandlers[K]>>;

// ── wire messages ─────────────────────────────────────────────────────────────────────────────────────

export type SyncRequestMessage = { kind: 'request'; id: number; name: SyncHandlerName; args: unknown };
export type SyncReplyMessage =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; code: string };
export type SyncEventMessage = { kind: 'event'; event: SyncEvent };
export type SyncWorkerMessage = SyncReplyMessage | SyncEventMessage;

export const SyncRequestMessageSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.enum(Object.keys(SYNC_HANDLER_ARGS) as [SyncHandlerName, ...SyncHandlerName[]]),
  args: z.unknown(),
});

export function syncNowReply(outcome: CycleOutcome, message: (code: string) => string): SyncNowReply {
  return outcome.ok ? outcome : { ok: false, code: outcome.failure.code, message: message(outcome.failure.code) };
}
