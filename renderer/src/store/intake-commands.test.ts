import { describe, expect, it } from 'vitest';
import { OutboxOpSchema } from '@shared/sync/protocol';
import { caseEventsOf, getCase } from './cases';
import { deskCases, openCases, recordCaseAction, recordIntake, type IntakeInput, type IntakeMatter } from './intake-commands';
import { isStoreError } from './store-error';
import { fakeClock, testContext } from './test-support';
import { outboxOps } from './outbox';

const IMMEDIATE: IntakeMatter = { code: 'MZ-010', name: '老年人优待证办理', triage: 'government', handling: 'immediate', timeLimitDays: 0 };
const PROMISED: IntakeMatter = { code: 'MZ-001', name: '最低生活保障申请', triage: 'government', handling: 'promised', timeLimitDays: 5 };
const PRIVATE: IntakeMatter = { code: 'PRIVATE', name: '邻里纠纷', triage: 'private', handling: 'immediate', timeLimitDays: 0 };

const RESIDENT = '6a3f0c1e-0000-4000-8000-000000000001';

function intake(matter: IntakeMatter, outcome: IntakeInput['outcome']): IntakeInput {
  return { residentId: RESIDENT, matter, outcome };
}

async function snapshot(ctx: ReturnType<typeof testContext>) {
  return {
    cases: await ctx.db.cases.count(),
    events: await ctx.db.caseEvents.count(),
    outbox: await ctx.db.outbox.count(),
    lastSeq: (await ctx.db.meta.get('outbox.lastSeq'))?.value,
  };
}

