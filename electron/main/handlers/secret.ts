import { fail, ok, type IpcParsedRequest, type IpcResponse, type SecretKey } from '@shared/ipc';

/** The part of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Buffer): string;
}

/** Where the ciphertext lives; secret-files.ts keeps one file per key under userData. */
export interface SecretFiles {
  read(key: SecretKey): Promise<Buffer | null>;
  write(key: SecretKey, data: Uint8Array): Promise<void>;
  remove(key: SecretKey): Promise<void>;
}

/**
 * Whether `safeStorage` really protects anything. On Linux without a keyring (common on 信创 desktops and
 * kiosk sessions) Electron falls back to the `basic_text` backend, whose key is a constant in Chromium's
 * source: "encrypted" there means readable by anyone who copies the file, so it counts as unavailable.
 */
export function isSecureStorageAvailable(safe: SafeStorageLike, platform: string): boolean {
  if (!safe.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = safe.getSelectedStorageBackend();
  return backend !== 'basic_text' && backend !== 'unknown';
}

export function createSecretHandlers(safe: SafeStorageLike, files: SecretFiles, platform: string) {
  const available = () => isSecureStorageAvailable(safe, platform);
  return {
    async set(request: IpcParsedRequest<'secret:set'>): Promise<IpcResponse<'secret:set'>> {
      if (!available()) return fail('secret/encryption-unavailable');
      await files.write(request.key, safe.encryptString(request.value));
      return ok(null);
    },
    async get(request: IpcParsedRequest<'secret:get'>): Promise<IpcResponse<'secret:get'>> {
      if (!available()) return fail('secret/encryption-unavailable');
      const data = await files.read(request.key);
      if (data === null) return ok(null);
      try {
        return ok(safe.decryptString(data));
      } catch {
        // Another OS account, a reset keyring or a damaged file: the caller asks for the credential again.
        return fail('secret/unreadable');
      }
    },
    /** Works without a keyring, so a credential stored before the keyring went away can still be cleared. */
    async delete(request: IpcParsedRequest<'secret:delete'>): Promise<IpcResponse<'secret:delete'>> {
      await files.remove(request.key);
      return ok(null);
    },
  };
}
