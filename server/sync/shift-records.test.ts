import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Handover, Shift } from '@shared/domain/staff/shift';
import type { PullChange } from '@shared/sync/protocol';
import type { TestClock} from '../test-support/harness';
import { backends, footprint, nextOp, type Backend, type Device, serverUnderTest } from '../test-support/harness';

const { list } = backends();

const iso = (clock: TestClock, plusMs = 0) => new Date(clock.now() + plusMs).toISOString();

function shift(clock: TestClock, overrides: Partial<Shift> = {}): Shift {
  return { id: randomUUID(), day: '2026-11-23', staffId: 'staff-clerk', staffName: '王芳', workstationId: 'ws-1', workstationCode: 'W01', startedAt: iso(clock), ...overrides };
}

function handover(clock: TestClock, shiftId: string, overrides: Partial<Handover> = {}): Handover {
  return {
    id: randomUUID(),
    day: '2026-11-23',
    shiftId,
    at: iso(clock),
    staffId: 'staff-clerk',
    staffName: '王芳',
    openCaseCount: 1,
    openCaseNumbers: ['GL0301-W01-20261123-0001'],
    note: '3号窗口打印机缺纸，已报修',
    ...overrides,
  };
}

const acknowledged = (h: Handover, by: { id: string; name: string }, at: string): Handover => ({
  ...h,
  acknowledgedById: by.id,
  acknowledgedByName: by.name,
  acknowledgedAt: at,
});

type ShiftChange = Extract<PullChange, { kind: 'shift' | 'handover' }>;

/**
 * Shifts and handovers (op kinds `shift` / `handover`): stored by id, their later states first-wins, fanned out
 * to the hall's other workstations in the state the server holds.
 */
