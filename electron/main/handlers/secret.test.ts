import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretHandlers, isSecureStorageAvailable, type SafeStorageLike } from './secret';
import { secretFiles } from './secret-files';

/** Reversible but not identity, so a test can tell ciphertext from plaintext on disk. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike & { broken: boolean } {
  return {
    broken: false,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
    decryptString(b) {
      const text = b.toString();
      if (this.broken || !text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'yizhan-secret-')), 'secrets');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

const key = 'district-credential' as const;

describe('secret handlers', () => {
  it('stores ciphertext only, reads it back, and deletes it', async () => {
    const safe = fakeSafeStorage();
    const secrets = createSecretHandlers(safe, secretFiles(dir), 'linux');
    await expect(secrets.get({ key })).resolves.toEqual({ ok: true, value: null });
    await expect(secrets.set({ key, value: 'clerk01:pa55' })).resolves.toEqual({ ok: true, value: null });
    const onDisk = await readFile(join(dir, `${key}.bin`), 'utf8');
    expect(onDisk).not.toContain('pa55');
    await expect(secrets.get({ key })).resolves.toEqual({ ok: true, value: 'clerk01:pa55' });
    await expect(secrets.delete({ key })).resolves.toEqual({ ok: true, value: null });
    await expect(secrets.get({ key })).resolves.toEqual({ ok: true, value: null });
    await expect(secrets.delete({ key })).resolves.toEqual({ ok: true, value: null });
  });

  it('replaces atomically and leaves no temporary files', async () => {
    const secrets = createSecretHandlers(fakeSafeStorage(), secretFiles(dir), 'win32');
    await secrets.set({ key, value: 'first' });
    await secrets.set({ key, value: 'second' });
    await expect(secrets.get({ key })).resolves.toEqual({ ok: true, value: 'second' });
    expect(await readdir(dir)).toEqual([`${key}.bin`]);
  });

  it.skipIf(process.platform === 'win32')('keeps the file and folder owner-only', async () => {
    await createSecretHandlers(fakeSafeStorage(), secretFiles(dir), 'linux').set({ key, value: 'v' });
    expect((await stat(join(dir, `${key}.bin`))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses to store or read without real encryption, but still deletes', async () => {
    for (const safe of [fakeSafeStorage(false), fakeSafeStorage(true, 'basic_text')]) {
      const secrets = createSecretHandlers(safe, secretFiles(dir), 'linux');
      await expect(secrets.set({ key, value: 'v' })).resolves.toEqual({ ok: false, code: 'secret/encryption-unavailable' });
      await expect(secrets.get({ key })).resolves.toEqual({ ok: false, code: 'secret/encryption-unavailable' });
      await expect(secrets.delete({ key })).resolves.toEqual({ ok: true, value: null });
    }
    await expect(readdir(dir)).rejects.toThrow();
  });

  it('reports a credential it can no longer decrypt as secret/unreadable', async () => {
    const safe = fakeSafeStorage();
    const secrets = createSecretHandlers(safe, secretFiles(dir), 'linux');
    await secrets.set({ key, value: 'v' });
    safe.broken = true;
    await expect(secrets.get({ key })).resolves.toEqual({ ok: false, code: 'secret/unreadable' });
  });
});

describe('isSecureStorageAvailable', () => {
  it('trusts the OS store on Windows and macOS, and a real keyring on Linux', () => {
    expect(isSecureStorageAvailable(fakeSafeStorage(true, 'basic_text'), 'win32')).toBe(true);
    expect(isSecureStorageAvailable(fakeSafeStorage(true, 'kwallet5'), 'linux')).toBe(true);
    expect(isSecureStorageAvailable(fakeSafeStorage(true, 'basic_text'), 'linux')).toBe(false);
    expect(isSecureStorageAvailable(fakeSafeStorage(true, 'unknown'), 'linux')).toBe(false);
    expect(isSecureStorageAvailable(fakeSafeStorage(false), 'win32')).toBe(false);
  });
});
