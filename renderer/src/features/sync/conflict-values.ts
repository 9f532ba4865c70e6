import { maskIdNumber, maskPhone } from '@shared/domain/mask';
import { ID_DOCUMENT_TYPE_LABELS, RESIDENT_FIELD_LABELS, RESIDENT_FLAG_LABELS, SEX_LABELS, type IdDocumentType, type ResidentFlag, type Sex } from '@shared/domain/resident';
import type { ChoosableResidentField } from '../../store/conflict-resolution';

/** How the conflict list names a resident field. */
export const CONFLICT_FIELD_LABELS: Record<ChoosableResidentField, string> = RESIDENT_FIELD_LABELS;

/**
 * One side of a conflicting field as the lead sees it. ID numbers and phones are masked (they are on screen in
 * the hall); the rest is shown whole, since choosing between two spellings needs them. Values come from the
 * server's conflict record, so anything unexpected is shown as a placeholder rather than trusted.
 */
export function conflictValueText(field: ChoosableResidentField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  switch (field) {
    case 'document': {
      const doc = value as { type?: unknown; number?: unknown };
      if (typeof doc.number !== 'string') return '（无法显示）';
      const label = ID_DOCUMENT_TYPE_LABELS[doc.type as IdDocumentType] ?? '证件';
      return `${label} ${maskIdNumber(doc.number)}`;
    }
    case 'phone':
      return typeof value === 'string' ? maskPhone(value) : '（无法显示）';
    case 'address': {
      const a = value as { building?: unknown; unit?: unknown; room?: unknown };
      return [a.building, a.unit, a.room].filter((p) => typeof p === 'string' && p !== '').join(' ') || '（无法显示）';
    }
    case 'flags':
      return Array.isArray(value) ? value.map((f) => RESIDENT_FLAG_LABELS[f as ResidentFlag] ?? '其他').join('、') || '无' : '（无法显示）';
    case 'sex':
      return SEX_LABELS[value as Sex] ?? '（无法显示）';
    case 'name':
    case 'grid':
    case 'birthDate':
      return typeof value === 'string' ? value : '（无法显示）';
  }
}

/** True when two different values look the same once masked: the lead must check them on the resident page. */
export function differOnlyWhereMasked(field: ChoosableResidentField, a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b) && conflictValueText(field, a) === conflictValueText(field, b);
}
