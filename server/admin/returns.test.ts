import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEventBuilder } from '@shared/domain/case/event-fixtures';
import type { CaseEvent } from '@shared/domain/case/events';
import { foldEvents } from '@shared/domain/case/reducer';
import { buildApp } from '../app';
import type { Db } from '../db/db';
import { Client, TestClock, cliOn, freshPglite, nextOp, type Device } from '../test-support/harness';

/**
 * 部门退回/办结回传 through the admin CLI: a `returned` event written by the server into the hall's change log, which
 * the hall's workstations pull (origin null) and fold like their own.
 */
describe('return-case (admin CLI)', () => {
  let db: Db;
  let app: FastifyInstance;
  let clock: TestClock;
  let client: Client;
  let caseCount = 0;

  beforeAll(async () => {
    db = await freshPglite();
    clock = new TestClock();
    app = await buildApp({ db, now: clock.now });
    client = new Client(app, db, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const cli = cliOn(() => db, () => clock.now());

  /** A case of `device`'s hall, received, accepted and (unless `forwarded` is false) forwarded to 民政科. */
  async function pushCase(device: Device, opts: { forwarded?: boolean; clockAheadMs?: number } = {}): Promise<{ caseId: string; events: CaseEvent[] }> {
    const caseId = randomUUID();
    // The workstation's clock may run a little ahead of the server's.
    const start = new Date(clock.now() - 10 * 60_000 + (opts.clockAheadMs ?? 0)).toISOString();
    const ev = caseEventBuilder({ caseId, hallCode: device.hallCode, start });
    const events: CaseEvent[] = [
      ev('received', { caseNumber: `${device.hallCode}-W01-20261123-${String(++caseCount).padStart(4, '0')}` }),
      ev('accepted'),
    ];
    if (opts.forwarded !== false) events.push(ev('forwarded', { department: '民政科' }));
    // Envelope ids of the fixture builder are counters; make them unique across cases.
    const unique = events.map((e) => ({ ...e, id: randomUUID() }));
    await client.pushOk(device, unique.map((e) => nextOp(device, 'case-event', e, clock)));
    return { caseId, events: unique };
  }

  const hallClock = async (hall: string) =>
    (await db.query<{ last_change: number }>('SELECT last_change FROM halls WHERE hall_code = $1', [hall]))[0]?.last_change;

  it('writes a returned event that the hall pulls (origin null) and folds into 部门退回', async () => {
    const ws = await client.enroll('GL0401', 'W01');
    const other = await client.enroll('GL0401', 'W02');
    const { caseId, events } = await pushCase(ws, { clockAheadMs: 11 * 60_000 });
    const before = await hallClock('GL0401');

    const res = await cli('return-case', '--hall', 'GL0401', '--case', caseId, '--department', '民政科', '--result', '审核通过，待领取');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/case GL0401-W01-20261123-\d{4} returned by 民政科 \(result\)/);
    expect(await hallClock('GL0401')).toBe((before ?? 0) + 1);

    for (const device of [ws, other]) {
      const pulled = (await client.drain(device)).changes.filter((c) => c.kind === 'case-event' && c.payload.type === 'returned');
      expect(pulled).toHaveLength(1);
      const change = pulled[0]!;
      expect(change.originDeviceId).toBeNull();
      if (change.kind !== 'case-event') throw new Error('kind');
      expect(change.payload).toMatchObject({ caseId, hallCode: 'GL0401', payload: { department: '民政科', outcome: 'result', note: '审核通过，待领取' } });
      // After the forwarding even though the workstation's clock ran ahead of the server's.
      const state = foldEvents([...events, change.payload]);
      expect(state).toMatchObject({ status: 'accepted', lastReturn: { department: '民政科', outcome: 'result' }, rejected: [] });
    }

    // It was returned: a second return is refused, and nothing is written.
    const again = await cli('return-case', '--hall', 'GL0401', '--case', caseId, '--department', '民政科', '--sent-back', '材料不全');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/is accepted, not forwarded/);
    expect(await hallClock('GL0401')).toBe((before ?? 0) + 1);
  });

  it('refuses an unknown case, a case not forwarded, the wrong department, another hall, and bad arguments', async () => {
    const ws = await client.enroll('GL0402', 'W01');
    const forwarded = await pushCase(ws);
    const open = await pushCase(ws, { forwarded: false });
    const before = await hallClock('GL0402');
    const rows = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM changes'))[0]?.n;
    const changes = await rows();

    const cases: Array<[string[], number, RegExp]> = [
      [['--hall', 'GL0402', '--case', randomUUID(), '--department', '民政科', '--result', 'x'], 1, /has no case/],
      [['--hall', 'GL0402', '--case', open.caseId, '--department', '民政科', '--result', 'x'], 1, /not forwarded/],
      [['--hall', 'GL0402', '--case', forwarded.caseId, '--department', '城管科', '--result', 'x'], 1, /forwarded to 民政科, not to 城管科/],
      [['--hall', 'GL0401', '--case', forwarded.caseId, '--department', '民政科', '--result', 'x'], 1, /has no case/],
      [['--hall', 'ZZ9999', '--case', forwarded.caseId, '--department', '民政科', '--result', 'x'], 1, /no hall ZZ9999/],
      [['--hall', 'GL0402', '--case', forwarded.caseId, '--department', '民政科'], 2, /exactly one of --result or --sent-back/],
      [['--hall', 'GL0402', '--department', '民政科', '--result', 'x'], 2, /--hall, --case and --department are required/],
    ];
    for (const [args, exit, message] of cases) {
      const res = await cli('return-case', ...args);
      expect(res.code, args.join(' ')).toBe(exit);
      expect(res.err, args.join(' ')).toMatch(message);
    }
    expect(await rows()).toBe(changes);
    expect(await hallClock('GL0402')).toBe(before);

    const sentBack = await cli('return-case', '--hall', 'GL0402', '--case', forwarded.caseId, '--department', '民政科', '--sent-back', '缺户口簿');
    expect(sentBack.code).toBe(0);
    expect(sentBack.out).toMatch(/\(sent-back\)/);
  });
});