describe('recordIntake', () => {
  it('writes a 即办件 as received + accepted + completed, with one outbox op per event, in one go', async () => {
    const ctx = testContext();
    const result = await recordIntake(ctx, intake(IMMEDIATE, { kind: 'accept', materialsPresent: ['m1'], completeNow: {} }));

    expect(result.case.status).toBe('completed');
    expect(result.case.caseNumber).toBe('GL0301-W02-20261123-0001');
    expect(result.events.map((e) => e.type)).toEqual(['received', 'accepted', 'completed']);
    expect(await getCase(ctx.db, result.case.id)).toEqual(result.case);

    const ops = await outboxOps(ctx.db);
    expect(ops.map((op) => OutboxOpSchema.parse(op).seq)).toEqual([1, 2, 3]);
    expect(ops.map((op) => (op.kind === 'case-event' ? op.payload.type : op.kind))).toEqual(['received', 'accepted', 'completed']);
    // Authored by the clerk at this window.
    expect(result.events.every((e) => e.actor === ctx.workstation.staffId && e.actorName === '李娜')).toBe(true);
  });

  it('orders the events of one command even when the clock does not move between them', async () => {
    const frozen = { now: () => Date.UTC(2026, 10, 23, 2, 0, 0), newId: fakeClock().newId };
    const ctx = testContext({ clock: frozen });
    // Ids from the fake generator increase; reverse them so id order alone would put `completed` first.
    const ids = [5, 4, 3, 2, 1].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
    ctx.newId = () => ids.shift() ?? frozen.newId();
    const result = await recordIntake(ctx, intake(IMMEDIATE, { kind: 'accept', materialsPresent: [], completeNow: {} }));
    expect(result.case.status).toBe('completed');
    expect(result.case.history.map((h) => h.type)).toEqual(['received', 'accepted', 'completed']);
  });

  it('stores the deadline of a 承诺件 exactly as given', async () => {
    const ctx = testContext();
    const result = await recordIntake(ctx, intake(PROMISED, { kind: 'accept', materialsPresent: ['m1'], deadline: '2026-11-30' }));
    expect(result.case).toMatchObject({ status: 'accepted', deadline: '2026-11-30', timeLimitDays: 5 });
  });

  it('numbers the cases of one window and day in sequence', async () => {
    const ctx = testContext();
    const a = await recordIntake(ctx, intake(IMMEDIATE, { kind: 'accept', materialsPresent: [], completeNow: {} }));
    const b = await recordIntake(ctx, intake(PRIVATE, { kind: 'refer', place: '街道司法所', phone: '12348' }));
    expect([a.case.caseNumber, b.case.caseNumber]).toEqual(['GL0301-W02-20261123-0001', 'GL0301-W02-20261123-0002']);
  });

  it('records a referral with the place and phone given (首问负责制)', async () => {
    const ctx = testContext();
    const result = await recordIntake(ctx, intake(PRIVATE, { kind: 'refer', place: '街道司法所', phone: '12348' }));
    expect(result.case).toMatchObject({ status: 'referred', triage: 'private', referral: { place: '街道司法所', phone: '12348' } });
    expect(result.case.referral).not.toHaveProperty('note');
  });

  it('records a refusal with the office and appeal route', async () => {
    const ctx = testContext();
    const result = await recordIntake(
      ctx,
      intake(PROMISED, {
        kind: 'refuse',
        reason: '申请人不符合本事项申请条件',
        referTo: { office: '区民政局', phone: '010-1234' },
        appealRoute: '北京市朝阳区人民政府',
      }),
    );
    expect(result.case).toMatchObject({ status: 'refused', refusal: { referTo: { office: '区民政局', phone: '010-1234' } } });
  });

  it('refuses to accept a 私事 and writes nothing, not even the received event', async () => {
    const ctx = testContext();
    const before = await snapshot(ctx);
    const err = await recordIntake(ctx, intake(PRIVATE, { kind: 'accept', materialsPresent: [] })).catch((e: unknown) => e);
    expect(isStoreError(err, 'case/private-matter')).toBe(true);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('refuses a 承诺件 accepted without a deadline (the calendar could not compute one)', async () => {
    const ctx = testContext();
    const err = await recordIntake(ctx, intake(PROMISED, { kind: 'accept', materialsPresent: [] })).catch((e: unknown) => e);
    expect(isStoreError(err, 'case/deadline-mismatch')).toBe(true);
    expect(await ctx.db.cases.count()).toBe(0);
  });
});

describe('recordCaseAction', () => {
  it('takes a case from 一次性告知 through 补正 to acceptance and completion', async () => {
    const ctx = testContext();
    const opened = await recordIntake(
      ctx,
      intake(PROMISED, {
        kind: 'notice',
        missing: [
          { id: 'm2', name: '户口簿' },
          { id: 'm3', name: '收入证明' },
        ],
        legalBasis: '《中华人民共和国行政许可法》第三十二条',
        returnBy: '2026-11-30',
      }),
    );
    const id = opened.case.id;
    expect(opened.case.status).toBe('awaiting-supplement');

    // Partial supplement keeps it waiting for the rest.
    expect((await recordCaseAction(ctx, id, { kind: 'supplement', materialsProvided: ['m2'] })).case.status).toBe(
      'awaiting-supplement',
    );
    expect((await recordCaseAction(ctx, id, { kind: 'supplement', materialsProvided: ['m3'] })).case.status).toBe('received');
    const accepted = await recordCaseAction(ctx, id, { kind: 'accept', materialsPresent: ['m1', 'm2', 'm3'], deadline: '2026-12-07' });
    expect(accepted.case).toMatchObject({ status: 'accepted', deadline: '2026-12-07' });
    const done = await recordCaseAction(ctx, id, { kind: 'complete', resultNote: '已办结' });
    expect(done.case.status).toBe('completed');
    expect((await caseEventsOf(ctx.db, id)).map((e) => e.type).sort()).toEqual(
      ['accepted', 'completed', 'notice-issued', 'received', 'supplemented', 'supplemented'].sort(),
    );
  });

  it('writes nothing when the reducer refuses the action', async () => {
    const ctx = testContext();
    const opened = await recordIntake(ctx, intake(PROMISED, { kind: 'accept', materialsPresent: [], deadline: '2026-11-30' }));
    const before = await snapshot(ctx);
    const err = await recordCaseAction(ctx, opened.case.id, { kind: 'rate', level: 'satisfied' }).catch((e: unknown) => e);
    expect(isStoreError(err, 'case/not-completed')).toBe(true);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('forwards to a department and records its return before completion', async () => {
    const ctx = testContext();
    const { case: c } = await recordIntake(ctx, intake(PROMISED, { kind: 'accept', materialsPresent: [], deadline: '2026-11-30' }));
    expect((await recordCaseAction(ctx, c.id, { kind: 'forward', department: '民政科' })).case).toMatchObject({
      status: 'forwarded',
      forwardedTo: '民政科',
    });
    const err = await recordCaseAction(ctx, c.id, { kind: 'complete' }).catch((e: unknown) => e);
    expect(isStoreError(err, 'case/illegal-transition')).toBe(true);
    const back = await recordCaseAction(ctx, c.id, { kind: 'return', department: '民政科', outcome: 'result', note: '审核通过' });
    expect(back.case).toMatchObject({ status: 'accepted', lastReturn: { department: '民政科', outcome: 'result' } });
  });

  it('puts a dissatisfied rating with its reason on the follow-up list, and refuses one without a reason', async () => {
    const ctx = testContext();
    const { case: c } = await recordIntake(ctx, intake(IMMEDIATE, { kind: 'accept', materialsPresent: [], completeNow: {} }));
    const noReason = await recordCaseAction(ctx, c.id, { kind: 'rate', level: 'dissatisfied' }).catch((e: unknown) => e);
    expect(isStoreError(noReason, 'input/invalid')).toBe(true);
    const rated = await recordCaseAction(ctx, c.id, { kind: 'rate', level: 'dissatisfied', reason: '等候时间太长' });
    expect(rated.case.flags).toContain('needs-follow-up');
    expect(rated.case.rating).toMatchObject({ level: 'dissatisfied', reason: '等候时间太长' });
  });

  it("stamps an action after the case's last event even when the clock went back", async () => {
    let ms = Date.UTC(2026, 10, 23, 2, 0, 0);
    const clock = { now: () => ms, newId: fakeClock().newId };
    const ctx = testContext({ clock });
    const { case: c } = await recordIntake(ctx, intake(PROMISED, { kind: 'accept', materialsPresent: [], deadline: '2026-11-30' }));
    ms -= 60_000; // time sync moved the clock back a minute
    const done = await recordCaseAction(ctx, c.id, { kind: 'complete' });
    expect(done.case.status).toBe('completed');
    expect(Date.parse(done.events[0]?.at ?? '')).toBeGreaterThan(Date.parse(c.history.at(-1)?.at ?? ''));
  });

  it('cancels with a reason', async () => {
    const ctx = testContext();
    const { case: c } = await recordIntake(ctx, intake(PROMISED, { kind: 'accept', materialsPresent: [], deadline: '2026-11-30' }));
    const cancelled = await recordCaseAction(ctx, c.id, { kind: 'cancel', reason: '申请人撤回申请' });
    expect(cancelled.case).toMatchObject({ status: 'cancelled', cancellation: { reason: '申请人撤回申请' } });
  });
});

describe('deskCases', () => {
  it("lists the day's cases and cases still open from earlier days, but not earlier closed ones", async () => {
    const clock = fakeClock(Date.UTC(2026, 10, 20, 1, 0, 0)); // Friday 2026-11-20, 09:00 in Beijing
    const ctx = testContext({ clock });
    const oldOpen = await recordIntake(ctx, intake(PROMISED, { kind: 'accept', materialsPresent: [], deadline: '2026-11-27' }));
    const oldClosed = await recordIntake(ctx, intake(IMMEDIATE, { kind: 'accept', materialsPresent: [], completeNow: {} }));
    clock.tick(3 * 24 * 3600 * 1000); // Monday
    const todayClosed = await recordIntake(ctx, intake(PRIVATE, { kind: 'refer', place: '社区调解室' }));

    const ids = (await deskCases(ctx.db, '2026-11-23')).map((r) => r.id).sort();
    expect(ids).toEqual([oldOpen.case.id, todayClosed.case.id].sort());
    expect(ids).not.toContain(oldClosed.case.id);
    expect((await openCases(ctx.db)).map((r) => r.id)).toEqual([oldOpen.case.id]);
  });

  it('reads a page of each part: the earliest deadlines, the undated open cases, the day capped', async () => {
    const clock = fakeClock(Date.UTC(2026, 10, 20, 1, 0, 0));
    const ctx = testContext({ clock });
    const promised = (deadline: string) => recordIntake(ctx, intake(PROMISED, { kind: 'accept', materialsPresent: [], deadline }));
    const late = await promised('2026-12-20');
    const due = await promised('2026-11-24');
    const overdue = await promised('2026-11-21');
    // Accepted with no deadline (a 即办件 not finished on the spot): not in [status+deadline], beside dated ones.
    const undated = await recordIntake(ctx, intake(IMMEDIATE, { kind: 'accept', materialsPresent: [] }));
    const notice = (returnBy: string) =>
      recordIntake(ctx, intake(PROMISED, { kind: 'notice', missing: [{ id: 'm2', name: '户口簿' }], legalBasis: '行政许可法第三十二条', returnBy }));
    const notices = [await notice('2026-11-25'), await notice('2026-11-26'), await notice('2026-11-27')];
    clock.tick(3 * 24 * 3600 * 1000);
    const today = [];
    for (let i = 0; i < 3; i += 1) today.push(await recordIntake(ctx, intake(PRIVATE, { kind: 'refer', place: '社区调解室' })));

    const ids = new Set((await deskCases(ctx.db, '2026-11-23', { limit: 2 })).map((r) => r.id));
    expect(ids.has(overdue.case.id) && ids.has(due.case.id)).toBe(true);
    expect(ids.has(late.case.id)).toBe(false);
    expect(ids.has(undated.case.id)).toBe(true);
    expect(notices.filter((n) => ids.has(n.case.id))).toHaveLength(2);
    expect(today.filter((t) => ids.has(t.case.id))).toHaveLength(2);
    expect(ids.size).toBe(2 + 1 + 2 + 2);

    // Without a cap that bites, the desk is exactly today's cases plus every open one.
    const all = (await deskCases(ctx.db, '2026-11-23')).map((r) => r.id).sort();
    const expected = [late, due, overdue, undated, ...notices, ...today].map((r) => r.case.id).sort();
    expect(all).toEqual(expected);
  });
});
