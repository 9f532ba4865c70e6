import type { ErrorCode } from '../errors/codes';
import { messageFor } from '../errors/messages.zh-CN';
import { daysInMonth, formatIsoDate, isIsoDate } from './calendar/iso-date';
import { ID_DOCUMENT_TYPE_LABELS, type IdDocumentType, type Sex } from './resident';

/**
 * Validation and normalisation of the identity documents accepted at the counter.
 *
 * Every rejection says what is wrong and where (1-based `position` in the normalised number), because the clerk
 * is usually re-typing from a card held up at the window.
 *
 * Deliberately lenient on region codes: we check only that a resident-ID number starts with 1–8 (the
 * provincial codes; 9 marks foreigners' permanent residence cards). There is no GB/T 2260 table, because region
 * codes are withdrawn when districts merge while the numbers issued under them stay valid for life, so a table
 * would turn away real residents.
 */

export interface IdDocumentInput {
  type: IdDocumentType;
  number: string;
  /** Passport issuing country; ignored for other types. */
  country?: string;
}

export interface ValidatedIdDocument {
  type: IdDocumentType;
  /** Normalised: no spaces, ASCII, upper case. */
  number: string;
  country?: string;
  /** 'YYYY-MM-DD' where the number encodes it. */
  birthDate?: string;
  sex?: Sex;
  /** Old formats still in circulation: 15-digit resident IDs, 10-digit HK/Macao and Taiwan permit numbers. */
  legacy?: boolean;
}

export interface IdDocumentProblem {
  ok: false;
  code: ErrorCode;
  /** Chinese text for the clerk, built from `code` and `details`. */
  message: string;
  details: Record<string, string | number>;
  /** 1-based position in the normalised number of the first character at fault. */
  position?: number;
}

export type IdDocumentResult = { ok: true; value: ValidatedIdDocument } | IdDocumentProblem;

export interface ValidateOptions {
  /** Today's date, 'YYYY-MM-DD', from the injected clock: birth dates after it are rejected. */
  today: string;
}

/** MOD 11-2 weights of GB 11643-1999 positions 1–17, i.e. 2^(18-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

const MIN_BIRTH_YEAR = 1900;

/**
 * Brings typed or scanned input into canonical form: drops whitespace (card readers append Enter; clerks type
 * groups with spaces), turns full-width characters from a Chinese IME into ASCII, and upper-cases (x → X).
 */
