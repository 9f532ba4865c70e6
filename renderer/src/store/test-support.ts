import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { CaseEvent } from '@shared/domain/case/events';
import { caseEvents, CASE_PATHS, CLERKS } from '@shared/domain/daily-log/log-fixtures';
import { checkCharacter } from '@shared/domain/id-document';
import type { PullChange } from '@shared/sync/protocol';
import { YizhanDb } from './schema';
import { DexieSyncStore } from './sync-store';
import type { StoreClock, StoreContext } from './store-context';

/**
 * Helpers for store tests (node + fake-indexeddb). Each call gets its own IDBFactory, so tests share nothing,
 * not even database names.
 */

export function isolatedIndexedDb() {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

/** 2026-11-23 09:00 Beijing time; advances one second per reading so stamps and times are ordered. */
export const T0 = Date.UTC(2026, 10, 23, 1, 0, 0);

export function fakeClock(start = T0): StoreClock & { ids: number; tick(ms: number): void } {
  let ms = start;
  const clock = {
    ids: 0,
    now: () => {
      ms += 1000;
      return ms;
    },
    newId: () => {
      clock.ids += 1;
      return `00000000-0000-4000-8000-${clock.ids.toString(16).padStart(12, '0')}`;
    },
    tick: (delta: number) => {
      ms += delta;
    },
  };
  return clock;
}

export function testContext(options: { db?: YizhanDb; clock?: StoreClock } = {}): StoreContext {
  const db = options.db ?? new YizhanDb('yizhan-test', isolatedIndexedDb());
  const clock = options.clock ?? fakeClock();
  return {
    db,
    now: clock.now,
    newId: clock.newId,
    workstation: {
      hallCode: 'GL0301',
      workstationCode: 'W02',
      workstationId: '3f1c2b7e-0000-4000-8000-00000000aaaa',
      staffId: '3f1c2b7e-0000-4000-8000-00000000bbbb',
      clerkName: '李娜',
    },
  };
}

/** A valid 18-digit resident ID number built from its first 17 digits. */
export function residentIdNumber(first17: string): string {
  return first17 + checkCharacter(first17);
}

function hallAt(date: string, hhmm: string): string {
  return new Date(Date.parse(`${date}T${hhmm}:00.000+08:00`)).toISOString();
}

/**
 * Three cases of every fixture path (shared/domain/daily-log/log-fixtures.ts), received 16–18 Nov with deadlines
 * 24–26 Nov, so the tables derived from case rows (tally, open-case digest) get several rows each.
 */
export function spreadFixtureCases(residentId?: (k: number) => string): CaseEvent[][] {
  return CASE_PATHS.flatMap((path, i) =>
    [0, 1, 2].map((k) =>
      caseEvents({
        n: i * 10 + k,
        path,
        receivedAt: hallAt(`2026-11-${String(16 + k).padStart(2, '0')}`, '09:00'),
        clerk: CLERKS[k % 3] as (typeof CLERKS)[number],
        deadline: `2026-11-${24 + k}`,
        ...(residentId ? { residentId: residentId(k) } : {}),
      }),
    ),
  );
}

/**
 * The cases' events as pulled changes, by step across cases (every case's first event, then every second one…), so
 * pulled pages replace rows as well as add them; `newestFirst` reverses the order.
 */
export function pulledByStep(cases: readonly CaseEvent[][], newestFirst: boolean): PullChange[] {
  const bySteps = Array.from({ length: Math.max(...cases.map((c) => c.length)) }, (_, step) => cases.flatMap((c) => (c[step] ? [c[step]] : [])));
  const events = newestFirst ? bySteps.flat().reverse() : bySteps.flat();
  return events.map((payload, i) => ({ kind: 'case-event', cursor: String(i + 1), originDeviceId: null, payload }));
}

/**
 * Applies `changes` as pulled pages of 7, calling `check` after each page, then pulls them all again (a replay must
 * change nothing) and checks once more.
 */
export async function pullInPages(db: YizhanDb, changes: readonly PullChange[], check: () => Promise<void>): Promise<void> {
  const store = new DexieSyncStore(db, { now: () => Date.UTC(2026, 10, 23, 12) });
  for (let from = 0; from < changes.length; from += 7) {
    await store.applyPulled(changes.slice(from, from + 7), String(Math.min(changes.length, from + 7)), 'x');
    await check();
  }
  await store.applyPulled([...changes], String(changes.length), 'x');
  await check();
}
