import { z } from 'zod';

/**
 * The community's approved matter catalogue (准入事项目录): what the counter may accept, how (即办件/承诺件),
 * with which materials, and where each matter goes. Also the list of things residents often ask for that the
 * community must not provide (不予受理), each with the place to send the resident instead.
 *
 * `initials` are pinyin initials precomputed by scripts/gen-catalogue-initials.mjs (shared/ has no pinyin table).
 */

export const TRIAGE_CLASSES = ['government', 'community', 'private'] as const;
/** 三事分流: 政务 (handled here or forwarded), 居务 (the residents' committee's own work), 私事 (referred out). */
export const TriageClassSchema = z.enum(TRIAGE_CLASSES);
export type TriageClass = z.infer<typeof TriageClassSchema>;

export const TRIAGE_CLASS_LABELS: Record<TriageClass, string> = {
  government: '政务',
  community: '居务',
  private: '私事',
};

export const HANDLING_KINDS = ['immediate', 'promised'] as const;
export const HandlingSchema = z.enum(HANDLING_KINDS);
export type Handling = z.infer<typeof HandlingSchema>;

export const HANDLING_LABELS: Record<Handling, string> = { immediate: '即办件', promised: '承诺件' };

export const MATERIAL_REQUIREMENTS = ['mandatory', 'optional', 'deferrable'] as const;
/** `deferrable`: may be missing at acceptance and handed in later (容缺受理). */
export const MaterialRequirementSchema = z.enum(MATERIAL_REQUIREMENTS);
export type MaterialRequirement = z.infer<typeof MaterialRequirementSchema>;

export const MATERIAL_REQUIREMENT_LABELS: Record<MaterialRequirement, string> = {
  mandatory: '必须',
  optional: '视情况',
  deferrable: '可容缺',
};

const InitialsSchema = z.string().regex(/^[a-z0-9]{1,40}$/, 'initials must be lower-case letters or digits');

export const MaterialSchema = z.object({
  /** Stable within its matter; case records refer to materials by this id. */
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  name: z.string().trim().min(1).max(100),
  requirement: MaterialRequirementSchema,
  note: z.string().trim().min(1).max(200).optional(),
});
export type Material = z.infer<typeof MaterialSchema>;

export const DepartmentSchema = z.object({
  name: z.string().trim().min(1).max(60),
  /** 科室 or team within the department. */
  section: z.string().trim().min(1).max(40).optional(),
  /** Free text: a hotline such as 12345/12333, or a local number. */
  phone: z.string().trim().min(3).max(40),
  addressHint: z.string().trim().min(1).max(100).optional(),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const AliasSchema = z.object({
  /** What residents call the matter, e.g. 低保申请 for 最低生活保障申请受理. */
  name: z.string().trim().min(1).max(40),
  initials: InitialsSchema,
});
export type Alias = z.infer<typeof AliasSchema>;

export const MatterCodeSchema = z.string().regex(/^[A-Z]{2,4}-\d{3}$/, 'code must look like MZ-001');

export const MatterSchema = z
  .object({
    code: MatterCodeSchema,
    name: z.string().trim().min(1).max(60),
    initials: InitialsSchema,
    aliases: z.array(AliasSchema).max(10),
    /** Grouping for the picker, e.g. 社会救助. */
    category: z.string().trim().min(1).max(20),
    triage: TriageClassSchema,
    handling: HandlingSchema,
    /** Promised time limit in working days; 0 for 即办件. */
    timeLimitDays: z.number().int().min(0).max(180),
    materials: z.array(MaterialSchema),
    /** Responsible department (forwarding target) for 政务; the committee for 居务; the referral for 私事. */
    department: DepartmentSchema,
    /** 0 when free, otherwise the fee as text (e.g. 工本费 20 元). */
    fee: z.union([z.literal(0), z.string().trim().min(1).max(60)]),
    legalBasis: z.string().trim().min(1).max(300).optional(),
    note: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.handling === 'immediate' && m.timeLimitDays !== 0) {
      ctx.addIssue({ code: 'custom', path: ['timeLimitDays'], message: '即办件的承诺时限应为 0' });
    }
    if (m.handling === 'promised' && m.timeLimitDays === 0) {
      ctx.addIssue({ code: 'custom', path: ['timeLimitDays'], message: '承诺件须有大于 0 的承诺时限（工作日）' });
    }
    // Accepting a matter is an administrative act that needs a basis; only referrals of 私事 have none.
    if (m.triage !== 'private' && m.legalBasis === undefined) {
      ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: '政务、居务事项须注明办理依据' });
    }
    if (m.triage === 'private' && (m.handling !== 'immediate' || m.materials.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['triage'], message: '私事只做引导，不收材料、不设承诺时限' });
    }
    const ids = new Set<string>();
    m.materials.forEach((material, i) => {
      if (ids.has(material.id)) {
        ctx.addIssue({ code: 'custom', path: ['materials', i, 'id'], message: `材料编号 ${material.id} 重复` });
      }
      ids.add(material.id);
    });
  });
export type Matter = z.infer<typeof MatterSchema>;

export const NotAllowedMatterSchema = z.object({
  code: MatterCodeSchema,
  name: z.string().trim().min(1).max(60),
  initials: InitialsSchema,
  aliases: z.array(AliasSchema).max(10),
  /** Why the community does not accept it, told to the resident. */
  reason: z.string().trim().min(1).max(200),
  referTo: z.object({
    name: z.string().trim().min(1).max(60),
    addressHint: z.string().trim().min(1).max(100),
    phone: z.string().trim().min(3).max(40),
  }),
});
export type NotAllowedMatter = z.infer<typeof NotAllowedMatterSchema>;

/** The file's outer shape; entries are validated one by one so that one bad entry does not hide the rest. */
export const CatalogueFileSchema = z.object({
  version: z.string().trim().min(1).max(40),
  region: z.string().trim().min(1).max(100),
  publishedAt: z.iso.datetime(),
  matters: z.array(z.unknown()),
  notAllowed: z.array(z.unknown()),
});

export interface Catalogue {
  version: string;
  region: string;
  publishedAt: string;
  matters: Matter[];
  notAllowed: NotAllowedMatter[];
}
