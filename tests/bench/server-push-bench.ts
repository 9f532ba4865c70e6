// `npm run bench:server`: the district server's push path alone (no browser). Not a test.
//
// For each backend (PGlite in a fresh data folder; a private PostgreSQL 15 cluster with its DEFAULT durable
// settings) a child process starts the server in-process with `startServer`, enrols one device over HTTP and
// pushes N realistic ops (≈ 90 % case events of ~400 B JSON with Chinese text, ≈ 10 % resident patches: new
// residents and edits of earlier ones) in batches of 500, gzipped as the sync worker sends them, one request in
// flight, each answer checked (status 200, ackThrough, one result per op, nothing rejected). The parent builds
// the gzipped bodies (for the device id the child enrolled) before the clock starts, as a workstation's outbox
// is there before it pushes, and so that building them never counts in the server's memory.
//
// Reported: ops/s (wall clock of the push loop), p50/p95/max batch round trip, CPU per batch (the child; the
// PostgreSQL cluster's processes), server RSS (the child's: server plus the small load generator) at start,
// every 20 batches (with V8 heap and external memory) and its peak during the push, the peak of the separate
// first start that created the PGlite folder, and the 1-minute load average during the run. Each backend runs
// in its own child so one backend's memory cannot leak into the other's figure.
//
//   options: --ops=N (default 100000) --batch=N (default 500) --backends=pglite,postgres --no-docs
//            --profile   time every SQL statement of the push (by statement) and print the totals
//            --database-url=postgresql://…  use this (empty) database instead of a private cluster (profiling)
//            --cpu-prof  write a V8 CPU profile of each child (server + load generator) to dist/bench/profiles/
// Results: docs/benchmarks.md, "District server push" section (replaced on each run), and
// dist/bench/server-push-results.json.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Db, Queryable } from '../../server/db/db';
import { REPO_ROOT, TSX_TSCONFIG } from '../sync/support/district-server';

type Backend = 'pglite' | 'postgres';
const args: Record<string, string | true> = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const OPS = Number(args.ops ?? 100_000);
const BATCH = Number(args.batch ?? 500);
const BACKENDS = String(args.backends ?? 'pglite,postgres').split(',') as Backend[];
const WRITE_DOCS = !args['no-docs'];
const PROFILE = args.profile === true;
const CPU_PROF = args['cpu-prof'] === true;
const HALL = 'SZ0101';
const RSS_EVERY = 20;

type Mix = { caseEvents: number; residentPatches: number; meanOpBytes: number; meanGzipBatchBytes: number };
type Result = Mix & {
  backend: Backend;
  serverVersion: string;
  ops: number;
  batches: number;
  ms: number;
  opsPerSec: number;
  latency: { p50: number; p95: number; max: number };
  statuses: Record<string, number>;
  rss: { bootPeakMiB: number; startMiB: number; peakMiB: number; everyMiB: number[]; heapMiB: number[]; externalMiB: number[]; firstStartPeakMiB?: number | null };
  load: { min: number; mean: number; max: number };
  storedChanges: number;
  /** CPU time per batch: this process (server + load generator; with PGlite inside), and the PostgreSQL cluster's
   * processes (backends, WAL writer, …). Less disturbed by other load than wall time. */
  cpuPerBatchMs: { node: number; database: number };
  profile?: Array<{ statement: string; calls: number; ms: number }>;
};

// ---------------------------------------------------------------------------------------------- ops

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超'];
const MATTERS: Array<[code: string, name: string, handling: 'immediate' | 'promised', days: number]> = [
  ['MZ-001', '城乡居民最低生活保障申请', 'promised', 5],
  ['MZ-006', '老年人优待证办理', 'immediate', 0],
  ['RS-003', '灵活就业人员社会保险参保登记', 'immediate', 0],
  ['WJ-002', '生育登记服务', 'immediate', 0],
  ['CL-004', '困难残疾人生活补贴和重度残疾人护理补贴申请', 'promised', 10],
  ['YB-001', '城乡居民基本医疗保险参保登记', 'immediate', 0],
];
const STAFF = ['张晓梅', '李建国', '王丽娟', '陈志强'];

