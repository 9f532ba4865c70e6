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
    expect((await outboxStatus(ctx.db)).rejected).toBe(1);
  });

  it('refuses an acknowledgement beyond what was written', async () => {
    const ctx = await withOps(2);
    await expect(acknowledgeOutbox(ctx.db, ctx, { ackThrough: 3 })).rejects.toThrow(RangeError);
    expect((await outboxStatus(ctx.db)).ackedSeq).toBe(0);
  });
});
