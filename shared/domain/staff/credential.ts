import { z } from 'zod';

/**
 * Staff secrets: a 6-digit PIN or a password, stored only as a PBKDF2-HMAC-SHA256 hash with a per-user random
 * salt. The district server hashes with exactly these parameters (server/admin/staff.ts) and the workstation
 * verifies offline with WebCrypto, so the derivation is injected (`Pbkdf2Sha256`): WebCrypto's `deriveBits` in
 * the renderer, node's `pbkdf2` on the server. Both are checked against the RFC 7914 test vector.
 *
 * Iterations. OWASP's Password Storage Cheat Sheet asks ≥ 600,000 for PBKDF2-HMAC-SHA256 (its 210,000 figure is
 * for HMAC-SHA512), so new hashes use 600,000: about 0.2–0.6 s per sign-in on a counter PC. The count is stored
 * with each hash, so it can be raised later without invalidating old ones (they upgrade at their next change).
 *
 * PINs, the trade-off. A 6-digit PIN has only 10^6 values: whoever copies the database can try them all offline
 * in minutes on a GPU at any iteration count we could afford at the counter. The hash therefore only slows such an
 * attacker; what actually protects a PIN is the sign-in lockout (5 wrong → 15 min, for guessing at the screen)
 * and the OS account / disk encryption of the PC (for the offline copy). PINs still get the full count, because
 * the delay is bearable at unlock and a cheaper PIN hash would be the obvious thing to attack. Trivial PINs
 * (000000, 123456, …) are refused. Admin accounts should use passwords.
 */

export const CREDENTIAL_KINDS = ['pin', 'password'] as const;
export const CredentialKindSchema = z.enum(CREDENTIAL_KINDS);
export type CredentialKind = z.infer<typeof CredentialKindSchema>;

export const CREDENTIAL_KIND_LABELS: Record<CredentialKind, string> = { pin: 'PIN', password: '密码' };

export const PBKDF2_ITERATIONS = 600_000;
export const SALT_BYTES = 16;
export const HASH_BYTES = 32;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PIN_PATTERN = /^\d{6}$/;

const Hex = (bytes: { min: number; max: number }) =>
  z.string().regex(new RegExp(`^(?:[0-9a-f]{2}){${bytes.min},${bytes.max}}$`), 'lower-case hex');

export const CredentialSchema = z.object({
  kind: CredentialKindSchema,
  algorithm: z.literal('PBKDF2-SHA256'),
  /** Not floored here: tests hash with small counts; new hashes take PBKDF2_ITERATIONS unless told otherwise. */
  iterations: z.number().int().min(1).max(10_000_000),
  salt: Hex({ min: 16, max: 64 }),
  hash: Hex({ min: HASH_BYTES, max: HASH_BYTES }),
});
export type Credential = z.infer<typeof CredentialSchema>;

/** PBKDF2-HMAC-SHA256 of the UTF-8 bytes of `secret`; `lengthBytes` of output. */
export type Pbkdf2Sha256 = (secret: string, salt: Uint8Array, iterations: number, lengthBytes: number) => Promise<Uint8Array>;

export type SecretProblem =
  | { code: 'auth/pin-format' }
  | { code: 'auth/pin-weak' }
  | { code: 'auth/password-length'; min: number; max: number };

/** Why a new secret is not acceptable, or null. Checked where a secret is chosen, never at sign-in. */
export function secretProblem(kind: CredentialKind, secret: string): SecretProblem | null {
  if (kind === 'pin') {
    if (!PIN_PATTERN.test(secret)) return { code: 'auth/pin-format' };
    return isTrivialPin(secret) ? { code: 'auth/pin-weak' } : null;
  }
  const length = [...normalise(secret)].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return { code: 'auth/password-length', min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
  }
  return null;
}

/** All one digit, or a run up or down (wrapping 9→0): the first PINs anyone tries. */
function isTrivialPin(pin: string): boolean {
  const d = [...pin].map(Number);
  const steps = d.slice(1).map((x, i) => (x - (d[i] as number) + 10) % 10);
  return steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === 9);
}

/** The same password typed on two keyboards / input methods gives the same bytes. */
function normalise(secret: string): string {
  return secret.normalize('NFC');
}

export async function hashCredential(
  derive: Pbkdf2Sha256,
  input: { kind: CredentialKind; secret: string; salt: Uint8Array; iterations?: number },
): Promise<Credential> {
  if (input.salt.length < SALT_BYTES) throw new RangeError(`salt must be at least ${SALT_BYTES} bytes`);
  const iterations = input.iterations ?? PBKDF2_ITERATIONS;
  const hash = await derive(normalise(input.secret), input.salt, iterations, HASH_BYTES);
  return CredentialSchema.parse({ kind: input.kind, algorithm: 'PBKDF2-SHA256', iterations, salt: toHex(input.salt), hash: toHex(hash) });
}

/**
 * True only when `secret` derives to the stored hash. Anything unexpected (a malformed stored credential, a
 * derivation that throws or returns the wrong length) is false: sign-in fails closed.
 */
export async function verifyCredential(derive: Pbkdf2Sha256, secret: string, stored: unknown): Promise<boolean> {
  const parsed = CredentialSchema.safeParse(stored);
  if (!parsed.success) return false;
  const { salt, iterations, hash } = parsed.data;
  try {
    const derived = await derive(normalise(secret), fromHex(salt), iterations, HASH_BYTES);
    return constantTimeEqual(derived, fromHex(hash));
  } catch {
    return false;
  }
}

/**
 * Compares every byte whatever the first difference, so the time taken does not say how many leading bytes of a
 * guess were right. (Lengths are public: both sides are HASH_BYTES.)
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new RangeError('not lower-case hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
