import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { messageFor } from '@shared/errors/messages.zh-CN';
import { STAFF_ROLE_LABELS } from '@shared/domain/staff/roles';
import { APP_CREDENTIAL_DEPS, hallClock, lockoutOf, signIn, signInRoster } from '../../store/staff';
import type { StoreContext } from '../../store/store-context';
import type { WorkstationConfig } from '../../store/workstation-config';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField } from '../../ui/FormField';
import { signInFailure } from './auth-errors';
import { useSession } from './session-store';
import './auth.css';

type Props = { base: StoreContext; config: WorkstationConfig };

/**
 * 工作人员登录: pick yourself from the hall's accounts and type your PIN or password. Checked offline against the
 * stored hash; five wrong in a row lock the account for 15 minutes, on this workstation, across reloads.
 */
export function SignInView({ base, config }: Props) {
  const roster = useLiveQuery(() => signInRoster(base.db, config.hallCode), [base.db, config.hallCode]);
  const [picked, setPicked] = useState('');
  const [secret, setSecret] = useState('');
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const startSession = useSession((s) => s.signIn);
  const staffId = picked || roster?.[0]?.id || '';
  // Re-read when the lockout rows change (a failed attempt here or in another window).
  const lock = useLiveQuery(async () => (staffId ? lockoutOf(base.db, base, staffId) : null), [base, staffId]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!staffId || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const who = await signIn(base, APP_CREDENTIAL_DEPS, { staffId, secret });
      startSession(who);
    } catch (err) {
      setFailure(signInFailure(err));
      setSecret('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth">
      <h1>一站 · 社区一站式办事</h1>
      <section className="card auth__card" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">工作人员登录</h2>
        <p className="muted">
          {config.hallName}（{config.hallCode}） · 窗口 {config.workstationCode}
        </p>
        {roster === undefined ? (
          <p className="muted">正在读取工作人员名单…</p>
        ) : roster.length === 0 ? (
          <ErrorNotice message="本工作站没有可登录的工作人员账号，请联系管理员" code="auth/unknown-staff" />
        ) : (
          <form aria-label="工作人员登录" onSubmit={(e) => void onSubmit(e)} noValidate>
            <FormField id="sign-in-staff" label="工作人员">
              <select
                id="sign-in-staff"
                value={staffId}
                onChange={(e) => {
                  setPicked(e.target.value);
                  setFailure(null);
                }}
              >
                {roster.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}（{STAFF_ROLE_LABELS[s.role]}）
                  </option>
                ))}
              </select>
            </FormField>
            <FormField id="sign-in-secret" label="密码或 PIN">
              <input
                id="sign-in-secret"
                type="password"
                autoComplete="current-password"
                autoFocus
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
              />
            </FormField>
            {lock?.locked ? (
              <p className="auth__lockout" data-testid="sign-in-lockout">
                {messageFor('auth/locked-out', { until: hallClock(lock.until) })}
              </p>
            ) : null}
            {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
            <div className="form-actions">
              <Button type="submit" variant="primary" disabled={busy || secret.length === 0}>
                {busy ? '正在验证…' : '登录'}
              </Button>
            </div>
          </form>
        )}
      </section>
    </main>
  );
}
