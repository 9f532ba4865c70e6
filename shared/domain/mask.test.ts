import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask';

describe('maskIdNumber', () => {
  it('keeps region and the last four of an 18-character number, hiding the birth date', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('hides the 6-digit birth date of a 15-digit number', () => {
    const masked = maskIdNumber('110105491231002');
    expect(masked).toBe('110105******002');
    expect(masked).not.toContain('491231');
  });

  it('keeps two characters at each end of short documents', () => {
    expect(maskIdNumber('H12345678')).toBe('H1*****78');
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
  });

  it('masks very short input entirely and keeps the length', () => {
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('masks the middle of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps only the last four digits of a landline and keeps separators', () => {
    expect(maskPhone('010-62345678')).toBe('***-****5678');
  });

  it('masks numbers of four digits or fewer entirely', () => {
    expect(maskPhone('1234')).toBe('****');
  });
});

describe('maskName', () => {
  it('keeps the first character of a Chinese name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('*');
  });

  it('keeps the first letter of each word of a Latin name', () => {
    expect(maskName('John Smith')).toBe('J*** S****');
  });
});
