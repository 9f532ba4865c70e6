import { RESIDENT_NAME_MAX } from '@shared/domain/resident';
import { z } from 'zod';
import { validateIdDocument, type ValidatedIdDocument } from '@shared/domain/id-document';
import {
  IdDocumentTypeSchema,
  PhoneSchema,
  ResidentFlagSchema,
  type IdDocument,
} from '@shared/domain/resident';
import type { NewResident } from '../../store/residents';

/**
 * The register form, as the clerk fills it: every field a string (or the flag list), then checked with the
 * shared ID-document rules so the message next to 证件号码 is the same one every screen shows. `today` comes from
 * the injected clock (hall-local date), since a birth date after it is refused.
 */
export function registerFormSchema(today: string) {
  return z
    .object({
      name: z.string().trim().min(1, '请填写姓名').max(RESIDENT_NAME_MAX, `姓名不能超过 ${RESIDENT_NAME_MAX} 个字`),
      documentType: IdDocumentTypeSchema,
      documentNumber: z.string(),
      country: z.string(),
      phone: z
        .string()
        .transform((v) => v.replace(/[\s\u3000]/g, ''))
        .superRefine((v, ctx) => {
          if (v === '') return;
          if (/^1\d*$/.test(v) && v.length !== 11) ctx.addIssue({ code: 'custom', message: '手机号码应为 11 位数字' });
          else if (!PhoneSchema.safeParse(v).success) {
            ctx.addIssue({ code: 'custom', message: '联系电话格式不正确，请填写手机号或带区号的固定电话（如 010-62345678）' });
          }
        }),
      building: z.string().trim().max(32, '楼栋不能超过 32 个字'),
      unit: z.string().trim().max(16, '单元不能超过 16 个字'),
      room: z.string().trim().max(16, '室号不能超过 16 个字'),
      flags: z.array(ResidentFlagSchema),
    })
    .superRefine((v, ctx) => {
      const checked = validateIdDocument({ type: v.documentType, number: v.documentNumber, country: v.country }, { today });
      if (!checked.ok) {
        const field = checked.code === 'id-document/passport-country' ? 'country' : 'documentNumber';
        ctx.addIssue({ code: 'custom', path: [field], message: checked.message });
      }
      // An address is building + room (unit optional): half an address cannot be found again.
      const anyAddress = v.building !== '' || v.unit !== '' || v.room !== '';
      if (anyAddress && v.building === '') ctx.addIssue({ code: 'custom', path: ['building'], message: '填写住址时请填写楼栋' });
      if (anyAddress && v.room === '') ctx.addIssue({ code: 'custom', path: ['room'], message: '填写住址时请填写室号' });
    });
}

export type RegisterFormInput = z.input<ReturnType<typeof registerFormSchema>>;
export type RegisterFormValues = z.output<ReturnType<typeof registerFormSchema>>;

export const EMPTY_REGISTER_FORM: RegisterFormInput = {
  name: '',
  documentType: 'resident-id',
  documentNumber: '',
  country: '',
  phone: '',
  building: '',
  unit: '',
  room: '',
  flags: [],
};

/** The normalised document of valid form values (the schema has already accepted them). */
export function documentOfForm(values: RegisterFormValues, today: string): ValidatedIdDocument {
  const checked = validateIdDocument({ type: values.documentType, number: values.documentNumber, country: values.country }, { today });
  if (!checked.ok) throw new Error('documentOfForm called with a document the form schema refused');
  return checked.value;
}

/** Form values → the store's input. Birth date and sex come from the ID number where it encodes them. */
export function toNewResident(values: RegisterFormValues, today: string): NewResident {
  const doc = documentOfForm(values, today);
  const document: IdDocument = doc.country !== undefined ? { type: doc.type, number: doc.number, country: doc.country } : { type: doc.type, number: doc.number };
  const resident: NewResident = { name: values.name, document, flags: values.flags };
  if (values.phone !== '') resident.phone = values.phone;
  if (values.building !== '' && values.room !== '') {
    resident.address = { building: values.building, room: values.room, ...(values.unit !== '' ? { unit: values.unit } : {}) };
  }
  if (doc.birthDate !== undefined) resident.birthDate = doc.birthDate;
  if (doc.sex !== undefined) resident.sex = doc.sex;
  return resident;
}
