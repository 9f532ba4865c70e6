import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../../scripts/build-server.mjs';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Maps `@shared/*` for tsx (see the file). */
export const TSX_TSCONFIG = fileURLToPath(new URL('./tsx.tsconfig.json', import.meta.url));

export type ServerEnv = { YIZHAN_DATA_DIR?: string; DATABASE_URL?: string };

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', () => ok()));
  const addr = srv.address();
  await new Promise<void>((ok) => srv.close(() => ok()));
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

export type ServerAudit = {
  devices: Array<{ deviceId: string; ackedSeq: number }>;
  duplicates: unknown[];
  origins: Array<{ deviceId: string; seq: number; kind: string }>;
  quarantine: Array<{ deviceId: string; seq: number; code: string }>;
  residents: Record<string, Record<string, unknown>>;
  events: Array<{ id: string } & Record<string, unknown>>;
  conflicts: Array<{ residentId: string; field: string; resolved: boolean }>;
};

/**
 * The district server in a child process on 127.0.0.1 (tests/sync/support/server-child.ts), which a test may
 * SIGKILL and restart on the same port and data. Admin commands (enrolment codes, an audit of what the server
 * holds) go over the child's stdin, on the server's own database connection.
 */
export class DistrictServer {
  private child: ChildProcess | null = null;
  private stderr = '';
  private nextId = 1;
  private readonly waiting = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
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
    // The production server's V8 and malloc settings (scripts/build-server.mjs), so memory seen here is comparable;
    // it still runs through tsx (+~45 MiB) to reach the test hooks in server-child.ts. YIZHAN_SERVER_NODE_FLAGS adds
    // Node flags for a look inside, e.g. `YIZHAN_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:sync`.
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(process.env.YIZHAN_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'tests/sync/support/server-child.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...SERVER_ENV, ...this.env, PORT: String(this.port), NODE_ENV: 'production', TSX_TSCONFIG_PATH: TSX_TSCONFIG },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    // Decoded as a stream: a Chinese character split between two pipe chunks must not become U+FFFD (the audit
    // answer is one long JSON line, so chunk boundaries do fall inside characters).
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (c: string) => (this.stderr = (this.stderr + c).slice(-8000)));
    child.once('exit', () => {
      if (this.child === child) this.child = null;
      for (const w of this.waiting.values()) w.fail(new Error('server exited'));
      this.waiting.clear();
    });
    await new Promise<void>((ok, fail) => {
      let buffer = '';
      let ready = false;
      const t = setTimeout(() => fail(new Error(`server did not start in 120 s: ${this.stderr}`)), 120_000);
      child.stdout?.on('data', (c: string) => {
        buffer += c;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (!line.startsWith('{')) continue;
          const msg = JSON.parse(line) as { ready?: boolean; pid?: number; id?: number; result?: unknown; error?: string };
          if (msg.ready && !ready) {
            ready = true;
            clearTimeout(t);
            this.pid = msg.pid ?? 0;
            ok();
          } else if (msg.id !== undefined) {
            const w = this.waiting.get(msg.id);
            this.waiting.delete(msg.id);
            if (msg.error !== undefined) w?.fail(new Error(msg.error));
            else w?.ok(msg.result);
          }
        }
      });
      child.once('exit', (code) => {
        clearTimeout(t);
        if (!ready) fail(new Error(`server exited (${code}) before it was ready: ${this.stderr}`));
      });
    });
  }

  private command<T>(cmd: Record<string, unknown>): Promise<T> {
    const child = this.child;
    if (!child?.stdin) return Promise.reject(new Error('server not running'));
    const id = this.nextId++;
    return new Promise<T>((ok, fail) => {
      this.waiting.set(id, { ok: ok as (v: unknown) => void, fail });
      child.stdin!.write(`${JSON.stringify({ id, ...cmd })}\n`);
    });
  }

  enrollCodes(hall: string, n: number): Promise<string[]> {
    return this.command<{ codes: string[] }>({ cmd: 'codes', hall, n }).then((r) => r.codes);
  }

  /** Puts `n` whole residents (tests/bench/sync-bench-residents.ts) into a hall's change log, for the pull benchmark. */
  seedResidents(hall: string, n: number): Promise<void> {
    return this.command({ cmd: 'seed-residents', hall, n }).then(() => undefined);
  }

  /** What the server holds: watermarks, its change log's origins, residents field by field, case events. */
  audit(): Promise<ServerAudit> {
    return this.command<ServerAudit>({ cmd: 'audit' });
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
