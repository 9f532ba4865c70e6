import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretKey } from '@shared/ipc';
import type { SecretFiles } from './secret';

/**
 * One file per key in `dir` (userData/secrets). The key is from a closed enum, so it is safe as a file
 * name. Writes go to a temporary file and are renamed into place, so a crash mid-write leaves the previous
 * credential rather than a truncated one. Owner-only permissions are a second layer on POSIX systems.
 */
export function secretFiles(dir: string): SecretFiles {
  const file = (key: SecretKey) => join(dir, `${key}.bin`);
  return {
    async read(key) {
      try {
        return await readFile(file(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(key, data) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file(key)}.${process.pid}.tmp`;
      await writeFile(tmp, data, { mode: 0o600 });
      await rename(tmp, file(key));
    },
    async remove(key) {
      await rm(file(key), { force: true });
    },
  };
}
