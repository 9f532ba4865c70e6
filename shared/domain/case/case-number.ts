import { z } from 'zod';
import type { ErrorCode } from '../../errors/codes';

/**
 * 办件编号 (case number), printed on the receipt and read out over the hotline.
 *
 * Format: `{hall}-{workstation}-{YYYYMMDD}-{seq}`, e.g. `GL0301-W02-20261123-0007`.
 *  - hall: the hall code assigned by the district, 2–10 upper-case letters/digits starting with a letter.
 *  - workstation: `W` + two digits (W01–W99), unique inside a hall; assigned when the workstation is enrolled.
 *  - date: the hall-local (Beijing time) calendar date the number was issued.
 *  - seq: four digits, 0001–9999, counting up per workstation per day.
 *
 * Workstations never coordinate: uniqueness comes from the (hall, workstation) pair being unique and each
 * workstation never reusing a (date, seq). The parts are joined by `-`, which no part may contain, so parsing is
 * unambiguous. The date is issuance date, not acceptance date, and a number is never re-issued after cancelling.
 */

export const HALL_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,9}$/;
export const WORKSTATION_CODE_PATTERN = /^W(0[1-9]|[1-9]\d)$/;
export const CASE_NUMBER_PATTERN = /^([A-Z][A-Z0-9]{1,9})-(W(?:0[1-9]|[1-9]\d))-(\d{8})-(\d{4})$/;
export const MAX_DAILY_SEQUENCE = 9999;

export const HallCodeSchema = z.string().regex(HALL_CODE_PATTERN, 'hall code must be 2–10 upper-case letters/digits');
export const WorkstationCodeSchema = z.string().regex(WORKSTATION_CODE_PATTERN, 'workstation code must be W01–W99');
/** A hall-local calendar date, `YYYY-MM-DD`. */
export const LocalDateSchema = z.iso.date();

export type CaseNumberParts = {
  hallCode: string;
  workstationCode: string;
  /** `YYYY-MM-DD` */
  date: string;
  seq: number;
};

export type CaseNumberError = Extract<ErrorCode, `case-number/${string}`>;

export type CaseNumberResult =
  | { ok: true; caseNumber: string }
  | { ok: false; code: CaseNumberError; reason: string };

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] ?? 0);
}

function compactDate(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  return `${m[1]}${m[2]}${m[3]}`;
}

export function parseCaseNumber(input: string): CaseNumberParts | null {
  const m = CASE_NUMBER_PATTERN.exec(input);
  if (!m) return null;
  const [, hallCode, workstationCode, ymd, seqText] = m as unknown as [string, string, string, string, string];
  const y = Number(ymd.slice(0, 4));
  const mo = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  if (!isCalendarDate(y, mo, d)) return null;
  const seq = Number(seqText);
  if (seq < 1) return null;
  return { hallCode, workstationCode, date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, seq };
}

export function formatCaseNumber(parts: CaseNumberParts): CaseNumberResult {
  if (!HALL_CODE_PATTERN.test(parts.hallCode)) {
    return { ok: false, code: 'case-number/invalid', reason: `bad hall code ${JSON.stringify(parts.hallCode)}` };
  }
  if (!WORKSTATION_CODE_PATTERN.test(parts.workstationCode)) {
    return { ok: false, code: 'case-number/invalid', reason: `bad workstation code ${JSON.stringify(parts.workstationCode)}` };
  }
  const ymd = compactDate(parts.date);
  if (ymd === null) return { ok: false, code: 'case-number/invalid', reason: `bad date ${JSON.stringify(parts.date)}` };
  if (!Number.isInteger(parts.seq) || parts.seq < 1) {
    return { ok: false, code: 'case-number/invalid', reason: `bad sequence ${parts.seq}` };
  }
  if (parts.seq > MAX_DAILY_SEQUENCE) {
    return { ok: false, code: 'case-number/exhausted', reason: `sequence ${parts.seq} exceeds ${MAX_DAILY_SEQUENCE}` };
  }
  const seq = String(parts.seq).padStart(4, '0');
  return { ok: true, caseNumber: `${parts.hallCode}-${parts.workstationCode}-${ymd}-${seq}` };
}

export const CaseNumberSchema = z.string().refine((s) => parseCaseNumber(s) !== null, 'not a valid case number');

/**
 * The number after `last`, the most recent number this workstation issued (or null if none). A new day starts at
 * 0001. The caller must pass the workstation's latest number overall, not just today's, so that a clock set back
 * to a day already used is refused (`clock-behind`) instead of re-issuing that day's numbers.
 */
export function nextCaseNumber(
  last: string | null,
  at: { hallCode: string; workstationCode: string; date: string },
): CaseNumberResult {
  if (last === null) return formatCaseNumber({ ...at, seq: 1 });
  const prev = parseCaseNumber(last);
  if (prev === null) return { ok: false, code: 'case-number/invalid', reason: 'last case number does not parse' };
  if (prev.hallCode !== at.hallCode || prev.workstationCode !== at.workstationCode) {
    return { ok: false, code: 'case-number/foreign', reason: 'last case number belongs to another hall or workstation' };
  }
  // Plain string comparison is date order for YYYY-MM-DD.
  if (prev.date > at.date) {
    return { ok: false, code: 'case-number/clock-behind', reason: `today ${at.date} is before last issued ${prev.date}` };
  }
  return formatCaseNumber({ ...at, seq: prev.date === at.date ? prev.seq + 1 : 1 });
}
