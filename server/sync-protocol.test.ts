import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compareHlc } from '@shared/sync/hlc';
import {
  API_PATHS,
  MAX_OPS_PER_BATCH,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PullResponseSchema,
  PushResponseSchema,
  bearerToken,
  type OpEnvelope,
  type PullChange,
} from '@shared/sync/protocol';
import { revokeDevice } from './admin/devices';
import { createEnrollCode } from './admin/enroll-codes';
import { publish } from './admin/publish';
import { buildApp } from './app';
import type { Db, Queryable } from './db/db';
import { PushSequencer } from './sync/push-sequencer';
import { Client, backends, caseEvent, footprint, nextOp, residentPatch, type Backend, type Device, serverUnderTest } from './test-support/harness';

const { list } = backends();
const shippedCatalogue = JSON.parse(readFileSync('resources/catalogue/catalogue.json', 'utf8')) as Record<string, unknown>;

describe.each(list)('sync protocol on $name', (backend: Backend) => {
  const t = serverUnderTest(backend);
  let hallSeq = 0;
  /** Each test gets its own hall, so tests sharing the database cannot see each other's data. */
  const newHall = () => `H${backend.name === 'pglite' ? 'L' : 'P'}${String(++hallSeq).padStart(3, '0')}`;


  const events = (device: Device, hall: string, n: number) =>
    Array.from({ length: n }, () => nextOp(device, 'case-event', caseEvent(hall, t.clock), t.clock));

  it('answers health without credentials', async () => {
    const res = await t.app.inject({ method: 'GET', url: API_PATHS.health });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', protocol: PROTOCOL_VERSION });
  });

  describe('enrolment', () => {
    it('trades a one-time code for a device, once', async () => {
      const hall = newHall();
      const { code } = await createEnrollCode(t.db, { hallCode: hall, workstationCode: 'W03', nowMs: t.clock.now() });
      const enrol = (c: string) =>
        t.app.inject({
          method: 'POST',
          url: API_PATHS.enroll,
          headers: { [PROTOCOL_HEADER]: '1' },
          payload: { protocol: 1, code: c, deviceName: 'counter-3' },
        });
      // Typed the way people read it out: lower case, spaces instead of dashes.
      const first = await enrol(code.toLowerCase().replace(/-/g, ' '));
      expect(first.statusCode).toBe(201);
      expect(first.headers['cache-control']).toBe('no-store');
      const body = first.json();
      expect(body).toMatchObject({ hallCode: hall, workstationCode: 'W03' });
      const [stored] = await t.db.query<{ secret_hash: string }>('SELECT secret_hash FROM devices WHERE device_id = $1', [body.deviceId]);
      expect(stored?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored?.secret_hash).not.toContain(body.secret);

      const devicesBefore = await t.db.query('SELECT device_id FROM devices');
      const second = await enrol(code);
      expect(second.statusCode).toBe(403);
      expect(second.json()).toEqual({ code: 'sync/enroll-code-invalid' });
      expect(await t.db.query('SELECT device_id FROM devices')).toHaveLength(devicesBefore.length);
    });

    it('refuses an expired or unknown code and a malformed request', async () => {
      const hall = newHall();
      const { code } = await createEnrollCode(t.db, { hallCode: hall, validHours: 1, nowMs: t.clock.now() - 2 * 3_600_000 });
      const before = await t.db.query('SELECT device_id FROM devices');
      for (const payload of [{ protocol: 1, code }, { protocol: 1, code: 'AAAA-BBBB-CCCC' }]) {
        const res = await t.app.inject({ method: 'POST', url: API_PATHS.enroll, headers: { [PROTOCOL_HEADER]: '1' }, payload });
        expect(res.statusCode).toBe(403);
      }
      const bad = await t.app.inject({ method: 'POST', url: API_PATHS.enroll, headers: { [PROTOCOL_HEADER]: '1' }, payload: { code } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('input/invalid');
      expect(await t.db.query('SELECT device_id FROM devices')).toHaveLength(before.length);
    });
  });

  describe('push', () => {
    it('applies a batch in one go and acknowledges it', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall, 'W01');
      const before = await footprint(t.db);
      const res = PushResponseSchema.parse(await t.client.pushOk(a, events(a, hall, 5)));
      expect(res.ackThrough).toBe(5);
      expect(res.results.map((r) => [r.seq, r.status])).toEqual([1, 2, 3, 4, 5].map((s) => [s, 'applied']));
      const after = await footprint(t.db);
      expect(after.changes - before.changes).toBe(5);
      expect(after.acked - before.acked).toBe(5);
    });

    it('acknowledges a replay again without applying it twice', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const batch = events(a, hall, 3);
      await t.client.pushOk(a, batch);
      const before = await footprint(t.db);

      const again = await t.client.pushOk(a, batch);
      expect(again.ackThrough).toBe(3);
      expect(again.results.every((r) => r.status === 'applied' && r.replayed === true)).toBe(true);
      expect(await footprint(t.db)).toEqual(before);

      // A resend overlapping new ops: the old part is acknowledged, the new part applied.
      const more = events(a, hall, 2);
      const overlap = await t.client.pushOk(a, [...batch.slice(1), ...more]);
      expect(overlap.ackThrough).toBe(5);
      expect(overlap.results.map((r) => [r.seq, r.replayed ?? false])).toEqual([
        [2, true],
        [3, true],
        [4, false],
        [5, false],
      ]);
      expect((await footprint(t.db)).changes - before.changes).toBe(2);
    });

    it('applies two copies of one batch arriving together exactly once', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const batch = events(a, hall, 20);
      const before = await footprint(t.db);
      const [r1, r2] = await Promise.all([t.client.push(a, batch), t.client.push(a, batch)]);
      expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
      expect(r1.json().ackThrough).toBe(20);
      expect(r2.json().ackThrough).toBe(20);
      expect((await footprint(t.db)).changes - before.changes).toBe(20);
    });

    it('refuses a gap with the expected seq and stores nothing', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      await t.client.pushOk(a, events(a, hall, 2));
      const before = await footprint(t.db);
      a.seq = 5; // ops 3..5 lost on the t.client
      const res = await t.client.push(a, events(a, hall, 2));
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'sync/seq-gap', expectedSeq: 3 });
      expect(await footprint(t.db)).toEqual(before);
    });

    /**
     * Two pushes in flight, the later first: an app whose sequencer would hold an early batch for 30 s, a device, and
     * its batches `first` (seqs 1–3) and `second` (4–5). Closes the app after `run`.
     */
    type OutOfOrder = {
      app: Awaited<ReturnType<typeof buildApp>>;
      c: Client;
      sequencer: PushSequencer;
      a: Device;
      first: OpEnvelope[];
      second: OpEnvelope[];
      before: Awaited<ReturnType<typeof footprint>>;
    };
    async function outOfOrder(run: (r: OutOfOrder) => Promise<void>): Promise<void> {
      const hall = newHall();
      const sequencer = new PushSequencer(30_000);
      const app = await buildApp({ db: t.db, now: t.clock.now, sequencer });
      const c = new Client(app, t.db, t.clock);
      try {
        const a = await c.enroll(hall);
        const first = events(a, hall, 3);
        const second = events(a, hall, 2);
        await run({ app, c, sequencer, a, first, second, before: await footprint(t.db) });
      } finally {
        await app.close();
      }
    }

    it('holds a batch that arrives before the one below it, then applies both once (two pushes in flight)', () =>
      outOfOrder(async ({ c, sequencer, a, first, second, before }) => {
        const early = c.push(a, second);
        // The second batch found the gap and is being held, nothing written yet.
        await expect.poll(() => sequencer.waiting, { timeout: 10_000 }).toBe(1);
        expect(await footprint(t.db)).toEqual(before);
        const late = await c.push(a, first);
        expect(late.statusCode).toBe(200);
        expect(late.json().ackThrough).toBe(3);
        const held = await early;
        expect(held.statusCode).toBe(200);
        expect(held.json().ackThrough).toBe(5);
        expect(held.json().results.map((r: { seq: number; status: string; replayed?: boolean }) => [r.seq, r.status, r.replayed ?? false])).toEqual([
          [4, 'applied', false],
          [5, 'applied', false],
        ]);
        expect(sequencer.waiting).toBe(0);
        expect((await footprint(t.db)).changes - before.changes).toBe(5);
      }));

    it('lets go of a held batch whose client hung up: none of it is applied, the batch below it still is', () =>
      outOfOrder(async ({ app, c, sequencer, a, first, second, before }) => {
        // Over a real connection, which the client then closes (inject has none to close).
        const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
        const early = request({
          host: url.hostname,
          port: url.port,
          path: API_PATHS.push,
          method: 'POST',
          headers: { authorization: a.auth, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
        });
        const hungUp = new Promise((resolve) => early.once('error', resolve));
        early.end(JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId: a.deviceId, ops: second }));
        await expect.poll(() => sequencer.waiting, { timeout: 10_000 }).toBe(1);
        early.destroy();
        await hungUp;
        // Let go long before its 30 s hold ran out.
        await expect.poll(() => sequencer.waiting, { timeout: 5_000 }).toBe(0);
        const late = await c.push(a, first);
        expect(late.json().ackThrough).toBe(3);
        expect((await footprint(t.db)).changes - before.changes).toBe(3);
      }));

    it('merges a case event id pushed twice', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const event = caseEvent(hall, t.clock);
      const before = await footprint(t.db);
      const first = await t.client.pushOk(a, [nextOp(a, 'case-event', event, t.clock), nextOp(a, 'case-event', event, t.clock)]);
      expect(first.results.map((r) => r.status)).toEqual(['applied', 'merged']);
      const later = await t.client.pushOk(a, [nextOp(a, 'case-event', event, t.clock)]);
      expect(later.results[0]?.status).toBe('merged');
      expect(later.ackThrough).toBe(3);
      expect((await footprint(t.db)).changes - before.changes).toBe(1);
    });

    it('stores an audit entry once and hands it to the hall\'s other workstations', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall, 'W01');
      const b = await t.client.enroll(hall, 'W02');
      const entry = {
        id: randomUUID(),
        at: new Date(t.clock.now()).toISOString(),
        hallCode: hall,
        workstationId: 'W01',
        staffId: 'staff-01',
        action: 'case.create',
        target: { type: 'case', id: randomUUID(), label: `${hall}-W01-20261123-0001` },
      };
      const res = await t.client.pushOk(a, [nextOp(a, 'audit', entry, t.clock), nextOp(a, 'audit', entry, t.clock)]);
      expect(res.results.map((r) => r.status)).toEqual(['applied', 'merged']);
      const foreign = await t.client.pushOk(a, [nextOp(a, 'audit', { ...entry, id: randomUUID(), hallCode: 'ELSE1' }, t.clock)]);
      expect(foreign.results[0]).toMatchObject({ status: 'rejected', code: 'sync/hall-mismatch' });
      const pulled = (await t.client.drain(b)).changes.filter((c) => c.kind === 'audit');
      expect(pulled.map((c) => c.payload)).toEqual([entry]);
    });

    it('quarantines and acknowledges rejected ops, and reports them again on replay', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const good = caseEvent(hall, t.clock);
      const ops = [
        nextOp(a, 'case-event', { ...caseEvent(hall, t.clock), type: 'teleported' }, t.clock),
        nextOp(a, 'calendar', { year: 2027 }, t.clock),
        nextOp(a, 'audit-v9', {}, t.clock),
        nextOp(a, 'case-event', caseEvent('OTHER1', t.clock), t.clock),
        nextOp(a, 'case-event', caseEvent(hall, t.clock, { at: new Date(t.clock.now() + 3_600_000).toISOString() }), t.clock),
        nextOp(a, 'case-event', good, t.clock),
      ];
      const before = await footprint(t.db);
      const res = await t.client.pushOk(a, ops);
      expect(res.ackThrough).toBe(6);
      expect(res.results.map((r) => [r.status, r.code])).toEqual([
        ['rejected', 'sync/op-invalid'],
        ['rejected', 'sync/op-server-owned'],
        ['rejected', 'sync/op-kind-unknown'],
        ['rejected', 'sync/hall-mismatch'],
        ['rejected', 'sync/clock-skew'],
        ['applied', undefined],
      ]);
      const after = await footprint(t.db);
      expect(after.quarantine - before.quarantine).toBe(5);
      expect(after.changes - before.changes).toBe(1);
      const kept = await t.db.query<{ seq: number; op: { payload: unknown } }>(
        'SELECT seq, op FROM quarantine WHERE device_id = $1 ORDER BY seq',
        [a.deviceId],
      );
      expect(kept.map((q) => q.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(kept[1]?.op.payload).toEqual({ year: 2027 });

      const replay = await t.client.pushOk(a, ops);
      expect(replay.results.map((r) => [r.status, r.code, r.replayed])).toEqual([
        ...res.results.slice(0, 5).map((r) => ['rejected', r.code, true]),
        ['applied', undefined, true],
      ]);
      expect(await footprint(t.db)).toEqual(after);
    });

    it('records concurrent edits of a resident field as a conflict, and not ordered ones', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall, 'W01');
      const b = await t.client.enroll(hall, 'W02');
      const rid = randomUUID();
      const created = await t.client.pushOk(a, [
        nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { name: '张三', phone: '13800000001' }), t.clock),
      ]);
      expect(created.results[0]?.status).toBe('applied');
      const baseA = a.hlc as string;

      // B has pulled A's version and edits on top of it: ordered, so plain last-writer-wins.
      const pulled = (await t.client.drain(b)).changes.filter((c): c is Extract<PullChange, { kind: 'resident' }> => c.kind === 'resident');
      expect(pulled).toHaveLength(1);
      const baseB = Object.values(pulled[0]!.payload.fields).map((f) => f.hlc).sort(compareHlc).at(-1);
      expect(baseB).toBe(baseA);
      t.clock.ms += 1000;
      const ordered = await t.client.pushOk(b, [nextOp(b, 'resident-patch', residentPatch(b, t.clock, rid, { phone: '13800000002' }, baseB), t.clock)]);
      expect(ordered.results[0]).toEqual({ seq: 1, status: 'applied' });

      // A, not having seen B's edit, changes the phone again (and the name, which only A ever wrote): the phone
      // edit is concurrent with B's → conflict with both sides; the name is ordered → applied.
      const before = await footprint(t.db);
      t.clock.ms += 1000;
      const res = await t.client.pushOk(a, [
        nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { phone: '13800000003', name: '张三丰' }, baseA), t.clock),
      ]);
      const r = res.results[0];
      expect(r?.status).toBe('conflict');
      expect(r?.conflict?.residentId).toBe(rid);
      expect(r?.conflict?.fields).toEqual([
        {
          field: 'phone',
          server: { value: '13800000002', hlc: expect.any(String), deviceId: b.deviceId },
          incoming: { value: '13800000003', hlc: expect.any(String) },
          kept: 'incoming',
        },
      ]);
      const after = await footprint(t.db);
      expect(after.conflicts - before.conflicts).toBe(1);
      const rows = await t.db.query('SELECT field, server_value, incoming_value, server_device, kept FROM resident_conflicts WHERE resident_id = $1', [rid]);
      expect(rows).toEqual([
        { field: 'phone', server_value: '13800000002', incoming_value: '13800000003', server_device: b.deviceId, kept: 'incoming' },
      ]);

      // The later stamp is kept meanwhile, so B converges on A's value when it pulls.
      const fields = await t.db.query<{ field: string; value: unknown }>(
        'SELECT field, value FROM resident_fields WHERE resident_id = $1 ORDER BY field',
        [rid],
      );
      expect(fields).toEqual([
        { field: 'name', value: '张三丰' },
        { field: 'phone', value: '13800000003' },
      ]);

      // A concurrent edit to the same value is no conflict.
      t.clock.ms += 1000;
      const same = await t.client.pushOk(b, [nextOp(b, 'resident-patch', residentPatch(b, t.clock, rid, { phone: '13800000003' }, baseB), t.clock)]);
      expect(same.results[0]?.status).toBe('applied');
      expect((await footprint(t.db)).conflicts).toBe(after.conflicts);

      // The conflict is reported again if the op is resent.
      const replay = await t.client.push(a, []);
      expect(replay.json().ackThrough).toBe(2);
    });
  });

  describe('refused requests store nothing', () => {
    it('refuses a batch naming another device', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const b = await t.client.enroll(hall);
      const before = await footprint(t.db);
      const res = await t.client.push(a, [], { body: { protocol: 1, deviceId: b.deviceId, ops: events(b, hall, 1) } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('sync/device-mismatch');
      expect(await footprint(t.db)).toEqual(before);
    });

    it('refuses missing, forged, revoked and expired credentials', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const before = await footprint(t.db);
      const forged = { ...a, auth: `Bearer ${bearerToken(a.deviceId, 'A'.repeat(43))}` };
      const unknown = { ...a, auth: `Bearer ${bearerToken(randomUUID(), a.secret)}` };
      for (const [device, headers] of [
        [a, { authorization: '' }],
        [a, { authorization: `Basic ${a.secret}` }],
        [forged, {}],
        [unknown, {}],
      ] as const) {
        const res = await t.client.push(device, events(a, hall, 1), { headers });
        a.seq -= 1;
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ code: 'sync/unauthenticated' });
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        expect((await t.client.pull(device, '0', 10, headers)).statusCode).toBe(401);
      }

      const b = await t.client.enroll(hall);
      const before2 = await footprint(t.db);
      expect(before2).toEqual(before);
      await revokeDevice(t.db, b.deviceId, t.clock.now());
      const revoked = await t.client.push(b, events(b, hall, 1));
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().code).toBe('sync/credential-revoked');
      expect((await t.client.pull(b)).json().code).toBe('sync/credential-revoked');

      const c = await t.client.enroll(hall);
      const saved = t.clock.ms;
      t.clock.ms += 400 * 86_400_000;
      try {
        const expired = await t.client.push(c, events(c, hall, 1));
        expect(expired.statusCode).toBe(401);
        expect(expired.json().code).toBe('sync/credential-expired');
      } finally {
        t.clock.ms = saved;
      }
      expect(await footprint(t.db)).toEqual(before);
    });

    it('refuses malformed JSON and a malformed batch', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const before = await footprint(t.db);
      const broken = await t.client.push(a, [], { body: '{"protocol":1,"deviceId":' });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().code).toBe('input/invalid');
      const ops = events(a, hall, 2);
      const notConsecutive = await t.client.push(a, [ops[1]!, ops[0]!]);
      expect(notConsecutive.statusCode).toBe(400);
      expect(notConsecutive.json()).toMatchObject({ code: 'input/invalid', details: { path: 'ops.1.seq' } });
      const noOps = await t.client.push(a, [], { body: { protocol: 1, deviceId: a.deviceId } });
      expect(noOps.statusCode).toBe(400);
      expect(await footprint(t.db)).toEqual(before);
    });

    it('refuses an oversize batch, plain or gzipped, and too many ops with 413', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const before = await footprint(t.db);
      // ~1.2 MiB of JSON in 400 valid-looking ops: under the op limit, over the byte limit.
      const padded = Array.from({ length: 400 }, () =>
        nextOp(a, 'case-event', caseEvent(hall, t.clock, { actorName: '王'.repeat(1000) }), t.clock),
      );
      for (const gzip of [false, true]) {
        const res = await t.client.push(a, padded, { gzip });
        expect(res.statusCode).toBe(413);
        expect(res.json()).toEqual({ code: 'sync/batch-too-large', details: { maxBytes: 1024 * 1024 } });
      }
      a.seq = 0;
      const tooMany = await t.client.push(a, events(a, hall, MAX_OPS_PER_BATCH + 1));
      expect(tooMany.statusCode).toBe(413);
      expect(tooMany.json()).toMatchObject({ code: 'sync/too-many-ops', details: { max: MAX_OPS_PER_BATCH } });
      expect(await footprint(t.db)).toEqual(before);

      a.seq = 0;
      const full = await t.client.pushOk(a, events(a, hall, MAX_OPS_PER_BATCH));
      expect(full.ackThrough).toBe(MAX_OPS_PER_BATCH);
    });

    it('negotiates the protocol version: 426 for an old t.client, 400 for one newer than the server', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const before = await footprint(t.db);
      for (const headers of [{ [PROTOCOL_HEADER]: '0' }, { [PROTOCOL_HEADER]: 'one' }]) {
        const res = await t.client.push(a, events(a, hall, 1), { headers });
        a.seq -= 1;
        expect(res.statusCode).toBe(426);
        expect(res.json()).toMatchObject({ code: 'sync/protocol-too-old', details: { minProtocol: 1, serverProtocol: PROTOCOL_VERSION } });
      }
      const missing = await t.app.inject({ method: 'GET', url: API_PATHS.pull, headers: { authorization: a.auth } });
      expect(missing.statusCode).toBe(426);
      const oldBody = await t.client.push(a, [], { body: { protocol: 0, deviceId: a.deviceId, ops: events(a, hall, 1) } });
      expect(oldBody.statusCode).toBe(400); // protocol ≥ 1 is part of the schema
      const newer = await t.client.push(a, events(a, hall, 1), { headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION + 1) } });
      expect(newer.statusCode).toBe(400);
      expect(newer.json().code).toBe('sync/protocol-unsupported');
      const enrolOld = await t.app.inject({ method: 'POST', url: API_PATHS.enroll, headers: { [PROTOCOL_HEADER]: '0' }, payload: { protocol: 0, code: 'x' } });
      expect(enrolOld.statusCode).toBe(426);
      expect(await footprint(t.db)).toEqual(before);
    });

    it('answers an unknown path with a code', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'sync/not-found' });
    });
  });

  describe('pull', () => {
    it('pages through other devices\' changes in commit order with cursor and hasMore', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const b = await t.client.enroll(hall);
      const pushed = events(a, hall, 7);
      await t.client.pushOk(a, pushed.slice(0, 4));
      await t.client.pushOk(a, pushed.slice(4));
      await t.client.pushOk(b, events(b, hall, 2));

      const pages: { n: number; hasMore: boolean }[] = [];
      const seen: PullChange[] = [];
      let cursor = '0';
      for (;;) {
        const page = PullResponseSchema.parse(await t.client.pullOk(b, cursor, 3));
        pages.push({ n: page.changes.length, hasMore: page.hasMore });
        seen.push(...page.changes);
        expect(Number(page.nextCursor)).toBeGreaterThanOrEqual(Number(cursor));
        cursor = page.nextCursor;
        if (!page.hasMore) break;
      }
      expect(pages).toEqual([
        { n: 3, hasMore: true },
        { n: 3, hasMore: true },
        { n: 1, hasMore: false },
      ]);
      // Only A's events (B's own are left out), in A's order, each once, with ascending cursors.
      expect(seen.map((c) => (c.payload as { id: string }).id)).toEqual(pushed.map((op) => (op.payload as { id: string }).id));
      expect(seen.every((c) => c.originDeviceId === a.deviceId)).toBe(true);
      const cursors = seen.map((c) => Number(c.cursor));
      expect([...cursors].sort((x, y) => x - y)).toEqual(cursors);

      // Caught up: nothing more, and the cursor stays put.
      const idle = await t.client.pullOk(b, cursor, 3);
      expect(idle).toMatchObject({ changes: [], hasMore: false, nextCursor: cursor });
      // A sees B's two events only.
      expect((await t.client.drain(a)).changes).toHaveLength(2);
    });

    it('shows a device nothing of another hall', async () => {
      const hall = newHall();
      const other = newHall();
      const a = await t.client.enroll(hall);
      const stranger = await t.client.enroll(other);
      await t.client.pushOk(a, events(a, hall, 3));
      const rid = randomUUID();
      await t.client.pushOk(a, [nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { name: '李四' }), t.clock)]);
      const { changes } = await t.client.drain(stranger);
      expect(changes.filter((c) => c.kind === 'case-event' || c.kind === 'resident')).toEqual([]);

      // Writing to the same resident id from another hall does not touch this hall's resident.
      await t.client.pushOk(stranger, [nextOp(stranger, 'resident-patch', residentPatch(stranger, t.clock, rid, { name: '王五' }), t.clock)]);
      const rows = await t.db.query<{ hall_code: string; value: unknown }>(
        'SELECT hall_code, value FROM resident_fields WHERE resident_id = $1 ORDER BY hall_code',
        [rid],
      );
      expect(rows).toEqual(
        [
          { hall_code: hall, value: '李四' },
          { hall_code: other, value: '王五' },
        ].sort((x, y) => x.hall_code.localeCompare(y.hall_code)),
      );
    });

    it('refuses a cursor it never issued', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      for (const since of ['abc', '-1', '999999999']) {
        const res = await t.client.pull(a, since);
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('sync/bad-cursor');
      }
      expect((await t.client.pull(a, '0', 5000)).json().code).toBe('input/invalid');
    });

    it('delivers published catalogues and calendars to existing and new halls; pushes of them are refused', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const calendar = {
        year: 2027,
        source: '测试通知',
        publishedAt: '2026-11-01T00:00:00Z',
        holidays: [{ date: '2027-01-01', name: '元旦' }],
        workdays: [],
      };
      await publish(t.db, 'calendar', calendar, t.clock.now());
      await publish(t.db, 'catalogue', { ...shippedCatalogue, version: `cat-${hall}` }, t.clock.now());
      await expect(publish(t.db, 'catalogue', { ...shippedCatalogue, matters: [{ code: 'MZ-001' }] }, t.clock.now())).rejects.toThrow(/invalid/);
      await expect(publish(t.db, 'calendar', { ...calendar, year: 'x' }, t.clock.now())).rejects.toThrow(/invalid/);
      const got = (await t.client.drain(a)).changes;
      const kinds = got.map((c) => c.kind);
      expect(kinds).toContain('calendar');
      expect(kinds).toContain('catalogue');
      const cal = got.find((c) => c.kind === 'calendar');
      expect(cal?.originDeviceId).toBeNull();
      expect((cal?.payload as { document: unknown }).document).toEqual(calendar);

      // A hall enrolled later gets the current publications as its first changes.
      const late = await t.client.enroll(newHall());
      const seeded = (await t.client.drain(late)).changes;
      expect(seeded.some((c) => c.kind === 'catalogue' && (c.payload as { version: string }).version === `cat-${hall}`)).toBe(true);
      expect(seeded.some((c) => c.kind === 'calendar')).toBe(true);

      const res = await t.client.pushOk(a, [nextOp(a, 'catalogue', { version: 'mine' }, t.clock)]);
      expect(res.results[0]).toMatchObject({ status: 'rejected', code: 'sync/op-server-owned' });
    });

    it('takes gzip request bodies and gzips large answers, but not push answers', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const b = await t.client.enroll(hall);
      const res = await t.client.push(a, events(a, hall, 60), { gzip: true, headers: { 'accept-encoding': 'gzip' } });
      expect(res.statusCode).toBe(200);
      // Over the 1 KiB threshold, and sent as it is: a push answer is small next to the request it answers.
      expect(res.rawPayload.length).toBeGreaterThan(1024);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.json().ackThrough).toBe(60);
      const pulled = await t.client.pull(b, '0', 100, { 'accept-encoding': 'gzip' });
      expect(pulled.statusCode).toBe(200);
      expect(pulled.headers['content-encoding']).toBe('gzip');
      const body = PullResponseSchema.parse(JSON.parse(gunzipSync(pulled.rawPayload).toString('utf8')));
      expect(body.changes.filter((c) => c.kind === 'case-event')).toHaveLength(60);
    });
  });

  describe('under load', () => {
    it('answers 503 when the server is full and 429 when one device asks too much, with Retry-After', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall);
      const b = await t.client.enroll(hall);
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      let waiting = 0;
      const gated: Db = {
        ...t.db,
        transaction: async (fn) => {
          waiting++;
          await gate;
          return t.db.transaction(fn);
        },
      };
      const busy = new Client(await buildApp({ db: gated, now: t.clock.now, limits: { maxInFlight: 2, maxInFlightPerDevice: 1 } }), t.db, t.clock);
      try {
        const until = async (n: number) => {
          for (let i = 0; i < 500 && waiting < n; i++) await new Promise((r) => setTimeout(r, 2));
          expect(waiting).toBe(n);
        };
        const first = busy.push(a, events(a, hall, 1));
        await until(1);
        const tooMany = await busy.push(a, events(a, hall, 1));
        a.seq -= 1;
        expect(tooMany.statusCode).toBe(429);
        expect(tooMany.headers['retry-after']).toBe('1');
        expect(tooMany.json()).toEqual({ code: 'sync/too-many-requests', retryAfterMs: 1000 });

        const second = busy.push(b, events(b, hall, 1));
        await until(2);
        const full = await busy.pull(b);
        expect(full.statusCode).toBe(503);
        expect(full.headers['retry-after']).toBe('1');
        expect(full.json().code).toBe('sync/server-busy');

        open();
        expect((await first).statusCode).toBe(200);
        expect((await second).statusCode).toBe(200);
        // Slots are given back: the same device may push again.
        expect((await busy.push(a, events(a, hall, 1))).statusCode).toBe(200);
      } finally {
        open();
        await busy.app.close();
      }
    });

    it('never lets a pull skip a change that commits late while two devices push concurrently', async () => {
      const hall = newHall();
      const a = await t.client.enroll(hall, 'W01');
      const b = await t.client.enroll(hall, 'W02');
      const reader = await t.client.enroll(hall, 'W03');
      // Stretch every transaction with random pauses between statements, so on PostgreSQL the two pushes really
      // overlap and the reader's pulls land between their commits. Not on PGlite: its mutex already serialises
      // everything, so the race cannot happen there, and pausing inside a PGlite transaction hung under vitest
      // (PGlite 0.5.16; plain Node was fine).
      const stretch = (tx: Queryable): Queryable => ({
        exec: (sql) => tx.exec(sql),
        query: async (sql, params) => {
          const rows = await tx.query(sql, params);
          await new Promise((r) => setTimeout(r, Math.random() * 4));
          return rows as never;
        },
      });
      const jittery: Db = backend.name === 'pglite' ? t.db : { ...t.db, transaction: (fn) => t.db.transaction((tx) => fn(stretch(tx))) };
      const jitterApp = await buildApp({ db: jittery, now: t.clock.now, limits: { maxInFlight: 100, maxInFlightPerDevice: 4 } });
      const c = new Client(jitterApp, t.db, t.clock);
      try {
        const pushedIds = new Set<string>();
        const received: string[] = [];
        let cursor = '0';
        const pullOnce = async () => {
          const page = await c.pullOk(reader, cursor, 7);
          for (const ch of page.changes) if (ch.kind === 'case-event') received.push(ch.payload.id);
          expect(Number(page.nextCursor)).toBeGreaterThanOrEqual(Number(cursor));
          cursor = page.nextCursor;
          // On PGlite a pull can complete without touching the event loop; let the pushes' request bodies flow.
          await new Promise((r) => setImmediate(r));
        };
        for (let round = 0; round < 12; round++) {
          const batches = [a, b].map((d) => events(d, hall, 1 + Math.floor(Math.random() * 8)));
          for (const op of batches.flat()) pushedIds.add((op.payload as { id: string }).id);
          let done = false;
          const pushes = Promise.all([c.pushOk(a, batches[0]!), c.pushOk(b, batches[1]!)]).finally(() => (done = true));
          while (!done) await pullOnce();
          await pushes;
        }
        for (let i = 0; i < 100; i++) {
          const before = cursor;
          await pullOnce();
          if (cursor === before) break;
        }
        expect(new Set(received).size).toBe(received.length);
        expect(new Set(received)).toEqual(pushedIds);
      } finally {
        await jitterApp.close();
      }
    });
  });
}, 60_000);