/** Deterministic, so two runs push the same mix. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Op = { seq: number; opId: string; at: string; kind: string; payload: unknown };

/**
 * The outbox of one workstation: each case a `received` event then `accepted`/`completed`/`rated` ones, and
 * about one op in ten a resident patch (a new resident with name, phone, address, grid; or a later phone or
 * address edit of one created before, with the stamp it had seen as `base`).
 */
function outbox(total: number, startMs: number, stamp: (ms: number) => string) {
  const rand = rng(20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const residents: Array<{ id: string; hlc: string }> = [];
  let caseNo = 0;
  let open: { caseId: string; residentId: string; step: number; handling: 'immediate' | 'promised' } | null = null;
  const ops: Op[] = [];
  for (let seq = 1; seq <= total; seq++) {
    const ms = startMs + seq * 5;
    const at = new Date(ms).toISOString();
    const base = { seq, opId: randomUUID(), at };
    if (rand() < 0.1 || residents.length === 0) {
      const hlc = stamp(ms);
      const known = residents.length > 20 && rand() < 0.5 ? pick(residents) : null;
      const fields: Record<string, { value: unknown; hlc: string }> = {};
      if (known) {
        if (rand() < 0.5) fields.phone = { value: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`, hlc };
        else fields.address = { value: { building: `${1 + Math.floor(rand() * 30)}号楼`, unit: `${1 + Math.floor(rand() * 4)}单元`, room: String(101 + Math.floor(rand() * 1800)) }, hlc };
        ops.push({ ...base, kind: 'resident-patch', payload: { residentId: known.id, base: known.hlc, fields } });
        known.hlc = hlc;
      } else {
        const id = randomUUID();
        fields.name = { value: pick(SURNAMES) + pick(GIVEN), hlc };
        fields.phone = { value: `138${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`, hlc };
        fields.address = { value: { building: `${1 + Math.floor(rand() * 30)}号楼`, unit: '2单元', room: String(101 + Math.floor(rand() * 1800)) }, hlc };
        fields.grid = { value: `第${1 + Math.floor(rand() * 12)}网格`, hlc };
        ops.push({ ...base, kind: 'resident-patch', payload: { residentId: id, fields } });
        residents.push({ id, hlc });
      }
      continue;
    }
    const actorName = pick(STAFF);
    const envelope = { id: randomUUID(), at, actor: `staff-0${1 + STAFF.indexOf(actorName)}`, actorName, workstationId: 'W01', hallCode: HALL };
    if (open === null) {
      const [matterCode, matterName, handling, timeLimitDays] = pick(MATTERS);
      caseNo++;
      const day = new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
      open = { caseId: randomUUID(), residentId: pick(residents).id, step: 0, handling };
      const payload = {
        caseNumber: `${HALL}-W01-${day}-${String(1 + (caseNo % 9999)).padStart(4, '0')}`,
        residentId: open.residentId,
        matterCode,
        matterName,
        triage: 'government',
        handling,
        timeLimitDays,
        channel: 'counter',
      };
      ops.push({ ...base, kind: 'case-event', payload: { ...envelope, caseId: open.caseId, type: 'received', payload } });
      continue;
    }
    const { caseId } = open;
    open.step++;
    if (open.step === 1) {
      const payload = open.handling === 'promised'
        ? { deadline: new Date(ms + 7 * 86_400_000).toISOString().slice(0, 10), materialsPresent: ['身份证', '户口簿', '收入证明'] }
        : { materialsPresent: ['身份证'] };
      ops.push({ ...base, kind: 'case-event', payload: { ...envelope, caseId, type: 'accepted', payload } });
    } else if (open.step === 2) {
      ops.push({ ...base, kind: 'case-event', payload: { ...envelope, caseId, type: 'completed', payload: { resultNote: '材料齐全，当场办结，已告知领取方式' } } });
    } else {
      ops.push({ ...base, kind: 'case-event', payload: { ...envelope, caseId, type: 'rated', payload: { level: pick(['very-satisfied', 'satisfied', 'neutral'] as const) } } });
      open = null;
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------- child

/** CPU time (ms) used so far by the PostgreSQL cluster listening on `url`'s port: its postmaster and children. */
function clusterCpuMs(url: string): number {
  const port = new URL(url).port;
  const ticks = (pid: string) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: f[1] as string, cpu: Number(f[11]) + Number(f[12]) };
  };
  const procs = new Map<string, { ppid: string; cpu: number; cmd: string }>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      procs.set(pid, { ...ticks(pid), cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8') });
    } catch {
      // gone
    }
  }
  const master = [...procs].find(([, p]) => p.cmd.includes('postgres') && p.cmd.includes(`-p\u0000${port}`));
  if (!master) return 0;
  let total = 0;
  for (const [pid, p] of procs) if (pid === master[0] || p.ppid === master[0]) total += p.cpu;
  return (total * 1000) / 100; // clock ticks (USER_HZ = 100 on Linux)
}

/** A hybrid logical clock stamp as shared/sync/hlc.ts `hlcNow` makes it (inlined: the parent imports no app code). */
function stamper(node: string): (ms: number) => string {
  let last = { ms: 0, counter: 0 };
  return (ms) => {
    last = ms > last.ms ? { ms, counter: 0 } : { ms: last.ms, counter: last.counter + 1 };
    return `${String(last.ms).padStart(13, '0')}-${last.counter.toString(36).padStart(4, '0')}-${node}`;
  };
}

/** The gzipped push bodies of one device's outbox, written to a file as [length, last seq, op count, body]… */
function writeBodies(deviceId: string, file: string): Mix {
  // Written over the last minutes, as an outbox filled during a day's work: nothing in the future.
  const ops = outbox(OPS, Date.now() - OPS * 5 - 60_000, stamper(deviceId));
  const parts: Buffer[] = [];
  let opBytes = 0;
  let gzBytes = 0;
  for (let i = 0; i < ops.length; i += BATCH) {
    const slice = ops.slice(i, i + BATCH);
    for (const op of slice) opBytes += Buffer.byteLength(JSON.stringify(op));
    // protocol 1 spelled out: the parent imports no app code (see runChild).
    const body = gzipSync(JSON.stringify({ protocol: 1, deviceId, ops: slice }));
    gzBytes += body.length;
    const head = Buffer.alloc(12);
    head.writeUInt32LE(body.length, 0);
    head.writeUInt32LE((slice.at(-1) as Op).seq, 4);
    head.writeUInt32LE(slice.length, 8);
    parts.push(head, body);
  }
  writeFileSync(file, Buffer.concat(parts));
  const caseEvents = ops.filter((o) => o.kind === 'case-event').length;
  return { caseEvents, residentPatches: ops.length - caseEvents, meanOpBytes: opBytes / ops.length, meanGzipBatchBytes: gzBytes / Math.ceil(ops.length / BATCH) };
}

type Body = { body: Uint8Array<ArrayBuffer>; last: number; n: number };

function readBodies(file: string): Body[] {
  const all = readFileSync(file);
  const bodies: Body[] = [];
  for (let at = 0; at < all.length; ) {
    const length = all.readUInt32LE(at);
    bodies.push({ last: all.readUInt32LE(at + 4), n: all.readUInt32LE(at + 8), body: new Uint8Array(all.subarray(at + 12, at + 12 + length)) });
    at += 12 + length;
  }
  return bodies;
}

function nextStdinLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    // The parent died before sending it: do not wait forever.
    process.stdin.once('end', () => reject(new Error('stdin closed before the outbox file was named')));
    let buffer = '';
    const onData = (c: Buffer) => {
      buffer += c.toString();
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      process.stdin.off('data', onData);
      process.stdin.destroy();
      resolve(buffer.slice(0, nl));
    };
    process.stdin.on('data', onData);
  });
}


function statusKiB(field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(m?.[1] ?? 0);
}
const mib = (kib: number) => Math.round(kib / 1024);

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function runChild(backend: Backend): Promise<Omit<Result, keyof Mix>> {
  // Imported here: the parent process only spawns children and writes the report.
  const { startServer } = await import('../../server/start-server');
  const { openDb } = await import('../../server/db/open-db');
  const { createEnrollCode } = await import('../../server/admin/enroll-codes');
  const { API_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, bearerToken } = await import('@shared/sync/protocol');
  const { startBenchPostgres } = await import('./sync-bench-postgres');

  const external = typeof args['database-url'] === 'string' ? args['database-url'] : null;
  const pg = backend !== 'postgres' ? null : external ? { url: external, version: 'PostgreSQL (external)', stop: async () => {} } : await startBenchPostgres();
  const dataDir = backend === 'pglite' ? String(args['data-dir']) : null;
  try {
    const opened = await openDb(pg ? { databaseUrl: pg.url } : { dataDir: dataDir as string });
    const timings = new Map<string, { calls: number; ms: number }>();
    const db: Db = PROFILE ? profiled(opened, timings) : opened;
    let serverVersion = pg?.version ?? '';
    if (!pg) {
      const [v] = await db.query<{ v: string }>('SELECT version() AS v');
      serverVersion = `PGlite (${String(v?.v).split(' on ')[0]})`;
    }
    const server = await startServer({ db, port: 0, host: '127.0.0.1' });
    try {
      const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' };
      const { code } = await createEnrollCode(db, { hallCode: HALL, workstationCode: 'W01', nowMs: Date.now() });
      const enrolled = await fetch(server.url + API_PATHS.enroll, { method: 'POST', headers, body: JSON.stringify({ protocol: PROTOCOL_VERSION, code }) });
      if (enrolled.status !== 201) throw new Error(`enrol: ${enrolled.status} ${await enrolled.text()}`);
      const device = (await enrolled.json()) as { deviceId: string; secret: string };
      const auth = `Bearer ${bearerToken(device.deviceId, device.secret)}`;

      // The parent builds the outbox for this device id, so the garbage of building it never counts here.
      process.stdout.write(`DEVICE ${device.deviceId}\n`);
      const file = await nextStdinLine();
      const bodies = readBodies(file);
      global.gc?.();
      timings.clear();

      // Opening the database (initdb of a fresh PGlite folder) and building the bodies peak before the push;
      // that peak is reported apart, then the kernel's high-water mark is reset so VmHWM is the push's own peak.
      const bootPeakMiB = mib(statusKiB('VmHWM'));
      writeFileSync('/proc/self/clear_refs', '5');
      const startMiB = mib(statusKiB('VmRSS'));
      const everyMiB: number[] = [];
      // What the RSS is made of: V8's JS heap, and memory outside it (Buffers, and PGlite's WASM memory).
      const heapMiB: number[] = [];
      const externalMiB: number[] = [];
      const loads: number[] = [loadavg()[0] as number];
      const loadTimer = setInterval(() => loads.push(loadavg()[0] as number), 2000);
      const latencies: number[] = [];
      const statuses: Record<string, number> = {};
      let firstRejection = '';
      const cpu0 = process.cpuUsage();
      const dbCpu0 = pg ? clusterCpuMs(pg.url) : 0;
      const t0 = performance.now();
      for (const [i, { body, last, n }] of bodies.entries()) {
        const s = performance.now();
        const res = await fetch(server.url + API_PATHS.push, {
          method: 'POST',
          headers: { ...headers, authorization: auth, 'content-encoding': 'gzip', 'accept-encoding': 'gzip' },
          body,
        });
        const text = await res.text();
        latencies.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`push ${i}: ${res.status} ${text.slice(0, 300)}`);
        const answer = JSON.parse(text) as { ackThrough: number; results: Array<{ status: string; code?: string }> };
        if (answer.ackThrough !== last || answer.results.length !== n) throw new Error(`push ${i}: ackThrough ${answer.ackThrough}, expected ${last}`);
        for (const r of answer.results) {
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status === 'rejected' && !firstRejection) firstRejection = JSON.stringify(r);
        }
        if ((i + 1) % RSS_EVERY === 0) {
          everyMiB.push(mib(statusKiB('VmRSS')));
          const usage = process.memoryUsage();
          heapMiB.push(Math.round(usage.heapTotal / 2 ** 20));
          externalMiB.push(Math.round(usage.external / 2 ** 20));
        }
      }
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const dbCpuMs = pg ? clusterCpuMs(pg.url) - dbCpu0 : 0;
      clearInterval(loadTimer);
      loads.push(loadavg()[0] as number);
      if (statuses.rejected) throw new Error(`${statuses.rejected} ops rejected (first: ${firstRejection}): the generated ops are wrong`);
      const [stored] = await opened.query<{ n: number }>("SELECT count(*)::int AS n FROM changes WHERE hall_code = $1 AND origin_device IS NOT NULL", [HALL]);
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        backend,
        serverVersion,
        ops: OPS,
        batches: bodies.length,
        ms,
        opsPerSec: OPS / (ms / 1000),
        latency: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? 0 },
        statuses,
        rss: { bootPeakMiB, startMiB, peakMiB: mib(statusKiB('VmHWM')), everyMiB, heapMiB, externalMiB },
        load: { min: Math.min(...loads), mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads) },
        storedChanges: stored?.n ?? 0,
        cpuPerBatchMs: { node: (cpu.user + cpu.system) / 1000 / bodies.length, database: dbCpuMs / bodies.length },
        ...(PROFILE
          ? { profile: [...timings].map(([statement, t]) => ({ statement, ...t })).sort((a, b) => b.ms - a.ms) }
          : {}),
      };
    } finally {
      await server.close();
    }
  } finally {
    await pg?.stop();
  }
}

/** Wraps a database so that every statement (inside transactions too) is timed, keyed by its first words. */
function profiled(db: Db, timings: Map<string, { calls: number; ms: number }>): Db {
  const key = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);
  const add = (k: string, ms: number) => {
    const t = timings.get(k) ?? { calls: 0, ms: 0 };
    t.calls++;
    t.ms += ms;
    timings.set(k, t);
  };
  const timed = (q: Queryable): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      const s = performance.now();
      try {
        return await q.query<R>(sql, params);
      } finally {
        add(key(sql), performance.now() - s);
      }
    },
    exec: (sql) => q.exec(sql),
  });
  return {
    ...db,
    ...timed(db),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const s = performance.now();
      try {
        return await db.transaction((tx) => fn(timed(tx)));
      } finally {
        add('(whole transaction incl. BEGIN/COMMIT)', performance.now() - s);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------- parent

/** Runs this file as a child with `childArgs`; `onLine` sees its stdout lines; resolves with its RESULT line. */
function child<T>(childArgs: string[], onLine: (line: string, stdin: NodeJS.WritableStream) => void = () => {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--expose-gc', ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(REPO_ROOT, 'dist/bench/profiles')}`] : []), '--import', 'tsx', 'tests/bench/server-push-bench.ts', ...childArgs],
      { cwd: REPO_ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: TSX_TSCONFIG, NODE_ENV: 'production' }, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    let seen = 0;
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const lines = out.split('\n');
      for (; seen < lines.length - 1; seen++) onLine(lines[seen] as string, proc.stdin);
    });
    proc.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as T);
      else reject(new Error(`bench child ${childArgs.join(' ')} exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}

/**
 * One backend in a child of its own. PGlite's data folder is created (initdb + migrations) by a first, separate
 * process, as when the server was installed; the measured server then opens it, as on every later start. initdb in
 * WASM peaks far above what the server needs afterwards (and that memory is not all given back while the process
 * lives), so it is reported apart as the first-start peak.
 */
async function runInChild(backend: Backend): Promise<Result> {
  const work = mkdtempSync(join(tmpdir(), 'yizhan-push-bench-'));
  const file = join(work, 'bodies.bin');
  try {
    const dataDir = join(work, 'pglite');
    const init = backend === 'pglite' ? await child<{ firstStartPeakMiB: number }>(['--child=pglite-init', `--data-dir=${dataDir}`]) : null;
    let mix: Mix | null = null;
    const result = await child<Omit<Result, keyof Mix>>(
      [
        `--child=${backend}`, `--ops=${OPS}`, `--batch=${BATCH}`, `--data-dir=${dataDir}`,
        ...(PROFILE ? ['--profile'] : []),
        ...(typeof args['database-url'] === 'string' ? [`--database-url=${args['database-url']}`] : []),
      ],
      (line, stdin) => {
        const device = /^DEVICE (\S+)$/.exec(line);
        if (device && mix === null) {
          mix = writeBodies(device[1] as string, file);
          stdin.end(`${file}\n`);
        }
      },
    );
    if (!mix) throw new Error('the child never asked for its outbox');
    return { ...(mix as Mix), ...result, rss: { ...result.rss, firstStartPeakMiB: init?.firstStartPeakMiB ?? null } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function report(results: Result[], startedAt: Date): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const first = results[0];
  const lines = [
    '<!-- server-push-bench:start -->',
    '## District server push',
    '',
    `\`npm run bench:server\` (tests/bench/server-push-bench.ts): the server alone over real HTTP, no browser. One device pushes ${fmt(OPS)} ops`,
    `in batches of ${BATCH} (gzipped bodies built beforehand, one request in flight, every answer checked); the server commits each`,
    'batch before it answers: PostgreSQL with its default durable settings (fsync, synchronous_commit, full_page_writes on),',
    'PGlite on disk in a fresh data folder (created by a first server start in a process of its own, then opened by the',
    'measured one, as on every later start). Server RSS is the measured process (server + the small load generator;',
    'the PostgreSQL cluster\'s processes are not in it): at the start of the push, every 20 batches, and its peak during',
    'the push (VmHWM, reset after start-up); "first start" is the peak of the process that created the PGlite folder',
    '(initdb in WASM). CPU per batch: the measured process (server + load generator, with PGlite inside it) and the',
    'PostgreSQL cluster\'s processes. The machine is shared: compare figures within one run.',
    '',
    `Run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}.`,
    `Ops: ${fmt(first?.caseEvents ?? 0)} case events + ${fmt(first?.residentPatches ?? 0)} resident patches, mean ${fmt(first?.meanOpBytes ?? 0)} B of JSON per op, ${fmt((first?.meanGzipBatchBytes ?? 0) / 1024, 1)} KiB per gzipped batch.`,
    '',
    '| backend | ops/s (goal ≥ 25,000) | batches, time | batch p50 / p95 / max | CPU per batch: server process / PostgreSQL | server RSS start → peak during push (goal ≤ 250 MB on PGlite) | RSS every 20 batches (MiB) | first start peak | load avg (1 min) min / mean / max |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.serverVersion} | **${fmt(r.opsPerSec)}** | ${r.batches}, ${fmt(r.ms / 1000, 1)} s | ${fmt(r.latency.p50)} / ${fmt(r.latency.p95)} / ${fmt(r.latency.max)} ms | ${fmt(r.cpuPerBatchMs.node, 1)} / ${r.backend === 'postgres' ? `${fmt(r.cpuPerBatchMs.database, 1)} ms` : '— ms'} | ${r.rss.startMiB} → **${r.rss.peakMiB} MiB** | ${r.rss.everyMiB.join(' ')} | ${r.rss.firstStartPeakMiB === null || r.rss.firstStartPeakMiB === undefined ? '—' : `${r.rss.firstStartPeakMiB} MiB`} | ${fmt(r.load.min, 1)} / ${fmt(r.load.mean, 1)} / ${fmt(r.load.max, 1)} |`,
    ),
    '',
    '<!-- server-push-bench:notes -->',
    '<!-- server-push-bench:end -->',
  ];
  return lines.join('\n');
}

