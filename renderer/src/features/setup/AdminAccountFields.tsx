import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { PASSWORD_MIN_LENGTH } from '@shared/domain/staff/credential';
import { FormField, fieldAria } from '../../ui/FormField';

type AdminFields = { adminName: string; password: string; passwordConfirm: string };

type Props<T extends AdminFields> = {
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
};

/** 管理员姓名 and the password, typed twice: shared by first-run setup and the upgraded workstation's first admin. */
export function AdminAccountFields<T extends AdminFields>({ register, errors }: Props<T>) {
  // The three names exist on every T (the constraint); react-hook-form cannot see that through the generic.
  const reg = register as unknown as UseFormRegister<AdminFields>;
  const errs = errors as FieldErrors<AdminFields>;
  return (
    <fieldset className="setup__admin">
      <legend>管理员账号</legend>
      <p className="muted">管理员用密码登录本工作站，可设置本机、添加工作人员、查看操作审计。请牢记密码。</p>
      <FormField id="setup-adminName" label="管理员姓名" required error={errs.adminName?.message}>
        <input {...fieldAria('setup-adminName', errs.adminName?.message)} autoComplete="off" {...reg('adminName')} />
      </FormField>
      <FormField id="setup-password" label="管理员密码" required error={errs.password?.message} hint={`至少 ${PASSWORD_MIN_LENGTH} 个字符`}>
        <input {...fieldAria('setup-password', errs.password?.message, true)} type="password" autoComplete="new-password" {...reg('password')} />
      </FormField>
      <FormField id="setup-passwordConfirm" label="再次输入密码" required error={errs.passwordConfirm?.message}>
        <input {...fieldAria('setup-passwordConfirm', errs.passwordConfirm?.message)} type="password" autoComplete="new-password" {...reg('passwordConfirm')} />
      </FormField>
    </fieldset>
  );
}
