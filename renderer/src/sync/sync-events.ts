/**
 * What the sync engine tells the UI, as one typed union. The worker posts these to the page; one zustand store
 * in features/sync subscribes. Codes are ErrorCodes (or a newer server's unknown code, shown with the generic
 * message), texts are already in Chinese so the UI never builds a message itself.
 */

export type SyncPhase = 'idle' | 'pushing' | 'pulling';

/** Why the engine is idle: the UI says when it will next try. */
export type IdleReason =
  /** Nothing left to do until the next scheduled run. */
  | 'done'
  /** Mode "after hours" and it is daytime. */
  | 'outside-window'
  /** Mode "manual": waits for 立即同步. */
  | 'manual'
  | 'offline'
  | 'not-enrolled'
  /** A failure that retrying will not fix (upgrade needed, credential revoked): waits for the user. */
  | 'stopped'
  /** Waiting out a backoff after a failure. */
  | 'retrying';

export type SyncEvent =
  | { type: 'idle'; reason: IdleReason; nextRunAt: number | null }
  | { type: 'pushing'; sent: number; total: number }
  | { type: 'pulling'; received: number }
  | { type: 'error'; code: string; message: string; retryAt: number | null }
  | { type: 'conflicts'; count: number }
  | { type: 'rejected'; count: number }
  | { type: 'pending'; count: number }
  | { type: 'last-success'; at: string }
  /** The server no longer speaks our protocol: sync stopped until the app is upgraded. */
  | { type: 'upgrade-required' };

export type SyncEventType = SyncEvent['type'];
