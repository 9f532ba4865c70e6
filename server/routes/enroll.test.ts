import { describe, expect, it } from 'vitest';
import { API_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, bearerToken, type EnrollResponse } from '@shared/sync/protocol';
import { createEnrollCode, DEFAULT_DEVICE_VALID_DAYS } from '../admin/enroll-codes';
import { revokeDevice } from '../admin/devices';
import { backends, caseEvent, nextOp, type Backend, type Device, serverUnderTest } from '../test-support/harness';

const { list } = backends();

/**
 * Re-enrolment (sync/device-succession.ts): a workstation whose credential expired enrols with a new one-time code
 * and its previous credential; the new device continues the old one's outbox numbering.
 */
describe.each(list)('re-enrolment on $name', (backend: Backend) => {
  const t = serverUnderTest(backend);
  let hallSeq = 0;
  const newHall = () => `R${backend.name === 'pglite' ? 'L' : 'P'}${String(++hallSeq).padStart(3, '0')}`;


  /** Enrols with a fresh code of `hall`, optionally proving `previous`. */
  async function enrol(hall: string, previous?: { deviceId: string; secret: string }, code?: string) {
    const oneTime = code ?? (await createEnrollCode(t.db, { hallCode: hall, nowMs: t.clock.now() })).code;
    const res = await t.app.inject({
      method: 'POST',
      url: API_PATHS.enroll,
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      payload: { protocol: PROTOCOL_VERSION, code: oneTime, ...(previous ? { previous } : {}) },
    });
    return { res, code: oneTime };
  }

  function asDevice(body: EnrollResponse, seq: number): Device {
    return { ...body, auth: `Bearer ${bearerToken(body.deviceId, body.secret)}`, seq, hlc: null };
  }

  const deviceRows = () =>
    t.db.query<{ device_id: string; acked_seq: number; replaces: string | null; replaced_by: string | null; revoked_at: Date | null }>(
      'SELECT device_id, acked_seq, replaces, replaced_by, revoked_at FROM devices ORDER BY created_at, device_id',
    );

  it('expired → re-enrol with the old credential → continues at the old watermark, nothing lost or applied twice', async () => {
    const hall = newHall();
    const old = await t.client.enroll(hall, 'W01');
    const e1 = caseEvent(hall, t.clock);
    const e2 = caseEvent(hall, t.clock);
    const bad = { ...caseEvent(hall, t.clock), type: 'teleported' };
    const first = await t.client.pushOk(old, [nextOp(old, 'case-event', e1, t.clock), nextOp(old, 'case-event', bad, t.clock), nextOp(old, 'case-event', e2, t.clock)]);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);

    t.clock.ms += (DEFAULT_DEVICE_VALID_DAYS + 1) * 86_400_000;
    const expired = await t.client.push(old, [nextOp(old, 'case-event', caseEvent(hall, t.clock), t.clock)]);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toEqual({ code: 'sync/credential-expired' });
    old.seq -= 1; // that op was never taken: the workstation still has it as seq 4

    const { res } = await enrol(hall, { deviceId: old.deviceId, secret: old.secret });
    expect(res.statusCode).toBe(201);
    const body = res.json<EnrollResponse>();
    expect(body.ackedSeq).toBe(3);
    expect(body.deviceId).not.toBe(old.deviceId);
    const fresh = asDevice(body, old.seq);

    // The probe the engine sends first: the new device already stands at the old watermark.
    expect((await t.client.pushOk(fresh, [])).ackThrough).toBe(3);
    // The workstation resends from its recorded watermark (its ack of seq 3 was lost, say): a replay, answered
    // with what the server kept under the old device, rejection included.
    const e3 = caseEvent(hall, t.clock);
    const at = new Date(t.clock.now()).toISOString();
    const resend = [
      { seq: 2, opId: '00000000-0000-4000-8000-000000000002', at, kind: 'case-event', payload: bad },
      { seq: 3, opId: '00000000-0000-4000-8000-000000000003', at, kind: 'case-event', payload: e2 },
    ];
    const next = await t.client.pushOk(fresh, [...resend, nextOp(fresh, 'case-event', e3, t.clock)]);
    expect(next.ackThrough).toBe(4);
    expect(next.results.map((r) => [r.seq, r.status, r.replayed ?? false, r.code ?? null])).toEqual([
      [2, 'rejected', true, 'sync/op-invalid'],
      [3, 'applied', true, null],
      [4, 'applied', false, null],
    ]);

    // The old credential is retired; the chain is recorded.
    const stale = await t.client.push(old, []);
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toEqual({ code: 'sync/credential-revoked' });
    const all = await deviceRows();
    const rows = [old.deviceId, fresh.deviceId].map((id) => all.find((d) => d.device_id === id));
    expect(rows).toMatchObject([
      { device_id: old.deviceId, acked_seq: 3, replaced_by: fresh.deviceId },
      { device_id: fresh.deviceId, acked_seq: 4, replaces: old.deviceId, replaced_by: null, revoked_at: null },
    ]);

    // Every event is in the hall's log exactly once.
    const reader = await t.client.enroll(hall, 'W02');
    const events = (await t.client.drain(reader)).changes.flatMap((c) => (c.kind === 'case-event' ? [c.payload.id] : []));
    expect(events).toEqual([e1.id, e2.id, e3.id]);
  });

  it('refuses a forged, revoked or other-hall previous credential and stores nothing; the code stays usable', async () => {
    const hall = newHall();
    const old = await t.client.enroll(hall, 'W01');
    await t.client.pushOk(old, [nextOp(old, 'case-event', caseEvent(hall, t.clock), t.clock)]);
    const before = await deviceRows();

    const forged = await enrol(hall, { deviceId: old.deviceId, secret: 'x'.repeat(43) });
    expect(forged.res.statusCode).toBe(403);
    expect(forged.res.json()).toEqual({ code: 'sync/previous-credential-invalid' });
    const unknown = await enrol(hall, { deviceId: '3f1c2b7e-0000-4000-8000-0000000000ff', secret: old.secret });
    expect(unknown.res.json()).toEqual({ code: 'sync/previous-credential-invalid' });
    const otherHall = await t.client.enroll(newHall(), 'W01');
    const elsewhere = await enrol(hall, { deviceId: otherHall.deviceId, secret: otherHall.secret });
    expect(elsewhere.res.statusCode).toBe(403);
    expect(elsewhere.res.json()).toEqual({ code: 'sync/previous-credential-other-hall' });
    expect((await deviceRows()).length).toBe(before.length + 1); // only otherHall's own enrolment

    const [unused] = await t.db.query<{ used_at: Date | null }>('SELECT used_at FROM enroll_codes WHERE hall_code = $1 AND used_at IS NULL', [hall]);
    expect(unused).toBeDefined();
    // The refused code still works, with the right proof.
    const retry = await enrol(hall, { deviceId: old.deviceId, secret: old.secret }, forged.code);
    expect(retry.res.statusCode).toBe(201);
    expect(retry.res.json<EnrollResponse>().ackedSeq).toBe(1);

    // An admin's revocation is final: a revoked device passes nothing on.
    const revoked = await t.client.enroll(hall, 'W02');
    await revokeDevice(t.db, revoked.deviceId, t.clock.now());
    const refused = await enrol(hall, { deviceId: revoked.deviceId, secret: revoked.secret });
    expect(refused.res.statusCode).toBe(403);
    expect(refused.res.json()).toEqual({ code: 'sync/previous-credential-revoked' });
    // A used code with a valid proof is still just a used code.
    const used = await enrol(hall, { deviceId: old.deviceId, secret: old.secret }, forged.code);
    expect(used.res.json()).toEqual({ code: 'sync/enroll-code-invalid' });
  });

  it('when the answer of a re-enrolment was lost, the old credential re-enrols again through its successor', async () => {
    const hall = newHall();
    const old = await t.client.enroll(hall, 'W01');
    await t.client.pushOk(old, [nextOp(old, 'case-event', caseEvent(hall, t.clock), t.clock), nextOp(old, 'case-event', caseEvent(hall, t.clock), t.clock)]);
    const lost = await enrol(hall, { deviceId: old.deviceId, secret: old.secret });
    expect(lost.res.statusCode).toBe(201);
    const lostId = lost.res.json<EnrollResponse>().deviceId;

    const again = await enrol(hall, { deviceId: old.deviceId, secret: old.secret });
    expect(again.res.statusCode).toBe(201);
    const body = again.res.json<EnrollResponse>();
    expect(body.ackedSeq).toBe(2);
    const all = await deviceRows();
    const rows = [old.deviceId, lostId, body.deviceId].map((id) => all.find((d) => d.device_id === id)!);
    expect(rows.map((r) => [r.replaces, r.replaced_by])).toEqual([
      [null, lostId],
      [old.deviceId, body.deviceId],
      [lostId, null],
    ]);
    expect(rows.slice(0, 2).every((r) => r.revoked_at !== null)).toBe(true);
    const fresh = asDevice(body, old.seq);
    const res = await t.client.pushOk(fresh, [nextOp(fresh, 'case-event', caseEvent(hall, t.clock), t.clock)]);
    expect(res).toMatchObject({ ackThrough: 3, results: [{ seq: 3, status: 'applied' }] });
  });
}, 60_000);
