import { newUuidV7 } from '@shared/uuid-v7';
import { YizhanDb } from '../store/schema';
import type { StoreClock } from '../store/store-context';

/** The one database of this workstation. Tests open their own, under their own names. */
export const DB_NAME = 'yizhan';

export const appDb = new YizhanDb(DB_NAME);

export const appClock: StoreClock = {
  now: () => Date.now(),
  // Time-ordered: the district server indexes record ids (shared/uuid-v7.ts).
  newId: newUuidV7,
};

/**
 * Ask the browser not to evict this origin's storage under disk pressure: the outbox may hold a day of cases
 * that exist nowhere else yet. Electron grants it; a browser may decline, which changes nothing else.
 */
export function requestPersistentStorage(): void {
  void navigator.storage?.persist?.().catch(() => false);
}
