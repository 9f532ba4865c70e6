import { describe, expect, it } from 'vitest';
import { checkCharacter } from '@shared/domain/id-document';
import {
  agentFormSchema,
  OTHER_REASON,
  refusalReason,
  RefusalFormSchema,
  residentFormDefaults,
  residentFormSchema,
  toAgent,
  toNewResident,
} from './intake-forms';

const TODAY = '2026-11-23';
const ID = '11010519491231002' + checkCharacter('11010519491231002');

describe('residentFormDefaults', () => {
  it('puts a typed ID number into the number field with its detected type, and a name into the name field', () => {
    expect(residentFormDefaults(ID)).toMatchObject({ name: '', documentType: 'resident-id', documentNumber: ID });
    expect(residentFormDefaults('H12345678')).toMatchObject({ documentType: 'hk-macao-permit', documentNumber: 'H12345678' });
    expect(residentFormDefaults(' 张三 ')).toMatchObject({ name: '张三', documentNumber: '' });
    // Four digits were a 手机尾号 search, not a name or a number.
    expect(residentFormDefaults('5678')).toMatchObject({ name: '', documentNumber: '' });
  });
});

describe('residentFormSchema', () => {
  const filled = { ...residentFormDefaults(ID), name: '张三丰', phone: '138 1234 5678', building: '3号楼', room: '502', grid: '第三网格' };

  it('turns valid input into the store input, with birth date and sex from the number', () => {
    const values = residentFormSchema(TODAY).parse(filled);
    expect(toNewResident(values, TODAY)).toEqual({
      name: '张三丰',
      document: { type: 'resident-id', number: ID },
      phone: '13812345678',
      address: { building: '3号楼', room: '502' },
      grid: '第三网格',
      flags: [],
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('explains refusals in Chinese on their own fields', () => {
    const result = residentFormSchema(TODAY).safeParse({ ...filled, name: '', documentNumber: ID.slice(0, 17) + '0', room: '', phone: '1381234' });
    const byField = Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(byField.name).toBe('请填写姓名');
    expect(byField.documentNumber).toContain('校验');
    expect(byField.room).toBe('填写住址时请填写室号');
    expect(byField.phone).toBe('手机号码应为 11 位数字');
  });
});

describe('agentFormSchema', () => {
  it('normalises the agent document (lower-case x, spaces) and needs a relation', () => {
    const spaced = `${ID.slice(0, 6)} ${ID.slice(6)}`.toLowerCase();
    const values = agentFormSchema(TODAY).parse({ name: '李四', documentType: 'resident-id', documentNumber: spaced, country: '', relation: '子女' });
    expect(toAgent(values, TODAY)).toEqual({ name: '李四', relation: '子女', document: { type: 'resident-id', number: ID } });
    const missing = agentFormSchema(TODAY).safeParse({ ...values, documentNumber: ID, relation: ' ' });
    expect(missing.error?.issues.map((i) => i.message)).toEqual(['请填写代办人与申请人的关系']);
  });
});

describe('refusal reason', () => {
  const base = { reasonText: '', office: '区民政局', address: '', phone: '', reviewBody: '区人民政府' };
  it('needs the typed text when 其他 is chosen, and joins a preset with its explanation', () => {
    expect(RefusalFormSchema.safeParse({ ...base, reasonChoice: OTHER_REASON }).success).toBe(false);
    expect(refusalReason(RefusalFormSchema.parse({ ...base, reasonChoice: OTHER_REASON, reasonText: '重复申请' }))).toBe('重复申请');
    expect(refusalReason(RefusalFormSchema.parse({ ...base, reasonChoice: '申请人不符合该事项的申请条件', reasonText: '收入超标' }))).toBe(
      '申请人不符合该事项的申请条件：收入超标',
    );
  });
});
