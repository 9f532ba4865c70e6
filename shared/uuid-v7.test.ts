import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newUuidV7, uuidV7 } from './uuid-v7';

const timeOf = (id: string) => parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('uuidV7', () => {
  it('lays out RFC 9562 version 7: time, version nibble, variant bits, random rest', () => {
    const id = uuidV7(Date.parse('2026-11-23T12:00:00.000Z'), new Uint8Array(10).fill(0xff));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7fff-bfff-ffffffffffff$/);
    expect(timeOf(id)).toBe(Date.parse('2026-11-23T12:00:00.000Z'));
    expect(uuidV7(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
    expect(uuidV7(2 ** 48 - 1, new Uint8Array(10))).toBe('ffffffff-ffff-7000-8000-000000000000');
  });

  it('is a UUID to the schemas that check ids, and keeps its time for any time and random bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.uint8Array({ minLength: 10, maxLength: 10 }), (t, r) => {
        const id = uuidV7(t, r);
        expect(z.uuid().safeParse(id).success).toBe(true);
        expect(timeOf(id)).toBe(t);
      }),
    );
  });

  it('sorts by time: a later millisecond is a larger id, as text and as the database compares uuids', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 2 }), fc.uint8Array({ minLength: 10, maxLength: 10 }), fc.uint8Array({ minLength: 10, maxLength: 10 }), (t, a, b) => {
        expect(uuidV7(t, a) < uuidV7(t + 1, b)).toBe(true);
      }),
    );
  });

  it('refuses a time it cannot hold rather than wrapping it', () => {
    expect(() => uuidV7(-1, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidV7(2 ** 48, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidV7(1.5, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidV7(0, new Uint8Array(9))).toThrow(RangeError);
  });

  it('newUuidV7 draws fresh random bits: many ids in one millisecond stay distinct', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newUuidV7()));
    expect(ids.size).toBe(10_000);
    const now = Date.now();
    expect(Math.abs(timeOf(newUuidV7()) - now)).toBeLessThan(5_000);
  });
});
