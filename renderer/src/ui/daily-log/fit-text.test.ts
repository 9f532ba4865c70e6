import { describe, expect, it } from 'vitest';
import { fitText, textUnits, unitsFor, wrapText } from './fit-text';

describe('fitText', () => {
  it('keeps text that fits and cuts the rest with an ellipsis, counting CJK as 1 em and Latin as 0.6 em', () => {
    expect(textUnits('低保AB')).toBe(16);
    expect(fitText('最低生活保障申请受理', 50)).toBe('最低生活保障申请受理');
    expect(fitText('最低生活保障申请受理', 49)).toBe('最低生活保障申请…');
    expect(textUnits(fitText('最低生活保障申请受理', 49))).toBeLessThanOrEqual(49);
    expect(fitText('GL0301-W01-20261120-0001', 72)).toBe('GL0301-W01-20261120-0001');
  });

  it('never splits an emoji or a rare character made of two UTF-16 units', () => {
    const cut = fitText('𠮷𠮷𠮷😀😀', 16);
    expect(cut).toBe('𠮷𠮷…');
  });

  it('flattens line breaks so a cell stays one line', () => {
    expect(fitText('第一行\n第二行', 100)).toBe('第一行 第二行');
  });
});

describe('wrapText', () => {
  it('wraps at the width and keeps the writer’s own line breaks', () => {
    expect(wrapText('一二三四五六七', 15)).toEqual(['一二三', '四五六', '七']);
    expect(wrapText('甲\n\n乙', 15)).toEqual(['甲', '', '乙']);
    for (const line of wrapText('交接：3号窗口打印机缺纸，已报修；W02 的居住证明模板需要更新。'.repeat(5), 100)) {
      expect(textUnits(line)).toBeLessThanOrEqual(100);
    }
  });
});

describe('unitsFor', () => {
  it('fits twenty 10 pt CJK characters in 72 mm (each is 3.53 mm)', () => {
    expect(Math.floor(unitsFor(72, 10, 0) / 5)).toBe(20);
    expect(Math.floor(unitsFor(70, 10, 0) / 5)).toBe(19);
  });
});
