import { z } from 'zod';
import type { Agent } from '@shared/domain/case/events';
import { addIdDocumentIssue, checkedIdDocument, idDocumentFieldsShape, idDocumentOf } from '../../ui/resident-form/id-document-fields';

/**
 * Form schemas of the intake screens. Each field's message is Chinese and is shown next to the field. The
 * resident register form is shared with the 居民 page (`ui/resident-form/resident-form.ts`); `today` is the
 * hall-local date of the injected clock.
 */

export const AGENT_RELATIONS = ['配偶', '子女', '父母', '其他亲属', '受托人'] as const;

export function agentFormSchema(today: string) {
  return z
    .object({
      name: z.string().trim().min(1, '请填写代办人姓名'),
      ...idDocumentFieldsShape,
      relation: z.string().trim().min(1, '请填写代办人与申请人的关系'),
    })
    .superRefine((v, ctx) => addIdDocumentIssue(v, today, ctx));
}
export type AgentFormInput = z.input<ReturnType<typeof agentFormSchema>>;
export type AgentFormValues = z.output<ReturnType<typeof agentFormSchema>>;

export function toAgent(values: AgentFormValues, today: string): Agent {
  return {
    name: values.name,
    relation: values.relation,
    document: idDocumentOf(checkedIdDocument(values, today)),
  };
}

const dateField = (label: string) => z.iso.date(`请填写${label}（年-月-日）`);

export function noticeFormSchema(today: string) {
  return z.object({
    legalBasis: z.string().trim().min(1, '请填写告知依据'),
    returnBy: dateField('补正期限').refine((d) => d >= today, '补正期限不能早于今天'),
  });
}
export type NoticeFormValues = z.output<ReturnType<typeof noticeFormSchema>>;

export function deferralFormSchema(today: string, deadline: string | undefined) {
  return z.object({
    dueDate: dateField('补交日期')
      .refine((d) => d >= today, '补交日期不能早于今天')
      .refine((d) => deadline === undefined || d <= deadline, '补交日期不能晚于承诺办结日期'),
    promiseText: z.string().trim().min(1, '请填写容缺承诺内容'),
  });
}
export type DeferralFormValues = z.output<ReturnType<typeof deferralFormSchema>>;

export const OTHER_REASON = '其他';

export const RefusalFormSchema = z
  .object({
    reasonChoice: z.string().min(1, '请选择不予受理理由'),
    reasonText: z.string().trim(),
    office: z.string().trim().min(1, '请填写应前往的部门'),
    address: z.string().trim(),
    phone: z.string().trim(),
    reviewBody: z.string().trim().min(1, '请填写行政复议机关'),
  })
  .superRefine((v, ctx) => {
    if (v.reasonChoice === OTHER_REASON && v.reasonText === '') {
      ctx.addIssue({ code: 'custom', path: ['reasonText'], message: '选择"其他"时请填写具体理由' });
    }
  });
export type RefusalFormInput = z.input<typeof RefusalFormSchema>;
export type RefusalFormValues = z.output<typeof RefusalFormSchema>;

export function refusalReason(v: RefusalFormValues): string {
  if (v.reasonChoice === OTHER_REASON) return v.reasonText;
  return v.reasonText === '' ? v.reasonChoice : `${v.reasonChoice}：${v.reasonText}`;
}

export const ReferralFormSchema = z.object({
  matterName: z.string().trim().min(1, '请填写居民所办事项'),
  place: z.string().trim().min(1, '请填写引导前往的地点或部门'),
  phone: z.string().trim(),
  note: z.string().trim(),
});
export type ReferralFormValues = z.output<typeof ReferralFormSchema>;
