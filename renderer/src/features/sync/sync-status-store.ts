import { create } from 'zustand';
import type { IdleReason, SyncEvent } from '../../sync/sync-events';

/**
 * What the page shows about sync, fed only by the worker's events (one subscription, sync-runtime.ts). No records
 * here: pending, rejected and conflicting items are read from IndexedDB with `useLiveQuery`.
 */
export type SyncStatus = {
  phase: 'idle' | 'pushing' | 'pulling';
  idleReason: IdleReason | null;
  nextRunAt: number | null;
  sent: number;
  total: number;
  received: number;
  error: { code: string; message: string; retryAt: number | null } | null;
  pending: number | null;
  rejected: number | null;
  conflicts: number | null;
  lastSuccess: string | null;
  upgradeRequired: boolean;
};

export const INITIAL_SYNC_STATUS: SyncStatus = {
  phase: 'idle',
  idleReason: null,
  nextRunAt: null,
  sent: 0,
  total: 0,
  received: 0,
  error: null,
  pending: null,
  rejected: null,
  conflicts: null,
  lastSuccess: null,
  upgradeRequired: false,
};

/** Pure, for tests: the status after one event. */
export function reduceSyncStatus(s: SyncStatus, e: SyncEvent): SyncStatus {
  switch (e.type) {
    case 'idle':
      return { ...s, phase: 'idle', idleReason: e.reason, nextRunAt: e.nextRunAt };
    case 'pushing':
      return { ...s, phase: 'pushing', idleReason: null, sent: e.sent, total: e.total };
    case 'pulling':
      return { ...s, phase: 'pulling', idleReason: null, received: e.received };
    case 'error':
      return { ...s, error: { code: e.code, message: e.message, retryAt: e.retryAt } };
    case 'conflicts':
      return { ...s, conflicts: e.count };
    case 'rejected':
      return { ...s, rejected: e.count };
    case 'pending':
      return { ...s, pending: e.count };
    case 'last-success':
      // A success clears the last error; an upgrade notice stays until the app is replaced.
      return { ...s, lastSuccess: e.at, error: null };
    case 'upgrade-required':
      return { ...s, upgradeRequired: true };
  }
}

type SyncStatusStore = SyncStatus & {
  apply: (event: SyncEvent) => void;
  seed: (partial: Partial<SyncStatus>) => void;
};

export const useSyncStatus = create<SyncStatusStore>()((set) => ({
  ...INITIAL_SYNC_STATUS,
  apply: (event) => set((s) => reduceSyncStatus(s, event)),
  seed: (partial) => set(partial),
}));
