import { hallDateOf } from '@shared/domain/case/hall-date';
import { parseIsoDate } from '@shared/domain/calendar/iso-date';

/**
 * Every date and time printed on a document goes through here, so a receipt and a notice never disagree on the
 * format. Written as on official documents (GB/T 9704 公文格式): Arabic numerals, no leading zeros
 * ("2026年1月5日", not "2026年01月05日").
 *
 * There was no shared date-format module when this was written; if one appears it should absorb this file.
 */

/** `2026-11-23` → `2026年11月23日`. A malformed date is shown as given rather than as a wrong date. */
export function formatChineseDate(localDate: string): string {
  const p = parseIsoDate(localDate);
  if (!p) return localDate;
  return `${p.year}年${p.month}月${p.day}日`;
}

/** Hall-local (Beijing) date and time of a UTC instant: `2026-11-23T06:05:00Z` → `2026年11月23日 14:05`. */
export function formatChineseDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  // Same fixed UTC+8 as hallDateOf: the counter PC's timezone setting is not to be trusted.
  const hhmm = new Date(ms + 8 * 60 * 60 * 1000).toISOString().slice(11, 16);
  return `${formatChineseDate(hallDateOf(instant))} ${hhmm}`;
}

/** The blank a person fills in by hand beside a signature. */
export const HANDWRITTEN_DATE_BLANK = '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';
