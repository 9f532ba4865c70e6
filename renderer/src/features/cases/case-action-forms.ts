import { z } from 'zod';

/** Form schemas of the case page's actions; every message is Chinese and shows next to its field. */

export const SupplementFormSchema = z.object({
  materials: z.array(z.string()).min(1, '请勾选居民本次补交的材料'),
});
export type SupplementFormValues = z.output<typeof SupplementFormSchema>;

export const CompleteFormSchema = z.object({ resultNote: z.string().trim() });
export type CompleteFormValues = z.output<typeof CompleteFormSchema>;

export const ForwardFormSchema = z.object({
  department: z.string().trim().min(1, '请填写转办部门'),
  note: z.string().trim(),
});
export type ForwardFormValues = z.output<typeof ForwardFormSchema>;

export const ReturnFormSchema = z.object({
  outcome: z.enum(['result', 'sent-back'], { error: '请选择部门反馈类型' }),
  note: z.string().trim(),
});
export type ReturnFormValues = z.output<typeof ReturnFormSchema>;

export const CancelFormSchema = z.object({ reason: z.string().trim().min(1, '请填写撤销原因') });
export type CancelFormValues = z.output<typeof CancelFormSchema>;

/** Optional text left empty is not stored at all. */
export function optionalText(value: string): string | undefined {
  return value === '' ? undefined : value;
}

/** 不满意/非常不满意 need the resident's reason (the shared `RatedPayloadSchema` insists too). */
export const RatingReasonSchema = z.object({ reason: z.string().trim().min(1, '请填写不满意的原因') });
export type RatingReasonValues = z.output<typeof RatingReasonSchema>;
