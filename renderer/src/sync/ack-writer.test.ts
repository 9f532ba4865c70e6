import { describe, expect, it } from 'vitest';
import { decodeOp, encodeOp, type EncodedOp } from '@shared/sync/encoded-op';
import type { OutboxOp, PushResponse, PushResult } from '@shared/sync/protocol';
import { AckWriter } from './ack-writer';
import { FakeSyncStore } from './fake-sync-store';

// Only the seq matters to the writer; encoded as the store holds ops.
const op = (seq: number): EncodedOp => encodeOp({ seq } as OutboxOp);
const opsFrom = (from: number, count: number) => Array.from({ length: count }, (_, i) => op(from + i));
const answer = (ackThrough: number, results: PushResult[]): PushResponse => ({ protocol: 1, ackThrough, results });
const applied = (seq: number): PushResult => ({ seq, status: 'applied' });

/** A store whose writes wait for `release()`, recording what each write carried. */
function slowStore() {
  const writes: Array<{ seqs: number[]; ackThrough: number; results: number[]; at: string }> = [];
  let release: () => void = () => undefined;
  let fail = false;
  return {
    writes,
    release: () => release(),
    failNext: () => (fail = true),
    record: async (ops: readonly EncodedOp[], response: PushResponse, at: string) => {
      await new Promise<void>((r) => (release = r));
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      writes.push({ seqs: ops.map((o) => o.seq), ackThrough: response.ackThrough, results: response.results.map((r) => r.seq), at });
    },
  };
}

const turn = () => new Promise((r) => setTimeout(r, 0));

describe('AckWriter', () => {
  it('writes the answers that queued during a write together, in order, in the next one', async () => {
    const store = slowStore();
    const acks = new AckWriter(store.record);
    acks.add([op(1), op(2)], answer(2, [applied(1), applied(2)]), 't1');
    await turn();
    // The first write runs; two answers arrive meanwhile.
    acks.add([op(3)], answer(3, [applied(3)]), 't2');
    acks.add([op(4), op(5)], answer(5, [applied(4), applied(5)]), 't3');
    store.release();
    await turn();
    store.release();
    await acks.settled();
    expect(store.writes).toEqual([
      { seqs: [1, 2], ackThrough: 2, results: [1, 2], at: 't1' },
      { seqs: [3, 4, 5], ackThrough: 5, results: [3, 4, 5], at: 't3' },
    ]);
    expect(acks.writes).toBe(2);
    expect(acks.failure).toBeNull();
  });

  it('never records a lower watermark than an answer it merged (a capped answer after a higher one)', async () => {
    const store = slowStore();
    const acks = new AckWriter(store.record);
    acks.add([op(1)], answer(1, [applied(1)]), 't');
    await turn();
    acks.add([op(2), op(3)], answer(3, [applied(2), applied(3)]), 't');
    // Resent after a partial answer: a batch below what was already answered.
    acks.add([op(3)], answer(2, [{ ...applied(3), replayed: true }]), 't');
    store.release();
    await turn();
    store.release();
    await acks.settled();
    expect(store.writes[1]).toMatchObject({ ackThrough: 3, results: [2, 3, 3] });
  });

  it('stops at the first failed write: nothing after it is written, the failure is kept, settled() resolves', async () => {
    const store = slowStore();
    const acks = new AckWriter(store.record);
    store.failNext();
    acks.add([op(1)], answer(1, [applied(1)]), 't');
    await turn();
    acks.add([op(2)], answer(2, [applied(2)]), 't');
    store.release();
    await acks.settled();
    expect(store.writes).toEqual([]);
    expect(String(acks.failure?.error)).toContain('disk full');
    acks.add([op(3)], answer(3, [applied(3)]), 't');
    await acks.settled();
    expect(store.writes).toEqual([]);
  });

  it('is settled at once when it has nothing to write', async () => {
    const acks = new AckWriter(() => Promise.reject(new Error('not called')));
    await acks.settled();
    expect(acks.writes).toBe(0);
  });

  it('does not merge an answer that acknowledged only part of its batch with the answers after it: its results past its watermark stay unfiled', async () => {
    // The store's contract (store/sync-store.ts, FakeSyncStore): results above the recorded watermark are not
    // acknowledged, so they are not filed. Recording the answers one by one, then through the writer, must agree.
    const partial = answer(4, [applied(3), applied(4), { seq: 5, status: 'rejected', code: 'sync/clock-skew' }, applied(6)]);
    // The engine resends from the partial answer's watermark; the server now applies seq 5.
    const resent = answer(6, [applied(5), applied(6)]);
    const oneByOne = new FakeSyncStore();
    oneByOne.append(opsFrom(1, 6).map(decodeOp));
    await oneByOne.recordPush(opsFrom(1, 2), answer(2, [applied(1), applied(2)]), 't');
    await oneByOne.recordPush(opsFrom(3, 4), partial, 't');
    await oneByOne.recordPush(opsFrom(5, 2), resent, 't');
    expect([...oneByOne.rejected.keys()]).toEqual([]);

    const store = new FakeSyncStore();
    store.append(opsFrom(1, 6).map(decodeOp));
    let release: () => void = () => undefined;
    const acks = new AckWriter(async (o, r, at) => {
      await new Promise<void>((res) => (release = res));
      await store.recordPush(o, r, at);
    });
    acks.add(opsFrom(1, 2), answer(2, [applied(1), applied(2)]), 't');
    await turn();
    // Both arrive while the first write runs.
    acks.add(opsFrom(3, 4), partial, 't');
    acks.add(opsFrom(5, 2), resent, 't');
    for (let i = 0; i < 3; i++) {
      release();
      await turn();
    }
    await acks.settled();
    expect(store.ackedSeq).toBe(6);
    expect([...store.rejected.keys()]).toEqual([...oneByOne.rejected.keys()]);
  });
});
