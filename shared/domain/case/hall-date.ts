/**
 * Event times are UTC instants; deadlines, 补正 dates and case numbers are hall-local dates. Every hall is in
 * mainland China, which has used UTC+8 all year since 1991, so a fixed offset is exact for any date we handle and
 * keeps `shared/` free of timezone databases and of the counter PC's (often wrong) timezone setting.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Hall-local `YYYY-MM-DD` of a UTC instant such as `2026-11-23T17:30:00.000Z` (→ `2026-11-24`). */
export function hallDateOf(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError('not an ISO instant');
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}
