import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repo root, where `node --import tsx` finds the tsconfig that maps `@shared/*`. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type ServerEnv = { YIZHAN_DATA_DIR?: string; DATABASE_URL?: string };

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', () => ok()));
  const addr = srv.address();
  await new Promise<void>((ok) => srv.close(() => ok()));
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

function tsxChild(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a one-shot tsx script and returns its last stdout line, parsed. */
async function runJson<T>(script: string, args: string[], env: ServerEnv, timeoutMs = 60_000): Promise<T> {
  const child = tsxChild(script, args, env as Record<string, string>);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  const code = await new Promise<number | null>((ok) => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (c) => {
      clearTimeout(t);
      ok(c);
    });
  });
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${code}: ${err}`);
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}

export async function enrollCodes(env: ServerEnv, hall: string, n: number): Promise<string[]> {
  return (await runJson<{ codes: string[] }>('tests/sync/support/admin-child.ts', ['codes', hall, String(n)], env)).codes;
}

export type ServerAudit = {
  devices: Array<{ deviceId: string; ackedSeq: number }>;
  duplicates: unknown[];
  origins: Array<{ deviceId: string; seq: number; kind: string }>;
  quarantine: Array<{ deviceId: string; seq: number; code: string }>;
  residents: Record<string, Record<string, unknown>>;
  events: Array<{ id: string } & Record<string, unknown>>;
};

/** What the server holds, read from its database (stop a PGlite server first). */
export function auditServer(env: ServerEnv): Promise<ServerAudit> {
  return runJson<ServerAudit>('tests/sync/support/admin-child.ts', ['audit'], env, 120_000);
}

/** The district server in a child process on 127.0.0.1, which a test may SIGKILL and restart on the same port. */
export class DistrictServer {
  private child: ChildProcess | null = null;
  private stderr = '';
  pid = 0;

  private constructor(
    readonly port: number,
    readonly env: ServerEnv,
  ) {}

  static async start(env: ServerEnv, port?: number): Promise<DistrictServer> {
    const server = new DistrictServer(port ?? (await freePort()), env);
    await server.launch();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  private async launch(): Promise<void> {
    const child = tsxChild('tests/sync/support/server-child.ts', [], { ...(this.env as Record<string, string>), PORT: String(this.port) });
    this.child = child;
    child.stderr?.on('data', (c: Buffer) => (this.stderr = (this.stderr + c.toString()).slice(-8000)));
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    await new Promise<void>((ok, fail) => {
      let out = '';
      const t = setTimeout(() => fail(new Error(`server did not start in 60 s: ${this.stderr}`)), 60_000);
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
        if (line) {
          clearTimeout(t);
          this.pid = (JSON.parse(line) as { pid: number }).pid;
          ok();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(t);
        fail(new Error(`server exited (${code}) before it was ready: ${this.stderr}`));
      });
    });
  }

  /** SIGKILL: no graceful close, in-flight transactions die with the process. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGKILL');
    await exited;
  }

  async restart(): Promise<void> {
    if (this.child) await this.kill();
    await this.launch();
  }

  /** Graceful stop (SIGTERM), bounded: SIGKILL after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  }

  /** Resident set size and its peak (VmHWM) of the server process, in MiB (Linux /proc). */
  memory(): { rssMiB: number; peakMiB: number } | null {
    if (!this.pid) return null;
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
    } catch {
      return null;
    }
  }
}
