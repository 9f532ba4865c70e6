import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, type ReactNode } from 'react';
import { activeRoleOf, DEFAULT_IDLE_LOCK_MINUTES, readIdleLockMinutes, sessionContext } from '../../store/staff';
import type { StoreContext } from '../../store/store-context';
import type { WorkstationConfig } from '../../store/workstation-config';
import { LockScreen } from './LockScreen';
import { useSession } from './session-store';
import { signOutAndReset } from './sign-out';
import { SignInView } from './SignInView';
import { useIdleLock } from './use-idle-lock';
import './auth.css';

type Props = {
  /** The workstation's context (no one signed in); the session's context is derived from it. */
  base: StoreContext;
  config: WorkstationConfig;
  /** The app, given a context that acts as the signed-in staff member. */
  children: (ctx: StoreContext) => ReactNode;
};

/**
 * Nothing of the app renders without a signed-in staff member. While signed in: the screen locks after the idle
 * time (the app stays mounted underneath, inert and covered, so half-done work survives the unlock), and the
 * session ends if the account is disabled by a sync meanwhile.
 */
export function SessionGate({ base, config, children }: Props) {
  const session = useSession((s) => s.session);
  const locked = useSession((s) => s.locked);
  const lock = useSession((s) => s.lock);
  const minutes = useLiveQuery(() => readIdleLockMinutes(base.db), [base.db]) ?? DEFAULT_IDLE_LOCK_MINUTES;
  // undefined while reading; null once the account is gone or disabled.
  const role = useLiveQuery(async () => (session ? activeRoleOf(base.db, session.id) : undefined), [base.db, session]);
  useEffect(() => {
    if (session && role === null) signOutAndReset();
  }, [session, role]);
  useIdleLock(session !== null && !locked, minutes, base.now, lock);
  const ctx = useMemo(() => (session ? sessionContext(base, session) : null), [base, session]);

  if (session === null || ctx === null) return <SignInView base={base} config={config} />;
  return (
    <>
      {/* The idle time in force, for diagnostics and tests: a saved setting reaches this read a moment after the form's. */}
      <div className="session-app" inert={locked} aria-hidden={locked ? true : undefined} data-idle-lock-minutes={minutes}>
        {children(ctx)}
      </div>
      {locked ? <LockScreen base={base} who={session} /> : null}
    </>
  );
}
