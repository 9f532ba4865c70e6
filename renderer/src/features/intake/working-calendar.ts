import { bundledCalendar } from '@shared/domain/calendar/bundled-calendar';
import { hallDateOf } from '@shared/domain/case/hall-date';

/**
 * The working-day calendar of the shipped holiday files. Years the district publishes later would be merged in
 * with `withYears` once the store keeps them; until then a date in such a year is "unknown", never guessed.
 */
export const workingCalendar = bundledCalendar();

/** The hall-local date of the injected clock. */
export function hallToday(now: () => number): string {
  return hallDateOf(new Date(now()).toISOString());
}
