import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseNumberSchema, formatCaseNumber, nextCaseNumber, parseCaseNumber, type CaseNumberParts } from './case-number';

describe('formatCaseNumber / parseCaseNumber', () => {
  it('formats the documented example', () => {
    expect(formatCaseNumber({ hallCode: 'GL0301', workstationCode: 'W02', date: '2026-11-23', seq: 7 })).toEqual({
      ok: true,
      caseNumber: 'GL0301-W02-20261123-0007',
    });
  });

  it('parses it back', () => {
    expect(parseCaseNumber('GL0301-W02-20261123-0007')).toEqual({ hallCode: 'GL0301', workstationCode: 'W02', date: '2026-11-23', seq: 7 });
  });

  it.each([
    ['lower-case hall', { hallCode: 'gl0301' }],
    ['hall starting with a digit', { hallCode: '0301' }],
    ['one-letter hall', { hallCode: 'G' }],
    ['hall with a hyphen', { hallCode: 'GL-03' }],
    ['11-character hall', { hallCode: 'GL030100000' }],
    ['workstation W00', { workstationCode: 'W00' }],
    ['workstation without W', { workstationCode: '02' }],
    ['three-digit workstation', { workstationCode: 'W102' }],
    ['impossible date', { date: '2026-02-29' }],
    ['compact date', { date: '20261123' }],
    ['sequence 0', { seq: 0 }],
    ['fractional sequence', { seq: 1.5 }],
  ])('refuses a %s as invalid', (_label, override) => {
    const r = formatCaseNumber({ hallCode: 'GL0301', workstationCode: 'W02', date: '2026-11-23', seq: 7, ...override });
    expect(r).toMatchObject({ ok: false, code: 'case-number/invalid' });
  });

  it('runs out after 9999 a day', () => {
    expect(formatCaseNumber({ hallCode: 'GL0301', workstationCode: 'W02', date: '2026-11-23', seq: 9999 }).ok).toBe(true);
    expect(formatCaseNumber({ hallCode: 'GL0301', workstationCode: 'W02', date: '2026-11-23', seq: 10000 })).toMatchObject({
      ok: false,
      code: 'case-number/exhausted',
    });
  });

  it.each([
    'GL0301-W02-20261123-0000',
    'GL0301-W02-20260229-0001',
    'GL0301-W02-20261123-007',
    'GL0301-W02-2026-11-23-0007',
    'gl0301-W02-20261123-0007',
    ' GL0301-W02-20261123-0007',
    'GL0301-W2-20261123-0007',
    'GL0301W0220261123007',
  ])('does not parse %j', (s) => {
    expect(parseCaseNumber(s)).toBeNull();
    expect(CaseNumberSchema.safeParse(s).success).toBe(false);
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseCaseNumber('GL0301-W02-20280229-0001')?.date).toBe('2028-02-29');
  });
});

describe('nextCaseNumber', () => {
  const at = { hallCode: 'GL0301', workstationCode: 'W02', date: '2026-11-23' };

  it('starts at 0001', () => {
    expect(nextCaseNumber(null, at)).toEqual({ ok: true, caseNumber: 'GL0301-W02-20261123-0001' });
  });

  it('counts up within a day', () => {
    expect(nextCaseNumber('GL0301-W02-20261123-0041', at)).toEqual({ ok: true, caseNumber: 'GL0301-W02-20261123-0042' });
  });

  it('starts over on a new day', () => {
    expect(nextCaseNumber('GL0301-W02-20261120-0133', at)).toEqual({ ok: true, caseNumber: 'GL0301-W02-20261123-0001' });
  });

  it('refuses when the clock went back behind the last issued date', () => {
    expect(nextCaseNumber('GL0301-W02-20261124-0003', at)).toMatchObject({ ok: false, code: 'case-number/clock-behind' });
  });

  it('refuses another workstation or hall as the last number', () => {
    expect(nextCaseNumber('GL0301-W03-20261123-0003', at)).toMatchObject({ ok: false, code: 'case-number/foreign' });
    expect(nextCaseNumber('GL0302-W02-20261123-0003', at)).toMatchObject({ ok: false, code: 'case-number/foreign' });
  });

  it('refuses garbage and exhaustion', () => {
    expect(nextCaseNumber('nonsense', at)).toMatchObject({ ok: false, code: 'case-number/invalid' });
    expect(nextCaseNumber('GL0301-W02-20261123-9999', at)).toMatchObject({ ok: false, code: 'case-number/exhausted' });
  });
});

const hallArb = fc.stringMatching(/^[A-Z][A-Z0-9]{1,9}$/);
const wsArb = fc.integer({ min: 1, max: 99 }).map((n) => `W${String(n).padStart(2, '0')}`);
const dateArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const partsArb: fc.Arbitrary<CaseNumberParts> = fc.record({
  hallCode: hallArb,
  workstationCode: wsArb,
  date: dateArb,
  seq: fc.integer({ min: 1, max: 9999 }),
});

describe('case number properties', () => {
  it('round-trips format → parse → format', () => {
    fc.assert(
      fc.property(partsArb, (parts) => {
        const r = formatCaseNumber(parts);
        if (!r.ok) throw new Error(r.reason);
        expect(parseCaseNumber(r.caseNumber)).toEqual(parts);
        expect(CaseNumberSchema.safeParse(r.caseNumber).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never collides across workstations that issue independently over several days', () => {
    const planArb = fc.record({
      hallCodes: fc.uniqueArray(hallArb, { minLength: 1, maxLength: 2 }),
      workstations: fc.uniqueArray(wsArb, { minLength: 1, maxLength: 3 }),
      days: fc.uniqueArray(dateArb, { minLength: 1, maxLength: 3 }).map((d) => d.sort()),
      perDay: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 3 }),
    });
    fc.assert(
      fc.property(planArb, ({ hallCodes, workstations, days, perDay }) => {
        const issued: string[] = [];
        for (const hallCode of hallCodes) {
          for (const [w, workstationCode] of workstations.entries()) {
            let last: string | null = null;
            for (const date of days) {
              for (let i = 0; i < (perDay[w] ?? 0); i++) {
                const r = nextCaseNumber(last, { hallCode, workstationCode, date });
                if (!r.ok) throw new Error(r.reason);
                issued.push(r.caseNumber);
                last = r.caseNumber;
              }
            }
          }
        }
        expect(new Set(issued).size).toBe(issued.length);
      }),
      { numRuns: 100 },
    );
  });
});