export function normaliseDocumentNumber(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of an 18-character number. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Converts a 15-digit resident ID to the 18-digit number the same person holds today (insert `19` before the
 * year, append the check character), so both forms of one resident can be matched.
 */
export function upgradeLegacyResidentId(number15: string): string {
  const n = normaliseDocumentNumber(number15);
  if (!/^\d{15}$/.test(n)) throw new RangeError('upgradeLegacyResidentId needs 15 digits');
  const first17 = `${n.slice(0, 6)}19${n.slice(6)}`;
  return first17 + checkCharacter(first17);
}

/**
 * Guesses the document type from a typed or scanned string, so the form can preselect it. Ambiguity: an
 * 8- or 10-digit number is taken as a Taiwan permit (passports that are all digits are usually 9 digits long);
 * the clerk can change the choice.
 */
export function detectDocumentType(input: string): IdDocumentType | undefined {
  const n = normaliseDocumentNumber(input);
  if (/^8[123]0000\d{11}[\dX]$/.test(n)) return 'hmt-residence';
  if (/^9\d{16}[\dX]$/.test(n)) return 'foreign-permanent';
  if (/^[1-8]\d{16}[\dX]$/.test(n)) return 'resident-id';
  if (/^[1-8]\d{14}$/.test(n)) return 'resident-id-legacy';
  if (/^[HM](\d{8}|\d{10})$/.test(n)) return 'hk-macao-permit';
  if (/^(\d{8}|\d{10})$/.test(n)) return 'taiwan-permit';
  if (/^[A-Z0-9]{5,20}$/.test(n)) return 'passport';
  return undefined;
}

export function validateIdDocument(input: IdDocumentInput, options: ValidateOptions): IdDocumentResult {
  if (!isIsoDate(options.today)) throw new RangeError('options.today must be a YYYY-MM-DD date');
  const number = normaliseDocumentNumber(input.number);
  if (number.length === 0) return problem('id-document/empty', {});
  switch (input.type) {
    case 'resident-id':
      return validateEighteen('resident-id', number, options);
    case 'hmt-residence':
      return validateEighteen('hmt-residence', number, options);
    case 'foreign-permanent':
      return validateEighteen('foreign-permanent', number, options);
    case 'resident-id-legacy':
      return validateLegacyResidentId(number, options);
    case 'hk-macao-permit':
      return validateHkMacaoPermit(number);
    case 'taiwan-permit':
      return validateTaiwanPermit(number);
    case 'passport':
      return validatePassport(number, input.country);
  }
}

type EighteenType = 'resident-id' | 'hmt-residence' | 'foreign-permanent';

function validateEighteen(type: EighteenType, number: string, options: ValidateOptions): IdDocumentResult {
  const label = ID_DOCUMENT_TYPE_LABELS[type];
  for (let i = 0; i < number.length; i += 1) {
    const ch = number[i]!;
    if (i === 17 && !/[\dX]/.test(ch)) {
      return problem('id-document/check-character', { char: ch }, 18);
    }
    if (i !== 17 && !/\d/.test(ch)) return problem('id-document/character', { char: ch, position: i + 1 }, i + 1);
  }
  if (number.length !== 18) {
    // A 15-digit number typed under 居民身份证 is almost always an old card: say so instead of "wrong length".
    if (type === 'resident-id' && /^\d{15}$/.test(number)) {
      return problem('id-document/wrong-type', { suggested: ID_DOCUMENT_TYPE_LABELS['resident-id-legacy'] });
    }
    return problem('id-document/length', { label, expected: 18, actual: number.length });
  }

  const prefixProblem = checkPrefix(type, number);
  if (prefixProblem) return prefixProblem;

  const birth = checkBirthDate(number.slice(6, 14), 7, options);
  if (!birth.ok) return birth;

  const expected = checkCharacter(number.slice(0, 17));
  const actual = number[17]!;
  if (expected !== actual) return problem('id-document/checksum', { expected, actual }, 18);

  const value: ValidatedIdDocument = { type, number, birthDate: birth.date };
  // The 17th digit's parity encodes sex in GB 11643; the published rules for the 2023 永居证 only state the
  // birth date and check character, so sex is not derived for it.
  if (type !== 'foreign-permanent') value.sex = Number(number[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value };
}

function checkPrefix(type: EighteenType, number: string): IdDocumentProblem | undefined {
  const hmt = /^8[123]0000/.test(number);
  if (type === 'resident-id') {
    if (hmt) return problem('id-document/wrong-type', { suggested: ID_DOCUMENT_TYPE_LABELS['hmt-residence'] });
    if (number[0] === '9') {
      return problem('id-document/wrong-type', { suggested: ID_DOCUMENT_TYPE_LABELS['foreign-permanent'] });
    }
    if (number[0] === '0') return problem('id-document/region', { char: '0' }, 1);
  }
  if (type === 'hmt-residence' && !hmt) {
    return problem('id-document/hmt-prefix', { prefix: number.slice(0, 6) }, firstDifference(number, ['810000', '820000', '830000']));
  }
  if (type === 'foreign-permanent' && number[0] !== '9') {
    return problem('id-document/foreign-prefix', { char: number[0]! }, 1);
  }
  return undefined;
}

/** 1-based position of the first character where `number` departs from the closest of the allowed prefixes. */
function firstDifference(number: string, prefixes: string[]): number {
  let best = 0;
  for (const prefix of prefixes) {
    let i = 0;
    while (i < prefix.length && number[i] === prefix[i]) i += 1;
    best = Math.max(best, i);
  }
  return best + 1;
}

/**
 * Checks an 8-digit YYYYMMDD birth date found at 1-based `start` in the number. Returns the ISO date or the
 * problem, naming the digits at fault.
 */
function checkBirthDate(
  yyyymmdd: string,
  start: number,
  options: ValidateOptions,
): { ok: true; date: string } | IdDocumentProblem {
  return checkDateParts(
    Number(yyyymmdd.slice(0, 4)),
    yyyymmdd.slice(4, 6),
    yyyymmdd.slice(6, 8),
    { year: [start, start + 3], month: [start + 4, start + 5], day: [start + 6, start + 7] },
    options,
  );
}

function checkDateParts(
  year: number,
  monthText: string,
  dayText: string,
  at: { year: [number, number]; month: [number, number]; day: [number, number] },
  options: ValidateOptions,
): { ok: true; date: string } | IdDocumentProblem {
  const month = Number(monthText);
  const day = Number(dayText);
  if (year < MIN_BIRTH_YEAR) {
    return problem('id-document/birth-too-early', { year, from: at.year[0], to: at.year[1] }, at.year[0]);
  }
  if (month < 1 || month > 12) {
    return problem('id-document/birth-month', { month: monthText, from: at.month[0], to: at.month[1] }, at.month[0]);
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return problem(
      'id-document/birth-day',
      { year, month, day: dayText, from: at.day[0], to: at.day[1] },
      at.day[0],
    );
  }
  const date = formatIsoDate(year, month, day);
  // ISO strings of equal length compare in date order.
  if (date > options.today) {
    return problem('id-document/birth-future', { date, from: at.year[0], to: at.day[1] }, at.year[0]);
  }
  return { ok: true, date };
}

function validateLegacyResidentId(number: string, options: ValidateOptions): IdDocumentResult {
  const label = ID_DOCUMENT_TYPE_LABELS['resident-id-legacy'];
  for (let i = 0; i < number.length; i += 1) {
    const ch = number[i]!;
    if (!/\d/.test(ch)) return problem('id-document/character', { char: ch, position: i + 1 }, i + 1);
  }
  if (number.length !== 15) {
    if (number.length === 18) {
      return problem('id-document/wrong-type', { suggested: ID_DOCUMENT_TYPE_LABELS['resident-id'] });
    }
    return problem('id-document/length', { label, expected: 15, actual: number.length });
  }
  if (number[0] === '0' || number[0] === '9') return problem('id-document/region', { char: number[0] }, 1);
  // 15-digit numbers carry a 2-digit year; they were issued from 1984 until 2004, always for births in 19YY.
  const birth = checkDateParts(
    1900 + Number(number.slice(6, 8)),
    number.slice(8, 10),
    number.slice(10, 12),
    { year: [7, 8], month: [9, 10], day: [11, 12] },
    options,
  );
  if (!birth.ok) return birth;
  return {
    ok: true,
    value: {
      type: 'resident-id-legacy',
      number,
      birthDate: birth.date,
      sex: Number(number[14]) % 2 === 1 ? 'male' : 'female',
      legacy: true,
    },
  };
}

/**
 * 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) + 8 digits since the 2013 card. The older booklet carried
 * 10 digits (the 8-digit person number + a 2-digit issue count); it is accepted and flagged legacy.
 */
function validateHkMacaoPermit(number: string): IdDocumentResult {
  const label = ID_DOCUMENT_TYPE_LABELS['hk-macao-permit'];
  if (number[0] !== 'H' && number[0] !== 'M') return problem('id-document/hk-macao-prefix', { char: number[0]! }, 1);
  for (let i = 1; i < number.length; i += 1) {
    const ch = number[i]!;
    if (!/\d/.test(ch)) return problem('id-document/character', { char: ch, position: i + 1 }, i + 1);
  }
  if (number.length !== 9 && number.length !== 11) {
    return problem('id-document/length', { label, expected: 9, actual: number.length });
  }
  const value: ValidatedIdDocument = { type: 'hk-macao-permit', number };
  if (number.length === 11) value.legacy = true;
  return { ok: true, value };
}

/**
 * 台湾居民来往大陆通行证: 8 digits since the 2015 card. Older booklets carried 10 digits (8 + a 2-digit issue
 * count); we accept them as legacy rather than force a resident with an unexpired old booklet away. Letter
 * suffixes some old booklets printed in brackets are not part of the number and are rejected, so the clerk
 * types only the digits.
 */
function validateTaiwanPermit(number: string): IdDocumentResult {
  const label = ID_DOCUMENT_TYPE_LABELS['taiwan-permit'];
  for (let i = 0; i < number.length; i += 1) {
    const ch = number[i]!;
    if (!/\d/.test(ch)) return problem('id-document/character', { char: ch, position: i + 1 }, i + 1);
  }
  if (number.length !== 8 && number.length !== 10) {
    return problem('id-document/length', { label, expected: 8, actual: number.length });
  }
  const value: ValidatedIdDocument = { type: 'taiwan-permit', number };
  if (number.length === 10) value.legacy = true;
  return { ok: true, value };
}

/**
 * Passports: number formats differ by country, so only 5–20 letters/digits are checked. The issuing country
 * is required, as an ISO 3166 alpha-3 code (`USA`) or a Chinese name (`美国`); it is not checked against a
 * list, only for shape.
 */
function validatePassport(number: string, rawCountry: string | undefined): IdDocumentResult {
  for (let i = 0; i < number.length; i += 1) {
    const ch = number[i]!;
    if (!/[A-Z0-9]/.test(ch)) return problem('id-document/passport-format', { char: ch, position: i + 1 }, i + 1);
  }
  if (number.length < 5 || number.length > 20) {
    return problem('id-document/length', { label: ID_DOCUMENT_TYPE_LABELS.passport, expected: '5–20', actual: number.length });
  }
  const country = normaliseCountry(rawCountry ?? '');
  if (country === undefined) return problem('id-document/passport-country', {});
  return { ok: true, value: { type: 'passport', number, country } };
}

function normaliseCountry(raw: string): string | undefined {
  const c = normaliseDocumentNumber(raw);
  if (/^[A-Z]{3}$/.test(c)) return c;
  // Chinese country names; the middle dot is allowed because some transliterations are written with one.
  if (/^[\p{Script=Han}·]{2,20}$/u.test(raw.trim())) return raw.trim();
  return undefined;
}

function problem(code: ErrorCode, details: Record<string, string | number>, position?: number): IdDocumentProblem {
  const p: IdDocumentProblem = { ok: false, code, message: messageFor(code, details), details };
  if (position !== undefined) p.position = position;
  return p;
}
