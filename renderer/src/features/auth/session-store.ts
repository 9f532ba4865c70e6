import { create } from 'zustand';
import type { StaffIdentity } from '@shared/domain/staff/staff';

/**
 * Who is signed in at this window, and whether the screen is locked. UI state, in memory only: a reload or a
 * restart forgets it and asks for a sign-in again (the safe default). The account itself stays in IndexedDB;
 * this holds only the identity the session acts as (store/staff.ts `sessionContext`).
 */
type SessionState = {
  session: StaffIdentity | null;
  /** The screen is covered and inert; the work behind it stays as it was until the same person unlocks. */
  locked: boolean;
  signIn: (who: StaffIdentity) => void;
  lock: () => void;
  unlock: () => void;
  /** Forget the session. The app then reloads, so nothing the previous person typed survives for the next. */
  signOut: () => void;
};

export const useSession = create<SessionState>()((set) => ({
  session: null,
  locked: false,
  signIn: (session) => set({ session, locked: false }),
  lock: () => set((s) => (s.session ? { locked: true } : s)),
  unlock: () => set({ locked: false }),
  signOut: () => set({ session: null, locked: false }),
}));
