import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { caseEventBuilder, fixtureId } from '@shared/domain/case/event-fixtures';
import { MAX_BATCH_BYTES, MAX_PULL_LIMIT, PushRequestSchema, type OutboxOp, type PullChange } from '@shared/sync/protocol';
import { bodyText, FakeSyncServer, type Fault } from './fake-sync-server';
import { FakeSyncStore } from './fake-sync-store';
import { SyncEngine, normaliseServerUrl, type SyncEngineDeps } from './sync-engine';
import type { SyncEvent } from './sync-events';
import type { DeviceRecord } from './sync-ports';

const DEVICE_ID = '11111111-1111-4111-8111-111111111111';
const T0 = Date.parse('2026-11-23T11:00:00Z'); // 19:00 in the hall: inside the default window

function ops(from: number, count: number, note = ''): OutboxOp[] {
  const build = caseEventBuilder({ caseId: fixtureId(900_000 + from) }, from * 10);
  return Array.from({ length: count }, (_, i) => ({
    seq: from + i,
    opId: fixtureId(from + i),
    at: '2026-11-23T02:00:00.000Z',
    kind: 'case-event' as const,
    payload: build('completed', { resultNote: `已办结${note}` }, { id: fixtureId(1_000_000 + from + i) }),
  }));
}

function enrolled(store: FakeSyncStore): void {
  const device: DeviceRecord = {
    deviceId: DEVICE_ID,
    serverUrl: 'http://127.0.0.1:9',
    hallCode: 'GL0301',
    workstationCode: 'W01',
    workstationId: store.wsId as string,
    enrolledAt: '2026-11-23T00:00:00.000Z',
    expiresAt: '2027-11-23T00:00:00.000Z',
    secretIn: 'meta',
  };
  store.device = device;
  store.secret = 'secret-secret-secret-1234';
}

type Rig = { store: FakeSyncStore; server: FakeSyncServer; events: SyncEvent[]; sleeps: number[]; clock: { t: number }; engine: SyncEngine };

function rig(overrides: Partial<SyncEngineDeps> = {}, store = new FakeSyncStore(), server = new FakeSyncServer()): Rig {
  if (!store.device) enrolled(store);
  const events: SyncEvent[] = [];
  const sleeps: number[] = [];
  const clock = { t: T0 };
  const engine = new SyncEngine({
    store,
    fetch: server.fetch,
    now: () => clock.t,
    random: () => 0.5,
    // Virtual time: a sleep advances the clock at once, unless woken first.
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (ms >= 24 * 60 * 60 * 1000) {
        // "Until woken": really wait for the wake-up, as the worker does.
        if (!signal.aborted) await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
        return;
      }
      if (!signal.aborted) clock.t += ms;
      await new Promise((r) => setTimeout(r, 0));
    },
    emit: (e) => events.push(e),
    ...overrides,
  });
  return { store, server, events, sleeps, clock, engine };
}

function appliedOnce(server: FakeSyncServer, lastSeq: number): void {
  for (let s = 1; s <= lastSeq; s++) expect(server.applyCount.get(`${DEVICE_ID}:${s}`), `seq ${s}`).toBe(1);
  expect(server.applyCount.size).toBe(lastSeq);
}

