import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  CredentialSchema,
  fromHex,
  hashCredential,
  PBKDF2_ITERATIONS,
  secretProblem,
  toHex,
  verifyCredential,
  type Pbkdf2Sha256,
} from './credential';

/**
 * A stand-in derivation (not PBKDF2: the real ones are tested against the RFC vector where they live, in
 * renderer/src/store/staff.test.ts and server/admin/staff.test.ts). It mixes every input, so a changed secret,
 * salt or count changes the output, and records what it was asked.
 */
function fakeDerive(calls: Array<{ secret: string; iterations: number }> = []): Pbkdf2Sha256 {
  return async (secret, salt, iterations, length) => {
    calls.push({ secret, iterations });
    const out = new Uint8Array(length);
    let h = 2166136261 ^ iterations;
    const feed = [...secret].map((c) => c.codePointAt(0) as number).concat([...salt]);
    for (let i = 0; i < length; i++) {
      for (const x of feed) h = Math.imul(h ^ x ^ i, 16777619);
      out[i] = h & 0xff;
    }
    return out;
  };
}

const SALT = fromHex('00112233445566778899aabbccddeeff');

describe('hashCredential / verifyCredential', () => {
  it('stores kind, algorithm, count, salt and hash as hex, and verifies only the same secret', async () => {
    const calls: Array<{ secret: string; iterations: number }> = [];
    const derive = fakeDerive(calls);
    const credential = await hashCredential(derive, { kind: 'pin', secret: '482915', salt: SALT, iterations: 3 });
    expect(credential).toMatchObject({ kind: 'pin', algorithm: 'PBKDF2-SHA256', iterations: 3, salt: '00112233445566778899aabbccddeeff' });
    expect(credential.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(CredentialSchema.safeParse(credential).success).toBe(true);

    expect(await verifyCredential(derive, '482915', credential)).toBe(true);
    expect(await verifyCredential(derive, '482916', credential)).toBe(false);
    expect(await verifyCredential(derive, '', credential)).toBe(false);
    // Verification uses the stored count, not today's default.
    expect(calls.every((c) => c.iterations === 3)).toBe(true);
  });

  it('uses the OWASP count for PBKDF2-HMAC-SHA256 unless told otherwise', async () => {
    const calls: Array<{ secret: string; iterations: number }> = [];
    const credential = await hashCredential(fakeDerive(calls), { kind: 'password', secret: 'correct horse', salt: SALT });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(credential.iterations).toBe(PBKDF2_ITERATIONS);
    expect(calls[0]?.iterations).toBe(PBKDF2_ITERATIONS);
  });

  it('normalises to NFC, so the same password typed two ways is the same password', async () => {
    const derive = fakeDerive();
    const composed = 'caf\u00e9-密码-2026';
    const decomposed = 'cafe\u0301-密码-2026';
    const credential = await hashCredential(derive, { kind: 'password', secret: composed, salt: SALT, iterations: 2 });
    expect(await verifyCredential(derive, decomposed, credential)).toBe(true);
  });

  it('differs per salt, so two staff with the same PIN have different hashes', async () => {
    const derive = fakeDerive();
    const a = await hashCredential(derive, { kind: 'pin', secret: '482915', salt: SALT, iterations: 2 });
    const b = await hashCredential(derive, { kind: 'pin', secret: '482915', salt: fromHex('ff'.repeat(16)), iterations: 2 });
    expect(a.hash).not.toBe(b.hash);
  });

  it('refuses a salt shorter than 16 bytes', async () => {
    await expect(hashCredential(fakeDerive(), { kind: 'pin', secret: '482915', salt: new Uint8Array(8), iterations: 2 })).rejects.toThrow(RangeError);
  });

  it('fails closed on a malformed stored credential or a failing derivation', async () => {
    const derive = fakeDerive();
    const good = await hashCredential(derive, { kind: 'pin', secret: '482915', salt: SALT, iterations: 2 });
    for (const bad of [undefined, null, {}, { ...good, algorithm: 'MD5' }, { ...good, hash: good.hash.slice(2) }, { ...good, iterations: 0 }, { ...good, salt: 'XYZ' }]) {
      expect(await verifyCredential(derive, '482915', bad)).toBe(false);
    }
    const throwing: Pbkdf2Sha256 = async () => {
      throw new Error('no crypto here');
    };
    expect(await verifyCredential(throwing, '482915', good)).toBe(false);
    const short: Pbkdf2Sha256 = async () => new Uint8Array(0);
    expect(await verifyCredential(short, '482915', good)).toBe(false);
  });
});

describe('secretProblem', () => {
  it('wants six digits for a PIN and refuses the ones anyone tries first', () => {
    expect(secretProblem('pin', '482915')).toBeNull();
    for (const bad of ['12345', '1234567', '12345a', '１２３４５６']) expect(secretProblem('pin', bad)).toEqual({ code: 'auth/pin-format' });
    for (const weak of ['000000', '999999', '123456', '654321', '890123', '567890']) expect(secretProblem('pin', weak)).toEqual({ code: 'auth/pin-weak' });
  });

  it('wants 8–128 characters for a password, counted as characters, not UTF-16 units', () => {
    expect(secretProblem('password', 'short12')).toMatchObject({ code: 'auth/password-length', min: 8 });
    expect(secretProblem('password', '12345678')).toBeNull();
    expect(secretProblem('password', '一站式服务大厅管理')).toBeNull();
    expect(secretProblem('password', '😀😀😀😀')).toMatchObject({ code: 'auth/password-length' });
    expect(secretProblem('password', 'x'.repeat(129))).toMatchObject({ code: 'auth/password-length', max: 128 });
  });
});

describe('constantTimeEqual and hex', () => {
  it('agrees with a plain comparison', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a.length === b.length && a.every((x, i) => x === b[i]));
        expect(constantTimeEqual(a, Uint8Array.from(a))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips bytes through lower-case hex and refuses anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect([...fromHex(toHex(bytes))]).toEqual([...bytes]);
      }),
      { numRuns: 100 },
    );
    expect(toHex(Uint8Array.from([0, 15, 255]))).toBe('000fff');
    expect(() => fromHex('ABCD')).toThrow(RangeError);
    expect(() => fromHex('abc')).toThrow(RangeError);
  });
});
