import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
export const PG_BIN = process.env.YIZHAN_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export type PostgresCluster = {
  /** Connection string of a fresh, empty database in the cluster. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
};

/**
 * Why PostgreSQL tests cannot run here, or null when they can. On CI a missing PostgreSQL is a failure, not a
 * skip: a green run must mean the PostgreSQL path was exercised.
 */
export function postgresUnavailable(): string | null {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl'))) {
    return `PostgreSQL binaries not found in ${PG_BIN} (set YIZHAN_PG_BIN)`;
  }
  return null;
}

/**
 * A throwaway PostgreSQL: initdb into a temp folder and pg_ctl start on 127.0.0.1 and a free port, socket in
 * the same folder. PostgreSQL refuses to run as root, so when we are root the folder is handed to the
 * `postgres` user and the binaries run through runuser.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-pg-'));
  const asRoot = process.getuid?.() === 0;
  const pgUser = asRoot ? await uidGid('postgres') : null;
  if (pgUser) chownSync(dir, pgUser.uid, pgUser.gid);
  const exec = (bin: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]) : run(join(PG_BIN, bin), args);
  const data = join(dir, 'data');
  const port = await freePort();
  // fsync off: a test cluster dies with the test, so durability buys nothing and costs seconds.
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  await exec('pg_ctl', [
    '-D', data, '-l', join(dir, 'log'), '-w', '-t', '30',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50`,
    'start',
  ]);
  const admin = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    async newDatabase() {
      const name = `yizhan_test_${process.pid}_${++n}`;
      const client = new pg.Client(admin);
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function uidGid(user: string): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', user]);
  const { stdout: gid } = await run('id', ['-g', user]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