describe('push batching', () => {
  it('sends the outbox in seq order, at most 500 ops per batch, and acknowledges by watermark', async () => {
    const { store, server, engine, events } = rig();
    store.append(ops(1, 1234));
    const outcome = await engine.runCycle();
    expect(outcome).toMatchObject({ ok: true, pushed: 1234, pulled: 1234 });
    const batches = server.pushBodies.map((b) => PushRequestSchema.parse(JSON.parse(b)).ops.map((o) => o.seq));
    // The first push is the empty watermark probe.
    expect(batches.map((b) => b.length)).toEqual([0, 500, 500, 234]);
    expect(batches.flat()).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
    expect(store.ackedSeq).toBe(1234);
    expect(store.outbox.size).toBe(0);
    appliedOnce(server, 1234);
    expect(events).toContainEqual({ type: 'pushing', sent: 1234, total: 1234 });
    expect(events.some((e) => e.type === 'last-success')).toBe(true);
  });

  it('cuts batches at 1 MiB of body', async () => {
    const { store, server, engine } = rig();
    // ~6 KB per op: 500 ops would be ~3 MB.
    store.append(ops(1, 600, '长'.repeat(2000)));
    await engine.runCycle();
    const bodies = server.pushBodies.slice(1);
    for (const b of bodies) expect(new TextEncoder().encode(b).length).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    expect(store.ackedSeq).toBe(600);
    appliedOnce(server, 600);
  });

  it('sends the stored bytes: every push body is UTF-8 that decodes to exactly the queued ops, in order', async () => {
    const queued = [...ops(1, 5, '最低生活保障'), ...ops(6, 5, '"引号"\\反斜杠'), ...ops(11, 5, '😀'), ...ops(16, 5, '\ud800孤\udc00')];
    const server = new FakeSyncServer();
    const raw: unknown[] = [];
    const fetch: SyncEngineDeps['fetch'] = (input, init) => {
      if (new URL(input).pathname.endsWith('/push')) raw.push(init.body);
      return server.fetch(input, init);
    };
    const { store, engine } = rig({ fetch, limits: { maxOps: 6, maxBytes: 1 << 20 } }, undefined, server);
    store.append(queued);
    expect(await engine.runCycle()).toMatchObject({ ok: true, pushed: 20 });
    // The first push is the watermark probe; every batch after it is bytes, not a string re-encoded by fetch.
    const batches = raw.slice(1);
    expect(batches).toHaveLength(4);
    const decoded = batches.map((body) => {
      expect(body).toBeInstanceOf(Uint8Array);
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body as Uint8Array)) as { protocol: number; deviceId: string; ops: OutboxOp[] };
    });
    for (const d of decoded) expect([d.protocol, d.deviceId]).toEqual([1, DEVICE_ID]);
    expect(decoded.flatMap((d) => d.ops)).toEqual(queued);
    appliedOnce(server, 20);
  });

  it('halves the batch when a server refuses it as too large', async () => {
    const server = new FakeSyncServer();
    server.maxOps = 120;
    const { store, engine } = rig({}, undefined, server);
    store.append(ops(1, 700));
    const outcome = await engine.runCycle();
    expect(outcome.ok).toBe(true);
    expect(store.ackedSeq).toBe(700);
    appliedOnce(server, 700);
  });
});

