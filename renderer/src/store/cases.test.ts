import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@shared/domain/case/events';
import { OutboxOpSchema } from '@shared/sync/protocol';
import {
  appendCaseEvents,
  appendNewCase,
  caseEventsOf,
  casesForDay,
  casesForDayPage,
  countCasesForDay,
  findCaseByNumber,
  lastCaseNumberOf,
  nextCaseNumberFor,
} from './cases';
import { isStoreError } from './store-error';
import { testContext } from './test-support';
import { outboxOps } from './outbox';

type Ctx = ReturnType<typeof testContext>;

function envelope(ctx: Ctx, caseId: string, at: string) {
  return {
    id: ctx.newId(),
    caseId,
    at,
    actor: ctx.workstation.staffId,
    workstationId: ctx.workstation.workstationId,
    hallCode: ctx.workstation.hallCode,
  };
}

function received(ctx: Ctx, caseId: string, caseNumber: string, at = '2026-11-23T01:00:00.000Z'): CaseEvent {
  return {
    ...envelope(ctx, caseId, at),
    type: 'received',
    payload: {
      caseNumber,
      residentId: '00000000-0000-4000-8000-0000000000aa',
      matterCode: 'M001',
      matterName: '居住证明',
      triage: 'community',
      handling: 'immediate',
      timeLimitDays: 0,
      channel: 'counter',
    },
  };
}

function accepted(ctx: Ctx, caseId: string, at = '2026-11-23T01:05:00.000Z'): CaseEvent {
  return { ...envelope(ctx, caseId, at), type: 'accepted', payload: { materialsPresent: ['id-card'] } };
}

function completed(ctx: Ctx, caseId: string, at = '2026-11-23T01:10:00.000Z'): CaseEvent {
  return { ...envelope(ctx, caseId, at), type: 'completed', payload: {} };
}

async function counts(ctx: Ctx) {
  return {
    cases: await ctx.db.cases.count(),
    events: await ctx.db.caseEvents.count(),
    outbox: await ctx.db.outbox.count(),
    lastSeq: (await ctx.db.meta.get('outbox.lastSeq'))?.value,
  };
}

