import { z } from 'zod';
import { HALL_CODE_PATTERN, WORKSTATION_CODE_PATTERN } from '@shared/domain/case/case-number';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, secretProblem } from '@shared/domain/staff/credential';
import { messageFor } from '@shared/errors/messages.zh-CN';

/**
 * The administrator account made at first run: a name and a password typed twice. The password rule is the
 * shared one (shared/domain/staff/credential.ts), so the form and the store agree on what is acceptable.
 */
export const AdminAccountSchema = z
  .object({
    adminName: z.string().trim().min(1, '请填写管理员姓名').max(32, '姓名不能超过 32 个字'),
    password: z
      .string()
      .refine((v) => secretProblem('password', v) === null, messageFor('auth/password-length', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })),
    passwordConfirm: z.string(),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: '两次输入的密码不一致' });

/**
 * The first-run form. Codes are normalised the way clerks tend to type them (lower case, `2` for `W02`) and
 * then held to the case-number rules, because these two codes open every case number this window issues.
 */
export const SetupFormSchema = z
  .object({
    hallCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(HALL_CODE_PATTERN, '大厅编码为 2–10 位字母或数字，以字母开头，如 GL0301'),
    hallName: z.string().trim().min(1, '请填写大厅名称').max(64, '大厅名称不能超过 64 个字'),
    workstationCode: z
      .string()
      .trim()
      .toUpperCase()
      .transform((v) => (/^\d{1,2}$/.test(v) ? `W${v.padStart(2, '0')}` : v))
      .pipe(z.string().regex(WORKSTATION_CODE_PATTERN, '窗口编号为 W01–W99，如 W02')),
  })
  .and(AdminAccountSchema);
export type SetupFormInput = z.input<typeof SetupFormSchema>;
export type SetupFormValues = z.output<typeof SetupFormSchema>;
export type AdminAccountInput = z.input<typeof AdminAccountSchema>;
export type AdminAccountValues = z.output<typeof AdminAccountSchema>;
