import { useSession } from './session-store';

/**
 * Ends the session and reloads the page, which clears every screen's drafts and selections: the next person
 * at this window must not find the previous one's half-typed intake or open resident.
 */
export function signOutAndReset(): void {
  useSession.getState().signOut();
  window.location.reload();
}