describe('appendCaseEvents', () => {
  it('writes the case row, its events and one op per event together', async () => {
    const ctx = testContext();
    const caseId = ctx.newId();
    const events = [received(ctx, caseId, 'GL0301-W02-20261123-0001'), accepted(ctx, caseId)];
    const { case: row, appended } = await appendCaseEvents(ctx, events);

    expect(appended).toHaveLength(2);
    expect(row).toMatchObject({ id: caseId, day: '2026-11-23', status: 'accepted', caseNumber: 'GL0301-W02-20261123-0001' });
    expect(await ctx.db.cases.get(caseId)).toEqual(row);
    expect((await caseEventsOf(ctx.db, caseId)).map((e) => e.type).sort()).toEqual(['accepted', 'received']);

    const ops = (await outboxOps(ctx.db)).map((o) => OutboxOpSchema.parse(o));
    expect(ops.map((o) => [o.seq, o.kind])).toEqual([
      [1, 'case-event'],
      [2, 'case-event'],
    ]);
    expect(ops.map((o) => o.payload)).toEqual(events);
  });

  it('folds later appends over the stored events', async () => {
    const ctx = testContext();
    const caseId = ctx.newId();
    await appendCaseEvents(ctx, [received(ctx, caseId, 'GL0301-W02-20261123-0001')]);
    await appendCaseEvents(ctx, [accepted(ctx, caseId)]);
    const { case: row } = await appendCaseEvents(ctx, [completed(ctx, caseId)]);
    expect(row.status).toBe('completed');
    expect(row.history.map((h) => h.type)).toEqual(['received', 'accepted', 'completed']);
  });

  it('refuses an event the reducer refuses, writing nothing', async () => {
    const ctx = testContext();
    const caseId = ctx.newId();
    await appendCaseEvents(ctx, [received(ctx, caseId, 'GL0301-W02-20261123-0001')]);
    const before = await counts(ctx);
    const err = await appendCaseEvents(ctx, [received(ctx, caseId, 'GL0301-W02-20261123-0001', '2026-11-23T02:00:00.000Z')]).catch(
      (e: unknown) => e,
    );
    expect(isStoreError(err, 'case/already-received')).toBe(true);
    expect(await counts(ctx)).toEqual(before);

    const orphan = await appendCaseEvents(ctx, [accepted(ctx, ctx.newId())]).catch((e: unknown) => e);
    expect(isStoreError(orphan, 'case/not-received')).toBe(true);
    expect(await counts(ctx)).toEqual(before);
  });

  it('leaves no case, event or op when the transaction fails midway', async () => {
    const ctx = testContext();
    const fail = () => {
      throw new Error('quota exceeded');
    };
    ctx.db.outbox.hook('creating', fail);
    const caseId = ctx.newId();
    await expect(appendCaseEvents(ctx, [received(ctx, caseId, 'GL0301-W02-20261123-0001')])).rejects.toThrow();
    ctx.db.outbox.hook('creating').unsubscribe(fail);
    expect(await counts(ctx)).toEqual({ cases: 0, events: 0, outbox: 0, lastSeq: undefined });
  });

  it('is idempotent for an event already stored, and refuses a different event under the same id', async () => {
    const ctx = testContext();
    const caseId = ctx.newId();
    const first = received(ctx, caseId, 'GL0301-W02-20261123-0001');
    await appendCaseEvents(ctx, [first]);
    const before = await counts(ctx);

    const again = await appendCaseEvents(ctx, [first]);
    expect(again.appended).toEqual([]);
    expect(await counts(ctx)).toEqual(before);

    const err = await appendCaseEvents(ctx, [{ ...first, actorName: '别人' }]).catch((e: unknown) => e);
    expect(isStoreError(err, 'case/duplicate-id-conflict')).toBe(true);
    expect(await counts(ctx)).toEqual(before);
  });

  it('refuses a case number another case already has', async () => {
    const ctx = testContext();
    await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W02-20261123-0001')]);
    const before = await counts(ctx);
    const err = await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W02-20261123-0001')]).catch((e: unknown) => e);
    expect(isStoreError(err, 'case/duplicate-number')).toBe(true);
    expect(await counts(ctx)).toEqual(before);
  });

  it('refuses events of two cases in one call', async () => {
    const ctx = testContext();
    const a = received(ctx, ctx.newId(), 'GL0301-W02-20261123-0001');
    const b = received(ctx, ctx.newId(), 'GL0301-W02-20261123-0002');
    const err = await appendCaseEvents(ctx, [a, b]).catch((e: unknown) => e);
    expect(isStoreError(err, 'case/wrong-case')).toBe(true);
  });
});

describe('appendNewCase', () => {
  it('draws the next number inside its transaction and writes the case, its events and their ops', async () => {
    const ctx = testContext();
    await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W02-20261123-0004')]);
    const caseId = ctx.newId();
    const drawn: string[] = [];
    const result = await appendNewCase(ctx, (caseNumber) => {
      drawn.push(caseNumber);
      return [received(ctx, caseId, caseNumber), accepted(ctx, caseId)];
    });
    expect(drawn).toEqual(['GL0301-W02-20261123-0005']);
    expect(result.case).toMatchObject({ id: caseId, caseNumber: 'GL0301-W02-20261123-0005', status: 'accepted' });
    expect(result.appended).toEqual(result.events);
    expect(await ctx.db.cases.get(caseId)).toEqual(result.case);
    expect(await counts(ctx)).toEqual({ cases: 2, events: 3, outbox: 3, lastSeq: 3 });
  });

  it('is refused by the unique index on a number already issued, and by the reducer, writing nothing', async () => {
    const ctx = testContext();
    await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W02-20261123-0001')]);
    const before = await counts(ctx);
    const caseId = ctx.newId();
    const clash = await appendNewCase(ctx, () => [received(ctx, caseId, 'GL0301-W02-20261123-0001')]).catch((e: unknown) => e);
    expect(isStoreError(clash, 'case/duplicate-number')).toBe(true);
    const twice = await appendNewCase(ctx, (n) => [received(ctx, caseId, n), completed(ctx, caseId)]).catch((e: unknown) => e);
    expect(isStoreError(twice)).toBe(true);
    expect(await counts(ctx)).toEqual(before);
    expect(await ctx.db.cases.get(caseId)).toBeUndefined();
  });
});

