import { describe, expect, it } from 'vitest';
import type { PushResult } from '@shared/sync/protocol';
import {
  acknowledgeOutbox,
  countPendingOutbox,
  enqueueOps,
  outboxStatus,
  pendingOutboxOps,
  pruneAcknowledgedOutbox,
  outboxOps,
  rejectedOutboxOps,
  type OutboxOpDraft,
} from './outbox';
import { createResident, type NewResident } from './residents';
import { residentIdNumber, testContext } from './test-support';

/** Distinct valid residents: ID numbers differ in the sequence digits. */
function residentNo(i: number): NewResident {
  return {
    name: `测试${i}`,
    document: { type: 'resident-id', number: residentIdNumber(`110105199001${String(i).padStart(2, '0')}${String(100 + i).slice(-3)}`) },
  };
}

async function seqs(ctx: ReturnType<typeof testContext>) {
  return (await outboxOps(ctx.db)).map((o) => o.seq);
}

describe('outbox seq allocation', () => {
  it('stays gapless and in commit order across failed transactions', async () => {
    const ctx = testContext();
    let failNext = false;
    ctx.db.outbox.hook('creating', () => {
      if (failNext) throw new Error('injected');
    });
    const outcomes: boolean[] = [];
    for (let i = 1; i <= 12; i++) {
      failNext = i % 3 === 0;
      outcomes.push(await createResident(ctx, residentNo(i)).then(() => true, () => false));
    }
    const committed = outcomes.filter(Boolean).length;
    expect(committed).toBe(8);
    expect(await seqs(ctx)).toEqual(Array.from({ length: committed }, (_, i) => i + 1));
    expect((await outboxStatus(ctx.db)).lastSeq).toBe(committed);
  });

  it('numbers concurrent commands without duplicates or gaps', async () => {
    const ctx = testContext();
    await Promise.all(Array.from({ length: 10 }, (_, i) => createResident(ctx, residentNo(i + 1))));
    expect(await seqs(ctx)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stores each op as the UTF-8 of its JSON, seq and kind beside, and gives back the ops it wrote', async () => {
    const ctx = testContext();
    const drafts: OutboxOpDraft[] = [
      { kind: 'resident-patch', payload: { residentId: ctx.newId(), fields: { name: { value: '张"三\\😀\ud800', hlc: '1763888400000-0000-ws1' } } } },
      { kind: 'resident-patch', payload: { residentId: ctx.newId(), fields: { grid: { value: '光明街道第三网格', hlc: '1763888400000-0001-ws1' } } } },
    ];
    const written = await ctx.db.transaction('rw', ctx.db.outbox, ctx.db.meta, () => enqueueOps(ctx.db, ctx, drafts));
    expect(written.map((op) => [op.seq, op.kind, op.payload])).toEqual(drafts.map((d, i) => [i + 1, d.kind, d.payload]));
    const rows = await ctx.db.outbox.toArray();
    expect(rows.map((r) => [r.seq, r.kind])).toEqual([
      [1, 'resident-patch'],
      [2, 'resident-patch'],
    ]);
    rows.forEach((row, i) => expect(row.json).toEqual(new TextEncoder().encode(JSON.stringify(written[i]))));
    expect(await outboxOps(ctx.db)).toEqual(written);
    expect(await pendingOutboxOps(ctx.db)).toEqual(written);
  });

  it('refuses to number ops outside a transaction that also holds meta', async () => {
    const ctx = testContext();
    const draft = { kind: 'resident-patch' as const, payload: { residentId: ctx.newId(), fields: {} } };
    await expect(enqueueOps(ctx.db, ctx, [draft])).rejects.toThrow(/inside a readwrite transaction/);
    await expect(ctx.db.transaction('rw', ctx.db.outbox, () => enqueueOps(ctx.db, ctx, [draft]))).rejects.toThrow(
      /inside a readwrite transaction/,
    );
    expect(await ctx.db.outbox.count()).toBe(0);
  });
});

describe('acknowledgement and pruning', () => {
  async function withOps(n: number) {
    const ctx = testContext();
    for (let i = 1; i <= n; i++) await createResident(ctx, residentNo(i));
    return ctx;
  }

  it('moves the watermark forward only, and pending ops start right after it', async () => {
    const ctx = await withOps(5);
    expect(await countPendingOutbox(ctx.db)).toBe(5);

    expect(await acknowledgeOutbox(ctx.db, ctx, { ackThrough: 3 })).toBe(3);
    expect(await countPendingOutbox(ctx.db)).toBe(2);
    expect((await pendingOutboxOps(ctx.db)).map((o) => o.seq)).toEqual([4, 5]);
    expect((await pendingOutboxOps(ctx.db, 1)).map((o) => o.seq)).toEqual([4]);

    // A late answer to an earlier push must not un-acknowledge.
    expect(await acknowledgeOutbox(ctx.db, ctx, { ackThrough: 1 })).toBe(3);
    expect(await countPendingOutbox(ctx.db)).toBe(2);

    // Acknowledging is not deleting: rows stay until pruned.
    expect(await ctx.db.outbox.count()).toBe(5);
  });

  it('counts pending ops as the rows above the watermark', async () => {
    const ctx = await withOps(7);
    await acknowledgeOutbox(ctx.db, ctx, { ackThrough: 4 });
    const counted = await ctx.db.outbox.where('seq').above(4).count();
    expect(await countPendingOutbox(ctx.db)).toBe(counted);
  });

  it('prunes exactly the acknowledged range', async () => {
    const ctx = await withOps(6);
    expect(await pruneAcknowledgedOutbox(ctx.db)).toBe(0);
    await acknowledgeOutbox(ctx.db, ctx, { ackThrough: 4 });
    expect(await pruneAcknowledgedOutbox(ctx.db)).toBe(4);
    expect(await seqs(ctx)).toEqual([5, 6]);
    expect(await pruneAcknowledgedOutbox(ctx.db)).toBe(0);
    expect(await countPendingOutbox(ctx.db)).toBe(2);

    // Numbering continues after a prune: the counter lives in meta, not in the rows.
    await createResident(ctx, residentNo(7));
    expect(await seqs(ctx)).toEqual([5, 6, 7]);
  });

  it('files rejected ops with their code and reason so pruning cannot lose them', async () => {
    const ctx = await withOps(3);
    const written = await outboxOps(ctx.db);
    const results: PushResult[] = [
      { seq: 1, status: 'applied' },
      { seq: 2, status: 'rejected', code: 'sync/op-invalid', details: { field: 'phone' } },
      { seq: 3, status: 'applied' },
    ];
    await acknowledgeOutbox(ctx.db, ctx, { ackThrough: 3, results });
    await pruneAcknowledgedOutbox(ctx.db);

    expect(await ctx.db.outbox.count()).toBe(0);
    const rejected = await rejectedOutboxOps(ctx.db);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ seq: 2, code: 'sync/op-invalid', details: { field: 'phone' }, op: { seq: 2, kind: 'resident-patch' } });
    // Filed as the op itself (decoded from the stored bytes), so the sync page can show what was refused.
    expect(rejected[0]?.op).toEqual(written[1]);
    expect((await outboxStatus(ctx.db)).rejected).toBe(1);
  });

  it('refuses an acknowledgement beyond what was written', async () => {
    const ctx = await withOps(2);
    await expect(acknowledgeOutbox(ctx.db, ctx, { ackThrough: 3 })).rejects.toThrow(RangeError);
    expect((await outboxStatus(ctx.db)).ackedSeq).toBe(0);
  });
});
