// `npm run bench:server`: the district server's push path alone (no browser). Not a test.
//
// For each backend (PGlite in a fresh data folder; a private PostgreSQL 15 cluster with its DEFAULT durable
// settings) the server runs as `npm start` runs it: the bundle of scripts/build-server.mjs on plain Node with its V8
// flags and environment (SERVER_NODE_FLAGS, SERVER_ENV), in a process of its own. The bench (this process) enrols one
// device the way an administrator does (the admin CLI; on PGlite it reaches the running server over its admin
// channel) and pushes N realistic ops (≈ 90 % case events of ~400 B JSON with Chinese text, ≈ 10 % resident
// patches: new residents and edits of earlier ones) in batches of 500, sent as the sync worker sends them (plain
// JSON, `accept-encoding` as Chromium's; `--gzip` gzips the bodies, as another client may), one
// request in flight, each answer checked (status 200, ackThrough, one result per op, nothing rejected). The
// bodies are built before the clock starts, as a workstation's outbox is there before it pushes.
//
// Reported: ops/s (wall clock of the push loop), p50/p95/max batch round trip, CPU per batch (the server process;
// the PostgreSQL cluster's processes), and the server process's memory, read inside it after every batch by a
// preloaded probe (server-memory-probe.mjs): RSS at the start of the push, every 20 batches and its peak during
// the push (VmHWM, reset after start-up), and what it is made of — V8's heap (total and used) and memory outside
// it (external, of which arrayBuffers: Buffers and PGlite's WASM memory) — every 20 batches and at their peak.
// Also the peak of the separate process that creates a new PGlite folder (initdb in WASM; the server runs it in
// a child on its first start), the server's start-up peak, and the 1-minute load average during the run.
//
//   options: --ops=N (default 100000; e.g. --ops=20000 for a quick look) --batch=N (default 500)
//            --backends=pglite,postgres --no-docs
//            --profile   time every SQL statement of the push (by statement) and print the totals; the server then
//                        runs in-process in a tsx child with the load generator (its memory figures include both)
//            --database-url=postgresql://…  use this (empty) database instead of a private cluster (profiling)
//            --cpu-prof  write a V8 CPU profile of each server process to dist/bench/profiles/
//            --gzip      gzip the request bodies (the sync worker does not)
// Results: docs/benchmarks.md, "District server push" section (replaced on each run), and
// dist/bench/server-push-results.json.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PerformanceObserver } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Db, Queryable } from '../../server/db/db';
// The app's id generator (dependency-free): records are keyed by time-ordered ids, as a workstation writes them.
import { uuidV7 } from '../../shared/uuid-v7';
import { REPO_ROOT, TSX_TSCONFIG, freePort } from '../sync/support/district-server';

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
const GZIP = args.gzip === true;
const EXTERNAL_DB = typeof args['database-url'] === 'string' ? args['database-url'] : null;
const HALL = 'SZ0101';
const RSS_EVERY = 20;

