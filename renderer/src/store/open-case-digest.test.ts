import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@shared/domain/case/events';
import { residentLabelOf } from '@shared/domain/resident-label';
import type { PullChange } from '@shared/sync/protocol';
import { appendCaseEvents } from './cases';
import { digestOf, readOpenCases, shardOf, DIGEST_SHARDS } from './open-case-digest';
import { createResident, updateResident } from './residents';
import type { YizhanDb } from './schema';
import { DexieSyncStore } from './sync-store';
import { pullInPages, pulledByStep, residentIdNumber, spreadFixtureCases, testContext } from './test-support';

/** What the digest must equal: built from scratch from the stored rows and residents (what the v7 upgrade does). */
async function rebuilt(db: YizhanDb) {
  const [rows, residents] = await Promise.all([db.cases.toArray(), db.residents.toArray()]);
  const names = new Map(residents.map((r) => [r.id, r.name]));
  return sorted(digestOf(rows, (id) => names.get(id)));
}

function sorted<T extends { status: string; deadline: string; shard: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => `${a.status} ${a.deadline} ${String(a.shard).padStart(2, '0')}`.localeCompare(`${b.status} ${b.deadline} ${String(b.shard).padStart(2, '0')}`));
}

/** Each row's label, and what it must be: its resident's as stored now (every resident here was stored before its cases). */
async function labels(db: YizhanDb) {
  const [rows, residents] = await Promise.all([db.cases.toArray(), db.residents.toArray()]);
  const byId = new Map(residents.map((r) => [r.id, residentLabelOf(r)]));
  return { stored: rows.map((r) => [r.id, r.residentLabel]), rebuilt: rows.map((r) => [r.id, byId.get(r.residentId)]) };
}

async function stored(db: YizhanDb) {
  return sorted(await db.openCases.toArray());
}

const fixtureCases = spreadFixtureCases;

