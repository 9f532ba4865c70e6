import type { StoreContext } from '../../store/store-context';
import { toPrintableCase, type PrintableCase, type PrintableHall } from '../../ui/documents/view-model';
import { catalogueMatter } from './case-reference';
import type { CaseData } from './use-case-data';

/** What the case's documents print, or null when the resident record is not on this workstation (yet). */
export function printableOf(data: CaseData, ctx: StoreContext, hall: PrintableHall): PrintableCase | null {
  const { row, events, resident } = data;
  if (resident === null) return null;
  const matter = catalogueMatter(row.matterCode);
  return toPrintableCase(
    row,
    events,
    { name: resident.name, document: resident.document, ...(resident.phone !== undefined ? { phone: resident.phone } : {}) },
    matter
      ? { code: matter.code, name: matter.name, ...(matter.legalBasis !== undefined ? { legalBasis: matter.legalBasis } : {}), materials: matter.materials }
      : undefined,
    hall,
    { id: ctx.workstation.staffId, name: ctx.workstation.clerkName ?? ctx.workstation.staffId },
  );
}