describe('two pushes in flight', () => {
  /** A network where each push is answered after the next one left (or after `hold` for the first of a pair). */
  function watchedWire(server: FakeSyncServer, order: (n: number) => number = () => 0) {
    const wire = { onWire: 0, most: 0, pushes: 0, statuses: [] as number[] };
    const fetch: SyncEngineDeps['fetch'] = async (input, init) => {
      if (!new URL(input).pathname.endsWith('/push')) return server.fetch(input, init);
      const n = wire.pushes++;
      wire.onWire++;
      wire.most = Math.max(wire.most, wire.onWire);
      try {
        // A few turns of the event loop: long enough for the engine to send the next batch meanwhile.
        for (let i = 0; i < 5 + order(n); i++) await new Promise((r) => setTimeout(r, 0));
        const res = await server.fetch(input, init);
        wire.statuses.push(res.status);
        return res;
      } finally {
        wire.onWire--;
      }
    };
    return { wire, fetch };
  }

  it('keeps two pushes on the wire and takes their answers in seq order', async () => {
    const server = new FakeSyncServer();
    const { wire, fetch } = watchedWire(server);
    const { store, engine } = rig({ fetch }, undefined, server);
    store.append(ops(1, 2100));
    const outcome = await engine.runCycle();
    expect(outcome).toMatchObject({ ok: true, pushed: 2100 });
    expect(wire.most).toBe(2);
    const batches = server.pushBodies.map((b) => PushRequestSchema.parse(JSON.parse(b)).ops.map((o) => o.seq));
    expect(batches.flat()).toEqual(Array.from({ length: 2100 }, (_, i) => i + 1));
    expect(store.ackedSeq).toBe(2100);
    appliedOnce(server, 2100);
  });

  it('a batch that overtakes the one below it is refused by a server that does not hold it, then resent: each op once', async () => {
    const server = new FakeSyncServer();
    // Push 1 (the first batch after the probe) is slow: push 2 reaches the server first and finds the gap.
    const { wire, fetch } = watchedWire(server, (n) => (n === 1 ? 20 : 0));
    const { store, engine } = rig({ fetch }, undefined, server);
    store.append(ops(1, 1500));
    let outcome = await engine.runCycle();
    for (let i = 0; i < 5 && !outcome.ok; i++) outcome = await engine.runCycle();
    expect(outcome.ok).toBe(true);
    expect(wire.statuses).toContain(409);
    expect(store.ackedSeq).toBe(1500);
    appliedOnce(server, 1500);
  });

  it('after a failed cycle sends one push at a time until pushes go through cleanly, then two again', async () => {
    const server = new FakeSyncServer();
    const { wire, fetch } = watchedWire(server);
    // The probe is request 0; request 1 (the first batch) fails.
    server.faultFor = (n) => (n === 1 ? '500' : 'none');
    const { store, engine } = rig({ fetch }, undefined, server);
    store.append(ops(1, 1500));
    expect((await engine.runCycle()).ok).toBe(false);
    wire.most = 0;
    expect((await engine.runCycle()).ok).toBe(true);
    expect(wire.most).toBe(1);
    store.append(ops(1501, 1500));
    wire.most = 0;
    expect((await engine.runCycle()).ok).toBe(true);
    expect(wire.most).toBe(2);
    expect(store.ackedSeq).toBe(3000);
    appliedOnce(server, 3000);
  });

  it('a replay answered past its own batch does not record the ops after it, whose results it did not carry', async () => {
    const server = new FakeSyncServer();
    server.rejectWhen = (op) => (op.seq === 700 ? 'sync/op-invalid' : null);
    // Cycle 1: probe (0); A = 1..500 (1) commits but its answer is lost; B = 501..1000 (2) is applied behind it,
    // and its answer dropped with A's failure. Cycle 2, one push at a time: probe (3); A again (4), a replay answered
    // with the watermark 1000; B again (5) never arrives.
    server.faultFor = (n) => (n === 1 ? 'drop-response' : n === 5 ? 'drop-request' : 'none');
    const { store, engine } = rig({}, undefined, server);
    store.append(ops(1, 1000));
    expect((await engine.runCycle()).ok).toBe(false);
    expect(server.watermark.get(DEVICE_ID)).toBe(1000);
    expect((await engine.runCycle()).ok).toBe(false);
    let outcome = await engine.runCycle();
    for (let i = 0; i < 3 && !outcome.ok; i++) outcome = await engine.runCycle();
    expect(outcome.ok).toBe(true);
    expect(store.ackedSeq).toBe(1000);
    // B's rejection was only ever answered to requests whose answers were lost: B must be resent to learn it.
    expect(store.rejected.get(700)?.code).toBe('sync/op-invalid');
    appliedOnce(server, 1000);
  });

  it('a 409 older than an answer already taken is resent, not rewound: the watermark never goes back', async () => {
    const server = new FakeSyncServer();
    // The first batch is slow (1 MiB on a slow uplink): the batch behind it overtakes it and, its hold over, finds
    // the gap; the first batch then goes through, and its answer is taken before the 409 written before it.
    const fetch: SyncEngineDeps['fetch'] = async (input, init) => {
      if (new URL(input).pathname.endsWith('/push')) {
        const first = PushRequestSchema.parse(JSON.parse(bodyText(init.body))).ops[0]?.seq;
        for (let i = 0; i < (first === 1 ? 25 : 5); i++) await new Promise((r) => setTimeout(r, 0));
      }
      return server.fetch(input, init);
    };
    const { store, engine } = rig({ fetch }, undefined, server);
    const rewind = vi.spyOn(store, 'rewindAck');
    store.append(ops(1, 1500));
    const outcome = await engine.runCycle();
    expect(outcome).toMatchObject({ ok: true });
    expect(rewind).not.toHaveBeenCalled();
    // The first batch, acknowledged once, is not sent again.
    const sent = server.pushBodies.flatMap((b) => PushRequestSchema.parse(JSON.parse(b)).ops.map((o) => o.seq));
    expect(sent.filter((s) => s === 1)).toHaveLength(1);
    expect(store.ackedSeq).toBe(1500);
    appliedOnce(server, 1500);
  });

  it('on a slow disk, writes the answers that queued up together: fewer ack transactions than batches, every rejection filed', async () => {
    const server = new FakeSyncServer();
    server.rejectWhen = (op) => (op.seq % 250 === 0 ? 'sync/op-invalid' : null);
    const store = new FakeSyncStore();
    const original = store.recordPush.bind(store);
    store.recordPush = async (o, r, at) => {
      for (let i = 0; i < 5; i++) await new Promise((res) => setTimeout(res, 0));
      return original(o, r, at);
    };
    const { engine } = rig({}, store, server);
    store.append(ops(1, 5000));
    expect(await engine.runCycle()).toMatchObject({ ok: true, pushed: 5000 });
    expect(store.ackedSeq).toBe(5000);
    expect([...store.rejected.keys()]).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 250));
    expect(store.recordPushCalls).toBeLessThan(10);
    appliedOnce(server, 5000);
  });

  it('a failed ack write ends the cycle only once the pushes on the wire have settled', async () => {
    const server = new FakeSyncServer();
    // A network that answers after a few turns of the event loop, aborted or not (the request may be on its way).
    const { wire, fetch } = watchedWire(server);
    const { store, engine } = rig({ fetch }, undefined, server);
    store.append(ops(1, 2000));
    store.failNextRecordPush = true;
    await expect(engine.runCycle()).rejects.toThrow('simulated crash');
    expect(wire.onWire).toBe(0);
  });
});

