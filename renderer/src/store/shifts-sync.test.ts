import { describe, expect, it } from 'vitest';
import type { Handover } from '@shared/domain/staff/shift';
import { OutboxOpSchema, type OutboxOp, type PullChange } from '@shared/sync/protocol';
import { YizhanDb } from './schema';
import { acknowledgeHandover, endShift, formatHandoverNotes, handoverNotesForDay, pendingHandovers, shiftsForDay, startShift } from './shifts';
import { createLocalStaff, randomSalt, sessionContext, setUpWorkstation, webCryptoPbkdf2, type CredentialDeps } from './staff';
import { isStoreError } from './store-error';
import { DexieSyncStore } from './sync-store';
import { fakeClock, isolatedIndexedDb } from './test-support';
import { storeContextFor } from './workstation';
import { outboxOps } from './outbox';

const FAST: CredentialDeps = { derive: webCryptoPbkdf2, salt: () => randomSalt(), iterations: 2 };
const DAY = '2026-11-23';
let dbCounter = 0;

/** One workstation of the hall GL0301, its administrator (a lead) and a clerk. `idBase` keeps ids apart. */
async function workstation(code: string, idBase: number) {
  const db = new YizhanDb(`shifts-sync-${dbCounter++}`, isolatedIndexedDb());
  const clock = fakeClock();
  clock.ids = idBase;
  const setup = { hallCode: 'GL0301', hallName: '光明街道第三社区党群服务中心', workstationCode: code, adminName: `值班长${code}`, password: 'guangming-2026' };
  const { config, admin } = await setUpWorkstation(db, clock, FAST, setup);
  const base = storeContextFor(db, clock, config);
  const lead = sessionContext(base, admin);
  const clerk = sessionContext(base, await createLocalStaff(lead, FAST, { name: '王芳', role: 'clerk', kind: 'pin', secret: '135790' }));
  const store = new DexieSyncStore(db, { now: () => Date.UTC(2026, 10, 23, 12) });
  return { db, clock, lead, clerk, store };
}

/** The shift and handover ops of a workstation's outbox, as the server would hand them to another one. */
async function asPulled(db: YizhanDb, originDeviceId: string, startCursor = 0): Promise<PullChange[]> {
  const ops = (await outboxOps(db)).filter((op): op is Extract<OutboxOp, { kind: 'shift' | 'handover' }> => op.kind === 'shift' || op.kind === 'handover');
  return ops.map((op, i): PullChange => {
    const cursor = String(startCursor + i + 1);
    return op.kind === 'shift' ? { cursor, originDeviceId, kind: 'shift', payload: op.payload } : { cursor, originDeviceId, kind: 'handover', payload: op.payload };
  });
}

const DEVICE_A = '0a0a0a0a-0000-4000-8000-000000000001';
const DEVICE_B = '0b0b0b0b-0000-4000-8000-000000000002';

