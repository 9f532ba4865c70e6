import type { EncodedOp } from '@shared/sync/encoded-op';
import type { PullChange, PushResponse } from '@shared/sync/protocol';
import type { SyncWindow } from './sync-window';

/**
 * What the engine needs from the outside, injected so the core runs in node tests (fake-indexeddb, a fake
 * server) exactly as it runs in the worker (Dexie, `fetch`). The Dexie implementation of SyncStorePort is
 * renderer/src/store/sync-store.ts; it satisfies this structurally because store/ may not import sync/.
 */

export type SyncMode = 'window' | 'continuous' | 'manual';

export type SyncSettings = {
  mode: SyncMode;
  window: SyncWindow;
};

/** What enrolment leaves behind besides the secret; the secret lives in the platform's keyring or meta. */
export type DeviceRecord = {
  deviceId: string;
  serverUrl: string;
  hallCode: string;
  workstationCode: string | null;
  /** The local workstation this credential was issued to: a wiped database must not reuse it (its seqs restart). */
  workstationId: string;
  enrolledAt: string;
  expiresAt: string;
  /** `platform`: the OS keyring via the Electron bridge. `meta`: a plain browser, stored unencrypted. */
  secretIn: 'platform' | 'meta';
};

export type IssueCounts = { pending: number; rejected: number; conflicts: number };

export interface SyncStorePort {
  /** `ackedSeq`: server watermark as last recorded; `lastSeq`: highest seq allocated. */
  outboxBounds(): Promise<{ ackedSeq: number; lastSeq: number }>;
  /** Ops with seq > afterSeq, ascending, at most `limit`, as stored: their JSON in UTF-8 (encoded-op.ts). */
  readOutbox(afterSeq: number, limit: number): Promise<EncodedOp[]>;
  /**
   * In one transaction: raise the watermark to `response.ackThrough` (never lower it), keep rejected ops and
   * conflicts of `ops` (those at or below the watermark) with their codes. Rewriting the same answer twice leaves
   * the same rows, because a replayed batch is answered again.
   */
  recordPush(ops: readonly EncodedOp[], response: PushResponse, at: string): Promise<void>;
  /**
   * The server holds less than we recorded (restored from a backup): move the watermark down to `toSeq` if every
   * op above it is still in the outbox. False when some were already pruned: a person must step in.
   */
  rewindAck(toSeq: number): Promise<boolean>;
  /** Deletes acknowledged ops by key range. Returns how many went. */
  pruneAcknowledged(): Promise<number>;
  pullCursor(): Promise<string>;
  /**
   * One transaction per page: the changes and the cursor after them, or neither. With `after` (the cursor the page
   * was read from), only on top of it: a stored cursor other than `after` throws and applies nothing. So the engine
   * may call this for page n+1 before page n's call has settled; if page n fails, page n+1 applies nothing.
   */
  applyPulled(changes: readonly PullChange[], nextCursor: string, at: string, after?: string): Promise<void>;
  issueCounts(): Promise<IssueCounts>;
  getSettings(): Promise<SyncSettings>;
  saveSettings(settings: SyncSettings): Promise<void>;
  /** The configured workstation id, or null before first-run setup. */
  workstationId(): Promise<string | null>;
  /** The hall of this workstation, or null before first-run setup. */
  hallCode(): Promise<string | null>;
  getDevice(): Promise<DeviceRecord | null>;
  /** `secret` is written only when `device.secretIn` is `meta`. */
  saveDevice(device: DeviceRecord, secret: string | null): Promise<void>;
  forgetDevice(): Promise<void>;
  metaSecret(): Promise<string | null>;
  recordSuccess(at: string): Promise<void>;
  lastSuccess(): Promise<string | null>;
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Runs `fn` while holding the workstation's sync lock, so two tabs of the browser build never push at once. */
export type WithLock = <T>(fn: () => Promise<T>) => Promise<T>;

export type PushedBatch = { firstSeq: number; lastSeq: number; ackThrough: number };
