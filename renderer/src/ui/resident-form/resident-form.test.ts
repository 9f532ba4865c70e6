import { describe, expect, it } from 'vitest';
import { checkCharacter } from '@shared/domain/id-document';
import { EMPTY_RESIDENT_FORM, residentFormDefaults, residentFormSchema, toResidentDraft, type ResidentFormInput } from './resident-form';

const TODAY = '2026-11-23';
const VALID_ID = '11010519491231002' + checkCharacter('11010519491231002');
const schema = residentFormSchema(TODAY);

function errorsOf(input: ResidentFormInput): Record<string, string> {
  const result = schema.safeParse(input);
  return Object.fromEntries((result.success ? [] : result.error.issues).map((i) => [i.path.join('.'), i.message]));
}

describe('residentFormDefaults', () => {
  it('puts a typed ID number into the number field with its detected type, and a name into the name field', () => {
    expect(residentFormDefaults(VALID_ID)).toMatchObject({ name: '', documentType: 'resident-id', documentNumber: VALID_ID });
    expect(residentFormDefaults('H12345678')).toMatchObject({ documentType: 'hk-macao-permit', documentNumber: 'H12345678' });
    expect(residentFormDefaults(' 张三 ')).toMatchObject({ name: '张三', documentNumber: '' });
    // Four digits were a 手机尾号 search, not a name or a number.
    expect(residentFormDefaults('5678')).toMatchObject({ name: '', documentNumber: '' });
  });

  it('leaves every field empty when nothing was typed', () => {
    expect(residentFormDefaults('  ')).toEqual(EMPTY_RESIDENT_FORM);
  });
});

describe('resident form (居民 page)', () => {
  const filled: ResidentFormInput = { ...EMPTY_RESIDENT_FORM, name: ' 张三丰 ', documentNumber: ` ${VALID_ID.slice(0, 6)} ${VALID_ID.slice(6)} ` };

  it('turns valid input into a resident with the normalised number, birth date and sex from the ID', () => {
    const values = schema.parse({ ...filled, phone: '138 1234 5678', building: '3号楼', room: '502' });
    expect(toResidentDraft(values, TODAY)).toEqual({
      name: '张三丰',
      document: { type: 'resident-id', number: VALID_ID },
      phone: '13812345678',
      address: { building: '3号楼', room: '502' },
      flags: [],
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('puts the Chinese ID-number problem on the number field', () => {
    const wrongCheck = VALID_ID.slice(0, 17) + (VALID_ID.endsWith('1') ? '2' : '1');
    const errors = errorsOf({ ...filled, documentNumber: wrongCheck });
    expect(Object.keys(errors)).toEqual(['documentNumber']);
    expect(errors.documentNumber).toMatch(/[\u4e00-\u9fff]/);
    expect(errorsOf({ ...filled, documentNumber: '' }).documentNumber).toMatch(/[\u4e00-\u9fff]/);
    expect(errorsOf({ ...filled, documentNumber: VALID_ID.slice(0, 10) }).documentNumber).toMatch(/[\u4e00-\u9fff]/);
  });

  it('asks for the issuing country of a passport on the country field', () => {
    const errors = errorsOf({ ...filled, documentType: 'passport', documentNumber: 'E12345678' });
    expect(Object.keys(errors)).toEqual(['country']);
    expect(schema.safeParse({ ...filled, documentType: 'passport', documentNumber: 'E12345678', country: 'USA' }).success).toBe(true);
  });

  it('checks name, phone and address in Chinese', () => {
    expect(errorsOf({ ...filled, name: '  ' })).toEqual({ name: '请填写姓名' });
    expect(errorsOf({ ...filled, phone: '1381234567' })).toEqual({ phone: '手机号码应为 11 位数字' });
    expect(Object.keys(errorsOf({ ...filled, phone: 'abc' }))).toEqual(['phone']);
    expect(errorsOf({ ...filled, unit: '2单元' })).toEqual({ building: '填写住址时请填写楼栋', room: '填写住址时请填写室号' });
  });
});

describe('resident form (inline during intake)', () => {
  const filled = { ...residentFormDefaults(VALID_ID), name: '张三丰', phone: '138 1234 5678', building: '3号楼', room: '502', grid: '第三网格' };

  it('turns valid input into the store input, with grid, birth date and sex from the number', () => {
    const values = schema.parse(filled);
    expect(toResidentDraft(values, TODAY)).toEqual({
      name: '张三丰',
      document: { type: 'resident-id', number: VALID_ID },
      phone: '13812345678',
      address: { building: '3号楼', room: '502' },
      grid: '第三网格',
      flags: [],
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('explains refusals in Chinese on their own fields', () => {
    const result = schema.safeParse({ ...filled, name: '', documentNumber: VALID_ID.slice(0, 17) + '0', room: '', phone: '1381234' });
    const byField = Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(byField.name).toBe('请填写姓名');
    expect(byField.documentNumber).toContain('校验');
    expect(byField.room).toBe('填写住址时请填写室号');
    expect(byField.phone).toBe('手机号码应为 11 位数字');
  });
});
