import { loadBundledCatalogue } from '@shared/domain/catalogue/bundled-catalogue';
import { findMatter, searchMatters, searchNotAllowed } from '@shared/domain/catalogue/search-matters';
import type { Catalogue, Material, Matter, NotAllowedMatter } from '@shared/domain/catalogue/matter';
import type { IntakeMatter } from '../../store/intake-commands';
import type { MatterPick } from './intake-store';

/**
 * The catalogue the counter picks from: the one shipped with the build. (A district-pushed catalogue would be
 * merged here once the store keeps one.) A broken bundled file leaves an empty catalogue rather than a blank
 * screen: the clerk can still log a visit as a referral.
 */
const load = loadBundledCatalogue();
export const catalogue: Catalogue = load.ok
  ? load.catalogue
  : { version: '-', region: '-', publishedAt: new Date(0).toISOString(), matters: [], notAllowed: [] };

/** Code recorded for a visit about something neither in the catalogue nor on the not-allowed list. */
export const OUTSIDE_CATALOGUE_CODE = 'OTHER';

export type MatterHit = { kind: 'matter'; matter: Matter } | { kind: 'not-allowed'; matter: NotAllowedMatter };

const MAX_HITS = 30;

export function searchCatalogue(query: string): MatterHit[] {
  const matters = searchMatters(catalogue, query).map((matter): MatterHit => ({ kind: 'matter', matter }));
  // An empty query lists the catalogue only; the not-allowed list appears when the clerk types what was asked for.
  const notAllowed =
    query.trim() === '' ? [] : searchNotAllowed(catalogue, query).map((matter): MatterHit => ({ kind: 'not-allowed', matter }));
  return [...matters, ...notAllowed].slice(0, MAX_HITS);
}

/** Everything the later steps need about the picked matter. */
export type ResolvedMatter = {
  intake: IntakeMatter;
  materials: Material[];
  legalBasis?: string;
  department?: Matter['department'];
  /** Where a referral sends the resident, prefilled (首问负责制). */
  referral?: { place: string; phone?: string; note?: string };
  /** A not-allowed matter's reason, told to the resident. */
  notAllowedReason?: string;
};

export function resolveMatter(pick: MatterPick): ResolvedMatter | undefined {
  if (pick.source === 'other') {
    return {
      intake: { code: OUTSIDE_CATALOGUE_CODE, name: pick.name, triage: 'private', handling: 'immediate', timeLimitDays: 0 },
      materials: [],
    };
  }
  if (pick.source === 'not-allowed') {
    const na = catalogue.notAllowed.find((m) => m.code === pick.code);
    if (na === undefined) return undefined;
    return {
      // Not the hall's to accept, but a public matter all the same (it belongs to another office).
      intake: { code: na.code, name: na.name, triage: 'government', handling: 'immediate', timeLimitDays: 0 },
      materials: [],
      referral: { place: `${na.referTo.name}（${na.referTo.addressHint}）`, phone: na.referTo.phone, note: na.reason },
      notAllowedReason: na.reason,
    };
  }
  const m = findMatter(catalogue, pick.code);
  if (m === undefined) return undefined;
  const place = m.department.addressHint ? `${m.department.name}（${m.department.addressHint}）` : m.department.name;
  return {
    intake: { code: m.code, name: m.name, triage: m.triage, handling: m.handling, timeLimitDays: m.timeLimitDays },
    materials: m.materials,
    ...(m.legalBasis !== undefined ? { legalBasis: m.legalBasis } : {}),
    department: m.department,
    ...(m.triage === 'private' ? { referral: { place, phone: m.department.phone } } : {}),
  };
}

/** Does the pick go through the materials check (政务/居务 in the catalogue), or straight to a referral? */
export function needsMaterials(pick: MatterPick): boolean {
  if (pick.source !== 'catalogue') return false;
  return findMatter(catalogue, pick.code)?.triage !== 'private';
}
