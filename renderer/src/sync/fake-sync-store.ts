import { decodeOp, encodeOp, type EncodedOp } from '@shared/sync/encoded-op';
import type { OutboxOp, PullChange, PushResponse } from '@shared/sync/protocol';
import { INITIAL_CURSOR } from '@shared/sync/protocol';
import type { DeviceRecord, IssueCounts, SyncSettings, SyncStorePort } from './sync-ports';
import { DEFAULT_SYNC_WINDOW } from './sync-window';

/**
 * An in-memory SyncStorePort for the engine's unit tests: the same contract as store/sync-store.ts (which has
 * its own tests on fake-indexeddb), with hooks to fail a write, as a crash between two steps would.
 */
export class FakeSyncStore implements SyncStorePort {
  outbox = new Map<number, OutboxOp>();
  lastSeq = 0;
  ackedSeq = 0;
  rejected = new Map<number, { op: OutboxOp; code: string }>();
  conflicts = new Map<number, unknown>();
  cursor = INITIAL_CURSOR;
  pulled: PullChange[] = [];
  settings: SyncSettings = { mode: 'continuous', window: DEFAULT_SYNC_WINDOW };
  device: DeviceRecord | null = null;
  secret: string | null = null;
  success: string | null = null;
  wsId: string | null = '00000000-0000-4000-8000-000000000001';
  hall: string | null = 'GL0301';
  /** Throws from the next recordPush, before anything is written (a crash before the ack transaction commits). */
  failNextRecordPush = false;
  recordPushCalls = 0;
  /** Pages wait for this before they apply, as on a slow disk (the engine goes on fetching meanwhile). */
  applyGate: Promise<void> | null = null;
  /** Throws from the next page applied, writing nothing (a quota error, a crash). */
  failNextApply = false;
  /** Calls to applyPulled so far (each page's `after`), settled or not. */
  applyCalls: Array<string | undefined> = [];
  /** The cursor after each page applied, in the order applied. */
  applied: string[] = [];
  private applying: Promise<unknown> = Promise.resolve();

  append(ops: OutboxOp[]): void {
    for (const op of ops) {
      this.outbox.set(op.seq, op);
      this.lastSeq = Math.max(this.lastSeq, op.seq);
    }
  }

  async outboxBounds() {
    return { ackedSeq: this.ackedSeq, lastSeq: this.lastSeq };
  }

  /** Encoded as the Dexie store keeps them, so the engine sends the same bytes. */
  async readOutbox(afterSeq: number, limit: number): Promise<EncodedOp[]> {
    const out: EncodedOp[] = [];
    for (let s = afterSeq + 1; s <= this.lastSeq && out.length < limit; s++) {
      const op = this.outbox.get(s);
      if (op) out.push(encodeOp(op));
    }
    return out;
  }

  async recordPush(ops: readonly EncodedOp[], response: PushResponse, _at: string): Promise<void> {
    this.recordPushCalls++;
    if (this.failNextRecordPush) {
      this.failNextRecordPush = false;
      throw new Error('simulated crash before the ack write');
    }
    const bySeq = new Map(ops.map((op) => [op.seq, op]));
    for (const r of response.results) {
      if (r.seq > response.ackThrough) continue;
      const op = bySeq.get(r.seq);
      if (r.status === 'rejected' && op) this.rejected.set(r.seq, { op: decodeOp(op), code: r.code ?? 'internal/unexpected' });
      if (r.status === 'conflict') this.conflicts.set(r.seq, r.conflict);
    }
    this.ackedSeq = Math.max(this.ackedSeq, response.ackThrough);
  }

  async rewindAck(toSeq: number): Promise<boolean> {
    for (let s = toSeq + 1; s <= this.ackedSeq; s++) if (!this.outbox.has(s)) return false;
    this.ackedSeq = toSeq;
    return true;
  }

  async pruneAcknowledged(): Promise<number> {
    let n = 0;
    for (const seq of [...this.outbox.keys()]) {
      if (seq <= this.ackedSeq) {
        this.outbox.delete(seq);
        n++;
      }
    }
    return n;
  }

  async pullCursor() {
    return this.cursor;
  }

  async applyPulled(changes: readonly PullChange[], nextCursor: string, _at: string, after?: string): Promise<void> {
    this.applyCalls.push(after);
    // Like a queued IndexedDB transaction: it runs after the calls before it have settled.
    const run = this.applying.then(async () => {
      await this.applyGate;
      if (this.failNextApply) {
        this.failNextApply = false;
        throw new Error('quota');
      }
      if (after !== undefined && after !== this.cursor) throw new Error('out of order');
      this.pulled.push(...changes);
      this.cursor = nextCursor;
      this.applied.push(nextCursor);
    });
    this.applying = run.catch(() => undefined);
    return run;
  }

  async issueCounts(): Promise<IssueCounts> {
    return { pending: this.lastSeq - this.ackedSeq, rejected: this.rejected.size, conflicts: this.conflicts.size };
  }

  async getSettings() {
    return this.settings;
  }
  async saveSettings(s: SyncSettings) {
    this.settings = s;
  }
  async workstationId() {
    return this.wsId;
  }
  async hallCode() {
    return this.hall;
  }
  async getDevice() {
    return this.device;
  }
  async saveDevice(device: DeviceRecord, secret: string | null) {
    this.device = device;
    this.secret = secret;
  }
  async forgetDevice() {
    this.device = null;
    this.secret = null;
  }
  async metaSecret() {
    return this.secret;
  }
  async recordSuccess(at: string) {
    this.success = at;
  }
  async lastSuccess() {
    return this.success;
  }
}
