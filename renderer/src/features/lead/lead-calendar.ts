import { bundledCalendar } from '@shared/domain/calendar/bundled-calendar';
import { hallDateOf } from '@shared/domain/case/hall-date';

/**
 * The working-day calendar of the shipped holiday files, for 超期/临期 on the board and the log. A year without
 * data makes those cases "时限未知", never a guess.
 */
export const leadCalendar = bundledCalendar();

export function hallDateAt(ms: number): string {
  return hallDateOf(new Date(ms).toISOString());
}