describe('per-op results', () => {
  it('keeps rejected ops with their code and conflicts for the lead', async () => {
    const server = new FakeSyncServer();
    server.rejectWhen = (op) => (op.seq % 100 === 0 ? 'sync/op-invalid' : null);
    server.conflictWhen = (op) => op.seq === 7;
    const { store, engine, events } = rig({}, undefined, server);
    store.append(ops(1, 300));
    await engine.runCycle();
    expect([...store.rejected.keys()]).toEqual([100, 200, 300]);
    expect(store.rejected.get(200)?.code).toBe('sync/op-invalid');
    expect(store.rejected.get(200)?.op.seq).toBe(200);
    expect([...store.conflicts.keys()]).toEqual([7]);
    expect(events).toContainEqual({ type: 'rejected', count: 3 });
    expect(events).toContainEqual({ type: 'conflicts', count: 1 });
    expect(store.ackedSeq).toBe(300);
  });
});

describe('resume after a crash', () => {
  it('crash between the push and its ack write: the next engine resends, the server answers it as a replay', async () => {
    const server = new FakeSyncServer();
    server.rejectWhen = (op) => (op.seq === 650 ? 'sync/op-invalid' : null);
    const store = new FakeSyncStore();
    store.append(ops(1, 1000));
    // The second batch's ack write "crashes": the server has 1..1000, the workstation recorded 500.
    let calls = 0;
    const original = store.recordPush.bind(store);
    store.recordPush = async (o, r, at) => {
      if (++calls === 2) throw new Error('tab closed');
      return original(o, r, at);
    };
    const first = rig({}, store, server);
    await expect(first.engine.runCycle()).rejects.toThrow('tab closed');
    expect(store.ackedSeq).toBe(500);
    expect(server.watermark.get(DEVICE_ID)).toBe(1000);

    store.recordPush = original;
    const second = rig({}, store, server);
    const outcome = await second.engine.runCycle();
    expect(outcome.ok).toBe(true);
    expect(store.ackedSeq).toBe(1000);
    // Resent as a replay, so the rejection that was answered to the lost ack is still recorded.
    expect(store.rejected.get(650)?.code).toBe('sync/op-invalid');
    appliedOnce(server, 1000);
  });

  it('a restored server (behind our watermark) gets the ops again while they are still in the outbox', async () => {
    const { store, server, engine } = rig();
    store.append(ops(1, 50));
    store.ackedSeq = 40; // recorded, not yet pruned
    server.watermark.set(DEVICE_ID, 30);
    for (let s = 1; s <= 30; s++) {
      server.results.set(`${DEVICE_ID}:${s}`, { seq: s, status: 'applied' });
      server.applyCount.set(`${DEVICE_ID}:${s}`, 1);
    }
    const outcome = await engine.runCycle();
    expect(outcome.ok).toBe(true);
    appliedOnce(server, 50);
  });

  it('stops, rather than losing data, when the server is behind and the ops were pruned', async () => {
    const { store, server, engine, events } = rig();
    store.append(ops(41, 10));
    store.lastSeq = 50;
    store.ackedSeq = 40;
    server.watermark.set(DEVICE_ID, 30);
    const outcome = await engine.runCycle();
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.failure).toMatchObject({ kind: 'fatal', code: 'sync/outbox-pruned' });
    expect(events.filter((e) => e.type === 'pushing')).toEqual([]);
  });

  it('refuses to push when the server holds more seqs than this database ever wrote', async () => {
    const { store, server, engine } = rig();
    store.append(ops(1, 5));
    server.watermark.set(DEVICE_ID, 900);
    const outcome = await engine.runCycle();
    expect(!outcome.ok && outcome.failure.code).toBe('sync/device-reused');
    expect(server.applyCount.size).toBe(0);
  });
});

