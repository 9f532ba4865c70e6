import { describe, expect, it } from 'vitest';
import { loadBundledCatalogue } from './bundled-catalogue';
import { loadCatalogue, type CatalogueLoad } from './load-catalogue';
import type { Catalogue, Matter } from './matter';
import { findMatter, searchMatters, searchNotAllowed } from './search-matters';

function catalogueOf(load: CatalogueLoad): Catalogue {
  if (!load.ok) throw new Error(`catalogue did not load: ${load.reason}`);
  return load.catalogue;
}

const bundled = loadBundledCatalogue();
const catalogue = catalogueOf(bundled);

const validMatter: Matter = {
  code: 'TS-001',
  name: '测试事项',
  initials: 'cssx',
  aliases: [],
  category: '测试',
  triage: 'government',
  handling: 'promised',
  timeLimitDays: 5,
  materials: [{ id: 'id-card', name: '居民身份证', requirement: 'mandatory' }],
  department: { name: '区民政局', phone: '12345' },
  fee: 0,
  legalBasis: '《测试条例》',
};

function fileWith(matters: unknown[], notAllowed: unknown[] = []) {
  return { version: 't', region: '测试区', publishedAt: '2026-01-01T00:00:00Z', matters, notAllowed };
}

describe('bundled catalogue', () => {
  it('loads without problems and has at least 30 matters plus a not-allowed list', () => {
    expect(bundled.ok && bundled.problems).toEqual([]);
    expect(catalogue.matters.length).toBeGreaterThanOrEqual(30);
    expect(catalogue.notAllowed.length).toBeGreaterThanOrEqual(10);
  });

  it('covers all three triage classes and both handling kinds', () => {
    const triage = new Set(catalogue.matters.map((m) => m.triage));
    expect([...triage].sort()).toEqual(['community', 'government', 'private']);
    expect(catalogue.matters.some((m) => m.handling === 'immediate')).toBe(true);
    expect(catalogue.matters.some((m) => m.handling === 'promised' && m.timeLimitDays > 0)).toBe(true);
    expect(catalogue.matters.some((m) => m.materials.some((x) => x.requirement === 'deferrable'))).toBe(true);
  });

  it('sends the classic unlawful certificates elsewhere', () => {
    const crime = searchNotAllowed(catalogue, '无犯罪记录')[0];
    expect(crime?.referTo.name).toContain('派出所');
    expect(searchNotAllowed(catalogue, '亲属关系证明')[0]?.referTo.name).toContain('派出所');
  });
});

describe('loadCatalogue', () => {
  it('keeps good entries and reports a bad one with its position, code and reason', () => {
    const bad = { ...validMatter, code: 'TS-002', handling: 'immediate', timeLimitDays: 5 };
    const load = loadCatalogue(fileWith([validMatter, bad]));
    expect(load.ok).toBe(true);
    if (!load.ok) return;
    expect(load.catalogue.matters.map((m) => m.code)).toEqual(['TS-001']);
    expect(load.problems).toHaveLength(1);
    expect(load.problems[0]).toMatchObject({ code: 'catalogue/invalid-entry', list: 'matters', index: 2, matterCode: 'TS-002' });
    expect(load.problems[0]?.reason).toContain('timeLimitDays');
    expect(load.problems[0]?.message).toContain('第2条（TS-002）');
  });

  it('reports entries that are not even objects', () => {
    const load = loadCatalogue(fileWith([42, validMatter]));
    expect(load.ok && load.problems.map((p) => [p.index, p.matterCode])).toEqual([[1, undefined]]);
  });

  it('rejects a government matter without legal basis, a promised matter without days and duplicate material ids', () => {
    const noBasis: Partial<Matter> = { ...validMatter };
    delete noBasis.legalBasis;
    const cases = [
      noBasis,
      { ...validMatter, timeLimitDays: 0 },
      { ...validMatter, materials: [validMatter.materials[0], validMatter.materials[0]] },
      { ...validMatter, triage: 'private' },
      { ...validMatter, code: 'ts-1' },
      { ...validMatter, initials: 'CSSX' },
    ];
    const load = loadCatalogue(fileWith(cases));
    expect(load.ok && load.catalogue.matters).toEqual([]);
    expect(load.ok && load.problems.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('treats a duplicate code as an error and keeps neither entry, also across the two lists', () => {
    const other = { ...validMatter, name: '另一个事项', initials: 'lygsx' };
    const notAllowed = {
      code: 'TS-003',
      name: '某证明',
      initials: 'mzm',
      aliases: [],
      reason: '无依据',
      referTo: { name: '派出所', addressHint: '户籍窗口', phone: '12345' },
    };
    const load = loadCatalogue(fileWith([validMatter, other, { ...validMatter, code: 'TS-003' }, { ...validMatter, code: 'TS-004' }], [notAllowed]));
    expect(load.ok).toBe(true);
    if (!load.ok) return;
    expect(load.catalogue.matters.map((m) => m.code)).toEqual(['TS-004']);
    expect(load.catalogue.notAllowed).toEqual([]);
    expect(load.problems.map((p) => [p.code, p.list, p.index])).toEqual([
      ['catalogue/duplicate-code', 'matters', 1],
      ['catalogue/duplicate-code', 'matters', 2],
      ['catalogue/duplicate-code', 'matters', 3],
      ['catalogue/duplicate-code', 'notAllowed', 1],
    ]);
    expect(load.problems[0]?.message).toContain('TS-001');
  });

  it('fails as a whole only when the outer shape is wrong', () => {
    expect(loadCatalogue({ matters: [] })).toMatchObject({ ok: false, code: 'catalogue/invalid-file' });
    expect(loadCatalogue(null)).toMatchObject({ ok: false, code: 'catalogue/invalid-file' });
  });
});

describe('searchMatters', () => {
  it('finds 低保 by pinyin initials of its common name', () => {
    expect(searchMatters(catalogue, 'dbsq')[0]?.code).toBe('MZ-001');
    expect(searchMatters(catalogue, 'DB').map((m) => m.code)).toContain('MZ-001');
  });

  it('finds by initials of the formal name', () => {
    expect(searchMatters(catalogue, 'zdsh')[0]?.name).toBe('最低生活保障申请受理');
  });

  it('finds by name substring and alias', () => {
    expect(searchMatters(catalogue, '救助').map((m) => m.code)).toEqual(['MZ-002', 'MZ-003', 'YB-003']);
    expect(searchMatters(catalogue, '准生证')[0]?.code).toBe('WJ-001');
  });

  it('finds by code prefix, with or without the dash and in lower case', () => {
    const mz = searchMatters(catalogue, 'MZ-0');
    expect(mz.length).toBe(catalogue.matters.filter((m) => m.code.startsWith('MZ-')).length);
    expect(searchMatters(catalogue, 'yb001')[0]?.code).toBe('YB-001');
    expect(searchMatters(catalogue, 'YB-001')).toHaveLength(1);
  });

  it('ranks a name prefix above a mere substring, and returns nothing for nonsense', () => {
    const results = searchMatters(catalogue, '失业');
    expect(results[0]?.code).toBe('RS-001');
    expect(searchMatters(catalogue, '火星移民')).toEqual([]);
  });

  it('returns the whole catalogue in order for an empty query, and finds by code', () => {
    expect(searchMatters(catalogue, '  ')).toEqual(catalogue.matters);
    expect(findMatter(catalogue, 'MZ-003')?.name).toBe('临时救助申请受理');
    expect(findMatter(catalogue, 'XX-999')).toBeUndefined();
  });
});
