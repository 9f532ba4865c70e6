import { describe, expect, it } from 'vitest';
import { classifyResidentQuery } from './search-query';

describe('classifyResidentQuery', () => {
  it.each([
    ['5678', { mode: 'phone-tail', tail: '5678' }],
    ['13812345678', { mode: 'phone', phone: '13812345678' }],
    [' 138 1234 5678 ', { mode: 'phone', phone: '13812345678' }],
    ['010-62345678', { mode: 'phone', phone: '010-62345678' }],
    ['+85291234567', { mode: 'phone', phone: '+85291234567' }],
    ['11010519491231002x', { mode: 'document', number: '11010519491231002X' }],
    ['110105491231002', { mode: 'document', number: '110105491231002' }],
    ['110105', { mode: 'document-prefix', prefix: '110105' }],
    ['h12345678', { mode: 'document-prefix', prefix: 'H12345678' }],
    ['zsf', { mode: 'initials', prefix: 'zsf' }],
    ['ZSF', { mode: 'initials', prefix: 'zsf' }],
    ['张三', { mode: 'name-prefix', prefix: '张三' }],
    ['１３８１２３４５６７８', { mode: 'phone', phone: '13812345678' }],
    ['  ', { mode: 'none' }],
    ['123', { mode: 'none' }],
    ['!!', { mode: 'none' }],
  ] as const)('%j → %j', (input, expected) => {
    expect(classifyResidentQuery(input)).toEqual(expected);
  });
});