describe('pull pipeline', () => {
  const OTHER_DEVICE = '33333333-3333-4333-8333-333333333333';
  /** 2.5 pages of another workstation's events in the hall's log. */
  function hallLog(server: FakeSyncServer): PullChange[] {
    server.log = ops(1, 2 * MAX_PULL_LIMIT + MAX_PULL_LIMIT / 2).flatMap((op, i): PullChange[] =>
      op.kind === 'case-event' ? [{ cursor: String(i + 1), originDeviceId: OTHER_DEVICE, kind: 'case-event', payload: op.payload }] : [],
    );
    return server.log;
  }

  it('hands page n+1 to the store before page n has committed, on top of page n\'s cursor', async () => {
    const { store, server, engine, events } = rig();
    const log = hallLog(server);
    let open = (): void => undefined;
    store.applyGate = new Promise<void>((resolve) => (open = resolve));
    const cycle = engine.runCycle();
    await vi.waitFor(() => expect(store.applyCalls).toHaveLength(2));
    expect(store.applyCalls).toEqual(['0', String(MAX_PULL_LIMIT)]);
    expect(store.applied).toEqual([]);
    open();
    expect(await cycle).toMatchObject({ ok: true, pulled: log.length });
    expect(store.applied).toEqual([String(MAX_PULL_LIMIT), String(2 * MAX_PULL_LIMIT), String(log.length)]);
    expect(store.pulled.map((c) => c.cursor)).toEqual(log.map((c) => c.cursor));
    // Progress counts committed pages only.
    expect(events.filter((e) => e.type === 'pulling').map((e) => (e as { received: number }).received)).toEqual([0, MAX_PULL_LIMIT, 2 * MAX_PULL_LIMIT, log.length]);
  });

  it('a page that fails leaves the page queued behind it unapplied; the next cycle resumes at the failed page', async () => {
    const { store, server, engine } = rig();
    const log = hallLog(server);
    let open = (): void => undefined;
    store.applyGate = new Promise<void>((resolve) => (open = resolve));
    store.failNextApply = true;
    const cycle = engine.runCycle();
    await vi.waitFor(() => expect(store.applyCalls).toHaveLength(2));
    open();
    await expect(cycle).rejects.toThrow('quota');
    expect(store.applied).toEqual([]);
    expect(store.cursor).toBe('0');

    expect(await engine.runCycle()).toMatchObject({ ok: true, pulled: log.length });
    expect(server.pullsSince.filter((since) => since === '0')).toHaveLength(2);
    expect(store.pulled.map((c) => c.cursor)).toEqual(log.map((c) => c.cursor));
  });
  it('checks each page in full before applying it: a bad page ends the cycle, and the page asked for ahead is cancelled', async () => {
    const server = new FakeSyncServer();
    const log = hallLog(server);
    // Page 2 holds a change no schema accepts.
    log[MAX_PULL_LIMIT + 10] = { ...(log[MAX_PULL_LIMIT + 10] as PullChange), kind: 'no-such-kind' } as unknown as PullChange;
    const pulls: Array<{ since: string; signal: AbortSignal }> = [];
    const fetch: SyncEngineDeps['fetch'] = (input, init) => {
      const u = new URL(input);
      if (u.pathname.endsWith('/pull')) pulls.push({ since: u.searchParams.get('since') as string, signal: init.signal as AbortSignal });
      return server.fetch(input, init);
    };
    const { store, engine } = rig({ fetch }, new FakeSyncStore(), server);
    const outcome = await engine.runCycle();
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'sync/bad-response' } });
    expect(store.applied).toEqual([String(MAX_PULL_LIMIT)]);
    expect(pulls.map((p) => p.since)).toEqual(['0', String(MAX_PULL_LIMIT), String(2 * MAX_PULL_LIMIT)]);
    expect(pulls[2]?.signal.aborted).toBe(true);
  });
});

