import { describe, expect, it } from 'vitest';
import { integerArrayLiteral, textArrayLiteral } from './array-literal';

// That PostgreSQL reads these literals back exactly, on both backends: apply-push.test.ts (it has the databases).
describe('array literals', () => {
  it('refuses a number that is not an integer rather than send it', () => {
    expect(() => integerArrayLiteral([1, 2.5])).toThrow(RangeError);
    expect(() => integerArrayLiteral([Number.NaN])).toThrow(RangeError);
    expect(() => integerArrayLiteral([2 ** 53])).toThrow(RangeError);
    expect(integerArrayLiteral([3, -1])).toBe('{3,-1}');
  });

  it('quotes every element, so an element that looks like NULL or has separators stays a string', () => {
    expect(textArrayLiteral([])).toBe('{}');
    expect(textArrayLiteral([''])).toBe('{""}');
    expect(textArrayLiteral(['case-event', 'NULL', 'a,b', '{x}', ' '])).toBe('{"case-event","NULL","a,b","{x}"," "}');
  });

  it('escapes quotes and backslashes when a value has them', () => {
    expect(textArrayLiteral(['say "hi"', 'back\\slash', 'plain'])).toBe('{"say \\"hi\\"","back\\\\slash","plain"}');
  });
});
