import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets and one-time codes are random with ≥ 60 bits of entropy, so a plain SHA-256 is enough to store them:
 * a slow password hash (scrypt) protects guessable human passwords, which these are not, and would cost a
 * few ms on every sync request.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 256-bit device secret, base64url (43 characters). */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

// Crockford-style alphabet: no I, L, O, U, so a code read over the phone cannot be misheard as a digit.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12; // 60 bits

/** A one-time enrolment code, grouped for reading aloud: `7KQ2-M9XD-4HRT`. */
export function newEnrollCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}

/** What is hashed and compared: upper case, without the separators people type or drop. */
export function normaliseEnrollCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}
