import { bundledCalendar } from '@shared/domain/calendar/bundled-calendar';
import { hallDateOf } from '@shared/domain/case/hall-date';
import { loadBundledCatalogue } from '@shared/domain/catalogue/bundled-catalogue';
import { findMatter } from '@shared/domain/catalogue/search-matters';
import type { Matter } from '@shared/domain/catalogue/matter';

/**
 * Reference data the desk reads: the shipped working-day calendar and matter catalogue. Kept apart from the
 * intake feature's copy because features do not import each other; both come from the same shared loaders.
 */
export const deskCalendar = bundledCalendar();

const load = loadBundledCatalogue();

export function catalogueMatter(code: string): Matter | undefined {
  return load.ok ? findMatter(load.catalogue, code) : undefined;
}

export function hallToday(now: () => number): string {
  return hallDateOf(new Date(now()).toISOString());
}
