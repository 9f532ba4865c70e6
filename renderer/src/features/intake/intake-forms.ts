import { RESIDENT_NAME_MAX } from '@shared/domain/resident';
import { z } from 'zod';
import { detectDocumentType, validateIdDocument, type ValidatedIdDocument } from '@shared/domain/id-document';
import { IdDocumentTypeSchema, PhoneSchema, ResidentFlagSchema, type IdDocument, type IdDocumentType } from '@shared/domain/resident';
import type { Agent } from '@shared/domain/case/events';
import type { NewResident } from '../../store/residents';

/**
 * Form schemas of the intake screens. Each field's message is Chinese and is shown next to the field. ID
 * documents are checked with the shared rules (`validateIdDocument`), so every screen says the same thing about
 * the same wrong number. `today` is the hall-local date of the injected clock.
 */

function documentIssue(
  v: { documentType: IdDocumentType; documentNumber: string; country: string },
  today: string,
  ctx: z.RefinementCtx,
): void {
  const checked = validateIdDocument({ type: v.documentType, number: v.documentNumber, country: v.country }, { today });
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', path: [checked.code === 'id-document/passport-country' ? 'country' : 'documentNumber'], message: checked.message });
  }
}

/** The checked document of values the form schema has already accepted (normalised number, birth date, sex). */
function validatedDocument(type: IdDocumentType, number: string, country: string, today: string): ValidatedIdDocument {
  const checked = validateIdDocument({ type, number, country }, { today });
  if (!checked.ok) throw new Error('document was refused after the form accepted it');
  return checked.value;
}

function documentOf(v: ValidatedIdDocument): IdDocument {
  return v.country !== undefined ? { type: v.type, number: v.number, country: v.country } : { type: v.type, number: v.number };
}

const phoneField = z
  .string()
  .transform((v) => v.replace(/[\s\u3000]/g, ''))
  .superRefine((v, ctx) => {
    if (v === '') return;
    if (/^1\d*$/.test(v) && v.length !== 11) ctx.addIssue({ code: 'custom', message: '手机号码应为 11 位数字' });
    else if (!PhoneSchema.safeParse(v).success) ctx.addIssue({ code: 'custom', message: '电话格式不正确，请填写手机号或带区号的固定电话' });
  });

export function residentFormSchema(today: string) {
  return z
    .object({
      name: z.string().trim().min(1, '请填写姓名').max(RESIDENT_NAME_MAX, `姓名不能超过 ${RESIDENT_NAME_MAX} 个字`),
      documentType: IdDocumentTypeSchema,
      documentNumber: z.string(),
      country: z.string(),
      phone: phoneField,
      building: z.string().trim().max(32, '楼栋不能超过 32 个字'),
      unit: z.string().trim().max(16, '单元不能超过 16 个字'),
      room: z.string().trim().max(16, '室号不能超过 16 个字'),
      grid: z.string().trim().max(32, '网格不能超过 32 个字'),
      flags: z.array(ResidentFlagSchema),
    })
    .superRefine((v, ctx) => {
      documentIssue(v, today, ctx);
      const anyAddress = v.building !== '' || v.unit !== '' || v.room !== '';
      if (anyAddress && v.building === '') ctx.addIssue({ code: 'custom', path: ['building'], message: '填写住址时请填写楼栋' });
      if (anyAddress && v.room === '') ctx.addIssue({ code: 'custom', path: ['room'], message: '填写住址时请填写室号' });
    });
}
export type ResidentFormInput = z.input<ReturnType<typeof residentFormSchema>>;
export type ResidentFormValues = z.output<ReturnType<typeof residentFormSchema>>;

/** Prefills from what the clerk typed in the search box: a document number, or the start of a name. */
export function residentFormDefaults(typed: string): ResidentFormInput {
  const q = typed.trim();
  const type = detectDocumentType(q);
  const looksLikeNumber = /\d/.test(q) && type !== undefined;
  return {
    name: looksLikeNumber || /^\d+$/.test(q) ? '' : q,
    documentType: looksLikeNumber ? type : 'resident-id',
    documentNumber: looksLikeNumber ? q : '',
    country: '',
    phone: '',
    building: '',
    unit: '',
    room: '',
    grid: '',
    flags: [],
  };
}

export function toNewResident(values: ResidentFormValues, today: string): NewResident {
  const checked = validatedDocument(values.documentType, values.documentNumber, values.country, today);
  const resident: NewResident = { name: values.name, document: documentOf(checked), flags: values.flags };
  if (values.phone !== '') resident.phone = values.phone;
  if (values.building !== '' && values.room !== '') {
    resident.address = { building: values.building, room: values.room, ...(values.unit !== '' ? { unit: values.unit } : {}) };
  }
  if (values.grid !== '') resident.grid = values.grid;
  if (checked.birthDate !== undefined) resident.birthDate = checked.birthDate;
  if (checked.sex !== undefined) resident.sex = checked.sex;
  return resident;
}

export const AGENT_RELATIONS = ['配偶', '子女', '父母', '其他亲属', '受托人'] as const;

export function agentFormSchema(today: string) {
  return z
    .object({
      name: z.string().trim().min(1, '请填写代办人姓名'),
      documentType: IdDocumentTypeSchema,
      documentNumber: z.string(),
      country: z.string(),
      relation: z.string().trim().min(1, '请填写代办人与申请人的关系'),
    })
    .superRefine((v, ctx) => documentIssue(v, today, ctx));
}
export type AgentFormInput = z.input<ReturnType<typeof agentFormSchema>>;
export type AgentFormValues = z.output<ReturnType<typeof agentFormSchema>>;

export function toAgent(values: AgentFormValues, today: string): Agent {
  return {
    name: values.name,
    relation: values.relation,
    document: documentOf(validatedDocument(values.documentType, values.documentNumber, values.country, today)),
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
