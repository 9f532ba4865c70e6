import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { checkCharacter } from '@shared/domain/id-document';
import { YizhanDb } from './schema';
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
