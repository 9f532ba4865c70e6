import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { CREDENTIAL_KIND_LABELS, type CredentialKind } from '@shared/domain/staff/credential';
import { can } from '@shared/domain/staff/permissions';
import { STAFF_ROLE_LABELS, STAFF_ROLES, type StaffRole } from '@shared/domain/staff/roles';
import { APP_CREDENTIAL_DEPS, createLocalStaff, hallStaff, IDLE_LOCK_RANGE, readIdleLockMinutes, setIdleLockMinutes } from '../../store/staff';
import type { StoreContext } from '../../store/store-context';
import { failureOf } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField } from '../../ui/FormField';
import './settings.css';

type Props = { ctx: StoreContext };
type Failure = { message: string; code: string } | null;

/** 设置 (leads and admins): the idle lock, and the hall's accounts (admins may add a local one). */
export function SettingsPage({ ctx }: Props) {
  return (
    <div className="settings-page">
      <IdleLockSettings ctx={ctx} />
      <StaffList ctx={ctx} />
    </div>
  );
}

function IdleLockSettings({ ctx }: Props) {
  const stored = useLiveQuery(() => readIdleLockMinutes(ctx.db), [ctx.db]);
  const [draft, setDraft] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const value = draft ?? (stored === undefined ? '' : String(stored));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    setFailure(null);
    try {
      await setIdleLockMinutes(ctx, Number(value));
      // The draft stays as saved: dropping it would show the stored value, still the old one until the read
      // catches up, for a moment.
      setStatus(`已保存：无操作 ${value} 分钟后自动锁屏`);
    } catch (err) {
      setFailure(failureOf(err));
    }
  };

  return (
    <section className="card" aria-labelledby="settings-idle-title">
      <h2 id="settings-idle-title">自动锁屏</h2>
      <form aria-label="自动锁屏" onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormField id="settings-idle" label="无操作多少分钟后锁屏" hint={`${IDLE_LOCK_RANGE.min}–${IDLE_LOCK_RANGE.max} 分钟；解锁需输入本人 PIN 或密码，未完成的工作会保留`}>
          <input
            id="settings-idle"
            type="number"
            min={IDLE_LOCK_RANGE.min}
            max={IDLE_LOCK_RANGE.max}
            value={value}
            aria-describedby="settings-idle-hint"
            onChange={(e) => setDraft(e.target.value)}
          />
        </FormField>
        {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
        {status ? <p role="status" className="success-notice">{status}</p> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary">
            保存
          </Button>
        </div>
      </form>
    </section>
  );
}

function StaffList({ ctx }: Props) {
  const staff = useLiveQuery(() => hallStaff(ctx.db, ctx.workstation.hallCode), [ctx]);
  return (
    <section className="card" aria-labelledby="settings-staff-title">
      <h2 id="settings-staff-title">工作人员账号</h2>
      <p className="muted">全大厅的账号由区级管理员在区级服务器上添加，同步后即可在本机登录。</p>
      {staff === undefined ? null : (
        <table className="settings-staff" aria-label="工作人员">
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">角色</th>
              <th scope="col">登录方式</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{STAFF_ROLE_LABELS[s.role]}</td>
                <td>{CREDENTIAL_KIND_LABELS[s.credential.kind]}</td>
                <td>{s.active ? '可用' : '已停用'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can(ctx.workstation.role, 'staff.manage') ? <AddLocalStaff ctx={ctx} /> : null}
    </section>
  );
}

function AddLocalStaff({ ctx }: Props) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('clerk');
  const [kind, setKind] = useState<CredentialKind>('pin');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setStatus(null);
    setFailure(null);
    try {
      const who = await createLocalStaff(ctx, APP_CREDENTIAL_DEPS, { name: name.trim(), role, kind, secret });
      setStatus(`已添加：${who.name}（${STAFF_ROLE_LABELS[who.role]}）`);
      setName('');
      setSecret('');
    } catch (err) {
      setFailure(failureOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="settings-add-staff" aria-label="添加本机账号" onSubmit={(e) => void onSubmit(e)} noValidate>
      <h3>添加本机账号</h3>
      <p className="muted">仅保存在本工作站，不会同步到其他窗口。</p>
      <div className="form-row">
        <FormField id="staff-name" label="姓名">
          <input id="staff-name" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </FormField>
        <FormField id="staff-role" label="角色">
          <select id="staff-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {STAFF_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="staff-kind" label="登录方式">
          <select id="staff-kind" value={kind} onChange={(e) => setKind(e.target.value as CredentialKind)}>
            <option value="pin">6 位 PIN</option>
            <option value="password">密码</option>
          </select>
        </FormField>
        <FormField id="staff-secret" label={kind === 'pin' ? 'PIN' : '密码'}>
          <input id="staff-secret" type="password" autoComplete="new-password" value={secret} onChange={(e) => setSecret(e.target.value)} />
        </FormField>
      </div>
      {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
      {status ? <p role="status" className="success-notice">{status}</p> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={busy || name.trim() === '' || secret === ''}>
          {busy ? '正在保存…' : '添加账号'}
        </Button>
      </div>
    </form>
  );
}
