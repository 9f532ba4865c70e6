import { describe, expect, it } from 'vitest';
import { pdfPageOptions, printPageOptions } from './page-size';

describe('page sizes', () => {
  it('print: A4 by name, the 80mm roll in microns without margins', () => {
    expect(printPageOptions('A4')).toEqual({ pageSize: 'A4', margins: { marginType: 'default' } });
    expect(printPageOptions('80mm')).toEqual({ pageSize: { width: 80_000, height: 297_000 }, margins: { marginType: 'none' } });
  });

  it('pdf: the same paper in inches', () => {
    const receipt = pdfPageOptions('80mm');
    const size = receipt.pageSize as { width: number; height: number };
    expect(size.width * 25.4).toBeCloseTo(80, 6);
    expect(size.height * 25.4).toBeCloseTo(297, 6);
    expect(pdfPageOptions('A4').pageSize).toBe('A4');
    expect((pdfPageOptions('A4').margins?.top ?? 0) * 25.4).toBeCloseTo(10, 6);
  });
});
