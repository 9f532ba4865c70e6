import { maskIdNumber, maskName } from './mask';
import type { Resident } from './resident';

/**
 * How a resident appears on lists others may see (the daily log, the hall board): the name and the document
 * number, both masked. The store keeps one on each case row (so a day's log reads no residents) and hands only
 * these to the log, so whole ID numbers never leave the store's query.
 */
export type ResidentLabel = { name: string; document: string };

export function residentLabelOf(resident: Pick<Resident, 'name'> & { document: Pick<Resident['document'], 'number'> }): ResidentLabel {
  return { name: maskName(resident.name), document: maskIdNumber(resident.document.number) };
}

export function sameLabel(a: ResidentLabel | undefined, b: ResidentLabel | undefined): boolean {
  return a?.name === b?.name && a?.document === b?.document;
}
