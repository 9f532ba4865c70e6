import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { StaffIdentity } from '@shared/domain/staff/staff';
import { APP_CREDENTIAL_DEPS, createFirstAdmin } from '../../store/staff';
import type { StoreContext } from '../../store/store-context';
import { failureOf } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { AdminAccountFields } from './AdminAccountFields';
import { AdminAccountSchema, type AdminAccountInput, type AdminAccountValues } from './setup-form';

type Props = { base: StoreContext; onCreated: (admin: StaffIdentity) => void };

/**
 * A workstation set up before staff sign-in existed has no account anyone can sign in with: its setup named a
 * clerk but set no password. It asks once for an administrator, as first-run setup now does.
 */
export function FirstAdminView({ base, onCreated }: Props) {
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<AdminAccountInput, unknown, AdminAccountValues>({
    resolver: zodResolver(AdminAccountSchema),
    defaultValues: { adminName: '', password: '', passwordConfirm: '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      onCreated(await createFirstAdmin(base, APP_CREDENTIAL_DEPS, { name: values.adminName, password: values.password }));
    } catch (err) {
      setFailure(failureOf(err));
    }
  });
  return (
    <main className="setup">
      <h1>一站 · 社区一站式办事</h1>
      <section className="card setup__card" aria-labelledby="first-admin-title">
        <h2 id="first-admin-title">设置管理员账号</h2>
        <p className="muted">本工作站已升级为工作人员登录。请先设置管理员账号，之后各工作人员用自己的账号登录。</p>
        <form onSubmit={onSubmit} noValidate>
          <AdminAccountFields register={register} errors={errors} />
          {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
          <div className="form-actions">
            <Button type="submit" variant="primary" disabled={isSubmitting}>
              保存并登录
            </Button>
          </div>
        </form>
      </section>
    </main>
  );
}
