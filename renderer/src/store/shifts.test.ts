import { describe, expect, it } from 'vitest';
import { OutboxOpSchema } from '@shared/sync/protocol';
import type { CaseRow } from './rows';
import { YizhanDb } from './schema';
import {
  acknowledgeHandover,
  endShift,
  formatHandoverNotes,
  handoverNotesForDay,
  handoversForDay,
  openShiftOf,
  pendingHandovers,
  shiftsForDay,
  startShift,
} from './shifts';
import { createLocalStaff, randomSalt, sessionContext, setUpWorkstation, webCryptoPbkdf2, type CredentialDeps } from './staff';
import { isStoreError, type StoreErrorCode } from './store-error';
import { fakeClock, isolatedIndexedDb } from './test-support';
import { storeContextFor } from './workstation';
import { outboxOps } from './outbox';

const FAST: CredentialDeps = { derive: webCryptoPbkdf2, salt: () => randomSalt(), iterations: 2 };
const SETUP = { hallCode: 'GL0301', hallName: '光明街道第三社区党群服务中心', workstationCode: 'W02', adminName: '王主任', password: 'guangming-2026' };
// fakeClock starts 2026-11-23 09:00 in the hall.
const DAY = '2026-11-23';

async function code(promise: Promise<unknown>): Promise<StoreErrorCode> {
  try {
    await promise;
  } catch (err) {
    if (isStoreError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a StoreError');
}

async function hall() {
  const db = new YizhanDb('shifts-test', isolatedIndexedDb());
  const clock = fakeClock();
  const { config, admin } = await setUpWorkstation(db, clock, FAST, SETUP);
  const base = storeContextFor(db, clock, config);
  const lead = sessionContext(base, admin);
  const clerkId = await createLocalStaff(lead, FAST, { name: '李娜', role: 'clerk', kind: 'pin', secret: '135790' });
  const clerk = sessionContext(base, clerkId);
  return { db, clock, base, lead, clerk };
}

const caseRow = (n: number, window: string, status: CaseRow['status'], day = DAY) =>
  ({ id: `c-${window}-${n}`, caseNumber: `GL0301-${window}-${day.replaceAll('-', '')}-${String(n).padStart(4, '0')}`, day, status, handling: 'promised', residentId: 'r1' }) as unknown as CaseRow;

describe('shifts and handover', () => {
  it('starts a shift once, ends it with a handover of the window’s open cases, all audited and queued for sync', async () => {
    const { db, clerk } = await hall();
    const auditBefore = await db.audit.count();
    const outboxBefore = await db.outbox.count();

    const shift = await startShift(clerk);
    expect(shift).toMatchObject({ day: DAY, staffName: '李娜', workstationCode: 'W02' });
    expect(shift.endedAt).toBeUndefined();
    expect(await code(startShift(clerk))).toBe('shift/already-on');

    await db.cases.bulkAdd([
      caseRow(2, 'W02', 'accepted'),
      caseRow(1, 'W02', 'awaiting-supplement'),
      caseRow(3, 'W02', 'completed'),
      caseRow(1, 'W03', 'accepted'),
      caseRow(4, 'W02', 'accepted', '2026-11-22'),
    ]);
    const handover = await endShift(clerk, { note: '  3号窗口打印机缺纸，已报修  ' });
    expect(handover).toMatchObject({
      day: DAY,
      shiftId: shift.id,
      staffName: '李娜',
      note: '3号窗口打印机缺纸，已报修',
      // Only this window's cases of the day that are still open; closed and other windows' are not handed over.
      openCaseCount: 2,
      openCaseNumbers: ['GL0301-W02-20261123-0001', 'GL0301-W02-20261123-0002'],
    });
    expect(handover.acknowledgedAt).toBeUndefined();
    expect(await openShiftOf(db, DAY, clerk.workstation.staffId)).toBeUndefined();
    expect((await shiftsForDay(db, DAY))[0]?.endedAt).toBe(handover.at);
    expect(await code(endShift(clerk, { note: '' }))).toBe('shift/not-on');

    const rows = await db.audit.toArray();
    expect(rows.slice(auditBefore).map((a) => [a.action, a.staffId])).toEqual([
      ['shift.start', clerk.workstation.staffId],
      ['shift.end', clerk.workstation.staffId],
    ]);
    const ops = (await outboxOps(db)).slice(outboxBefore);
    // The rows themselves travel too, for the hall's other workstations: each as it stands after the command.
    expect(ops.map((o) => o.kind)).toEqual(['shift', 'audit', 'shift', 'handover', 'audit']);
    for (const op of ops) expect(OutboxOpSchema.safeParse(op).success).toBe(true);
    expect(ops[0]?.payload).toEqual(shift);
    expect(ops[2]?.payload).toEqual({ ...shift, endedAt: handover.at });
    expect(ops[3]?.payload).toEqual(handover);
  });

  it('lets only a lead acknowledge, once, recording who and when', async () => {
    const { db, clerk, lead } = await hall();
    await startShift(clerk);
    const handover = await endShift(clerk, { note: '王大爷的低保材料明天补交' });

    expect(await code(acknowledgeHandover(clerk, handover.id))).toBe('auth/forbidden');
    expect(await code(acknowledgeHandover(lead, 'no-such-id'))).toBe('handover/not-found');
    const done = await acknowledgeHandover(lead, handover.id);
    expect(done).toMatchObject({ acknowledgedById: lead.workstation.staffId, acknowledgedByName: '王主任' });
    expect(Date.parse(done.acknowledgedAt ?? '')).toBeGreaterThan(Date.parse(handover.at));
    expect(await code(acknowledgeHandover(lead, handover.id))).toBe('handover/already-acknowledged');
    expect((await db.audit.toArray()).filter((a) => a.action === 'handover.acknowledge').map((a) => a.staffId)).toEqual([lead.workstation.staffId]);

    const notes = await handoverNotesForDay(db, DAY);
    expect(notes).toEqual([
      { at: handover.at, staffName: '李娜', note: '王大爷的低保材料明天补交', openCaseCount: 0, acknowledgedBy: '王主任', acknowledgedAt: done.acknowledgedAt },
    ]);
    expect(formatHandoverNotes(notes)).toMatch(/^\d\d:\d\d 李娜交班：未办结 0 件；王大爷的低保材料明天补交（王主任 \d\d:\d\d 确认接班）$/);
    expect(await handoverNotesForDay(db, '2026-11-24')).toEqual([]);
  });

  it('writes nothing when refused: without a session, or with an over-long note', async () => {
    const { db, base, clerk } = await hall();
    expect(await code(startShift(base))).toBe('auth/not-signed-in');
    await startShift(clerk);
    const audits = await db.audit.count();
    expect(await code(endShift(clerk, { note: '长'.repeat(1001) }))).toBe('input/invalid');
    expect(await handoversForDay(db, DAY)).toEqual([]);
    expect(await openShiftOf(db, DAY, clerk.workstation.staffId)).toBeDefined();
    expect(await db.audit.count()).toBe(audits);
  });

  it('ends a shift that ran past midnight, and lists each day’s shifts apart', async () => {
    const { db, clock, clerk, lead } = await hall();
    await startShift(lead);
    clock.tick(16 * 3_600_000); // 01:00 the next day
    const handover = await endShift(lead, { note: '' });
    expect(handover.day).toBe('2026-11-24');
    expect((await shiftsForDay(db, DAY)).map((s) => s.endedAt)).toEqual([handover.at]);
    await startShift(clerk);
    expect((await shiftsForDay(db, '2026-11-24')).map((s) => s.staffName)).toEqual(['李娜']);
  });
});

describe('pending handovers', () => {
  it('lists the unacknowledged handovers since a day, earliest first', async () => {
    const { db, clock, clerk, lead } = await hall();
    await startShift(clerk);
    const first = await endShift(clerk, { note: '一' });
    await startShift(lead);
    const second = await endShift(lead, { note: '二' });
    expect((await pendingHandovers(db, DAY)).map((h) => h.id)).toEqual([first.id, second.id]);
    await acknowledgeHandover(lead, first.id);
    expect((await pendingHandovers(db, DAY)).map((h) => h.id)).toEqual([second.id]);
    clock.tick(24 * 3_600_000);
    expect(await pendingHandovers(db, '2026-11-24')).toEqual([]);
  });
});
