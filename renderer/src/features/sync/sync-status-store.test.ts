import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../sync/sync-events';
import { INITIAL_SYNC_STATUS, reduceSyncStatus } from './sync-status-store';

const run = (events: SyncEvent[]) => events.reduce(reduceSyncStatus, INITIAL_SYNC_STATUS);

describe('reduceSyncStatus', () => {
  it('follows a cycle: push progress, pull, success clears the error', () => {
    const s = run([
      { type: 'error', code: 'sync/offline', message: '无法连接', retryAt: 5 },
      { type: 'pushing', sent: 0, total: 900 },
      { type: 'pushing', sent: 500, total: 900 },
      { type: 'pulling', received: 12 },
      { type: 'rejected', count: 2 },
      { type: 'conflicts', count: 1 },
      { type: 'pending', count: 0 },
      { type: 'last-success', at: '2026-11-23T11:00:00.000Z' },
      { type: 'idle', reason: 'done', nextRunAt: 99 },
    ]);
    expect(s).toMatchObject({ phase: 'idle', idleReason: 'done', sent: 500, total: 900, received: 12, rejected: 2, conflicts: 1, pending: 0, error: null });
  });

  it('keeps the upgrade notice and the last error until a success', () => {
    const s = run([{ type: 'upgrade-required' }, { type: 'error', code: 'sync/protocol-too-old', message: '版本过旧', retryAt: null }, { type: 'idle', reason: 'stopped', nextRunAt: null }]);
    expect(s.upgradeRequired).toBe(true);
    expect(s.error?.code).toBe('sync/protocol-too-old');
    expect(s.idleReason).toBe('stopped');
  });
});
