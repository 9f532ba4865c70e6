import { z } from 'zod';
import { validateIdDocument, type ValidatedIdDocument } from '@shared/domain/id-document';
import { IdDocumentTypeSchema, type IdDocument, type IdDocumentType } from '@shared/domain/resident';

/**
 * The 证件类型 / 证件号码 / 签发国家 fields of every form that records a person (resident, 代办人). They are checked
 * with the shared rules (`validateIdDocument`), so every screen says the same thing about the same wrong number.
 * `today` is the hall-local date of the injected clock, since a birth date after it is refused.
 */
export const idDocumentFieldsShape = {
  documentType: IdDocumentTypeSchema,
  documentNumber: z.string(),
  country: z.string(),
};

export type IdDocumentFieldValues = { documentType: IdDocumentType; documentNumber: string; country: string };

/** Puts the shared rule's Chinese message on the field the clerk has to fix. */
export function addIdDocumentIssue(v: IdDocumentFieldValues, today: string, ctx: z.RefinementCtx): void {
  const checked = validateIdDocument({ type: v.documentType, number: v.documentNumber, country: v.country }, { today });
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', path: [checked.code === 'id-document/passport-country' ? 'country' : 'documentNumber'], message: checked.message });
  }
}

/** The checked document of values the form schema has already accepted (normalised number, birth date, sex). */
export function checkedIdDocument(v: IdDocumentFieldValues, today: string): ValidatedIdDocument {
  const checked = validateIdDocument({ type: v.documentType, number: v.documentNumber, country: v.country }, { today });
  if (!checked.ok) throw new Error('document was refused after the form accepted it');
  return checked.value;
}

export function idDocumentOf(v: ValidatedIdDocument): IdDocument {
  return v.country !== undefined ? { type: v.type, number: v.number, country: v.country } : { type: v.type, number: v.number };
}