describe('faults on the wire', () => {
  it('lost requests, lost answers, duplicates and 5xx: every op applied exactly once', async () => {
    const server = new FakeSyncServer();
    const pattern: Fault[] = ['drop-response', 'duplicate', 'none', 'drop-request', '503', 'none', '500', 'duplicate', 'drop-response', 'none'];
    server.faultFor = (n) => pattern[n % pattern.length] as Fault;
    const { store, engine } = rig({}, undefined, server);
    store.append(ops(1, 2600));
    let outcome = await engine.runCycle();
    for (let i = 0; i < 50 && !outcome.ok; i++) outcome = await engine.runCycle();
    expect(outcome.ok).toBe(true);
    expect(store.ackedSeq).toBe(2600);
    appliedOnce(server, 2600);
  });

  it('property: any fault sequence converges to exactly-once', async () => {
    const faults = fc.constantFrom<Fault>('none', 'none', 'none', 'drop-request', 'drop-response', 'duplicate', '500', '503', '429');
    await fc.assert(
      fc.asyncProperty(fc.array(faults, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 1100 }), fc.integer({ min: 0, max: 4 }), async (pattern, count, crashAt) => {
        const server = new FakeSyncServer();
        // Faults for the first requests, then a healthy network: the claim is convergence once faults stop.
        server.faultFor = (n) => pattern[n] ?? 'none';
        server.rejectWhen = (op) => (op.seq % 97 === 0 ? 'sync/op-invalid' : null);
        const store = new FakeSyncStore();
        store.append(ops(1, count));
        let calls = 0;
        const original = store.recordPush.bind(store);
        store.recordPush = async (o, r, at) => {
          if (++calls === crashAt) throw new Error('crash');
          return original(o, r, at);
        };
        for (let i = 0; i < 200 && store.ackedSeq < count; i++) {
          // A fresh engine each round: nothing survives but the store, as after a reload.
          await rig({}, store, server).engine.runCycle().catch(() => undefined);
        }
        expect(store.ackedSeq).toBe(count);
        expect([...store.rejected.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: Math.floor(count / 97) }, (_, i) => 97 * (i + 1)));
        appliedOnce(server, count);
      }),
      { numRuns: 30 },
    );
  });
});