describe('shifts and handovers between workstations', () => {
  it('queues the acknowledgement with the row, and announces the ops only after commit', async () => {
    const { db, clerk, lead } = await workstation('W01', 0);
    const seen: number[] = [];
    db.changes.on('outbox-changed', (e) => {
      if (e.change === 'enqueued') seen.push(e.lastSeq);
    });
    await startShift(clerk);
    const handover = await endShift(clerk, { note: '无' });
    const acknowledged = await acknowledgeHandover(lead, handover.id);
    const last = await db.outbox.orderBy('seq').last();
    expect(seen).toHaveLength(3);
    expect(seen.at(-1)).toBe(last?.seq);
    const ops = (await outboxOps(db)).filter((op) => op.seq > (seen[1] as number));
    expect(ops.map((o) => o.kind)).toEqual(['handover', 'audit']);
    expect(ops[0]?.payload).toEqual(acknowledged);
    expect(OutboxOpSchema.safeParse(ops[0]).success).toBe(true);

    // A refused second acknowledgement queues nothing and announces nothing.
    const before = await db.outbox.count();
    await expect(acknowledgeHandover(lead, handover.id)).rejects.toSatisfy((e) => isStoreError(e) && e.code === 'handover/already-acknowledged');
    expect(await db.outbox.count()).toBe(before);
    expect(seen).toHaveLength(3);
  });

  it('shows a handover written at one counter on the lead’s PC, where it is acknowledged, and the counter learns it', async () => {
    const counter = await workstation('W01', 0);
    const leadPc = await workstation('W02', 5000);
    await startShift(counter.clerk);
    const handover = await endShift(counter.clerk, { note: '3号窗口打印机缺纸，已报修' });

    const fromCounter = await asPulled(counter.db, DEVICE_A);
    await leadPc.store.applyPulled(fromCounter, String(fromCounter.length), new Date().toISOString());
    expect((await shiftsForDay(leadPc.db, DAY)).map((s) => [s.staffName, s.endedAt])).toEqual([['王芳', handover.at]]);
    expect((await pendingHandovers(leadPc.db, DAY)).map((h) => h.id)).toEqual([handover.id]);

    const acknowledged = await acknowledgeHandover(leadPc.lead, handover.id);
    expect(acknowledged.acknowledgedByName).toBe('值班长W02');
    // Both PCs' daily logs then carry the same note, acknowledged by the lead on the other PC.
    const back = await asPulled(leadPc.db, DEVICE_B);
    await counter.store.applyPulled(back, String(back.length), new Date().toISOString());
    expect(await counter.db.handovers.get(handover.id)).toEqual(acknowledged);
    expect(await pendingHandovers(counter.db, DAY)).toEqual([]);
    const counterLog = formatHandoverNotes(await handoverNotesForDay(counter.db, DAY));
    expect(counterLog).toContain('王芳交班：未办结 0 件；3号窗口打印机缺纸，已报修（值班长W02');
    expect(formatHandoverNotes(await handoverNotesForDay(leadPc.db, DAY))).toBe(counterLog);
  });

  it('takes the server’s acknowledgement over a losing local one, and never drops a later state for an earlier one', async () => {
    const { db, clerk, lead, store } = await workstation('W01', 0);
    await startShift(clerk);
    const handover = await endShift(clerk, { note: '无' });
    const mine = await acknowledgeHandover(lead, handover.id);
    const [shift] = await shiftsForDay(db, DAY);

    // A replay of the row's first states (a re-pull from cursor 0) keeps the end and the acknowledgement.
    const firstStates: PullChange[] = [
      { cursor: '1', originDeviceId: DEVICE_B, kind: 'shift', payload: { ...(shift as NonNullable<typeof shift>), endedAt: undefined } },
      { cursor: '2', originDeviceId: DEVICE_B, kind: 'handover', payload: handover },
    ];
    await store.applyPulled(firstStates, '2', new Date().toISOString());
    expect(await db.handovers.get(handover.id)).toEqual(mine);
    expect((await db.shifts.get(shift?.id ?? ''))?.endedAt).toBe(handover.at);

    // Another PC's acknowledgement reached the server first: the pulled one wins here too, in the same page as
    // the row it belongs to.
    const theirs: Handover = { ...handover, acknowledgedById: 'staff-other', acknowledgedByName: '赵敏', acknowledgedAt: '2026-11-23T01:30:00.000Z' };
    await store.applyPulled(
      [
        { cursor: '3', originDeviceId: DEVICE_B, kind: 'handover', payload: handover },
        { cursor: '4', originDeviceId: DEVICE_B, kind: 'handover', payload: theirs },
      ],
      '4',
      new Date().toISOString(),
    );
    expect(await db.handovers.get(handover.id)).toEqual(theirs);
    expect(formatHandoverNotes(await handoverNotesForDay(db, DAY))).toContain('（赵敏 09:30 确认接班）');
    // Applying the same page again changes nothing.
    await store.applyPulled([{ cursor: '4', originDeviceId: DEVICE_B, kind: 'handover', payload: theirs }], '4', new Date().toISOString());
    expect(await db.handovers.count()).toBe(1);
    expect(await db.handovers.get(handover.id)).toEqual(theirs);
    expect(await store.pullCursor()).toBe('4');
  });
});
