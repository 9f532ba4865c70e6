import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PullChange } from '@shared/sync/protocol';
import { buildApp } from '../app';
import type { Db, Queryable } from '../db/db';
import { Client, backends, caseEvent, footprint, nextOp, residentPatch, type Backend, serverUnderTest } from '../test-support/harness';
import { integerArrayLiteral, textArrayLiteral } from './array-literal';

const { list } = backends();

/**
 * The paths of apply-push.ts that the protocol tests (server/sync-protocol.test.ts) do not reach on purpose: an id
 * the hall already holds arriving in a batch (the optimistic insert fails and the batch is applied again,
 * checked), and a hall writer committing while a push waits for the hall's clock (its resident fields are read
 * again).
 */
describe.each(list)('apply-push on $name', (backend: Backend) => {
  const t = serverUnderTest(backend);
  let hallSeq = 0;
  const newHall = () => `A${backend.name === 'pglite' ? 'L' : 'P'}${String(++hallSeq).padStart(3, '0')}`;


  it('merges an event another workstation already pushed, and applies the rest of the batch once', async () => {
    const hall = newHall();
    const a = await t.client.enroll(hall, 'W01');
    const b = await t.client.enroll(hall, 'W02');
    const reader = await t.client.enroll(hall, 'W03');
    const shared = caseEvent(hall, t.clock);
    const rid = randomUUID();
    await t.client.pushOk(a, [
      nextOp(a, 'case-event', shared, t.clock),
      nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { name: '赵六', phone: '13800000001' }), t.clock),
    ]);
    const before = await footprint(t.db);

    t.clock.ms += 1000;
    const fresh = caseEvent(hall, t.clock);
    const batch = [
      // B never saw A's resident: a concurrent edit of the phone → one conflict record.
      nextOp(b, 'resident-patch', residentPatch(b, t.clock, rid, { phone: '13800000002' }), t.clock),
      nextOp(b, 'case-event', shared, t.clock),
      nextOp(b, 'case-event', { ...caseEvent(hall, t.clock), type: 'teleported' }, t.clock),
      nextOp(b, 'case-event', fresh, t.clock),
    ];
    const res = await t.client.pushOk(b, batch);
    expect(res.ackThrough).toBe(4);
    expect(res.results.map((r) => r.status)).toEqual(['conflict', 'merged', 'rejected', 'applied']);
    const after = await footprint(t.db);
    // The failed first attempt left nothing behind: one resident change + one event, one conflict, one rejection.
    expect(after.changes - before.changes).toBe(2);
    expect(after.conflicts - before.conflicts).toBe(1);
    expect(after.quarantine - before.quarantine).toBe(1);
    expect(after.acked - before.acked).toBe(4);

    // A resend is only acknowledged, with what the server kept the first time.
    const replay = await t.client.pushOk(b, batch);
    expect(replay.results.map((r) => [r.status, r.replayed])).toEqual([
      ['conflict', true],
      ['applied', true],
      ['rejected', true],
      ['applied', true],
    ]);
    expect(await footprint(t.db)).toEqual(after);

    const events = (await t.client.drain(reader)).changes.filter(
      (c): c is Extract<PullChange, { kind: 'case-event' }> => c.kind === 'case-event',
    );
    expect(events.map((c) => c.payload.id)).toEqual([shared.id, fresh.id]);
  });

  it('stores an event pushed by two workstations at the same moment once', async () => {
    const hall = newHall();
    const a = await t.client.enroll(hall, 'W01');
    const b = await t.client.enroll(hall, 'W02');
    const shared = caseEvent(hall, t.clock);
    const before = await footprint(t.db);
    const [ra, rb] = await Promise.all([
      t.client.pushOk(a, [nextOp(a, 'case-event', caseEvent(hall, t.clock), t.clock), nextOp(a, 'case-event', shared, t.clock)]),
      t.client.pushOk(b, [nextOp(b, 'case-event', shared, t.clock), nextOp(b, 'case-event', caseEvent(hall, t.clock), t.clock)]),
    ]);
    const statuses = [ra.results[1]?.status, rb.results[0]?.status].sort();
    expect(statuses).toEqual(['applied', 'merged']);
    expect([ra.results[0]?.status, rb.results[1]?.status]).toEqual(['applied', 'applied']);
    expect((await footprint(t.db)).changes - before.changes).toBe(3);
    const [stored] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM changes WHERE hall_code = $1 AND kind = 'case-event' AND entity_id = $2",
      [hall, shared.id],
    );
    expect(stored?.n).toBe(1);
  });

  it('merges a resident edit against what another push committed while it waited for the hall', async () => {
    const hall = newHall();
    const a = await t.client.enroll(hall, 'W01');
    const b = await t.client.enroll(hall, 'W02');
    const rid = randomUUID();
    await t.client.pushOk(a, [nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { name: '钱七', phone: '13900000001' }), t.clock)]);

    // A's next push stops just before COMMIT, holding the hall's t.clock, until `open()`.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    const held: Db = {
      ...t.db,
      transaction: (fn) =>
        t.db.transaction(async (tx) => {
          const result = await fn(tx);
          reached();
          await gate;
          return result;
        }),
    };
    // B's statements are recorded, to see which way its push went.
    const statements: string[] = [];
    const recorded: Db = {
      ...t.db,
      transaction: (fn) =>
        t.db.transaction((tx) =>
          fn({
            exec: (sql) => tx.exec(sql),
            query: (sql, params) => {
              statements.push(sql.replace(/\s+/g, ' ').trim());
              return tx.query(sql, params);
            },
          } satisfies Queryable),
        ),
    };
    const heldApp = await buildApp({ db: held, now: t.clock.now });
    const recordedApp = await buildApp({ db: recorded, now: t.clock.now });
    try {
      t.clock.ms += 1000;
      const aPush = new Client(heldApp, t.db, t.clock).pushOk(a, [
        nextOp(a, 'resident-patch', residentPatch(a, t.clock, rid, { phone: '13900000002' }), t.clock),
      ]);
      await atGate;
      const aStamp = a.hlc as string;

      t.clock.ms += 1000;
      // B never saw the resident: its phone edit is concurrent with A's.
      const bPush = new Client(recordedApp, t.db, t.clock).pushOk(b, [
        nextOp(b, 'resident-patch', residentPatch(b, t.clock, rid, { phone: '13900000003' }), t.clock),
      ]);
      if (backend.name === 'postgres') {
        // Wait until B is blocked on A's lock of the hall row.
        for (let i = 0; i < 500; i++) {
          const [w] = await t.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          );
          if ((w?.n ?? 0) > 0) break;
          await new Promise((r) => setTimeout(r, 5));
        }
      } else {
        // PGlite runs one transaction at a time: B waits for A's to end (nothing in the database to watch).
        await new Promise((r) => setTimeout(r, 30));
      }
      open();
      await aPush;
      const res = await bPush;
      // The conflict names what A committed while B waited, not what B's first read saw.
      expect(res.results[0]).toMatchObject({
        status: 'conflict',
        conflict: { residentId: rid, fields: [{ field: 'phone', server: { value: '13900000002', hlc: aStamp, deviceId: a.deviceId }, kept: 'incoming' }] },
      });
      if (backend.name === 'postgres') {
        // The race really happened: B read the fields a second time, after the lock.
        expect(statements.filter((s) => s.startsWith('SELECT resident_id, field, value, hlc, device_id FROM resident_fields'))).toHaveLength(1);
      }
      const [phone] = await t.db.query<{ value: unknown; device_id: string }>(
        "SELECT value, device_id FROM resident_fields WHERE hall_code = $1 AND resident_id = $2 AND field = 'phone'",
        [hall, rid],
      );
      expect(phone).toEqual({ value: '13900000003', device_id: b.deviceId });
    } finally {
      open();
      await heldApp.close();
      await recordedApp.close();
    }
  });

  it('sends the change columns as array literals that the database reads back exactly (array-literal.ts)', async () => {
    // No NUL: PostgreSQL text cannot hold it at all.
    const unit = fc.oneof(fc.constantFrom('"', '\\', ',', '{', '}', ' ', 'N', '办'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }));
    const text = fc.string({ unit }).filter((s) => !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 8 }), async (values) => {
        const [row] = await t.db.query<{ a: string[] }>('SELECT $1::text[] AS a', [textArrayLiteral(values)]);
        expect(row?.a).toEqual(values);
      }),
      { numRuns: 40, seed: 20261123 },
    );
    const integers = [1, 0, -7, 500, Number.MAX_SAFE_INTEGER];
    const [row] = await t.db.query<{ a: string[] }>('SELECT $1::bigint[]::text[] AS a', [integerArrayLiteral(integers)]);
    expect(row?.a).toEqual(integers.map(String));
    const [empty] = await t.db.query<{ n: number }>('SELECT cardinality($1::bigint[]) AS n', [integerArrayLiteral([])]);
    expect(empty?.n).toBe(0);
  });
}, 60_000);