/** Replaces this bench's section of docs/benchmarks.md (between its markers), or appends it; keeps the notes the
 * section carries after its `notes` marker. */
function writeDocs(section: string): void {
  const file = join(REPO_ROOT, 'docs/benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const start = doc.indexOf('<!-- server-push-bench:start -->');
  const end = doc.indexOf('<!-- server-push-bench:end -->');
  if (start < 0 !== end < 0 || doc.indexOf('<!-- server-push-bench:start -->', start + 1) > 0) {
    throw new Error('docs/benchmarks.md holds a broken "District server push" section (a marker lost or doubled): mend it by hand');
  }
  if (start < 0) {
    writeFileSync(file, `${doc.trimEnd()}\n\n${section}\n`);
    return;
  }
  const old = doc.slice(start, end);
  const notesAt = old.indexOf('<!-- server-push-bench:notes -->');
  const notes = notesAt < 0 ? '<!-- server-push-bench:notes -->\n' : old.slice(notesAt);
  const fresh = section.replace('<!-- server-push-bench:notes -->\n<!-- server-push-bench:end -->', `${notes}<!-- server-push-bench:end -->`);
  writeFileSync(file, doc.slice(0, start) + fresh + doc.slice(end + '<!-- server-push-bench:end -->'.length));
}

/** First start of a PGlite server: initdb and the migrations, in a process of its own (see runInChild). */
async function initPglite(dataDir: string): Promise<{ firstStartPeakMiB: number }> {
  const { openDb } = await import('../../server/db/open-db');
  const db = await openDb({ dataDir });
  await db.close();
  return { firstStartPeakMiB: mib(statusKiB('VmHWM')) };
}

async function main(): Promise<void> {
  if (args.child === 'pglite-init') {
    process.stdout.write(`RESULT ${JSON.stringify(await initPglite(String(args['data-dir'])))}\n`);
    return;
  }
  if (args.child) {
    const result = await runChild(args.child as Backend);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const startedAt = new Date();
  const results: Result[] = [];
  for (const backend of BACKENDS) {
    console.log(`[bench:server] ${backend}: pushing ${fmt(OPS)} ops … (load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    const r = await runInChild(backend);
    results.push(r);
    console.log(
      `[bench:server] ${backend}: ${fmt(r.opsPerSec)} ops/s, ${r.batches} batches in ${fmt(r.ms / 1000, 1)} s, p50 ${fmt(r.latency.p50)} ms, p95 ${fmt(r.latency.p95)} ms; ` +
        `RSS ${r.rss.startMiB} → peak ${r.rss.peakMiB} MiB (boot peak ${r.rss.bootPeakMiB}, first start ${r.rss.firstStartPeakMiB ?? '-'}), every ${RSS_EVERY}: ${r.rss.everyMiB.join(' ')} (JS heap ${r.rss.heapMiB.join(' ')}; external ${r.rss.externalMiB.join(' ')}); load ${fmt(r.load.min, 1)}–${fmt(r.load.max, 1)}; ` +
        `CPU per batch: node ${fmt(r.cpuPerBatchMs.node, 1)} ms, database ${fmt(r.cpuPerBatchMs.database, 1)} ms; statuses ${JSON.stringify(r.statuses)}; ${fmt(r.storedChanges)} changes stored`,
    );
    for (const p of r.profile ?? []) console.log(`    ${fmt(p.ms).padStart(8)} ms ${String(p.calls).padStart(6)}×  ${p.statement}`);
  }
  mkdirSync(join(REPO_ROOT, 'dist/bench'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'dist/bench/server-push-results.json'), JSON.stringify({ startedAt, results }, null, 2));
  const section = report(results, startedAt);
  if (WRITE_DOCS && !PROFILE && !CPU_PROF) writeDocs(section);
  console.log(section);
}

await main();
