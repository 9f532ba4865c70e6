import { describe, expect, it } from 'vitest';
import { conflictValueText, differOnlyWhereMasked } from './conflict-values';

describe('conflict values on screen', () => {
  it('masks ID numbers and phones, shows the rest', () => {
    expect(conflictValueText('document', { type: 'resident-id', number: '11010519491231002X' })).toBe('居民身份证 110105********002X');
    expect(conflictValueText('phone', '13812345678')).toBe('138****5678');
    expect(conflictValueText('address', { building: '3号楼', unit: '2单元', room: '502' })).toBe('3号楼 2单元 502');
    expect(conflictValueText('flags', ['elderly', 'disabled'])).toBe('高龄、残疾');
    expect(conflictValueText('flags', [])).toBe('无');
    expect(conflictValueText('sex', 'female')).toBe('女');
    expect(conflictValueText('grid', null)).toBe('（空）');
    expect(conflictValueText('phone', 42)).toBe('（无法显示）');
  });

  it('tells when two values differ only in masked digits', () => {
    expect(differOnlyWhereMasked('phone', '13812345678', '13899995678')).toBe(true);
    expect(differOnlyWhereMasked('phone', '13812345678', '13812345679')).toBe(false);
    expect(differOnlyWhereMasked('phone', '13812345678', '13812345678')).toBe(false);
  });
});