describe('scheduler', () => {
  it('backs off with full jitter and honours Retry-After', async () => {
    const server = new FakeSyncServer();
    server.retryAfterSeconds = 30;
    let failing = 4;
    server.faultFor = () => (failing-- > 0 ? '503' : 'none');
    const { store, engine, sleeps, events } = rig({ random: () => 0.5 }, undefined, server);
    store.append(ops(1, 10));
    engine.start();
    await waitFor(() => store.ackedSeq === 10);
    await engine.stop();
    // Retry-After 30 s beats the jittered 0.5 s, 1 s, 2 s, 4 s.
    expect(sleeps.slice(0, 4)).toEqual([30_000, 30_000, 30_000, 30_000]);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.length).toBe(4);
    expect(errors[0]).toMatchObject({ code: 'sync/server-busy', message: expect.stringContaining('繁忙') });
  });

  it('grows the backoff exponentially without Retry-After', async () => {
    const server = new FakeSyncServer();
    let failing = 5;
    server.faultFor = () => (failing-- > 0 ? 'drop-request' : 'none');
    const { store, engine, sleeps } = rig({ random: () => 0.5 }, undefined, server);
    store.append(ops(1, 3));
    engine.start();
    await waitFor(() => store.ackedSeq === 3);
    await engine.stop();
    expect(sleeps.slice(0, 5)).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('waits for the window in after-hours mode, then syncs', async () => {
    const { store, engine, events, clock } = rig();
    store.settings = { mode: 'window', window: { start: '18:00', end: '07:30' } };
    clock.t = Date.parse('2026-11-23T10:00:00+08:00');
    store.append(ops(1, 5));
    engine.start();
    await waitFor(() => store.ackedSeq === 5);
    await engine.stop();
    expect(events[0]).toEqual({ type: 'idle', reason: 'outside-window', nextRunAt: Date.parse('2026-11-23T18:00:00+08:00') });
    expect(clock.t).toBeGreaterThanOrEqual(Date.parse('2026-11-23T18:00:00+08:00'));
  });

  it('manual mode waits for 立即同步, which runs at once', async () => {
    const { store, engine, events, server } = rig();
    store.settings = { mode: 'manual', window: { start: '18:00', end: '07:30' } };
    store.append(ops(1, 5));
    engine.start();
    await waitFor(() => events.some((e) => e.type === 'idle' && e.reason === 'manual'));
    expect(server.requests).toBe(0);
    const outcome = await engine.syncNow();
    expect(outcome.ok).toBe(true);
    expect(store.ackedSeq).toBe(5);
    await engine.stop();
  });

  it('stops on 426 and asks for an upgrade; 立即同步 tries again', async () => {
    const server = new FakeSyncServer();
    server.protocolTooOld = true;
    const { store, engine, events } = rig({}, undefined, server);
    store.append(ops(1, 5));
    engine.start();
    await waitFor(() => events.some((e) => e.type === 'upgrade-required'));
    await waitFor(() => events.some((e) => e.type === 'idle' && e.reason === 'stopped'));
    const before = server.requests;
    engine.nudge();
    await tick();
    expect(server.requests).toBe(before);
    server.protocolTooOld = false;
    expect((await engine.syncNow()).ok).toBe(true);
    await engine.stop();
  });

  it('offline: waits for the network, then resets the backoff and syncs', async () => {
    const { store, engine, events } = rig({ online: false });
    store.append(ops(1, 5));
    engine.start();
    await waitFor(() => events.some((e) => e.type === 'idle' && e.reason === 'offline'));
    expect(store.ackedSeq).toBe(0);
    engine.setOnline(true);
    await waitFor(() => store.ackedSeq === 5);
    await engine.stop();
  });

  it('ops written between reading the bounds and reading the batch ride along, and their ack is ours', async () => {
    const { store, engine, server, events } = rig();
    store.append(ops(1, 10));
    // The counter writes 5 more ops just after the engine read the outbox's bounds for this run.
    const bounds = store.outboxBounds.bind(store);
    let calls = 0;
    store.outboxBounds = async () => {
      const b = await bounds();
      if (++calls === 2) store.append(ops(11, 5));
      return b;
    };
    engine.start();
    await waitFor(() => store.ackedSeq === 15);
    await engine.stop();
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    appliedOnce(server, 15);
  });

  it('a write during a push is sent in the same run', async () => {
    const { store, engine, server } = rig();
    store.append(ops(1, 600));
    engine.start();
    await waitFor(() => store.ackedSeq >= 500);
    store.append(ops(601, 10));
    engine.nudge();
    await waitFor(() => store.ackedSeq === 610);
    await engine.stop();
    appliedOnce(server, 610);
  });
});

describe('enrolment', () => {
  it('checks the server url and the hall', async () => {
    expect(normaliseServerUrl('http://10.0.0.5:8730/')).toBe('http://10.0.0.5:8730');
    expect(normaliseServerUrl('ftp://x')).toBeNull();
    expect(normaliseServerUrl('http://u:p@x')).toBeNull();
    expect(normaliseServerUrl('not a url')).toBeNull();
    const store = new FakeSyncStore();
    const fetchFn = async () =>
      new Response(
        JSON.stringify({ protocol: 1, deviceId: DEVICE_ID, secret: 'abcdefghijklmnopqrstuvwxyz', hallCode: 'XX9999', workstationCode: null, expiresAt: '2027-01-01T00:00:00.000Z' }),
        { status: 200 },
      );
    const { engine } = rig({ fetch: fetchFn }, store);
    store.device = null;
    const wrongHall = await engine.enroll({ serverUrl: 'http://127.0.0.1:1', code: 'ABCD-1234', secretIn: 'meta' });
    expect(wrongHall).toMatchObject({ ok: false, code: 'sync/hall-mismatch' });
    expect(store.device).toBeNull();
    const badUrl = await engine.enroll({ serverUrl: 'javascript:alert(1)', code: 'ABCD-1234', secretIn: 'meta' });
    expect(badUrl).toMatchObject({ ok: false, code: 'sync/server-url-invalid' });
  });

  it('keeps the secret in meta only in browser mode', async () => {
    const store = new FakeSyncStore();
    const body = { protocol: 1, deviceId: DEVICE_ID, secret: 'abcdefghijklmnopqrstuvwxyz', hallCode: 'GL0301', workstationCode: 'W01', expiresAt: '2027-01-01T00:00:00.000Z' };
    const { engine } = rig({ fetch: async () => new Response(JSON.stringify(body), { status: 200 }) }, store);
    store.device = null;
    const platform = await engine.enroll({ serverUrl: 'http://127.0.0.1:1', code: 'ABCD 1234', secretIn: 'platform' });
    expect(platform).toMatchObject({ ok: true, secret: body.secret });
    expect(store.secret).toBeNull();
    expect((store.device as DeviceRecord | null)?.secretIn).toBe('platform');
    const browser = await engine.enroll({ serverUrl: 'http://127.0.0.1:1', code: 'ABCD 1234', secretIn: 'meta' });
    expect(browser.ok).toBe(true);
    expect(store.secret).toBe(body.secret);
  });

  it('does not push with a credential from another local database', async () => {
    const { store, engine, server } = rig();
    store.append(ops(1, 3));
    store.wsId = '00000000-0000-4000-8000-00000000beef';
    const outcome = await engine.runCycle();
    expect(!outcome.ok && outcome.failure.code).toBe('sync/not-enrolled');
    expect(server.requests).toBe(0);
  });
});

describe('re-enrolment', () => {
  /** A workstation that synced 30 ops (pruned since), whose credential then expired with 10 more waiting. */
  async function expiredWithPending() {
    const server = new FakeSyncServer();
    const store = new FakeSyncStore();
    enrolled(store);
    server.secrets.set(DEVICE_ID, store.secret as string);
    const r = rig({}, store, server);
    store.append(ops(1, 30));
    expect((await r.engine.runCycle()).ok).toBe(true);
    expect(store.outbox.size).toBe(0);
    server.expired.add(DEVICE_ID);
    store.append(ops(31, 10));
    const stopped = await r.engine.runCycle();
    expect(!stopped.ok && stopped.failure).toMatchObject({ kind: 'fatal', code: 'sync/credential-expired' });
    server.codes.set('NEWC-ODE1-2345', 'GL0301');
    return r;
  }

  /** How many times each seq was applied, over every device id the workstation had. */
  function appliedPerSeq(server: FakeSyncServer): Map<number, number> {
    const perSeq = new Map<number, number>();
    for (const [key, n] of server.applyCount) {
      const seq = Number(key.split(':')[1]);
      perSeq.set(seq, (perSeq.get(seq) ?? 0) + n);
    }
    return perSeq;
  }

  it('expired → re-enrol with the old credential → continues the outbox and the cursor, nothing lost or applied twice', async () => {
    const { store, server, engine } = await expiredWithPending();
    const cursor = store.cursor;
    expect(cursor).toBe('30');

    const reply = await engine.enroll({ serverUrl: 'http://127.0.0.1:9', code: 'NEWC-ODE1-2345', secretIn: 'meta' });
    expect(reply.ok).toBe(true);
    expect(server.enrollBodies).toEqual([expect.objectContaining({ previous: { deviceId: DEVICE_ID, secret: 'secret-secret-secret-1234' } })]);
    const fresh = (store.device as DeviceRecord).deviceId;
    expect(fresh).not.toBe(DEVICE_ID);
    expect(server.watermark.get(fresh)).toBe(30);

    const pullsBefore = server.pullsSince.length;
    const outcome = await engine.runCycle();
    expect(outcome).toMatchObject({ ok: true, pushed: 10 });
    expect(store.ackedSeq).toBe(40);
    expect(server.watermark.get(fresh)).toBe(40);
    // Numbering went on: seqs 31–40 under the new device, each of 1–40 applied exactly once in all.
    const perSeq = appliedPerSeq(server);
    expect([...perSeq.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect([...perSeq.values()].every((n) => n === 1)).toBe(true);
    expect([...server.applyCount.keys()].filter((k) => k.startsWith(fresh)).length).toBe(10);
    // The pull went on from where it was, not from 0.
    expect(server.pullsSince[pullsBefore]).toBe(cursor);
    expect(store.rejected.size).toBe(0);
  });

  it('a forged previous secret is refused: nothing stored on either side, the code still unused', async () => {
    const { store, server, engine } = await expiredWithPending();
    store.secret = 'forged-forged-forged-9999';
    const reply = await engine.enroll({ serverUrl: 'http://127.0.0.1:9', code: 'NEWC-ODE1-2345', secretIn: 'meta' });
    expect(reply).toMatchObject({ ok: false, code: 'sync/previous-credential-invalid' });
    expect(!reply.ok && reply.message).toMatch(/原有的同步凭据与服务器记录不符/);
    expect(store.device?.deviceId).toBe(DEVICE_ID);
    expect(store.secret).toBe('forged-forged-forged-9999');
    expect(server.codes.has('NEWC-ODE1-2345')).toBe(true);
    expect([...server.watermark.keys()]).toEqual([DEVICE_ID]);
    expect(store.ackedSeq).toBe(30);
    expect(store.lastSeq).toBe(40);
  });

  it('without a previous credential (a new database) it enrols fresh', async () => {
    const server = new FakeSyncServer();
    server.codes.set('FRES-HCOD-E123', 'GL0301');
    const store = new FakeSyncStore();
    const { engine } = rig({}, store, server);
    store.device = null;
    store.secret = null;
    const reply = await engine.enroll({ serverUrl: 'http://127.0.0.1:9', code: 'FRES-HCOD-E123', secretIn: 'meta' });
    expect(reply.ok).toBe(true);
    expect(server.enrollBodies).toEqual([expect.not.objectContaining({ previous: expect.anything() })]);
  });
});

async function tick(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 1));
  }
}
