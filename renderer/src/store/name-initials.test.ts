import { describe, expect, it } from 'vitest';
import { nameInitialsOf } from './name-initials';

describe('nameInitialsOf', () => {
  it('takes the first pinyin letter of each character', () => {
    expect(nameInitialsOf('张三丰')).toBe('zsf');
    expect(nameInitialsOf('欧阳娜娜')).toBe('oynn');
  });

  it('reads polyphonic surnames as surnames', () => {
    expect(nameInitialsOf('单田芳')).toBe('stf');
    expect(nameInitialsOf('曾小贤')).toBe('zxx');
  });

  it('ignores separators and spaces', () => {
    expect(nameInitialsOf('李·明')).toBe('lm');
    expect(nameInitialsOf(' 王 小二 ')).toBe('wxe');
  });

  it('uses word initials for Latin-script names', () => {
    expect(nameInitialsOf('John Smith')).toBe('js');
    expect(nameInitialsOf('Zoë Ågren')).toBe('za');
  });

  it('gives undefined when no letter remains', () => {
    expect(nameInitialsOf('   ')).toBeUndefined();
    expect(nameInitialsOf('123')).toBeUndefined();
  });
});
