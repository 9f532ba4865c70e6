import { useState, type FormEvent } from 'react';
import { STAFF_ROLE_LABELS } from '@shared/domain/staff/roles';
import type { StaffIdentity } from '@shared/domain/staff/staff';
import { APP_CREDENTIAL_DEPS, signIn } from '../../store/staff';
import type { StoreContext } from '../../store/store-context';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField } from '../../ui/FormField';
import { signInFailure } from './auth-errors';
import { useSession } from './session-store';
import { signOutAndReset } from './sign-out';

type Props = { base: StoreContext; who: StaffIdentity };

/**
 * Covers the screen after the idle time (or 锁定). Only the person signed in can unlock it, with their own PIN or
 * password (the same count and lockout as sign-in); anyone else can only sign that person out.
 */
export function LockScreen({ base, who }: Props) {
  const [secret, setSecret] = useState('');
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const unlock = useSession((s) => s.unlock);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await signIn(base, APP_CREDENTIAL_DEPS, { staffId: who.id, secret });
      unlock();
    } catch (err) {
      setFailure(signInFailure(err));
      setSecret('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <section className="card auth__card">
        <h2 id="lock-title">屏幕已锁定</h2>
        <p>
          当前登录：{who.name}（{STAFF_ROLE_LABELS[who.role]}）。请输入本人的 PIN 或密码解锁，未完成的工作会保留。
        </p>
        <form aria-label="解锁" onSubmit={(e) => void onSubmit(e)} noValidate>
          <FormField id="unlock-secret" label="PIN 或密码">
            <input id="unlock-secret" type="password" autoComplete="current-password" autoFocus value={secret} onChange={(e) => setSecret(e.target.value)} />
          </FormField>
          {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
          <div className="form-actions">
            <Button type="submit" variant="primary" disabled={busy || secret.length === 0}>
              {busy ? '正在验证…' : '解锁'}
            </Button>
            <Button onClick={signOutAndReset}>退出登录（换人）</Button>
          </div>
        </form>
      </section>
    </div>
  );
}
