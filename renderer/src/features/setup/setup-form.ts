import { z } from 'zod';
import { HALL_CODE_PATTERN, WORKSTATION_CODE_PATTERN } from '@shared/domain/case/case-number';

/**
 * The first-run form. Codes are normalised the way clerks tend to type them (lower case, `2` for `W02`) and
 * then held to the case-number rules, because these two codes open every case number this window issues.
 */
export const SetupFormSchema = z.object({
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
  clerkName: z.string().trim().min(1, '请填写办事员姓名').max(32, '姓名不能超过 32 个字'),
});
export type SetupFormInput = z.input<typeof SetupFormSchema>;
export type SetupFormValues = z.output<typeof SetupFormSchema>;
