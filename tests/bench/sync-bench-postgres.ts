import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../sync/support/district-server';

const run = promisify(execFile);
export const PG_BIN = process.env.YIZHAN_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export type BenchPostgres = {
  url: string;
  version: string;
  /** The postmaster (pg_ctl detaches it from us): its process tree is the database's share of the server's CPU. */
  postmasterPid(): number;
  stop(): Promise<void>;
};

/**
 * A private PostgreSQL for the benchmark, with PostgreSQL's DEFAULT durability (fsync, synchronous_commit and
 * full_page_writes on): the figure is "acknowledged = durable", so the test cluster's fsync=off would flatter it.
 * initdb/pg_ctl run as `postgres` (PostgreSQL refuses root) in a temp dir that user owns; 127.0.0.1, free port.
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(`PostgreSQL binaries not found in ${PG_BIN}`);
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const exec = (bin: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]) : run(join(PG_BIN, bin), args);
  const data = join(dir, 'data');
  const port = await freePort();
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  await exec('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  await exec('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'yizhan_bench']);
  const version = (await exec('postgres', ['--version'])).stdout.trim();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/yizhan_bench`,
    version,
    postmasterPid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    async stop() {
      try {
        await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
