import { describe, expect, it, vi } from 'vitest';
import { createResident, type NewResident } from './residents';
import type { StoreEvent } from './store-events';
import { StoreEvents } from './store-events';
import { residentIdNumber, testContext } from './test-support';

const wang: NewResident = { name: '王五', document: { type: 'resident-id', number: residentIdNumber('31011519851111222') } };

describe('StoreEvents', () => {
  it('delivers an event only to listeners of its type, until they unsubscribe', () => {
    const events = new StoreEvents();
    const created = vi.fn();
    const outbox = vi.fn();
    const off = events.on('resident-created', created);
    events.on('outbox-changed', outbox);
    events.emit({ type: 'resident-created', residentId: 'r1' });
    off();
    events.emit({ type: 'resident-created', residentId: 'r2' });
    expect(created.mock.calls).toEqual([[{ type: 'resident-created', residentId: 'r1' }]]);
    expect(outbox).not.toHaveBeenCalled();
  });

  it('keeps notifying the other listeners when one throws', () => {
    const events = new StoreEvents();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    events.on('resident-created', () => {
      throw new Error('listener bug');
    });
    events.on('resident-created', after);
    events.emit({ type: 'resident-created', residentId: 'r1' });
    expect(after).toHaveBeenCalledOnce();
    spy.mockRestore();
  });
});

describe('store commands announce changes after commit', () => {
  it('fires resident-created and outbox-changed once the rows are readable', async () => {
    const ctx = testContext();
    const seen: { event: StoreEvent; residentStored: boolean }[] = [];
    const check = (event: StoreEvent) => {
      // Read outside any transaction: the write must already be committed.
      void ctx.db.residents.count().then((n) => seen.push({ event, residentStored: n === 1 }));
    };
    ctx.db.changes.on('resident-created', check);
    ctx.db.changes.on('outbox-changed', check);
    const row = await createResident(ctx, wang);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.map((s) => s.event)).toEqual([
      { type: 'resident-created', residentId: row.id },
      { type: 'outbox-changed', change: 'enqueued', lastSeq: 1 },
    ]);
    expect(seen.every((s) => s.residentStored)).toBe(true);
  });

  it('fires nothing when the command fails', async () => {
    const ctx = testContext();
    await createResident(ctx, wang);
    const listener = vi.fn();
    ctx.db.changes.on('resident-created', listener);
    ctx.db.changes.on('outbox-changed', listener);
    await expect(createResident(ctx, wang)).rejects.toThrow();
    expect(listener).not.toHaveBeenCalled();
  });
});
