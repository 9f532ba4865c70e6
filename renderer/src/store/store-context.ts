import type { StaffRole } from '@shared/domain/staff/roles';
import type { YizhanDb } from './schema';

/**
 * What every store command needs, passed in rather than reached for: the database, the clock and the id
 * generator (fakes in tests, `Date.now` and time-ordered `newUuidV7` in the app), and who is writing.
 */
export type StoreClock = {
  /** Epoch milliseconds. */
  now: () => number;
  /** A fresh RFC 4122 uuid (case events require a version nibble, so not any random string). */
  newId: () => string;
};

export type WorkstationIdentity = {
  hallCode: string;
  /** `W01`–`W99`, the window's code in case numbers. */
  workstationCode: string;
  /** Device uuid: sync's deviceId and the HLC node id. */
  workstationId: string;
  staffId: string;
  clerkName?: string;
  /**
   * Set only in a signed-in session's context (store/staff.ts `sessionContext`): the staff member's role.
   * Commands write audit rows only for a session (store/audit.ts `auditsCommands`).
   */
  role?: StaffRole;
};

export type StoreContext = StoreClock & { db: YizhanDb; workstation: WorkstationIdentity };

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