describe('open-case digest', () => {
  it('spreads case ids over every shard', () => {
    const shards = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)));
    expect(shards.size).toBe(DIGEST_SHARDS);
  });

  it('matches the rows after the counter writes cases step by step', async () => {
    const ctx = testContext();
    const cases = fixtureCases();
    // Each case in two appends (its first event, then the rest), so rows move between digest rows and leave it.
    for (const events of cases) await appendCaseEvents(ctx, events.slice(0, 2));
    const early = await stored(ctx.db);
    expect(early.length).toBeGreaterThan(2);
    expect(early).toEqual(await rebuilt(ctx.db));
    for (const events of cases) if (events.length > 2) await appendCaseEvents(ctx, events.slice(2));
    expect(await stored(ctx.db)).toEqual(await rebuilt(ctx.db));
    // Some cases closed on the way: the digest holds exactly the open ones.
    const open = (await ctx.db.cases.toArray()).filter((r) => !['completed', 'refused', 'referred', 'cancelled'].includes(r.status));
    expect((await readOpenCases(ctx.db, null)).map((s) => s.caseId).sort()).toEqual(open.map((r) => r.id).sort());
    expect(open.length).toBeLessThan(cases.length);
  });

  it.each([
    ['in order', false],
    ['newest first', true],
  ])('matches the rows after pulled events, in pages, %s', async (_label, reversed) => {
    const ctx = testContext();
    await pullInPages(ctx.db, pulledByStep(fixtureCases(), reversed), async () => {
      expect(await stored(ctx.db)).toEqual(await rebuilt(ctx.db));
    });
  });

  it('lists by key range: the statuses listed whole, 即办件, and the accepted due by the given date', async () => {
    const ctx = testContext();
    for (const events of fixtureCases()) await appendCaseEvents(ctx, events);
    const all = await readOpenCases(ctx.db, null);
    const listed = await readOpenCases(ctx.db, '2026-11-24');
    const expected = all.filter((s) => !['accepted', 'forwarded'].includes(s.status) || s.deadline === undefined || s.deadline <= '2026-11-24');
    expect(listed.map((s) => s.caseId).sort()).toEqual(expected.map((s) => s.caseId).sort());
    expect(listed.length).toBeLessThan(all.length);
    expect(listed.some((s) => s.deadline === '2026-11-24')).toBe(true);
  });

  it('rolls back with a write that fails after it', async () => {
    const ctx = testContext();
    const [a, b] = fixtureCases().filter((events) => events[1]?.type === 'accepted');
    if (!a || !b) throw new Error('fixture without accepted cases');
    await appendCaseEvents(ctx, a.slice(0, 2));
    await appendCaseEvents(ctx, b.slice(0, 1));
    const before = await stored(ctx.db);
    const clash = { ...(b[1] as CaseEvent), id: (a[1] as CaseEvent).id };
    await expect(appendCaseEvents(ctx, [clash])).rejects.toThrow();
    expect(await stored(ctx.db)).toEqual(before);
  });

  it('keeps each open case’s masked resident name, and follows a rename', async () => {
    const ctx = testContext();
    const resident = await createResident(ctx, { name: '王秀英', document: { type: 'resident-id', number: residentIdNumber('11010519491231002') } });
    const cases = fixtureCases(() => resident.id);
    for (const events of cases) await appendCaseEvents(ctx, events);
    const names = new Set((await readOpenCases(ctx.db, null)).map((s) => s.residentMaskedName));
    expect(names).toEqual(new Set(['王**']));
    // Nothing whole is kept.
    expect(JSON.stringify(await ctx.db.openCases.toArray())).not.toContain('王秀英');

    await updateResident(ctx, resident.id, { name: '欧阳明' });
    expect(new Set((await readOpenCases(ctx.db, null)).map((s) => s.residentMaskedName))).toEqual(new Set(['欧**']));
    expect(await stored(ctx.db)).toEqual(await rebuilt(ctx.db));
    // The case rows, open or closed, take the new label in the same write.
    const after = await labels(ctx.db);
    expect(after.stored).toEqual(after.rebuilt);
    expect(new Set(after.stored.map(([, label]) => JSON.stringify(label)))).toEqual(new Set([JSON.stringify({ name: '欧**', document: '110105********002X' })]));
  });

  it('relabels the case rows when the document number changes; the digest, which keeps only the name, stays', async () => {
    const ctx = testContext();
    const resident = await createResident(ctx, { name: '王秀英', document: { type: 'resident-id', number: residentIdNumber('11010519491231002') } });
    for (const events of fixtureCases(() => resident.id)) await appendCaseEvents(ctx, events);
    const digest = await stored(ctx.db);
    await updateResident(ctx, resident.id, { document: { type: 'resident-id', number: residentIdNumber('44052419800101001') } });
    const after = await labels(ctx.db);
    expect(after.stored).toEqual(after.rebuilt);
    expect(new Set(after.stored.map(([, label]) => (label as { document: string }).document))).toEqual(new Set(['440524********0013']));
    expect(JSON.stringify(await ctx.db.cases.toArray())).not.toContain(residentIdNumber('44052419800101001'));
    expect(await stored(ctx.db)).toEqual(digest);
  });

  it('follows a rename pulled from another workstation, and leaves a case whose resident is not here unnamed', async () => {
    const ctx = testContext();
    const store = new DexieSyncStore(ctx.db, { now: () => Date.UTC(2026, 10, 23, 12) });
    const resident = await createResident(ctx, { name: '王秀英', document: { type: 'resident-id', number: residentIdNumber('11010519491231002') } });
    const cases = fixtureCases((k) => (k === 0 ? resident.id : 'resident-elsewhere'));
    for (const events of cases) await appendCaseEvents(ctx, events);
    const summaries = await readOpenCases(ctx.db, null);
    expect(summaries.filter((s) => s.residentId === 'resident-elsewhere').every((s) => s.residentMaskedName === undefined)).toBe(true);

    const later = '2795400000000-0000-other';
    await store.applyPulled(
      [{ kind: 'resident', cursor: '1', originDeviceId: null, payload: { residentId: resident.id, fields: { name: { value: '陈建国', hlc: later } } } } as PullChange],
      '1',
      'x',
    );
    const renamed = (await readOpenCases(ctx.db, null)).filter((s) => s.residentId === resident.id);
    expect(renamed.length).toBeGreaterThan(0);
    expect(new Set(renamed.map((s) => s.residentMaskedName))).toEqual(new Set(['陈**']));
    const rows = await ctx.db.cases.toArray();
    expect(rows.filter((r) => r.residentId === resident.id).map((r) => r.residentLabel?.name)).toEqual(rows.filter((r) => r.residentId === resident.id).map(() => '陈**'));
    expect(rows.filter((r) => r.residentId !== resident.id).every((r) => r.residentLabel === undefined)).toBe(true);
  });
});
