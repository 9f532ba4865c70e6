import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@shared/domain/case/events';
import { ON_TRACK_STATUSES } from '@shared/domain/daily-log/daily-log';
import { appendCaseEvents } from './cases';
import { countOnTrack, tallyDelta } from './case-tally';
import type { YizhanDb } from './schema';
import { pullInPages, pulledByStep, spreadFixtureCases, testContext } from './test-support';

/** What the tally must equal: the on-track cases counted on the index, entry by entry. */
async function indexCount(db: YizhanDb, through: string) {
  const counts = await Promise.all(
    ON_TRACK_STATUSES.map((s) => db.cases.where('[status+deadline]').between([s, through], [s, Dexie.maxKey], false, true).count()),
  );
  return Object.fromEntries(ON_TRACK_STATUSES.map((s, i) => [s, counts[i]]));
}

const THROUGHS = ['2026-11-01', '2026-11-23', '2026-11-26', '2026-11-27', '2026-12-05', '2027-01-01'];

const fixtureCases = () => spreadFixtureCases();

describe('case tally', () => {
  it('nets out a row that keeps its key, and a row that moves between keys', () => {
    const accepted = { status: 'accepted' as const, deadline: '2026-12-01' };
    expect([...tallyDelta([{ before: accepted, after: accepted }]).values()]).toEqual([]);
    expect([...tallyDelta([{ after: accepted }, { before: accepted, after: { ...accepted, status: 'forwarded' } }]).values()]).toEqual([
      { key: ['forwarded', '2026-12-01'], n: 1 },
    ]);
    expect([...tallyDelta([{ after: { status: 'received' } }, { after: { status: 'completed', deadline: '2026-12-01' } }]).values()]).toEqual([]);
  });

  it('matches the index after the counter writes cases step by step', async () => {
    const ctx = testContext();
    const cases = fixtureCases();
    // Each case in two appends (its first event, then the rest), so rows are replaced as well as added.
    for (const events of cases) await appendCaseEvents(ctx, events.slice(0, 2));
    for (const through of THROUGHS) expect(await countOnTrack(ctx.db, through)).toEqual(await indexCount(ctx.db, through));
    for (const events of cases) if (events.length > 2) await appendCaseEvents(ctx, events.slice(2));
    for (const through of THROUGHS) expect(await countOnTrack(ctx.db, through)).toEqual(await indexCount(ctx.db, through));
    expect((await countOnTrack(ctx.db, '2026-11-01')).accepted).toBeGreaterThan(0);
  });

  it.each([
    ['in order', false],
    ['newest first', true],
  ])('matches the index after pulled events, in pages, %s', async (_label, reversed) => {
    const ctx = testContext();
    await pullInPages(ctx.db, pulledByStep(fixtureCases(), reversed), async () => {
      for (const through of THROUGHS) expect(await countOnTrack(ctx.db, through)).toEqual(await indexCount(ctx.db, through));
    });
  });

  it('rolls back with a write that fails after it', async () => {
    const ctx = testContext();
    const [a, b] = fixtureCases().filter((events) => events[1]?.type === 'accepted');
    if (!a || !b) throw new Error('fixture without accepted cases');
    await appendCaseEvents(ctx, a.slice(0, 2));
    await appendCaseEvents(ctx, b.slice(0, 1));
    const before = await ctx.db.caseTally.toArray();
    // B's acceptance reuses the id of an event of A: the row and the tally are written, then the event insert fails.
    const clash = { ...(b[1] as CaseEvent), id: (a[1] as CaseEvent).id };
    await expect(appendCaseEvents(ctx, [clash])).rejects.toThrow();
    expect(await ctx.db.caseTally.toArray()).toEqual(before);
    expect((await ctx.db.cases.get((b[0] as CaseEvent).caseId))?.status).toBe('received');
  });
});
