import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkCharacter,
  detectDocumentType,
  normaliseDocumentNumber,
  upgradeLegacyResidentId,
  validateIdDocument,
  type IdDocumentResult,
} from './id-document';
import { IdDocumentSchema, NORMALISED_NUMBER_PATTERNS } from './resident';

const today = '2026-03-02';

/**
 * Independent ISO 7064 MOD 11-2: weights computed as 2^(17-i) mod 11 and the check value as (12 - S mod 11)
 * mod 11, rather than the production lookup tables.
 */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * Number(2n ** BigInt(17 - i) % 11n);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

function withCheck(first17: string): string {
  return first17 + referenceCheck(first17);
}

function wrongCheck(first17: string): { number: string; expected: string } {
  const expected = referenceCheck(first17);
  const wrong = expected === '0' ? '1' : '0';
  return { number: first17 + wrong, expected };
}

function expectProblem(result: IdDocumentResult) {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.value)}`);
  return result;
}

function expectValue(result: IdDocumentResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

describe('checkCharacter', () => {
  it('matches the textbook example 11010519491231002X', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('agrees with an independent implementation on random bodies', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (body) => checkCharacter(body) === referenceCheck(body)),
      { numRuns: 300 },
    );
  });
});

describe('validateIdDocument: 居民身份证 (18 digits)', () => {
  it('accepts the textbook number and derives birth date and sex (even 17th digit = female)', () => {
    expect(expectValue(validateIdDocument({ type: 'resident-id', number: '11010519491231002X' }, { today }))).toEqual({
      type: 'resident-id',
      number: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('normalises lower-case x, spaces and full-width digits', () => {
    const v = expectValue(validateIdDocument({ type: 'resident-id', number: ' １１0105 19491231 002x\n' }, { today }));
    expect(v.number).toBe('11010519491231002X');
  });

  it('derives male from an odd 17th digit', () => {
    const number = withCheck('32050219880517053');
    const v = expectValue(validateIdDocument({ type: 'resident-id', number }, { today }));
    expect(v).toMatchObject({ birthDate: '1988-05-17', sex: 'male' });
  });

  it('names the expected check character when it is wrong', () => {
    const p = expectProblem(validateIdDocument({ type: 'resident-id', number: '110105194912310021' }, { today }));
    expect(p).toMatchObject({ code: 'id-document/checksum', position: 18 });
    expect(p.message).toContain('校验位应为 X');
    expect(p.message).toContain('实际为 1');
  });

  it('reports the expected digit for a random body with a wrong check', () => {
    const { number, expected } = wrongCheck('44030419900307231');
    const p = expectProblem(validateIdDocument({ type: 'resident-id', number }, { today }));
    expect(p.code).toBe('id-document/checksum');
    expect(p.message).toContain(`校验位应为 ${expected}`);
  });

  it('detects a swap of two adjacent digits', () => {
    const good = withCheck('44030419900307231');
    const swapped = good.slice(0, 14) + good[15] + good[14] + good.slice(16);
    expect(swapped).not.toBe(good);
    expect(expectProblem(validateIdDocument({ type: 'resident-id', number: swapped }, { today })).code).toBe(
      'id-document/checksum',
    );
  });

  it('accepts Feb 29 in a leap year and rejects it in a common year, with the digits at fault', () => {
    expect(expectValue(validateIdDocument({ type: 'resident-id', number: withCheck('11010520000229001') }, { today })).birthDate).toBe(
      '2000-02-29',
    );
    const p = expectProblem(validateIdDocument({ type: 'resident-id', number: withCheck('11010519990229001') }, { today }));
    expect(p).toMatchObject({ code: 'id-document/birth-day', position: 13 });
    expect(p.message).toContain('1999年2月没有29日');
    expect(p.message).toContain('第13–14位');
  });

  it('rejects 1900-02-29 (century rule) and Feb 30', () => {
    expect(expectProblem(validateIdDocument({ type: 'resident-id', number: withCheck('11010519000229001') }, { today })).code).toBe(
      'id-document/birth-day',
    );
    expect(expectProblem(validateIdDocument({ type: 'resident-id', number: withCheck('11010519800230001') }, { today })).code).toBe(
      'id-document/birth-day',
    );
  });

  it('rejects month 13 and month 00 at positions 11–12', () => {
    for (const month of ['13', '00']) {
      const p = expectProblem(validateIdDocument({ type: 'resident-id', number: withCheck(`1101051980${month}15001`) }, { today }));
      expect(p).toMatchObject({ code: 'id-document/birth-month', position: 11 });
      expect(p.message).toContain(`“${month}”`);
    }
  });

  it('rejects a birth date after the injected today, but accepts today itself', () => {
    const p = expectProblem(validateIdDocument({ type: 'resident-id', number: withCheck('11010520260303001') }, { today }));
    expect(p.code).toBe('id-document/birth-future');
    expect(p.message).toContain('2026-03-03');
    expect(expectValue(validateIdDocument({ type: 'resident-id', number: withCheck('11010520260302001') }, { today })).birthDate).toBe(
      '2026-03-02',
    );
  });

  it('rejects births before 1900, like the GB 11643 example 440524188001010014', () => {
    expect(referenceCheck('44052418800101001')).toBe('4');
    const p = expectProblem(validateIdDocument({ type: 'resident-id', number: '440524188001010014' }, { today }));
    expect(p).toMatchObject({ code: 'id-document/birth-too-early', position: 7 });
  });

  it('points at the first non-digit and explains the check position separately', () => {
    const p = expectProblem(validateIdDocument({ type: 'resident-id', number: '1101O519491231002X' }, { today }));
    expect(p).toMatchObject({ code: 'id-document/character', position: 5 });
    expect(p.message).toContain('第5位“O”');
    const q = expectProblem(validateIdDocument({ type: 'resident-id', number: '11010519491231002Y' }, { today }));
    expect(q).toMatchObject({ code: 'id-document/check-character', position: 18 });
  });

  it('reports the length, and suggests the old-card type for 15 digits', () => {
    const p = expectProblem(validateIdDocument({ type: 'resident-id', number: '1101051949123100' }, { today }));
    expect(p.code).toBe('id-document/length');
    expect(p.message).toContain('当前为16位');
    expect(expectProblem(validateIdDocument({ type: 'resident-id', number: '110105491231002' }, { today })).code).toBe(
      'id-document/wrong-type',
    );
    expect(expectProblem(validateIdDocument({ type: 'resident-id', number: '' }, { today })).code).toBe('id-document/empty');
  });

  it('does not need the region in a table, but rejects a leading 0 and redirects 9 and 81/82/83', () => {
    // 999999 is not a real county, but the shape is fine: accepted on purpose.
    expect(validateIdDocument({ type: 'resident-id', number: withCheck('55999919800101001') }, { today }).ok).toBe(true);
    expect(expectProblem(validateIdDocument({ type: 'resident-id', number: withCheck('01010519800101001') }, { today }))).toMatchObject({
      code: 'id-document/region',
      position: 1,
    });
    const foreign = expectProblem(validateIdDocument({ type: 'resident-id', number: withCheck('91184019800101001') }, { today }));
    expect(foreign.message).toContain('外国人永久居留身份证');
    const hmt = expectProblem(validateIdDocument({ type: 'resident-id', number: withCheck('81000019800101001') }, { today }));
    expect(hmt.message).toContain('港澳台居民居住证');
  });

  it('produces only numbers that the stored-record schema accepts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.stringMatching(/^\d{5}$/),
        fc.integer({ min: 0, max: 365 * 120 }),
        fc.stringMatching(/^\d{3}$/),
        (lead, region, offset, seq) => {
          const d = new Date(Date.UTC(1906, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
          const result = validateIdDocument({ type: 'resident-id', number: withCheck(`${lead}${region}${d}${seq}`) }, { today });
          if (!result.ok) return false;
          return IdDocumentSchema.safeParse({ type: result.value.type, number: result.value.number }).success;
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('validateIdDocument: 15-digit legacy resident ID', () => {
  it('accepts it as legacy with a 19YY birth date and sex from the last digit', () => {
    expect(expectValue(validateIdDocument({ type: 'resident-id-legacy', number: '110105491231002' }, { today }))).toEqual({
      type: 'resident-id-legacy',
      number: '110105491231002',
      birthDate: '1949-12-31',
      sex: 'female',
      legacy: true,
    });
    expect(expectValue(validateIdDocument({ type: 'resident-id-legacy', number: '320502880517053' }, { today })).sex).toBe('male');
  });

  it('rejects an impossible date with positions for the 2-digit-year layout', () => {
    const p = expectProblem(validateIdDocument({ type: 'resident-id-legacy', number: '110105490229002' }, { today }));
    expect(p).toMatchObject({ code: 'id-document/birth-day', position: 11 });
    expect(p.message).toContain('1949年2月没有29日');
    expect(expectValue(validateIdDocument({ type: 'resident-id-legacy', number: '110105480229002' }, { today })).birthDate).toBe(
      '1948-02-29',
    );
  });

  it('upgrades to the 18-digit number the same person holds', () => {
    expect(upgradeLegacyResidentId('110105491231002')).toBe('11010519491231002X');
  });
});

describe('validateIdDocument: 港澳台居民居住证', () => {
  it('accepts 810000/820000/830000 numbers with a valid check', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      const v = expectValue(validateIdDocument({ type: 'hmt-residence', number: withCheck(`${prefix}19900101002`) }, { today }));
      expect(v).toMatchObject({ type: 'hmt-residence', birthDate: '1990-01-01', sex: 'female' });
    }
  });

  it('rejects another prefix and points at the first wrong digit', () => {
    const p = expectProblem(validateIdDocument({ type: 'hmt-residence', number: withCheck('81010019900101001') }, { today }));
    expect(p).toMatchObject({ code: 'id-document/hmt-prefix', position: 4 });
  });

  it('uses the same check algorithm', () => {
    const { number, expected } = wrongCheck('83000019900101001');
    expect(expectProblem(validateIdDocument({ type: 'hmt-residence', number }, { today })).message).toContain(
      `校验位应为 ${expected}`,
    );
  });
});

describe('validateIdDocument: 外国人永久居留身份证 (2023)', () => {
  it('accepts 9 + province + country + birth date + sequence + check, and derives the birth date', () => {
    const v = expectValue(validateIdDocument({ type: 'foreign-permanent', number: withCheck('91184019850704001') }, { today }));
    expect(v).toEqual({ type: 'foreign-permanent', number: withCheck('91184019850704001'), birthDate: '1985-07-04' });
  });

  it('requires the leading 9 and a valid check', () => {
    expect(expectProblem(validateIdDocument({ type: 'foreign-permanent', number: '11010519491231002X' }, { today }))).toMatchObject({
      code: 'id-document/foreign-prefix',
      position: 1,
    });
    const { number } = wrongCheck('91184019850704001');
    expect(expectProblem(validateIdDocument({ type: 'foreign-permanent', number }, { today })).code).toBe('id-document/checksum');
  });
});

describe('validateIdDocument: permits and passports', () => {
  it('accepts H/M + 8 digits, and the older 10-digit form as legacy', () => {
    expect(expectValue(validateIdDocument({ type: 'hk-macao-permit', number: 'h12345678' }, { today }))).toEqual({
      type: 'hk-macao-permit',
      number: 'H12345678',
    });
    expect(expectValue(validateIdDocument({ type: 'hk-macao-permit', number: 'M1234567801' }, { today })).legacy).toBe(true);
  });

  it('rejects a bad letter, a letter inside the digits and a wrong length', () => {
    expect(expectProblem(validateIdDocument({ type: 'hk-macao-permit', number: 'K12345678' }, { today }))).toMatchObject({
      code: 'id-document/hk-macao-prefix',
      position: 1,
    });
    expect(expectProblem(validateIdDocument({ type: 'hk-macao-permit', number: 'H1234S678' }, { today }))).toMatchObject({
      code: 'id-document/character',
      position: 6,
    });
    expect(expectProblem(validateIdDocument({ type: 'hk-macao-permit', number: 'H1234567' }, { today })).code).toBe(
      'id-document/length',
    );
  });

  it('accepts 8-digit Taiwan permits and 10-digit old ones as legacy, nothing else', () => {
    expect(expectValue(validateIdDocument({ type: 'taiwan-permit', number: '12345678' }, { today })).legacy).toBeUndefined();
    expect(expectValue(validateIdDocument({ type: 'taiwan-permit', number: '1234567801' }, { today })).legacy).toBe(true);
    expect(expectProblem(validateIdDocument({ type: 'taiwan-permit', number: '123456789' }, { today })).code).toBe(
      'id-document/length',
    );
    expect(expectProblem(validateIdDocument({ type: 'taiwan-permit', number: 'T2345678' }, { today })).position).toBe(1);
  });

  it('requires a passport country as ISO alpha-3 or a Chinese name', () => {
    expect(expectValue(validateIdDocument({ type: 'passport', number: 'e1234 5678', country: 'usa' }, { today }))).toEqual({
      type: 'passport',
      number: 'E12345678',
      country: 'USA',
    });
    expect(expectValue(validateIdDocument({ type: 'passport', number: 'X1234567', country: '大韩民国' }, { today })).country).toBe(
      '大韩民国',
    );
    expect(expectProblem(validateIdDocument({ type: 'passport', number: 'E12345678' }, { today })).code).toBe(
      'id-document/passport-country',
    );
    expect(expectProblem(validateIdDocument({ type: 'passport', number: 'E12345678', country: 'US' }, { today })).code).toBe(
      'id-document/passport-country',
    );
  });

  it('rejects passport numbers with symbols or outside 5–20 characters', () => {
    expect(expectProblem(validateIdDocument({ type: 'passport', number: 'E1234-5678', country: 'USA' }, { today }))).toMatchObject({
      code: 'id-document/passport-format',
      position: 6,
    });
    expect(expectProblem(validateIdDocument({ type: 'passport', number: 'E123', country: 'USA' }, { today })).code).toBe(
      'id-document/length',
    );
  });

  it('returns values that satisfy the stored-record schema for every type', () => {
    const inputs = [
      { type: 'resident-id', number: '11010519491231002X' },
      { type: 'resident-id-legacy', number: '110105491231002' },
      { type: 'hmt-residence', number: withCheck('82000019900101001') },
      { type: 'foreign-permanent', number: withCheck('91184019850704001') },
      { type: 'hk-macao-permit', number: 'M12345678' },
      { type: 'taiwan-permit', number: '12345678' },
      { type: 'passport', number: 'E12345678', country: 'USA' },
    ] as const;
    for (const input of inputs) {
      const v = expectValue(validateIdDocument(input, { today }));
      expect(IdDocumentSchema.safeParse({ type: v.type, number: v.number, country: v.country }).success).toBe(true);
      expect(NORMALISED_NUMBER_PATTERNS[v.type].test(v.number)).toBe(true);
    }
  });
});

describe('detectDocumentType', () => {
  it.each([
    ['11010519491231002X\r\n', 'resident-id'],
    ['11010519491231002x', 'resident-id'],
    ['110105491231002', 'resident-id-legacy'],
    [withCheck('81000019900101001'), 'hmt-residence'],
    [withCheck('91184019850704001'), 'foreign-permanent'],
    ['H12345678', 'hk-macao-permit'],
    ['m1234567801', 'hk-macao-permit'],
    ['12345678', 'taiwan-permit'],
    ['E12345678', 'passport'],
    ['123456789', 'passport'],
  ] as const)('%s → %s', (input, type) => {
    expect(detectDocumentType(input)).toBe(type);
  });

  it('returns undefined for input no document has', () => {
    expect(detectDocumentType('12-34')).toBeUndefined();
    expect(detectDocumentType('')).toBeUndefined();
  });
});

describe('normaliseDocumentNumber', () => {
  it('turns full-width input and ideographic spaces into ASCII upper case', () => {
    expect(normaliseDocumentNumber('ｈ１２３\u3000４５６７８')).toBe('H12345678');
  });
});
