import { z } from 'zod';
import { detectDocumentType } from '@shared/domain/id-document';
import { PhoneSchema, RESIDENT_NAME_MAX, ResidentFlagSchema, type IdDocument, type Resident, type ResidentFlag } from '@shared/domain/resident';
import { addIdDocumentIssue, checkedIdDocument, idDocumentFieldsShape, idDocumentOf } from './id-document-fields';

/**
 * The resident register form (居民 page and inline during intake), as the clerk fills it: every field a string
 * (or the flag list). Each message is Chinese and shown next to its field.
 */

const phoneField = z
  .string()
  .transform((v) => v.replace(/[\s\u3000]/g, ''))
  .superRefine((v, ctx) => {
    if (v === '') return;
    if (/^1\d*$/.test(v) && v.length !== 11) ctx.addIssue({ code: 'custom', message: '手机号码应为 11 位数字' });
    else if (!PhoneSchema.safeParse(v).success) {
      ctx.addIssue({ code: 'custom', message: '联系电话格式不正确，请填写手机号或带区号的固定电话（如 010-62345678）' });
    }
  });

export function residentFormSchema(today: string) {
  return z
    .object({
      name: z.string().trim().min(1, '请填写姓名').max(RESIDENT_NAME_MAX, `姓名不能超过 ${RESIDENT_NAME_MAX} 个字`),
      ...idDocumentFieldsShape,
      phone: phoneField,
      building: z.string().trim().max(32, '楼栋不能超过 32 个字'),
      unit: z.string().trim().max(16, '单元不能超过 16 个字'),
      room: z.string().trim().max(16, '室号不能超过 16 个字'),
      grid: z.string().trim().max(32, '网格不能超过 32 个字'),
      flags: z.array(ResidentFlagSchema),
    })
    .superRefine((v, ctx) => {
      addIdDocumentIssue(v, today, ctx);
      // An address is building + room (unit optional): half an address cannot be found again.
      const anyAddress = v.building !== '' || v.unit !== '' || v.room !== '';
      if (anyAddress && v.building === '') ctx.addIssue({ code: 'custom', path: ['building'], message: '填写住址时请填写楼栋' });
      if (anyAddress && v.room === '') ctx.addIssue({ code: 'custom', path: ['room'], message: '填写住址时请填写室号' });
    });
}
export type ResidentFormInput = z.input<ReturnType<typeof residentFormSchema>>;
export type ResidentFormValues = z.output<ReturnType<typeof residentFormSchema>>;

export const EMPTY_RESIDENT_FORM: ResidentFormInput = {
  name: '',
  documentType: 'resident-id',
  documentNumber: '',
  country: '',
  phone: '',
  building: '',
  unit: '',
  room: '',
  grid: '',
  flags: [],
};

/** Prefills from what the clerk typed in the search box: a document number, or the start of a name. */
export function residentFormDefaults(typed: string): ResidentFormInput {
  const q = typed.trim();
  const type = detectDocumentType(q);
  const looksLikeNumber = /\d/.test(q) && type !== undefined;
  return {
    ...EMPTY_RESIDENT_FORM,
    name: looksLikeNumber || /^\d+$/.test(q) ? '' : q,
    documentType: looksLikeNumber ? type : 'resident-id',
    documentNumber: looksLikeNumber ? q : '',
    flags: [],
  };
}

/** What the store needs to create a resident; written out here because ui/ does not import store/. */
export type ResidentDraft = {
  name: string;
  document: IdDocument;
  phone?: string;
  address?: Resident['address'];
  grid?: string;
  flags: ResidentFlag[];
  birthDate?: string;
  sex?: Resident['sex'];
};

/** Form values → the store's input. Birth date and sex come from the ID number where it encodes them. */
export function toResidentDraft(values: ResidentFormValues, today: string): ResidentDraft {
  const checked = checkedIdDocument(values, today);
  const resident: ResidentDraft = { name: values.name, document: idDocumentOf(checked), flags: values.flags };
  if (values.phone !== '') resident.phone = values.phone;
  if (values.building !== '' && values.room !== '') {
    resident.address = { building: values.building, room: values.room, ...(values.unit !== '' ? { unit: values.unit } : {}) };
  }
  if (values.grid !== '') resident.grid = values.grid;
  if (checked.birthDate !== undefined) resident.birthDate = checked.birthDate;
  if (checked.sex !== undefined) resident.sex = checked.sex;
  return resident;
}
