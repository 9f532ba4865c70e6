import { STAFF_ROLE_LABELS } from '@shared/domain/staff/roles';
import { useSession } from './session-store';
import { signOutAndReset } from './sign-out';

/** In the header: who is signed in, 锁定 for stepping away, 退出登录 at the end of a shift. */
export function SessionControls() {
  const session = useSession((s) => s.session);
  const lock = useSession((s) => s.lock);
  if (!session) return null;
  return (
    <div className="session-controls" aria-label="当前登录">
      <span data-testid="session-staff">
        {session.name}（{STAFF_ROLE_LABELS[session.role]}）
      </span>
      <button type="button" className="session-controls__button" onClick={lock}>
        锁定
      </button>
      <button type="button" className="session-controls__button" onClick={signOutAndReset}>
        退出登录
      </button>
    </div>
  );
}
