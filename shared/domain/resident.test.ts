import { describe, expect, it } from 'vitest';
import { IdDocumentSchema, ResidentSchema, phoneTailOf, type Resident } from './resident';

const base: Resident = {
  id: '3f0e6a52-8c1d-4c7e-9d2a-0b6a1f1e2d3c',
  name: '张三',
  document: { type: 'resident-id', number: '11010519491231002X' },
  phone: '13812345678',
  phoneTail: '5678',
  nameInitials: 'zs',
  address: { building: '3号楼', unit: '2单元', room: '502' },
  grid: 'G-03',
  flags: ['elderly'],
  birthDate: '1949-12-31',
  sex: 'female',
  createdAt: '2026-03-02T01:02:03.000Z',
  updatedAt: '2026-03-02T01:02:03.000Z',
  createdBy: 'clerk-1',
  workstationId: 'ws-1',
};

describe('ResidentSchema', () => {
  it('accepts a complete resident and survives a JSON round trip unchanged', () => {
    const parsed = ResidentSchema.parse(JSON.parse(JSON.stringify(base)));
    expect(parsed).toEqual(base);
  });

  it('accepts a minimal resident without optional fields', () => {
    const minimal = {
      id: base.id,
      name: base.name,
      document: base.document,
      flags: [],
      createdAt: base.createdAt,
      updatedAt: base.updatedAt,
      createdBy: base.createdBy,
      workstationId: base.workstationId,
    };
    expect(ResidentSchema.safeParse(minimal).success).toBe(true);
  });

  it('rejects duplicate flags, unknown flags and a non-ISO timestamp', () => {
    expect(ResidentSchema.safeParse({ ...base, flags: ['elderly', 'elderly'] }).success).toBe(false);
    expect(ResidentSchema.safeParse({ ...base, flags: ['vip'] }).success).toBe(false);
    expect(ResidentSchema.safeParse({ ...base, createdAt: '2026-03-02 01:02' }).success).toBe(false);
  });

  it('rejects a phone tail that is not four digits', () => {
    expect(ResidentSchema.safeParse({ ...base, phoneTail: '567' }).success).toBe(false);
  });
});

describe('IdDocumentSchema', () => {
  it('requires the country of a passport', () => {
    expect(IdDocumentSchema.safeParse({ type: 'passport', number: 'E12345678' }).success).toBe(false);
    expect(IdDocumentSchema.safeParse({ type: 'passport', number: 'E12345678', country: 'USA' }).success).toBe(true);
  });

  it('rejects numbers that are not in normalised form for their type', () => {
    expect(IdDocumentSchema.safeParse({ type: 'resident-id', number: '11010519491231002x' }).success).toBe(false);
    expect(IdDocumentSchema.safeParse({ type: 'hmt-residence', number: '11010519491231002X' }).success).toBe(false);
    expect(IdDocumentSchema.safeParse({ type: 'hk-macao-permit', number: 'H1234567' }).success).toBe(false);
    expect(IdDocumentSchema.safeParse({ type: 'hk-macao-permit', number: 'H12345678' }).success).toBe(true);
  });
});

describe('phoneTailOf', () => {
  it('takes the last four digits, ignoring separators', () => {
    expect(phoneTailOf('13812345678')).toBe('5678');
    expect(phoneTailOf('010-6234-5678')).toBe('5678');
    expect(phoneTailOf('12-3')).toBeUndefined();
  });
});
