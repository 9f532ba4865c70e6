import { expect, test } from '@playwright/test';
import type { DistrictServer } from './support/district-server';
import { startHall, type HallUnderTest } from './support/hall-under-test';
import { Workstation, byId } from './support/workstation-page';

/**
 * Two workstations change the same resident's phone while offline, sync, and the second to push gets a field
 * conflict; its lead settles it (keeping the other window's number), and after one more sync both windows and
 * the district server hold the chosen number, with the server's conflict records closed and no new one.
 *
 * Then the case where both windows list a conflict on the same field and a lead settles it on one of them: the
 * other window's entry goes when it pulls the lead's edit (its `base` covers both sides), not before.
 */

const MANUAL = { mode: 'manual' as const, window: { start: '18:00', end: '07:30' } };
const TUNING = { backoffBaseMs: 100, backoffCapMs: 1000, pollIntervalMs: 500 };

test.describe.configure({ mode: 'serial' });

let hall: HallUnderTest | undefined;
let server: DistrictServer;
let origin: string;
let codes: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  hall = await startHall('yizhan-sync-conflict-', 2);
  ({ server, origin, codes } = hall);
});

test.afterAll(async () => {
  await hall?.stop();
});

test('concurrent phone edits offline → conflict → the lead picks one → both windows converge', async ({ browser }) => {
  test.setTimeout(180_000);
  const a = await Workstation.open(browser, origin, 'W01');
  const b = await Workstation.open(browser, origin, 'W02');
  try {
    for (const [ws, code] of [[a, codes[0]!], [b, codes[1]!]] as const) {
      await ws.call('startSync', { tuning: TUNING });
      await ws.call('settings', MANUAL);
      expect((await ws.call('enroll', origin, code)).ok).toBe(true);
    }
    const [rid] = await a.call('createResidents', 1, 0);
    await a.syncUntilOk();
    await b.syncUntilOk();
    expect((await b.call('dump')).residents.map((r) => r.id)).toEqual([rid]);

    // ── both offline: each changes the phone, neither sees the other's ──
    for (const ws of [a, b]) await ws.context.setOffline(true);
    await a.call('editResident', rid!, { phone: '13700000001' });
    await b.call('editResident', rid!, { phone: '13700000002' });
    for (const ws of [a, b]) await ws.context.setOffline(false);
    await a.syncUntilOk();
    await b.syncUntilOk();
    await a.syncUntilOk();

    // B pushed second: its list has the conflict, the server an open record per field.
    const [conflict, ...more] = await b.call('conflicts');
    expect(more).toEqual([]);
    expect(conflict).toMatchObject({ kind: 'field-conflict', residentId: rid });
    expect(conflict!.fields!.map((f) => f.field).sort()).toEqual(['phone', 'phoneTail', 'updatedAt']);
    expect(await a.call('conflicts')).toEqual([]);
    const open = (await server.audit()).conflicts.filter((c) => c.residentId === rid);
    expect(open.length).toBeGreaterThanOrEqual(3);
    expect(open.every((c) => !c.resolved)).toBe(true);

    // ── B's lead keeps A's number ──
    const resolved = await b.call('resolveConflict', conflict!.key, { phone: 'server' });
    expect(resolved.phone).toBe('13700000001');
    expect(await b.call('conflicts')).toEqual([]);
    expect((await b.call('status')).pending).toBeGreaterThan(0);

    await b.syncUntilOk();
    await a.syncUntilOk();
    const [da, dbb] = [await a.call('dump'), await b.call('dump')];
    expect(byId(dbb.residents)).toEqual(byId(da.residents));
    expect(da.residents.find((r) => r.id === rid)?.phone).toBe('13700000001');
    for (const ws of [a, b]) expect(await ws.call('status')).toMatchObject({ pending: 0, rejected: 0, conflicts: 0 });

    const audit = await server.audit();
    expect(audit.residents[rid!]?.phone).toBe('13700000001');
    const records = audit.conflicts.filter((c) => c.residentId === rid);
    // Closed, and the lead's edit opened none.
    expect(records).toHaveLength(open.length);
    expect(records.every((c) => c.resolved)).toBe(true);
    expect(audit.quarantine).toEqual([]);
  } finally {
    await a.close();
    await b.close();
  }
});

test('both windows list the phone; the lead settles it on A → B\'s list clears when B pulls, not before', async ({ browser }) => {
  test.setTimeout(180_000);
  const [codeA, codeB] = await server.enrollCodes('GL0301', 2);
  const a = await Workstation.open(browser, origin, 'W03');
  const b = await Workstation.open(browser, origin, 'W04');
  try {
    for (const [ws, code] of [[a, codeA!], [b, codeB!]] as const) {
      await ws.call('startSync', { tuning: TUNING });
      await ws.call('settings', MANUAL);
      expect((await ws.call('enroll', origin, code)).ok).toBe(true);
    }
    const [rid] = await a.call('createResidents', 1, 100);
    await a.syncUntilOk();
    await b.syncUntilOk();

    // Offline, each changes the phone; A pushes first, B's push is answered `conflict` (B's record).
    for (const ws of [a, b]) await ws.context.setOffline(true);
    await a.call('editResident', rid!, { phone: '13700000011' });
    await b.call('editResident', rid!, { phone: '13700000012' });
    for (const ws of [a, b]) await ws.context.setOffline(false);
    await a.syncUntilOk();
    await b.syncUntilOk();
    // A, before pulling B's number, changes the phone again: concurrent with B's, so A gets a record too.
    await a.call('editResident', rid!, { phone: '13700000013' });
    await a.syncUntilOk();
    const [onA, ...moreOnA] = await a.call('conflicts');
    const [onB, ...moreOnB] = await b.call('conflicts');
    expect([moreOnA, moreOnB]).toEqual([[], []]);
    expect(onA).toMatchObject({ kind: 'field-conflict', residentId: rid });
    expect(onB).toMatchObject({ kind: 'field-conflict', residentId: rid });

    // B pulls A's second number: later than both sides of B's record, but A had not seen B's side. Still listed.
    await b.syncUntilOk();
    expect(await b.call('conflicts')).toEqual([onB]);

    // A's lead keeps B's number. A's list clears at once; B's when it pulls the lead's edit.
    const resolved = await a.call('resolveConflict', onA!.key, { phone: 'server' });
    expect(resolved.phone).toBe('13700000012');
    expect(await a.call('conflicts')).toEqual([]);
    expect(await b.call('conflicts')).toEqual([onB]);
    await a.syncUntilOk();
    await b.syncUntilOk();
    expect(await b.call('conflicts')).toEqual([]);
    for (const ws of [a, b]) expect(await ws.call('status')).toMatchObject({ pending: 0, rejected: 0, conflicts: 0 });
    const [da, dbb] = [await a.call('dump'), await b.call('dump')];
    expect(byId(dbb.residents)).toEqual(byId(da.residents));
    expect(da.residents.find((r) => r.id === rid)?.phone).toBe('13700000012');

    // The server settled both windows' records with the one edit.
    const records = (await server.audit()).conflicts.filter((c) => c.residentId === rid);
    expect(records.length).toBeGreaterThanOrEqual(4);
    expect(records.every((c) => c.resolved)).toBe(true);
  } finally {
    await a.close();
    await b.close();
  }
});