type Mix = { caseEvents: number; residentPatches: number; meanOpBytes: number; meanBatchBytes: number };
/** process.memoryUsage() of the server, plus the kernel's RSS high-water mark; bytes. */
type Memory = { rss: number; hwm: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; gcMs: number };
type MemoryFigures = {
  bootPeakMiB: number;
  startMiB: number;
  peakMiB: number;
  /** Every RSS_EVERY batches. */
  everyMiB: number[];
  heapMiB: number[];
  heapUsedMiB: number[];
  externalMiB: number[];
  arrayBuffersMiB: number[];
  /** The largest value seen after any batch. */
  peak: { heapTotalMiB: number; heapUsedMiB: number; externalMiB: number; arrayBuffersMiB: number };
  firstStartPeakMiB?: number | null;
};
type Result = Mix & {
  backend: Backend;
  serverVersion: string;
  /** What the memory figures are of. */
  measured: 'server process' | 'in-process server + load generator';
  ops: number;
  batches: number;
  ms: number;
  opsPerSec: number;
  latency: { p50: number; p95: number; max: number };
  statuses: Record<string, number>;
  rss: MemoryFigures;
  load: { min: number; mean: number; max: number };
  storedChanges: number;
  /** CPU time per batch: the server process (with PGlite inside it; with --profile also the load generator), and
   * the PostgreSQL cluster's processes (backends, WAL writer, …). Less disturbed by other load than wall time. */
  cpuPerBatchMs: { node: number; database: number };
  /** Main-thread time the server spent paused in garbage collection, per batch: the price of a smaller heap. */
  gcPausePerBatchMs: number;
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
    const newId = () => uuidV7(ms, randomBytes(10));
    const base = { seq, opId: newId(), at };
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
        const id = newId();
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
    const envelope = { id: newId(), at, actor: `staff-0${1 + STAFF.indexOf(actorName)}`, actorName, workstationId: 'W01', hallCode: HALL };
    if (open === null) {
      const [matterCode, matterName, handling, timeLimitDays] = pick(MATTERS);
      caseNo++;
      const day = new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
      open = { caseId: newId(), residentId: pick(residents).id, step: 0, handling };
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

// ---------------------------------------------------------------------------------------------- bodies

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

type Body = { body: Uint8Array<ArrayBuffer>; last: number; n: number };

/** The push bodies of one device's outbox (gzipped with `--gzip`). */
function buildBodies(deviceId: string): { bodies: Body[]; mix: Mix } {
  // Written over the last minutes, as an outbox filled during a day's work: nothing in the future.
  const ops = outbox(OPS, Date.now() - OPS * 5 - 60_000, stamper(deviceId));
  const bodies: Body[] = [];
  let opBytes = 0;
  let batchBytes = 0;
  for (let i = 0; i < ops.length; i += BATCH) {
    const slice = ops.slice(i, i + BATCH);
    for (const op of slice) opBytes += Buffer.byteLength(JSON.stringify(op));
    // protocol 1 spelled out: the parent of the --profile child imports no app code.
    const json = Buffer.from(JSON.stringify({ protocol: 1, deviceId, ops: slice }));
    const body = GZIP ? gzipSync(json) : json;
    batchBytes += body.length;
    bodies.push({ body: new Uint8Array(body), last: (slice.at(-1) as Op).seq, n: slice.length });
  }
  const caseEvents = ops.filter((o) => o.kind === 'case-event').length;
  const mix = { caseEvents, residentPatches: ops.length - caseEvents, meanOpBytes: opBytes / ops.length, meanBatchBytes: batchBytes / bodies.length };
  return { bodies, mix };
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

// ---------------------------------------------------------------------------------------------- push

const PUSH_HEADERS = { 'x-yizhan-protocol': '1', 'content-type': 'application/json' };

/** Enrols a device over HTTP with a one-time code. */
async function enrol(url: string, code: string): Promise<{ deviceId: string; auth: string }> {
  const res = await fetch(`${url}/api/v1/devices/enroll`, { method: 'POST', headers: PUSH_HEADERS, body: JSON.stringify({ protocol: 1, code }) });
  if (res.status !== 201) throw new Error(`enrol: ${res.status} ${await res.text()}`);
  const device = (await res.json()) as { deviceId: string; secret: string };
  // shared/sync/protocol.ts bearerToken, spelled out (the parent of the --profile child imports no app code).
  return { deviceId: device.deviceId, auth: `Bearer ${device.deviceId}.${device.secret}` };
}

type PushRun = Pick<Result, 'ms' | 'latency' | 'statuses' | 'load'> & { every: Memory[]; peak: MemoryFigures['peak']; end: Memory };

/** Pushes every body, one request in flight, checking each answer; `sample` reads the server's memory after each. */
async function pushAll(url: string, auth: string, bodies: Body[], sample: () => Promise<Memory>): Promise<PushRun> {
  const every: Memory[] = [];
  const peak = { heapTotalMiB: 0, heapUsedMiB: 0, externalMiB: 0, arrayBuffersMiB: 0 };
  const loads: number[] = [loadavg()[0] as number];
  const loadTimer = setInterval(() => loads.push(loadavg()[0] as number), 2000);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let firstRejection = '';
  let ms = 0;
  try {
    for (const [i, { body, last, n }] of bodies.entries()) {
      const s = performance.now();
      const res = await fetch(`${url}/api/v1/sync/push`, {
        method: 'POST',
        headers: { ...PUSH_HEADERS, authorization: auth, ...(GZIP ? { 'content-encoding': 'gzip' } : {}), 'accept-encoding': 'gzip, deflate, br, zstd' },
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
      // The clock stops before the memory sample: reading the server's memory is the bench's business.
      ms += performance.now() - s;
      const m = await sample();
      peak.heapTotalMiB = Math.max(peak.heapTotalMiB, mib(m.heapTotal));
      peak.heapUsedMiB = Math.max(peak.heapUsedMiB, mib(m.heapUsed));
      peak.externalMiB = Math.max(peak.externalMiB, mib(m.external));
      peak.arrayBuffersMiB = Math.max(peak.arrayBuffersMiB, mib(m.arrayBuffers));
      if ((i + 1) % RSS_EVERY === 0) every.push(m);
    }
  } finally {
    clearInterval(loadTimer);
  }
  loads.push(loadavg()[0] as number);
  if (statuses.rejected) throw new Error(`${statuses.rejected} ops rejected (first: ${firstRejection}): the generated ops are wrong`);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    ms,
    latency: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? 0 },
    statuses,
    load: { min: Math.min(...loads), mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads) },
    every,
    peak,
    end: await sample(),
  };
}

function memoryFigures(run: PushRun, boot: Memory, start: Memory): MemoryFigures {
  return {
    bootPeakMiB: mib(boot.hwm),
    startMiB: mib(start.rss),
    peakMiB: mib(run.end.hwm),
    everyMiB: run.every.map((m) => mib(m.rss)),
    heapMiB: run.every.map((m) => mib(m.heapTotal)),
    heapUsedMiB: run.every.map((m) => mib(m.heapUsed)),
    externalMiB: run.every.map((m) => mib(m.external)),
    arrayBuffersMiB: run.every.map((m) => mib(m.arrayBuffers)),
    peak: run.peak,
  };
}

// ---------------------------------------------------------------------------------------------- server process

/** CPU time (ms) a process has used so far. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks (USER_HZ = 100 on Linux)
}

/** Asks the server's memory probe for a sample ('reset-peak' first resets its VmHWM). One question at a time. */
function ask(server: ChildProcess, message: 'sample' | 'reset-peak' = 'sample'): Promise<Memory> {
  return new Promise((resolve, reject) => {
    const onExit = () => reject(new Error('the server exited'));
    server.once('exit', onExit);
    server.once('message', (m) => {
      server.off('exit', onExit);
      resolve(m as Memory);
    });
    server.send(message);
  });
}

/** A one-time enrolment code from the admin CLI, run as `npm run server:admin` runs it, in a process of its own. */
async function adminEnrollCode(database: { DATABASE_URL: string } | { YIZHAN_DATA_DIR: string }): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: TSX_TSCONFIG, ...database };
  if (!('DATABASE_URL' in database)) delete env.DATABASE_URL;
  const argv = ['--import', 'tsx', 'server/cli.ts', 'enroll-code', '--hall', HALL, '--workstation', 'W01'];
  const { stdout } = await promisify(execFile)(process.execPath, argv, { cwd: REPO_ROOT, env });
  const code = /enrolment code: (\S+)/.exec(stdout)?.[1];
  if (!code) throw new Error(`enroll-code printed no code: ${stdout}`);
  return code;
}

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} while starting`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start within 2 minutes');
}

/** One backend: the production server in a process of its own, the load from this process. */
async function runServerProcess(backend: Backend): Promise<Result> {
  const { buildServer, SERVER_ENTRY, SERVER_ENV, SERVER_NODE_FLAGS } = await import('../../scripts/build-server.mjs');
  const { initPgliteDataDir, openDb } = await import('../../server/db/open-db');
  const { startBenchPostgres } = await import('./sync-bench-postgres');
  await buildServer();
  const work = mkdtempSync(join(tmpdir(), 'yizhan-push-bench-'));
  const dataDir = join(work, 'server');
  const pg = backend !== 'postgres' ? null : EXTERNAL_DB ? { url: EXTERNAL_DB, version: 'PostgreSQL (external)', stop: async () => {} } : await startBenchPostgres();
  try {
    // The first start of a PGlite server creates its folder in a child process (open-db.ts); the same here, to
    // report that child's peak. The measured server then opens the folder, as on every later start.
    let firstStartPeakMiB: number | null = null;
    if (!pg) {
      mkdirSync(dataDir, { recursive: true });
      firstStartPeakMiB = (await initPgliteDataDir(join(dataDir, 'pglite'))).peakRssMiB;
    }
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, ...SERVER_ENV, PORT: String(port), HOST: '127.0.0.1', YIZHAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production' };
    delete env.DATABASE_URL;
    delete env.YIZHAN_DEMO_HALL;
    if (pg) env.DATABASE_URL = pg.url;
    const profileFlags = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(REPO_ROOT, 'dist/bench/profiles')}`] : [];
    const probe = join(REPO_ROOT, 'tests/bench/server-memory-probe.mjs');
    const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profileFlags, '--import', probe, SERVER_ENTRY], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    let run: PushRun;
    let boot: Memory;
    let start: Memory;
    let mix: Mix;
    let cpuMs: number;
    let dbCpuMs: number;
    try {
      await waitForHealth(url, server);
      boot = await ask(server);
      const code = await adminEnrollCode(pg ? { DATABASE_URL: pg.url } : { YIZHAN_DATA_DIR: dataDir });
      const device = await enrol(url, code);
      const built = buildBodies(device.deviceId);
      mix = built.mix;
      start = await ask(server, 'reset-peak');
      const cpu0 = processCpuMs(server.pid as number);
      const dbCpu0 = pg ? clusterCpuMs(pg.url) : 0;
      run = await pushAll(url, device.auth, built.bodies, () => ask(server));
      cpuMs = processCpuMs(server.pid as number) - cpu0;
      dbCpuMs = pg ? clusterCpuMs(pg.url) - dbCpu0 : 0;
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
    // Stopped: the embedded database can be opened here now.
    const db = await openDb(pg ? { databaseUrl: pg.url } : { dataDir });
    let storedChanges: number;
    let serverVersion = pg?.version ?? '';
    try {
      const [stored] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM changes WHERE hall_code = $1 AND origin_device IS NOT NULL', [HALL]);
      storedChanges = stored?.n ?? 0;
      if (!pg) {
        const [v] = await db.query<{ v: string }>('SELECT version() AS v');
        serverVersion = `PGlite (${String(v?.v).split(' on ')[0]})`;
      }
    } finally {
      await db.close();
    }
    const batches = Math.ceil(OPS / BATCH);
    return {
      ...mix,
      backend,
      serverVersion,
      measured: 'server process',
      ops: OPS,
      batches,
      ms: run.ms,
      opsPerSec: OPS / (run.ms / 1000),
      latency: run.latency,
      statuses: run.statuses,
      rss: { ...memoryFigures(run, boot, start), firstStartPeakMiB },
      load: run.load,
      storedChanges,
      cpuPerBatchMs: { node: cpuMs / batches, database: dbCpuMs / batches },
      gcPausePerBatchMs: (run.end.gcMs - start.gcMs) / batches,
    };
  } finally {
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- --profile

function statusBytes(field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

/** In a tsx child (--profile): the server in-process on a statement-timing database, with the load generator. */
async function runChild(backend: Backend): Promise<Omit<Result, 'firstStartPeakMiB'>> {
  const { startServer } = await import('../../server/start-server');
  const { openDb } = await import('../../server/db/open-db');
  const { createEnrollCode } = await import('../../server/admin/enroll-codes');
  const { startBenchPostgres } = await import('./sync-bench-postgres');

  const pg = backend !== 'postgres' ? null : EXTERNAL_DB ? { url: EXTERNAL_DB, version: 'PostgreSQL (external)', stop: async () => {} } : await startBenchPostgres();
  try {
    const opened = await openDb(pg ? { databaseUrl: pg.url } : { dataDir: String(args['data-dir']) });
    const timings = new Map<string, { calls: number; ms: number }>();
    const db: Db = profiled(opened, timings);
    let serverVersion = pg?.version ?? '';
    if (!pg) {
      const [v] = await db.query<{ v: string }>('SELECT version() AS v');
      serverVersion = `PGlite (${String(v?.v).split(' on ')[0]})`;
    }
    const server = await startServer({ db, port: 0, host: '127.0.0.1' });
    try {
      const { code } = await createEnrollCode(db, { hallCode: HALL, workstationCode: 'W01', nowMs: Date.now() });
      const device = await enrol(server.url, code);
      const { bodies, mix } = buildBodies(device.deviceId);
      global.gc?.();
      timings.clear();
      let gcMs = 0;
      const gcObserver = new PerformanceObserver((list) => list.getEntries().forEach((e) => (gcMs += e.duration)));
      gcObserver.observe({ entryTypes: ['gc'] });
      const local = async (): Promise<Memory> => ({ ...process.memoryUsage(), hwm: statusBytes('VmHWM'), gcMs });
      const boot = await local();
      writeFileSync('/proc/self/clear_refs', '5');
      const start = await local();
      const cpu0 = process.cpuUsage();
      const dbCpu0 = pg ? clusterCpuMs(pg.url) : 0;
      const run = await pushAll(server.url, device.auth, bodies, local);
      const cpu = process.cpuUsage(cpu0);
      const dbCpuMs = pg ? clusterCpuMs(pg.url) - dbCpu0 : 0;
      const [stored] = await opened.query<{ n: number }>('SELECT count(*)::int AS n FROM changes WHERE hall_code = $1 AND origin_device IS NOT NULL', [HALL]);
      return {
        ...mix,
        backend,
        serverVersion,
        measured: 'in-process server + load generator',
        ops: OPS,
        batches: bodies.length,
        ms: run.ms,
        opsPerSec: OPS / (run.ms / 1000),
        latency: run.latency,
        statuses: run.statuses,
        rss: memoryFigures(run, boot, start),
        load: run.load,
        storedChanges: stored?.n ?? 0,
        cpuPerBatchMs: { node: (cpu.user + cpu.system) / 1000 / bodies.length, database: dbCpuMs / bodies.length },
        gcPausePerBatchMs: (run.end.gcMs - start.gcMs) / bodies.length,
        profile: [...timings].map(([statement, t]) => ({ statement, ...t })).sort((a, b) => b.ms - a.ms),
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

/** --profile: runs this file as a tsx child that serves and loads in-process; resolves with its RESULT line. */
function runInChild(backend: Backend): Promise<Result> {
  const work = mkdtempSync(join(tmpdir(), 'yizhan-push-bench-'));
  return new Promise<Result>((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'tests/bench/server-push-bench.ts', `--child=${backend}`, `--ops=${OPS}`, `--batch=${BATCH}`, `--data-dir=${join(work, 'server')}`, ...(EXTERNAL_DB ? [`--database-url=${EXTERNAL_DB}`] : [])],
      { cwd: REPO_ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: TSX_TSCONFIG, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => {
      rmSync(work, { recursive: true, force: true });
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as Result);
      else reject(new Error(`bench child ${backend} exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------- report

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** How the measured server ran, for the report (set once the build script is loaded). */
let SERVER_SETUP = '';

function report(results: Result[], startedAt: Date): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const first = results[0];
  const lines = [
    '<!-- server-push-bench:start -->',
    '## District server push',
    '',
    `\`npm run bench:server\` (tests/bench/server-push-bench.ts): the server alone over real HTTP, no browser. One device pushes ${fmt(OPS)} ops`,
    `in batches of ${BATCH} (${GZIP ? 'gzipped ' : 'plain '}bodies built beforehand, one request in flight, every answer checked); the server commits each`,
    'batch before it answers: PostgreSQL with its default durable settings (fsync, synchronous_commit, full_page_writes on),',
    'PGlite on disk in a fresh data folder. The server runs as `npm start` runs it (the bundle of scripts/build-server.mjs',
    `on plain Node, ${SERVER_SETUP}) in a process of its own; its memory is read inside it after`,
    'every batch: RSS at the start of the push, every 20 batches, and its peak during the push (VmHWM, reset after',
    'start-up), with V8\'s heap (used of total), `external` (PGlite\'s WASM memory, whose pages count in RSS only once',
    'touched, plus Buffers) and `arrayBuffers` (Buffers) at their largest. "First start" is the peak of the child process that creates a PGlite folder',
    '(initdb in WASM), which the server runs apart for that reason. CPU per batch: the server process (with PGlite inside',
    'it; in brackets the main thread\'s GC pauses) and the PostgreSQL cluster\'s processes. The machine is shared: compare',
    'figures within one run.',
    '',
    `Run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}.`,
    `Ops: ${fmt(first?.caseEvents ?? 0)} case events + ${fmt(first?.residentPatches ?? 0)} resident patches, mean ${fmt(first?.meanOpBytes ?? 0)} B of JSON per op, ${fmt((first?.meanBatchBytes ?? 0) / 1024, 1)} KiB per ${GZIP ? 'gzipped ' : ''}batch.`,
    '',
    '| backend | ops/s (goal ≥ 25,000) | batches, time | batch p50 / p95 / max | CPU per batch: server process (GC pauses) / PostgreSQL | server RSS start → peak during push (goal ≤ 250 MB on PGlite) | RSS every 20 batches (MiB) | peak V8 heap used / total, external, arrayBuffers | server start-up peak, first start peak | load avg (1 min) min / mean / max |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.serverVersion} | **${fmt(r.opsPerSec)}** | ${r.batches}, ${fmt(r.ms / 1000, 1)} s | ${fmt(r.latency.p50)} / ${fmt(r.latency.p95)} / ${fmt(r.latency.max)} ms | ${fmt(r.cpuPerBatchMs.node, 1)} (${fmt(r.gcPausePerBatchMs, 1)}) / ${r.backend === 'postgres' ? `${fmt(r.cpuPerBatchMs.database, 1)} ms` : '— ms'} | ${r.rss.startMiB} → **${r.rss.peakMiB} MiB** | ${r.rss.everyMiB.join(' ')} | ${r.rss.peak.heapUsedMiB} / ${r.rss.peak.heapTotalMiB}, ${r.rss.peak.externalMiB}, ${r.rss.peak.arrayBuffersMiB} MiB | ${r.rss.bootPeakMiB} MiB, ${r.rss.firstStartPeakMiB === null || r.rss.firstStartPeakMiB === undefined ? '—' : `${r.rss.firstStartPeakMiB} MiB`} | ${fmt(r.load.min, 1)} / ${fmt(r.load.mean, 1)} / ${fmt(r.load.max, 1)} |`,
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

async function main(): Promise<void> {
  if (args.child) {
    const result = await runChild(args.child as Backend);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const startedAt = new Date();
  const results: Result[] = [];
  const { SERVER_ENV, SERVER_NODE_FLAGS } = await import('../../scripts/build-server.mjs');
  SERVER_SETUP = PROFILE ? 'in-process under tsx (--profile)' : [...SERVER_NODE_FLAGS, ...Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`)].map((f) => `\`${f}\``).join(' ');
  for (const backend of BACKENDS) {
    console.log(`[bench:server] ${backend}: pushing ${fmt(OPS)} ops … (load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    const r = PROFILE ? await runInChild(backend) : await runServerProcess(backend);
    results.push(r);
    const m = r.rss;
    console.log(
      `[bench:server] ${backend}: ${fmt(r.opsPerSec)} ops/s, ${r.batches} batches in ${fmt(r.ms / 1000, 1)} s, p50 ${fmt(r.latency.p50)} ms, p95 ${fmt(r.latency.p95)} ms; ` +
        `${r.measured}: RSS ${m.startMiB} → peak ${m.peakMiB} MiB (start-up peak ${m.bootPeakMiB}, first start ${m.firstStartPeakMiB ?? '-'}), ` +
        `peak heap used ${m.peak.heapUsedMiB} of ${m.peak.heapTotalMiB}, external ${m.peak.externalMiB}, arrayBuffers ${m.peak.arrayBuffersMiB} MiB; every ${RSS_EVERY}: RSS ${m.everyMiB.join(' ')} ` +
        `(heap used ${m.heapUsedMiB.join(' ')}; heap total ${m.heapMiB.join(' ')}; arrayBuffers ${m.arrayBuffersMiB.join(' ')}); load ${fmt(r.load.min, 1)}–${fmt(r.load.max, 1)}; ` +
        `CPU per batch: node ${fmt(r.cpuPerBatchMs.node, 1)} ms (GC pauses ${fmt(r.gcPausePerBatchMs, 1)} ms), database ${fmt(r.cpuPerBatchMs.database, 1)} ms; statuses ${JSON.stringify(r.statuses)}; ${fmt(r.storedChanges)} changes stored`,
    );
    if (r.storedChanges !== r.ops) throw new Error(`${r.storedChanges} changes stored for ${r.ops} ops`);
    for (const p of r.profile ?? []) console.log(`    ${fmt(p.ms).padStart(8)} ms ${String(p.calls).padStart(6)}×  ${p.statement}`);
  }
  mkdirSync(join(REPO_ROOT, 'dist/bench'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'dist/bench/server-push-results.json'), JSON.stringify({ startedAt, results }, null, 2));
  const section = report(results, startedAt);
  if (WRITE_DOCS && !PROFILE && !CPU_PROF) writeDocs(section);
  console.log(section);
}

await main();
