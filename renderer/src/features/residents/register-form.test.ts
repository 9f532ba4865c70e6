import { describe, expect, it } from 'vitest';
import { checkCharacter } from '@shared/domain/id-document';
import { EMPTY_REGISTER_FORM, registerFormSchema, toNewResident, type RegisterFormInput } from './register-form';

const TODAY = '2026-11-23';
const VALID_ID = '11010519491231002' + checkCharacter('11010519491231002');
const schema = registerFormSchema(TODAY);

function errorsOf(input: RegisterFormInput): Record<string, string> {
  const result = schema.safeParse(input);
  return Object.fromEntries((result.success ? [] : result.error.issues).map((i) => [i.path.join('.'), i.message]));
}

describe('register form', () => {
  const filled: RegisterFormInput = { ...EMPTY_REGISTER_FORM, name: ' 张三丰 ', documentNumber: ` ${VALID_ID.slice(0, 6)} ${VALID_ID.slice(6)} ` };

  it('turns valid input into a resident with the normalised number, birth date and sex from the ID', () => {
    const values = schema.parse({ ...filled, phone: '138 1234 5678', building: '3号楼', room: '502' });
    expect(toNewResident(values, TODAY)).toEqual({
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
