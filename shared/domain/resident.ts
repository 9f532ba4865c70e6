import { z } from 'zod';

/**
 * Residents and the identity documents they present at the counter.
 *
 * These records go into IndexedDB and over the sync wire, so every field is plain JSON (strings, arrays,
 * objects); dates are ISO strings, never `Date`. Checksums, birth dates and the "not in the future" rule need a
 * clock and live in `id-document.ts` (`validateIdDocument`); the schemas here only check that a stored number
 * already has the normalised *shape* of its type, which keeps parsing a stored row free of a clock.
 */

export const ID_DOCUMENT_TYPES = [
  'resident-id',
  'resident-id-legacy',
  'hmt-residence',
  'foreign-permanent',
  'hk-macao-permit',
  'taiwan-permit',
  'passport',
] as const;

export const IdDocumentTypeSchema = z.enum(ID_DOCUMENT_TYPES);
export type IdDocumentType = z.infer<typeof IdDocumentTypeSchema>;

export const ID_DOCUMENT_TYPE_LABELS: Record<IdDocumentType, string> = {
  'resident-id': '居民身份证',
  'resident-id-legacy': '居民身份证（15位旧号码）',
  'hmt-residence': '港澳台居民居住证',
  'foreign-permanent': '外国人永久居留身份证',
  'hk-macao-permit': '港澳居民来往内地通行证',
  'taiwan-permit': '台湾居民来往大陆通行证',
  passport: '护照',
};

/**
 * Shape of a *normalised* number per type (upper case, no spaces). `id-document.ts` produces numbers of this
 * shape and checks the rest (check character, dates).
 */
export const NORMALISED_NUMBER_PATTERNS: Record<IdDocumentType, RegExp> = {
  'resident-id': /^[1-8]\d{16}[\dX]$/,
  'resident-id-legacy': /^[1-8]\d{14}$/,
  'hmt-residence': /^8[123]0000\d{11}[\dX]$/,
  'foreign-permanent': /^9\d{16}[\dX]$/,
  // H/M + 8 digits is the 2013 card; the older booklet had H/M + 10 digits and is still seen on old records.
  'hk-macao-permit': /^[HM](\d{8}|\d{10})$/,
  // 8 digits is the 2015 card; the older booklet numbers had 10 digits.
  'taiwan-permit': /^(\d{8}|\d{10})$/,
  passport: /^[A-Z0-9]{5,20}$/,
};

/**
 * Longest name the model accepts. Generous on purpose: transliterated minority and foreign names run long, and
 * the counter must store and print a name exactly as on the document rather than refuse the resident.
 */
export const RESIDENT_NAME_MAX = 200;

export const IdDocumentSchema = z
  .object({
    type: IdDocumentTypeSchema,
    number: z.string(),
    /** Issuing country of a passport: ISO 3166 alpha-3 (e.g. `USA`) or its Chinese name (e.g. `美国`). */
    country: z.string().trim().min(2).max(40).optional(),
  })
  .superRefine((doc, ctx) => {
    if (!NORMALISED_NUMBER_PATTERNS[doc.type].test(doc.number)) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: 'number is not a normalised number of its type' });
    }
    if (doc.type === 'passport' && doc.country === undefined) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: 'a passport needs its issuing country' });
    }
  });
export type IdDocument = z.infer<typeof IdDocumentSchema>;

export const RESIDENT_FLAGS = ['elderly', 'disabled', 'subsistence', 'hardship'] as const;
export const ResidentFlagSchema = z.enum(RESIDENT_FLAGS);
export type ResidentFlag = z.infer<typeof ResidentFlagSchema>;

export const RESIDENT_FLAG_LABELS: Record<ResidentFlag, string> = {
  elderly: '高龄',
  disabled: '残疾',
  subsistence: '低保',
  hardship: '困难家庭',
};

export const SexSchema = z.enum(['male', 'female']);
export type Sex = z.infer<typeof SexSchema>;

export const SEX_LABELS: Record<Sex, string> = { male: '男', female: '女' };

export const ResidentAddressSchema = z.object({
  /** 楼栋, e.g. `3号楼`. Free text: estates number buildings in many ways. */
  building: z.string().trim().min(1).max(32),
  /** 单元; absent for buildings without units. */
  unit: z.string().trim().min(1).max(16).optional(),
  /** 室, e.g. `502`. */
  room: z.string().trim().min(1).max(16),
});
export type ResidentAddress = z.infer<typeof ResidentAddressSchema>;

/** Mainland mobiles, landlines with area code, and +852/+853/+886 numbers of HMT residents. */
export const PhoneSchema = z.string().regex(/^\+?\d[\d-]{4,19}$/);

const IsoDateSchema = z.iso.date();
const IsoDateTimeSchema = z.iso.datetime({ offset: true });

export const ResidentSchema = z.object({
  // guid, not uuid: zod's uuid() insists on an RFC version nibble, and ids come from `newId()` on any device.
  id: z.guid(),
  name: z.string().trim().min(1).max(RESIDENT_NAME_MAX),
  document: IdDocumentSchema,
  phone: PhoneSchema.optional(),
  /** Last 4 digits of `phone`, kept as a field so the store can index 手机尾号 search. See `phoneTailOf`. */
  phoneTail: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  /** Pinyin initials of the name (e.g. `zsf` for 张三丰), computed by the caller; shared/ has no pinyin table. */
  nameInitials: z
    .string()
    .regex(/^[a-z]{1,64}$/)
    .optional(),
  address: ResidentAddressSchema.optional(),
  /** 网格 code of the community's grid management. */
  grid: z.string().trim().min(1).max(32).optional(),
  flags: z.array(ResidentFlagSchema).refine((flags) => new Set(flags).size === flags.length, 'duplicate flag'),
  birthDate: IsoDateSchema.optional(),
  sex: SexSchema.optional(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  createdBy: z.string().min(1),
  workstationId: z.string().min(1),
});
export type Resident = z.infer<typeof ResidentSchema>;

/**
 * How the UI names the resident fields a clerk edits (the audit list, the sync page's pending ops and conflicts).
 * Derived fields (phoneTail, nameInitials) and bookkeeping (createdAt…) are never named to a user.
 */
export const RESIDENT_FIELD_LABELS = {
  name: '姓名',
  document: '证件',
  phone: '联系电话',
  address: '住址',
  grid: '网格',
  flags: '特殊群体标记',
  birthDate: '出生日期',
  sex: '性别',
} as const satisfies Partial<Record<keyof Resident, string>>;

/** The 手机尾号 key for a phone number: its last four digits, or undefined when it has fewer. */
export function phoneTailOf(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : undefined;
}
