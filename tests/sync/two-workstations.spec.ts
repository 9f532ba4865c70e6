import { expect, test } from '@playwright/test';
import type { DistrictServer, ServerAudit } from './support/district-server';
import { startHall, type HallUnderTest } from './support/hall-under-test';
import { Workstation, byId, type Dump } from './support/workstation-page';

/**
 * Two workstations (two Chromium contexts, each its own IndexedDB) work offline, then sync through a real
 * district server (child process, fresh PGlite data dir, free port, 127.0.0.1) and end up with the same data as
 * each other and as the server.
 */

const MANUAL = { mode: 'manual' as const, window: { start: '18:00', end: '07:30' } };
const CONTINUOUS = { mode: 'continuous' as const, window: { start: '18:00', end: '07:30' } };
const TUNING = { backoffBaseMs: 100, backoffCapMs: 1000, pollIntervalMs: 500 };

test.describe.configure({ mode: 'serial' });

let hall: HallUnderTest | undefined;
let server: DistrictServer;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  hall = await startHall('yizhan-sync-two-', 2);
  ({ server, origin, codes } = hall);
});

test.afterAll(async () => {
  await hall?.stop();
});

let codes: string[] = [];

test('two workstations edit offline, sync, and converge with the server', async ({ browser }) => {
  test.setTimeout(180_000);
  const a = await Workstation.open(browser, origin, 'W01');
  const b = await Workstation.open(browser, origin, 'W02');
  try {
    // ── a day offline: neither workstation is enrolled yet, both keep working ──
    const aResidents = await a.call('createResidents', 12, 0);
    const bResidents = await b.call('createResidents', 8, 5000);
    const aCases: string[] = [];
    for (const [i, id] of aResidents.slice(0, 6).entries()) aCases.push(await a.call('intake', id, i % 2 === 0));
    for (const id of bResidents.slice(0, 4)) await b.call('intake', id, true);
    await a.call('action', aCases[1]!, { kind: 'complete', resultNote: '已办结' });
    await a.call('editResident', aResidents[0]!, { phone: '13912340000', grid: '第三网格' });
    const aOps = await a.call('outboxOps');
    const bOps = await b.call('outboxOps');
    expect((await a.call('status')).pending).toBe(aOps.length);

    // ── evening: enrol, sync by hand ──
    for (const ws of [a, b]) {
      await ws.call('startSync', { tuning: TUNING });
      await ws.call('settings', MANUAL);
    }
    const aEnrol = await a.call('enroll', origin, codes[0]!);
    const bEnrol = await b.call('enroll', origin, codes[1]!);
    expect(aEnrol.ok && bEnrol.ok).toBe(true);
    const aDevice = aEnrol.device!.deviceId;
    const bDevice = bEnrol.device!.deviceId;

    await a.syncUntilOk();
    await b.syncUntilOk();
    await a.syncUntilOk();
    for (const ws of [a, b]) expect(await ws.call('status')).toMatchObject({ pending: 0, rejected: 0, outboxRows: 0 });
    await expectSame(a, b);

    // ── concurrent edits of one resident on both sides, then the same case handled on B ──
    const shared = aResidents[0]!;
    await a.call('editResident', shared, { phone: '13700000001', address: { building: '3号楼', room: '502' } });
    await b.call('editResident', shared, { phone: '13700000002', flags: ['elderly'] });
    await b.call('action', aCases[3]!, { kind: 'forward', department: '民政科' });
    await a.syncUntilOk();
    await b.syncUntilOk();
    await a.syncUntilOk();
    await expectSame(a, b);
    const aShared = (await a.call('dump')).residents.find((r) => r.id === shared)!;
    // B stamped its phone later (it had pulled A's stamps first): the later edit wins everywhere.
    expect(aShared.phone).toBe('13700000002');
    expect(aShared.flags).toEqual(['elderly']);
    expect(aShared.address).toEqual({ building: '3号楼', room: '502' });

    // ── continuous mode, B loses the network for a while ──
    for (const ws of [a, b]) await ws.call('settings', CONTINUOUS);
    await b.context.setOffline(true);
    const late = await b.call('createResidents', 3, 9000);
    await b.call('intake', late[0]!, false);
    await a.call('createResidents', 2, 700);
    await b.page.waitForTimeout(1500);
    expect((await b.call('status')).pending).toBeGreaterThan(0);
    await b.context.setOffline(false);
    // Nobody presses 立即同步: the online event and the continuous mode carry it.
    await expect.poll(async () => (await b.call('status')).pending, { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await a.call('dump')).residents.length, { timeout: 30_000 }).toBe(12 + 8 + 3 + 2);
    await expect.poll(async () => (await b.call('dump')).residents.length, { timeout: 30_000 }).toBe(12 + 8 + 3 + 2);
    await expect.poll(async () => (await a.call('dump')).events.length, { timeout: 30_000 }).toBe((await b.call('dump')).events.length);
    await expectSame(a, b);

    // ── the server holds the same, and saw every op once ──
    const aFinal = await a.call('status');
    const bFinal = await b.call('status');
    const dumpA = await a.call('dump');
    const audit = await server.audit();
    expect(audit.duplicates).toEqual([]);
    expect(audit.devices.find((d) => d.deviceId === aDevice)?.ackedSeq).toBe(aFinal.lastSeq);
    expect(audit.devices.find((d) => d.deviceId === bDevice)?.ackedSeq).toBe(bFinal.lastSeq);
    expect(audit.quarantine).toEqual([]);
    expectEventOpsOnce(audit, aDevice, aOps);
    expectEventOpsOnce(audit, bDevice, bOps);
    expectServerHolds(audit, dumpA);
  } finally {
    await a.close();
    await b.close();
  }
});

async function expectSame(a: Workstation, b: Workstation): Promise<void> {
  const [da, db] = [await a.call('dump'), await b.call('dump')];
  expect(byId(db.residents)).toEqual(byId(da.residents));
  expect(byId(db.events)).toEqual(byId(da.events));
  expect(byId(db.cases)).toEqual(byId(da.cases));
  expect(da.rejected).toEqual([]);
  expect(db.rejected).toEqual([]);
}

/** Each case-event op the workstation wrote is in the server's change log exactly once. */
function expectEventOpsOnce(audit: ServerAudit, deviceId: string, ops: Array<{ seq: number; kind: string }>): void {
  const seen = new Map<number, number>();
  for (const o of audit.origins) if (o.deviceId === deviceId) seen.set(o.seq, (seen.get(o.seq) ?? 0) + 1);
  for (const op of ops) {
    if (op.kind === 'case-event') expect(seen.get(op.seq), `seq ${op.seq}`).toBe(1);
    else expect(seen.get(op.seq) ?? 0, `seq ${op.seq}`).toBeLessThanOrEqual(1);
  }
}

/** The server's residents (field by field) and case events are the workstation's. */
function expectServerHolds(audit: ServerAudit, dump: Dump): void {
  const serverResidents = Object.entries(audit.residents)
    .map(([id, fields]) => ({ id, ...fields }))
    .sort((x, y) => (x.id < y.id ? -1 : 1));
  expect(serverResidents).toEqual(byId(dump.residents));
  expect(byId(audit.events)).toEqual(byId(dump.events));
}
