import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { settlementOfChange, settlesFieldConflict, type Settlement } from '@shared/sync/conflict-settlement';
import { hlcNow, type Hlc } from '@shared/sync/hlc';
import { PullResponseSchema, type PullChange } from '@shared/sync/protocol';
import { backends, footprint, nextOp, residentPatch, type Backend, type Device, serverUnderTest } from '../test-support/harness';

const { list } = backends();

type ConflictState = {
  field: string;
  server_hlc: string;
  incoming_hlc: string;
  resolved_at: Date | null;
  resolved_by_device: string | null;
  resolved_by_seq: number | null;
  resolution_hlc: string | null;
};

/**
 * A lead settles a resident field that two workstations edited concurrently by pushing a new edit whose `base`
 * covers both sides (docs/sync-protocol.md §5). The server marks the conflict resolved in the push's
 * transaction, the edit itself creates no new conflict, and every workstation converges on the chosen value.
 */
describe.each(list)('conflict resolution on $name', (backend: Backend) => {
  const t = serverUnderTest(backend);
  let hallSeq = 0;
  const newHall = () => `C${backend.name === 'pglite' ? 'L' : 'P'}${String(++hallSeq).padStart(3, '0')}`;


  const conflictsOf = (hall: string, rid: string) =>
    t.db.query<ConflictState>(
      `SELECT field, server_hlc, incoming_hlc, resolved_at, resolved_by_device, resolved_by_seq, resolution_hlc
         FROM resident_conflicts WHERE hall_code = $1 AND resident_id = $2 ORDER BY id`,
      [hall, rid],
    );

  /** A registers a resident; A and B (who never saw each other's edit) both change the phone; B pushes last. */
  async function concurrentPhones(hall: string) {
    const a = await t.client.enroll(hall, 'W01');
    const b = await t.client.enroll(hall, 'W02');
    const rid = randomUUID();
    await t.client.pushOk(a, [nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { name: '孙八', phone: '13600000000' }), t.clock)]);
    await t.client.drain(b); // B has the resident
    const seen = a.hlc as Hlc;
    t.clock.ms += 1000;
    await t.client.pushOk(a, [nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { phone: '13600000001' }, seen), t.clock)]);
    const aStamp = a.hlc as Hlc;
    t.clock.ms += 1000;
    const res = await t.client.pushOk(b, [nextOp(b, 'resident-patch', residentPatch(b, t.clock, rid, { phone: '13600000002' }, seen), t.clock)]);
    const bStamp = b.hlc as Hlc;
    expect(res.results[0]?.status).toBe('conflict');
    return { a, b, rid, aStamp, bStamp, seen };
  }

  /** The lead's edit on `device`: base covers both sides, the new stamp is after both. */
  function resolution(device: Device, rid: string, value: string, stamps: Hlc[]) {
    const base = stamps.reduce((x, y) => (y > x ? y : x));
    device.hlc = hlcNow(device.hlc && device.hlc > base ? device.hlc : base, t.clock.now(), device.deviceId);
    return { residentId: rid, base, fields: { phone: { value, hlc: device.hlc } } };
  }

  it('resolves the open conflict, creates none, and every workstation converges on the chosen value', async () => {
    const hall = newHall();
    const { a, b, rid, aStamp, bStamp } = await concurrentPhones(hall);
    const reader = await t.client.enroll(hall, 'W03');
    expect(await conflictsOf(hall, rid)).toMatchObject([{ field: 'phone', server_hlc: aStamp, incoming_hlc: bStamp, resolved_at: null }]);

    // The lead at B keeps A's number (the server's side).
    t.clock.ms += 1000;
    const before = await footprint(t.db);
    const fix = nextOp(b, 'resident-patch', resolution(b, rid, '13600000001', [aStamp, bStamp]), t.clock);
    const res = await t.client.pushOk(b, [fix]);
    expect(res.results).toEqual([{ seq: fix.seq, status: 'applied' }]);
    const after = await footprint(t.db);
    expect(after.conflicts).toBe(before.conflicts);

    const [row] = await conflictsOf(hall, rid);
    expect(row?.resolved_at).toBeInstanceOf(Date);
    expect(row).toMatchObject({ resolved_by_device: b.deviceId, resolved_by_seq: fix.seq, resolution_hlc: b.hlc });

    const phones = (changes: PullChange[]) =>
      changes.flatMap((c) => (c.kind === 'resident' && c.payload.residentId === rid && c.payload.fields.phone ? [c.payload.fields.phone] : []));
    // A (and a third workstation) pull the lead's choice, stamped after both sides.
    const pulledByA = phones((await t.client.drain(a)).changes);
    expect(pulledByA.at(-1)).toEqual({ value: '13600000001', hlc: b.hlc });
    expect(phones((await t.client.drain(reader)).changes).at(-1)).toEqual({ value: '13600000001', hlc: b.hlc });

    // A resend of the resolving batch is a replay: nothing changes.
    const replay = await t.client.pushOk(b, [fix]);
    expect(replay.results).toEqual([{ seq: fix.seq, status: 'applied', replayed: true }]);
    expect(await footprint(t.db)).toEqual(after);
  });

  it('leaves the conflict open when the base covers only one side', async () => {
    const hall = newHall();
    const { a, rid, aStamp } = await concurrentPhones(hall);
    // A edits again having seen only its own stamp: that is another concurrent edit, not a resolution.
    t.clock.ms += 1000;
    const res = await t.client.pushOk(a, [nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { phone: '13600000003' }, aStamp), t.clock)]);
    expect(res.results[0]?.status).toBe('conflict');
    const rows = await conflictsOf(hall, rid);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.resolved_at)).toEqual([null, null]);
  });

  it('is resolved by any device whose edit had seen both sides, and a conflict settled later in its own batch is stored resolved', async () => {
    const hall = newHall();
    const { rid, aStamp, bStamp } = await concurrentPhones(hall);
    const c = await t.client.enroll(hall, 'W03');
    await t.client.drain(c);
    t.clock.ms += 1000;
    // C pulled both phones: its edit, not made by either side, settles the conflict.
    const batch = [nextOp(c, 'resident-patch', resolution(c, rid, '13600000009', [aStamp, bStamp]), t.clock)];
    const res = await t.client.pushOk(c, batch);
    expect(res.results[0]?.status).toBe('applied');
    expect(await conflictsOf(hall, rid)).toMatchObject([{ resolved_by_device: c.deviceId, resolved_by_seq: batch[0]!.seq }]);

    // One batch of D: a grid edit concurrent with C's (a conflict), then an edit made after D saw both.
    const d = await t.client.enroll(hall, 'W04');
    t.clock.ms += 1000;
    await t.client.pushOk(c, [nextOp(c, 'resident-patch', residentPatch(c, t.clock, rid, { grid: '第一网格' }, c.hlc as Hlc), t.clock)]);
    const cGrid = c.hlc as Hlc;
    t.clock.ms += 1000;
    const stale = nextOp(d, 'resident-patch', residentPatch(d, t.clock, rid, { grid: '第二网格' }), t.clock);
    const dGrid = d.hlc as Hlc;
    const settle = nextOp(d, 'resident-patch', residentPatch(d, t.clock, rid, { grid: '第三网格' }, cGrid > dGrid ? cGrid : dGrid), t.clock);
    const both = await t.client.pushOk(d, [stale, settle]);
    expect(both.results.map((r) => r.status)).toEqual(['conflict', 'applied']);
    const grid = (await conflictsOf(hall, rid)).filter((r) => r.field === 'grid');
    expect(grid).toHaveLength(1);
    expect(grid[0]).toMatchObject({ server_hlc: cGrid, incoming_hlc: dGrid, resolved_by_device: d.deviceId, resolved_by_seq: settle.seq });
    expect(grid[0]?.resolved_at).toBeInstanceOf(Date);
  });

  /** What a workstation's sync store does with a pulled page (sync-store.ts settleSyncConflicts): parse, settle. */
  async function settlementsPulledBy(device: Device): Promise<{ changes: PullChange[]; settlements: Settlement[] }> {
    const res = await t.client.pull(device, '0', 1000);
    const { changes } = PullResponseSchema.parse(res.json());
    const settlements = changes.flatMap((c) => (c.kind === 'resident' ? [settlementOfChange(c.payload)] : [])).filter((s) => s !== null);
    return { changes, settlements };
  }

  const recordsOf = (hall: string, rid: string) =>
    t.db.query<ConflictState & { device_id: string }>(
      `SELECT device_id, field, server_hlc, incoming_hlc, resolved_at, resolved_by_device, resolved_by_seq, resolution_hlc
         FROM resident_conflicts WHERE hall_code = $1 AND resident_id = $2 ORDER BY id`,
      [hall, rid],
    );
  const settledBy = (settlements: Settlement[], rid: string, r: ConflictState) =>
    settlements.some((s) =>
      settlesFieldConflict(s, rid, { field: r.field, server: { value: null, hlc: r.server_hlc, deviceId: null }, incoming: { value: null, hlc: r.incoming_hlc }, kept: 'server' }),
    );

  it('the pull feed lets each workstation settle exactly the records the server settled, and no others', async () => {
    const hall = newHall();
    const { a, b, rid, aStamp, bStamp, seen } = await concurrentPhones(hall); // record 1, B's: A's phone vs B's
    const c = await t.client.enroll(hall, 'W03');
    const reader = await t.client.enroll(hall, 'W04');

    // A's lead settles record 1 (A has seen both phones), but a third workstation's phone edit, stamped later and
    // made without seeing either, reaches the server first: record 2 (C's). The lead's edit then loses the field
    // to C's newer stamp (record 3, A's) and changes nothing, yet it settled record 1 on the server.
    t.clock.ms += 1000;
    const settle = nextOp(a, 'resident-patch', resolution(a, rid, '13600000001', [aStamp, bStamp]), t.clock);
    t.clock.ms += 1000;
    const third = await t.client.pushOk(c, [nextOp(c, 'resident-patch', residentPatch(c, t.clock, rid, { phone: '13600000005' }, seen), t.clock)]);
    expect(third.results[0]?.status).toBe('conflict');
    expect((await t.client.pushOk(a, [settle])).results[0]?.status).toBe('conflict');
    // An unrelated edit: B sets the grid on top of what it had seen.
    t.clock.ms += 1000;
    await t.client.pushOk(b, [nextOp(b, 'resident-patch', residentPatch(b, t.clock, rid, { grid: '第一网格' }, bStamp), t.clock)]);

    const records = await recordsOf(hall, rid);
    expect(records.map((r) => [r.device_id, r.resolved_at !== null])).toEqual([
      [b.deviceId, true],
      [c.deviceId, false],
      [a.deviceId, false],
    ]);
    const { changes, settlements } = await settlementsPulledBy(reader);
    for (const r of records) expect(settledBy(settlements, rid, r)).toBe(r.resolved_at !== null);
    // The lead's edit is in the feed although no field of it won: its base and the field it set are what count.
    const fromLead = changes.filter((ch) => ch.kind === 'resident' && ch.originDeviceId === a.deviceId).at(-1);
    expect(fromLead?.payload).toEqual({ residentId: rid, fields: {}, base: bStamp, alsoSet: ['phone'] });
    // The resident's creation had no base: its change carries none (it settles nothing).
    const created = changes.find((ch) => ch.kind === 'resident');
    expect(created?.payload).not.toHaveProperty('base');

    // Another lead, at the fourth workstation, which had pulled everything, settles the rest. Each workstation
    // finds its own open record settled by what it pulls, exactly as the server has it.
    t.clock.ms += 1000;
    const all = changes.flatMap((ch) => (ch.kind === 'resident' ? Object.values(ch.payload.fields).map((f) => f.hlc) : []));
    await t.client.pushOk(reader, [nextOp(reader, 'resident-patch', resolution(reader, rid, '13600000009', all), t.clock)]);
    const after = await recordsOf(hall, rid);
    expect(after.every((r) => r.resolved_at !== null)).toBe(true);
    for (const device of [a, b, c]) {
      const own = after.filter((r) => r.device_id === device.deviceId);
      const pulled = (await settlementsPulledBy(device)).settlements;
      for (const r of own) expect(settledBy(pulled, rid, r)).toBe(true);
    }
  });
}, 60_000);
