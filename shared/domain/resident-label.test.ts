import { describe, expect, it } from 'vitest';
import { residentLabelOf, sameLabel } from './resident-label';

describe('residentLabelOf', () => {
  it('masks the name and the document number, keeping nothing whole', () => {
    const label = residentLabelOf({ name: '欧阳明', document: { number: '110105195003070026' } });
    expect(label).toEqual({ name: '欧**', document: '110105********0026' });
    expect(JSON.stringify(label)).not.toContain('19500307');
  });

  it('tells labels apart by either part', () => {
    const a = residentLabelOf({ name: '王秀英', document: { number: '11010519491231002X' } });
    expect(sameLabel(a, residentLabelOf({ name: '王建国', document: { number: '11010519491231002X' } }))).toBe(true);
    expect(sameLabel(a, residentLabelOf({ name: '李秀英', document: { number: '11010519491231002X' } }))).toBe(false);
    expect(sameLabel(a, residentLabelOf({ name: '王秀英', document: { number: '110105195003070026' } }))).toBe(false);
    expect(sameLabel(a, undefined)).toBe(false);
  });
});