describe('case queries', () => {
  it("lists a day's cases through the [day+status] index", async () => {
    const ctx = testContext();
    const today1 = ctx.newId();
    const today2 = ctx.newId();
    await appendCaseEvents(ctx, [received(ctx, today1, 'GL0301-W02-20261123-0001'), accepted(ctx, today1)]);
    await appendCaseEvents(ctx, [received(ctx, today2, 'GL0301-W02-20261123-0002', '2026-11-23T03:00:00.000Z')]);
    // 23:30 Beijing time on the 22nd is still the 22nd's case.
    await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W02-20261122-0001', '2026-11-22T15:30:00.000Z')]);

    expect((await casesForDay(ctx.db, '2026-11-23')).map((c) => c.id).sort()).toEqual([today1, today2].sort());
    expect((await casesForDay(ctx.db, '2026-11-23', 'received')).map((c) => c.id)).toEqual([today2]);
    expect(await countCasesForDay(ctx.db, '2026-11-23')).toBe(2);
    expect(await countCasesForDay(ctx.db, '2026-11-22')).toBe(1);
    expect(await countCasesForDay(ctx.db, '2026-11-24')).toBe(0);
    expect((await findCaseByNumber(ctx.db, 'GL0301-W02-20261123-0002'))?.id).toBe(today2);
  });

  it("pages through a day's cases, optionally of one status", async () => {
    const ctx = testContext();
    for (let n = 1; n <= 7; n += 1) {
      const id = ctx.newId();
      const events = [received(ctx, id, `GL0301-W02-20261123-${String(n).padStart(4, '0')}`)];
      if (n % 2 === 0) events.push(accepted(ctx, id));
      await appendCaseEvents(ctx, events);
    }
    await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W02-20261122-0001', '2026-11-22T02:00:00.000Z')]);

    const whole = (await casesForDay(ctx.db, '2026-11-23')).map((c) => c.id);
    const pages = [];
    for (let offset = 0; offset < 9; offset += 3) pages.push((await casesForDayPage(ctx.db, '2026-11-23', { offset, limit: 3 })).map((c) => c.id));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(whole);
    expect((await casesForDayPage(ctx.db, '2026-11-23')).length).toBe(7);
    const accepted2 = await casesForDayPage(ctx.db, '2026-11-23', { status: 'accepted', limit: 2 });
    expect(accepted2.map((c) => c.status)).toEqual(['accepted', 'accepted']);
    expect(await countCasesForDay(ctx.db, '2026-11-23', 'accepted')).toBe(3);
  });

  it("issues the next number after this workstation's last one, ignoring other windows", async () => {
    const ctx = testContext();
    expect(await nextCaseNumberFor(ctx)).toEqual({ ok: true, caseNumber: 'GL0301-W02-20261123-0001' });
    await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W02-20261122-0007', '2026-11-22T02:00:00.000Z')]);
    await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W03-20261123-0009')]);
    expect(await lastCaseNumberOf(ctx.db, 'GL0301', 'W02')).toBe('GL0301-W02-20261122-0007');
    expect(await nextCaseNumberFor(ctx)).toEqual({ ok: true, caseNumber: 'GL0301-W02-20261123-0001' });
    await appendCaseEvents(ctx, [received(ctx, ctx.newId(), 'GL0301-W02-20261123-0001')]);
    expect(await nextCaseNumberFor(ctx)).toEqual({ ok: true, caseNumber: 'GL0301-W02-20261123-0002' });
  });
});
