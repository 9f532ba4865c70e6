// Child-process entry (see initPgliteDataDir in open-db.ts): creates the embedded database in the folder given
// as the only argument, migrates it, closes it, and reports its own peak RSS. Nothing else imports this file.
import { readFileSync } from 'node:fs';
import { migrate, readMigrations } from './migrate';
import { createPgliteDb } from './pglite-db';

const [target] = process.argv.slice(2);
if (!target) throw new Error('usage: init-data-dir <folder>');
const db = await createPgliteDb(target);
try {
  await migrate(db, await readMigrations());
} finally {
  await db.close();
}
let peakRssMiB: number | null = null;
try {
  peakRssMiB = Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024) || null;
} catch {
  // not Linux
}
process.stdout.write(`INIT ${JSON.stringify({ peakRssMiB })}\n`);
