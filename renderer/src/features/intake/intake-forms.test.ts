import { describe, expect, it } from 'vitest';
import { checkCharacter } from '@shared/domain/id-document';
import { agentFormSchema, OTHER_REASON, refusalReason, RefusalFormSchema, toAgent } from './intake-forms';

const TODAY = '2026-11-23';
const ID = '11010519491231002' + checkCharacter('11010519491231002');

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
