import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { StaffIdentity } from '@shared/domain/staff/staff';
import type { YizhanDb } from '../../store/schema';
import { APP_CREDENTIAL_DEPS, setUpWorkstation } from '../../store/staff';
import type { StoreClock } from '../../store/store-context';
import { failureOf } from '../../store/store-error';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import { AdminAccountFields } from './AdminAccountFields';
import { SetupFormSchema, type SetupFormInput, type SetupFormValues } from './setup-form';
import './setup.css';
import { currentDemoLink } from '../../platform/demo-link';

type SetupViewProps = {
  db: YizhanDb;
  clock: StoreClock;
  /** The administrator just created, already authenticated by choosing the password: the app signs them in. */
  onSetUp: (admin: StaffIdentity) => void;
};

/**
 * First run: which hall and window this PC is, and its administrator account. Saving it opens the app (App
 * watches meta). Clerks get their own accounts from the district server, or from the administrator (设置).
 */
export function SetupView({ db, clock, onSetUp }: SetupViewProps) {
  const [failure, setFailure] = useState<{ message: string; code: string } | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<SetupFormInput, unknown, SetupFormValues>({
    resolver: zodResolver(SetupFormSchema),
    // Opened by `npm start`'s demo link: the hall is the local district server's demo hall.
    defaultValues: { hallCode: currentDemoLink()?.hallCode ?? '', hallName: '', workstationCode: '', adminName: '', password: '', passwordConfirm: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const { admin } = await setUpWorkstation(db, clock, APP_CREDENTIAL_DEPS, values);
      onSetUp(admin);
    } catch (err) {
      setFailure(failureOf(err));
    }
  });

  return (
    <main className="setup">
      <h1>一站 · 社区一站式办事</h1>
      <section className="card setup__card" aria-labelledby="setup-title">
        <h2 id="setup-title">首次使用：设置本工作站</h2>
        <p className="muted">大厅编码和窗口编号会出现在本窗口出具的每一个办件编号中，请按区级管理员分配的填写。</p>
        <form onSubmit={onSubmit} noValidate>
          <FormField id="setup-hallCode" label="大厅编码" required error={errors.hallCode?.message} hint="如 GL0301">
            <input {...fieldAria('setup-hallCode', errors.hallCode?.message, true)} autoComplete="off" {...register('hallCode')} />
          </FormField>
          <FormField id="setup-hallName" label="大厅名称" required error={errors.hallName?.message}>
            <input {...fieldAria('setup-hallName', errors.hallName?.message)} autoComplete="off" {...register('hallName')} />
          </FormField>
          <FormField
            id="setup-workstationCode"
            label="窗口编号"
            required
            error={errors.workstationCode?.message}
            hint="W01–W99，如 W02"
          >
            <input
              {...fieldAria('setup-workstationCode', errors.workstationCode?.message, true)}
              autoComplete="off"
              {...register('workstationCode')}
            />
          </FormField>
          <AdminAccountFields register={register} errors={errors} />
          {failure ? <ErrorNotice message={failure.message} code={failure.code} /> : null}
          <div className="form-actions">
            <Button type="submit" variant="primary" disabled={isSubmitting}>
              {isSubmitting ? '正在保存…' : '保存并开始使用'}
            </Button>
          </div>
        </form>
      </section>
    </main>
  );
}