describe.each(list)('shift and handover sync on $name', (backend: Backend) => {
  const t = serverUnderTest(backend);
  let hallSeq = 0;
  const newHall = () => `S${backend.name === 'pglite' ? 'L' : 'P'}${String(++hallSeq).padStart(3, '0')}`;

  async function shiftChanges(device: Device): Promise<ShiftChange[]> {
    return (await t.client.drain(device)).changes.filter((c): c is ShiftChange => c.kind === 'shift' || c.kind === 'handover');
  }

  async function held(hall: string, id: string): Promise<unknown> {
    const [row] = await t.db.query<{ state: unknown }>('SELECT state FROM shift_records WHERE hall_code = $1 AND record_id = $2', [hall, id]);
    return row?.state;
  }


  it('hands a shift and its handover to the other workstations; the first acknowledgement wins, the second is merged', async () => {
    const hall = newHall();
    const counter = await t.client.enroll(hall, 'W01');
    const leadPc = await t.client.enroll(hall, 'W02');
    const otherPc = await t.client.enroll(hall, 'W03');
    const reader = await t.client.enroll(hall, 'W04');

    const s = shift(t.clock);
    expect((await t.client.pushOk(counter, [nextOp(counter, 'shift', s, t.clock)])).results.map((r) => r.status)).toEqual(['applied']);
    t.clock.ms += 8 * 3_600_000;
    const ended = { ...s, endedAt: iso(t.clock) };
    const h = handover(t.clock, s.id);
    const end = await t.client.pushOk(counter, [nextOp(counter, 'shift', ended, t.clock), nextOp(counter, 'handover', h, t.clock)]);
    expect(end.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    // The lead's PC pulls the note, and acknowledges it; a second PC acknowledges it too, a little later.
    expect((await shiftChanges(leadPc)).map((c) => [c.kind, c.payload.id])).toEqual([
      ['shift', s.id],
      ['shift', s.id],
      ['handover', h.id],
    ]);
    t.clock.ms += 60_000;
    const first = acknowledged(h, { id: 'staff-lead', name: '赵敏' }, iso(t.clock));
    const second = acknowledged(h, { id: 'staff-admin', name: '李娜' }, iso(t.clock, 5_000));
    const before = await footprint(t.db);
    expect((await t.client.pushOk(leadPc, [nextOp(leadPc, 'handover', first, t.clock)])).results[0]?.status).toBe('applied');
    expect((await t.client.pushOk(otherPc, [nextOp(otherPc, 'handover', second, t.clock)])).results[0]?.status).toBe('merged');
    // The losing acknowledgement added nothing to the log; both ops are acknowledged.
    const after = await footprint(t.db);
    expect(after.changes - before.changes).toBe(1);
    expect(after.acked - before.acked).toBe(2);
    expect(await held(hall, h.id)).toMatchObject({ acknowledgedByName: '赵敏', acknowledgedAt: first.acknowledgedAt });

    // A PC that saw nothing yet gets every state in order, and the acknowledgement that won, never the other.
    const pulled = await shiftChanges(reader);
    expect(pulled.map((c) => c.kind)).toEqual(['shift', 'shift', 'handover', 'handover']);
    expect(pulled[0]?.payload).toEqual(s);
    expect(pulled[1]?.payload).toEqual(ended);
    expect(pulled[2]?.payload).toEqual(h);
    expect(pulled[3]?.payload).toEqual(first);
    expect(pulled.every((c) => c.originDeviceId !== null)).toBe(true);
    // The second PC learns that its acknowledgement lost.
    expect((await shiftChanges(otherPc)).at(-1)?.payload).toEqual(first);
    // The counter, which pushed the note, gets only the acknowledgement back.
    expect((await shiftChanges(counter)).map((c) => c.payload)).toEqual([first]);
  });

  it('keeps the first end of a shift, merges a second end and a stale copy, and a resend changes nothing', async () => {
    const hall = newHall();
    const a = await t.client.enroll(hall, 'W01');
    const b = await t.client.enroll(hall, 'W02');
    const s = shift(t.clock);
    const endA = { ...s, endedAt: iso(t.clock, 60_000) };
    const endB = { ...s, endedAt: iso(t.clock, 120_000) };
    // Start and end in one batch: two states, two changes.
    const batch = [nextOp(a, 'shift', s, t.clock), nextOp(a, 'shift', endA, t.clock)];
    expect((await t.client.pushOk(a, batch)).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const settled = await footprint(t.db);
    expect((await t.client.pushOk(a, batch)).results.map((r) => [r.status, r.replayed])).toEqual([
      ['applied', true],
      ['applied', true],
    ]);
    expect(await footprint(t.db)).toEqual(settled);

    // B ended it too (it did not know), then sends the row as it was first seen: neither changes the server.
    const res = await t.client.pushOk(b, [nextOp(b, 'shift', endB, t.clock), nextOp(b, 'shift', s, t.clock)]);
    expect(res.results.map((r) => r.status)).toEqual(['merged', 'merged']);
    expect(await held(hall, s.id)).toEqual(endA);
    expect((await footprint(t.db)).changes).toBe(settled.changes);
  });

  it('takes a handover first seen with its acknowledgement whole, and keeps halls apart', async () => {
    const hallA = newHall();
    const hallB = newHall();
    const a = await t.client.enroll(hallA, 'W01');
    const other = await t.client.enroll(hallB, 'W01');
    const h = acknowledged(handover(t.clock, randomUUID()), { id: 'staff-lead', name: '赵敏' }, iso(t.clock));
    expect((await t.client.pushOk(a, [nextOp(a, 'handover', h, t.clock)])).results[0]?.status).toBe('applied');
    // The same id in another hall is another hall's row.
    const plain = { ...h, acknowledgedById: undefined, acknowledgedByName: undefined, acknowledgedAt: undefined };
    expect((await t.client.pushOk(other, [nextOp(other, 'handover', JSON.parse(JSON.stringify(plain)), t.clock)])).results[0]?.status).toBe('applied');
    expect(await held(hallA, h.id)).toEqual(h);
    expect(await held(hallB, h.id)).not.toHaveProperty('acknowledgedAt');
  });

  it('refuses a half acknowledgement or one from the future, and applies the rest of the batch', async () => {
    const hall = newHall();
    const a = await t.client.enroll(hall, 'W01');
    const h = handover(t.clock, randomUUID());
    const res = await t.client.pushOk(a, [
      nextOp(a, 'handover', { ...h, acknowledgedAt: iso(t.clock) }, t.clock),
      nextOp(a, 'handover', acknowledged(h, { id: 'staff-lead', name: '赵敏' }, iso(t.clock, 3_600_000)), t.clock),
      nextOp(a, 'shift', { ...shift(t.clock), staffName: '' }, t.clock),
      nextOp(a, 'handover', h, t.clock),
    ]);
    expect(res.results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'sync/op-invalid'],
      ['rejected', 'sync/clock-skew'],
      ['rejected', 'sync/op-invalid'],
      ['applied', undefined],
    ]);
    expect(await held(hall, h.id)).toEqual(h);
  });

  it('survives the checked retry of a batch whose audit id the hall already holds', async () => {
    const hall = newHall();
    const a = await t.client.enroll(hall, 'W01');
    const b = await t.client.enroll(hall, 'W02');
    const entry = {
      id: randomUUID(),
      at: iso(t.clock),
      hallCode: hall,
      workstationId: 'ws-1',
      staffId: 'staff-lead',
      action: 'handover.acknowledge',
      target: { type: 'staff', id: 'staff-clerk' },
    };
    await t.client.pushOk(a, [nextOp(a, 'audit', entry, t.clock)]);
    const before = await footprint(t.db);
    const h = handover(t.clock, randomUUID());
    // The optimistic insert fails on the audit id and the batch runs again, checked: the handover once.
    const res = await t.client.pushOk(b, [nextOp(b, 'handover', h, t.clock), nextOp(b, 'audit', entry, t.clock)]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'merged']);
    expect((await footprint(t.db)).changes - before.changes).toBe(1);
    const [count] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shift_records WHERE hall_code = $1', [hall]);
    expect(count?.n).toBe(1);
  });
}, 60_000);
