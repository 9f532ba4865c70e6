// `npm run bench:sync`: the sync benchmark (Issue 4). Not a test.
//
//   1. push: 100 k queued case-event ops from a workstation in Debian's Chromium, through the real sync worker,
//      to the district server on PGlite and on PostgreSQL (private cluster, default durable settings);
//      ops/s from the watermark probe to the last acknowledgement written in IndexedDB; batches; peak memory of
//      the browser (all its processes) and of the server, and the server's RSS across the push (flat or not);
//   2. pull: 200 k residents in a hall's change log on the server, pulled by a fresh workstation; residents/s
//      against a raw Dexie bulkPut of the same rows into the same schema in the same browser.
//
//   options: --ops=N (default 100000) --residents=N (default 200000) --backends=pglite,postgres --no-docs
//            --direct (push cross-origin straight to the server, without the measuring proxy)
//            --in-flight=2,1 (pushes on the wire at once; one push run per number, default 2)
//            --rtt=MS (the proxy adds MS to every API round trip, as a district network would; default 0)
//            --naive=0|1|2 (runs of perf-anchors' naive push loop on PostgreSQL, before and after the pushes; default 2:
//            the push is also reported as a ratio to it, measured in the same run)
//            --naive-ceiling (also the naive loop with two requests in flight, after the pushes: what overlapping
//            batches gives work that does nothing but read, send and insert, on the same two cores)
//   CPU per batch is taken over the push alone (the harness page says when the cycle moves on to its pull), the
//   browser's split by Chromium process. A server CPU profile: YIZHAN_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=D".
//   A browser trace: YIZHAN_BENCH_CHROMIUM_ARGS="--trace-startup=toplevel,disabled-by-default-v8.cpu_profiler
//   --trace-startup-format=json --trace-startup-file=F --trace-startup-duration=S" with YIZHAN_BENCH_CHROMIUM_LINGER_MS
//   (the browser is kept that long after the push, so the trace can end on its own clock and be written).
// Results: docs/benchmarks.md, "Sync" section (replaced on each run), and dist/bench/sync-results.json.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../support/chromium';
import { FaultProxy } from '../sync/fault-proxy';
import { DistrictServer, REPO_ROOT } from '../sync/support/district-server';
import { buildHarness } from '../sync/support/harness-build';
import { startBenchPostgres, type BenchPostgres } from './sync-bench-postgres';

type Backend = 'pglite' | 'postgres';
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const OPS = Number(args.ops ?? 100_000);
const RESIDENTS = Number(args.residents ?? 200_000);
const BACKENDS = String(args.backends ?? 'pglite,postgres').split(',') as Backend[];
const WRITE_DOCS = !('no-docs' in args);
/** Push straight to the server (cross-origin, as the product's workstation does) instead of through the
 * measuring proxy: the proxy is a test artefact. Server ms per batch is then not measured. */
const DIRECT = 'direct' in args;
/** Pushes on the wire at once, one push run each (e.g. `--in-flight=2,1` compares them in one run). */
const IN_FLIGHT = String(args['in-flight'] ?? '2').split(',').map(Number);
/** Round trip added by the proxy to every API request, as a district network would (ms; default none). */
const RTT_MS = Number(args.rtt ?? 0);
/** Runs of the anchors' naive loop on PostgreSQL: before the pushes, and (2) after them too; 0 for none. */
const NAIVE_RUNS = Number(args.naive ?? 2);
/** The anchors' goal over their naive loop's figure, both measured on this kind of machine: 25,000 / 12,620. */
const NAIVE_GOAL_RATIO = Math.round((25_000 / 12_620) * 100) / 100;
if (IN_FLIGHT.some((n) => !(Number.isInteger(n) && n >= 1 && n <= 4))) throw new Error('--in-flight takes numbers 1–4');
if (!(Number.isFinite(RTT_MS) && RTT_MS >= 0)) throw new Error('--rtt takes a number of ms');
if (![0, 1, 2].includes(NAIVE_RUNS)) throw new Error('--naive takes 0, 1 or 2');
const NAIVE_CEILING = 'naive-ceiling' in args;
const MANUAL = { mode: 'manual', window: { start: '18:00', end: '07:30' } };

type Sample = { t: number; rss: number };
type PushFigure = {
  ops: number;
  ms: number;
  opsPerSec: number;
  batches: number;
  /** Mean time the server took per push, seen from the proxy: the rest of a batch's time is the client's. */
  serverMsPerBatch: number;
  clientPeakMiB: number;
  serverPeakMiB: number;
  serverRss: number[];
  /** CPU time per batch: this run's Chromium, the district server's process, PostgreSQL's processes (0 on PGlite:
   * inside the server) and this bench process (the measuring proxy). Their sum over two cores bounds the push rate. */
  cpuMsPerBatch?: { browser: number; server: number; postgres: number; bench: number };
  /** The browser's share split by Chromium process: the browser process (IndexedDB's backend runs there), the
   * renderers (the page and its sync worker) and the network service. */
  browserCpuMsPerBatch?: ChromiumCpu;
  /** Pushes the workstation kept on the wire at once. */
  inFlight?: number;
  /** ops/s over the mean of the naive loop's runs in this run (PostgreSQL). */
  naiveRatio?: number;
};
type PullFigure = {
  residents: number;
  pullMs: number;
  perSec: number;
  rawMs: number;
  rawPerSec: number;
  ratio: number;
  clientPeakMiB: number;
  serverPeakMiB: number;
  /** CPU time per 1,000 residents: the pull's in the browser and in the server; the raw bulkPut's in the browser
   * (making the rows included). The pull needs both cores, so on a shared machine its wall-clock figure (and the
   * ratio) suffers more than the raw one's: these say what the work was. */
  cpuMsPer1000: { browser: number; server: number; raw: number };
};
/** `naive`: the anchors' naive loop just before and just after the pushes (PostgreSQL only). */
type Result = { backend: Backend; pushes: PushFigure[]; naive: NaiveFigure[]; pull: PullFigure | null };

/** The pids of a process tree, from /proc. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we read.
    }
  }
  const out: number[] = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Proportional set size of some processes (MiB): Chromium's processes share much of their memory, which RSS
 * would count once per process. */
function pssMiB(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {
      // Gone.
    }
  }
  return total;
}

/** The Chromium processes this run started (Playwright's Browser does not expose its pid): our own descendants. */
function browserPids(): number[] {
  return processTree(process.pid).filter((pid) => {
    try {
      return /chrom/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '');
    } catch {
      return false;
    }
  });
}

type ChromiumCpu = { browserProcess: number; renderer: number; network: number; other: number };

function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null; // Gone.
  }
}

/** CPU time (ms) of Chromium's processes by kind, from their command lines. */
function chromiumCpuMs(pids: readonly number[]): ChromiumCpu {
  const out: ChromiumCpu = { browserProcess: 0, renderer: 0, network: 0, other: 0 };
  for (const pid of pids) {
    const cmd = commandLine(pid);
    if (cmd === null) continue;
    const kind = !cmd.includes('--type=') ? 'browserProcess' : cmd.includes('--type=renderer') ? 'renderer' : cmd.includes('NetworkService') ? 'network' : 'other';
    out[kind] += cpuMs([pid]);
  }
  return out;
}

/** CPU time (user + system, ms) these processes have used so far. Unlike wall-clock time, barely moved by the
 * other work on a shared machine, so a figure taken under load can still be compared. */
function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // Gone.
    }
  }
  return (ticks * 1000) / 100;
}

function sampler(read: () => number) {
  const samples: Sample[] = [];
  const t0 = Date.now();
  // Once a second: sampling must not take the CPU the figures are about (2 cores).
  const timer = setInterval(() => samples.push({ t: Date.now() - t0, rss: read() }), 1000);
  return {
    stop() {
      clearInterval(timer);
      samples.push({ t: Date.now() - t0, rss: read() });
      return samples;
    },
  };
}

/** RSS at 25/50/75/100 % of the run: a flat server has four close numbers. */
function quartiles(samples: Sample[]): number[] {
  const end = samples.at(-1)?.t ?? 0;
  return [0.25, 0.5, 0.75, 1].map((q) => Math.round(samples.find((s) => s.t >= q * end)?.rss ?? samples.at(-1)?.rss ?? 0));
}

async function harness<T>(page: Page, name: string, ...a: unknown[]): Promise<T> {
  return page.evaluate(
    async ([n, x]) => (window as unknown as { harness: Record<string, (...y: unknown[]) => Promise<unknown>> }).harness[n as string]!(...(x as unknown[])),
    [name, a] as const,
  ) as Promise<T>;
}

async function workstation(browser: Browser, origin: string, code: string, dbName: string, hallCode = 'GL0301'): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'harness' in window);
  await harness(page, 'init', { dbName, workstationCode: code, hallCode });
  await harness(page, 'startSync', {});
  await harness(page, 'settings', MANUAL);
  return page;
}

type CycleReply = { ok: boolean; pushed: number; pulled: number; pushMs: number; pullMs: number; code?: string };
type CycleCpu = { browserMs: number; serverMs: number; postgresMs: number; benchMs: number };
type Cycle = {
  figure: PushFigure;
  pulled: number;
  pullMs: number;
  cpu: CycleCpu;
  /** Up to the end of the push (when the run passes `pushEnd`): what the push itself cost, without the pull and the
   * pruning of the outbox that follow it in the cycle. */
  pushCpu?: CycleCpu & { chromium: ChromiumCpu };
};

/**
 * Times one sync cycle (`run`) of a workstation whose processes are `browser()`: memory sampled once a second, CPU
 * time of the browser and of `serverPids` over the cycle, and the server's time per push as the proxy saw it.
 */
async function measureCycle(
  server: DistrictServer,
  proxy: FaultProxy,
  browser: () => number[],
  run: () => Promise<CycleReply>,
  serverPids: () => number[] = () => processTree(server.pid),
  postgresPids: () => number[] = () => [],
  pushEnd?: Promise<unknown>,
): Promise<Cycle> {
  const pushesBefore = proxy.byPath.get('/api/v1/sync/push') ?? 0;
  const client = sampler(() => pssMiB(browser()));
  const chromiumBefore = chromiumCpuMs(browser());
  const cpuBefore = { browserMs: cpuMs(browser()), serverMs: cpuMs(serverPids()), postgresMs: cpuMs(postgresPids()), bench: process.cpuUsage() };
  const srv = sampler(() => server.memory()?.rssMiB ?? 0);
  let pushCpu: Cycle['pushCpu'];
  void pushEnd?.then(() => {
    const bench = process.cpuUsage(cpuBefore.bench);
    const chromium = chromiumCpuMs(browser());
    pushCpu = {
      browserMs: cpuMs(browser()) - cpuBefore.browserMs,
      serverMs: cpuMs(serverPids()) - cpuBefore.serverMs,
      postgresMs: cpuMs(postgresPids()) - cpuBefore.postgresMs,
      benchMs: (bench.user + bench.system) / 1000,
      chromium: {
        browserProcess: chromium.browserProcess - chromiumBefore.browserProcess,
        renderer: chromium.renderer - chromiumBefore.renderer,
        network: chromium.network - chromiumBefore.network,
        other: chromium.other - chromiumBefore.other,
      },
    };
  });
  const reply = await run();
  // Processes that started during the cycle count from zero; none of ours ended during it.
  const bench = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    browserMs: cpuMs(browser()) - cpuBefore.browserMs,
    serverMs: cpuMs(serverPids()) - cpuBefore.serverMs,
    postgresMs: cpuMs(postgresPids()) - cpuBefore.postgresMs,
    benchMs: (bench.user + bench.system) / 1000,
  };
  const clientSamples = client.stop();
  const serverSamples = srv.stop();
  if (!reply.ok) throw new Error(`sync failed: ${JSON.stringify(reply)}`);
  for (const [path, list] of proxy.upstreamMs) {
    const sum = list.reduce((a, b) => a + b, 0);
    console.log(`[bench:sync]   server time ${path}: ${list.length} requests, ${Math.round(sum)} ms total, ${Math.round(sum / list.length)} ms each`);
  }
  const pushTimes = proxy.upstreamMs.get('/api/v1/sync/push') ?? [];
  const serverMsPerBatch = pushTimes.length > 1 ? Math.round(pushTimes.slice(1).reduce((a, b) => a + b, 0) / (pushTimes.length - 1)) : 0;
  proxy.upstreamMs.clear();
  // Minus the watermark probe. Direct, the proxy sees none: every batch but the last is full.
  const batches = DIRECT ? Math.ceil(reply.pushed / 500) : (proxy.byPath.get('/api/v1/sync/push') ?? 0) - pushesBefore - 1;
  return {
    figure: {
      ops: reply.pushed,
      ms: reply.pushMs,
      opsPerSec: Math.round(reply.pushed / (reply.pushMs / 1000)),
      batches,
      serverMsPerBatch,
      clientPeakMiB: Math.round(Math.max(...clientSamples.map((s) => s.rss))),
      serverPeakMiB: Math.round(server.memory()?.peakMiB ?? Math.max(...serverSamples.map((s) => s.rss))),
      serverRss: quartiles(serverSamples),
    },
    pulled: reply.pulled,
    pullMs: reply.pullMs,
    cpu,
    ...(pushCpu ? { pushCpu } : {}),
  };
}

/** Enrols a Playwright-driven workstation and times its next cycle (the pull figures). */
async function enrolAndSync(page: Page, server: DistrictServer, proxy: FaultProxy, origin: string, hallCode: string, serverPids: () => number[]): Promise<Cycle> {
  const [code] = await server.enrollCodes(hallCode, 1);
  const enrolled = await harness<{ ok: boolean }>(page, 'enroll', DIRECT ? server.url : origin, code);
  if (!enrolled.ok) throw new Error(`enrolment failed: ${JSON.stringify(enrolled)}`);
  return measureCycle(server, proxy, browserPids, () => harness<CycleReply>(page, 'syncNow'), serverPids);
}

type PageMessage = { type: string; reply?: CycleReply & { batches?: number }; message?: string };

/**
 * A Chromium that no driver is attached to, opening the harness page at `origin/#fragment=spec`: the page runs by
 * itself and posts its messages (`queued`, `pushed`, `done`, `error`) to a little local server. `close()` kills the
 * whole process tree and removes its profile.
 */
async function undrivenChromium(origin: string, fragment: string, spec: Record<string, unknown>) {
  const waiting = new Map<string, (m: PageMessage) => void>();
  const arrived = new Map<string, PageMessage>();
  const next = (type: string) =>
    new Promise<PageMessage>((resolve) => {
      const m = arrived.get(type);
      if (m) resolve(m);
      else waiting.set(type, resolve);
    });
  const reports = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      res.end();
      const m = JSON.parse(body) as PageMessage;
      arrived.set(m.type, m);
      waiting.get(m.type)?.(m);
    });
  });
  await new Promise<void>((resolve) => reports.listen(0, '127.0.0.1', () => resolve()));
  const report = `http://127.0.0.1:${(reports.address() as AddressInfo).port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'yizhan-bench-chromium-'));
  const options = chromiumLaunchOptions();
  // YIZHAN_BENCH_CHROMIUM_ARGS: extra switches for a look inside (e.g. --trace-startup=… --trace-startup-file=…).
  const extra = process.env.YIZHAN_BENCH_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? [];
  const url = `${origin}/#${fragment}=${encodeURIComponent(JSON.stringify({ ...spec, report }))}`;
  const chrome = spawn(options.executablePath as string, [...(options.args ?? []), ...extra, '--headless=new', `--user-data-dir=${profile}`, url], { stdio: 'ignore' });
  const failed = next('error').then((m) => {
    throw new Error(`benchmark page failed: ${m.message ?? 'unknown'}`);
  });
  failed.catch(() => undefined);
  return {
    /** The page's next message of this type, or its error. */
    next: (type: string) => Promise.race([next(type), failed]),
    tree: () => processTree(chrome.pid as number),
    async close() {
      // Extra switches may be writing a trace that ends on its own clock: give it time.
      if (extra.length > 0) await new Promise((resolve) => setTimeout(resolve, Number(process.env.YIZHAN_BENCH_CHROMIUM_LINGER_MS ?? 0)));
      // The whole tree: a renderer outliving its browser would still be writing the profile we delete.
      const exited = new Promise((resolve) => chrome.once('exit', resolve));
      for (const pid of processTree(chrome.pid as number)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await exited;
      reports.close();
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/**
 * The push workstation runs in a Chromium that no driver is attached to: the harness page's `#autopush` queues the
 * ops, enrols, syncs and posts its result to a little local server. Driven by Playwright, every request's body
 * travels to the driver as a CDP network event too: measured here, that cost the browser 41 instead of 28 ms of
 * CPU per 500-op batch and the driving process another ~13 ms, on the two cores the push is measured on (−25 %
 * ops/s). A workstation has no driver attached.
 */
async function undrivenPush(server: DistrictServer, proxy: FaultProxy, origin: string, hallCode: string, inFlight: number, postgresPids: () => number[]): Promise<Cycle> {
  const [code] = await server.enrollCodes(hallCode, 1);
  const spec = {
    dbName: `bench-push-${inFlight}`,
    tuning: { pushesInFlight: inFlight },
    hallCode,
    settings: MANUAL,
    ops: OPS,
    serverUrl: DIRECT ? server.url : origin,
    code,
  };
  const page = await undrivenChromium(origin, 'autopush', spec);
  try {
    await page.next('queued');
    const done = page.next('done').then((m) => m.reply as CycleReply);
    return await measureCycle(server, proxy, page.tree, () => done, undefined, postgresPids, page.next('pushed'));
  } finally {
    await page.close();
  }
}

type NaiveFigure = {
  run: string;
  inFlight: number;
  opsPerSec: number;
  ms: number;
  batches: number;
  cpuMsPerBatch: { browser: number; server: number; postgres: number };
  /** ops/s over the mean of the one-in-flight runs (the ceiling run only). */
  naiveRatio?: number;
};

/**
 * perf-anchors.md's naive loop, measured now on this machine (tests/sync/harness/naive-push.js, a page reading 500
 * ops from Dexie and POSTing them with one request in flight, to tests/bench/naive-push-server.mjs, which writes
 * them with one multi-row INSERT … ON CONFLICT DO NOTHING into the same PostgreSQL). The anchors measured it at
 * 12,620 ops/s and set the goal at 25,000: machines here are noisy, so the push is also judged as a ratio to this
 * loop taken in the same run (goal ≈ 1.98×).
 */
async function naiveReference(pg: BenchPostgres, origin: string, hallCode: string, tag: string, run: string, inFlight = 1): Promise<NaiveFigure> {
  const server = spawn(process.execPath, [join(REPO_ROOT, 'tests/bench/naive-push-server.mjs')], {
    env: { ...process.env, DATABASE_URL: pg.url, NAIVE_IN_FLIGHT: String(inFlight) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server.stdout.setEncoding('utf8');
      server.stdout.on('data', (chunk: string) => {
        out += chunk;
        const line = out.split('\n')[0];
        if (out.includes('\n')) resolve((JSON.parse(line as string) as { port: number }).port);
      });
      server.once('exit', (code) => reject(new Error(`naive push server exited (${code})`)));
    });
    const page = await undrivenChromium(origin, 'naivepush', { dbName: `bench-naive-${tag}`, hallCode, ops: OPS, inFlight, serverUrl: `http://127.0.0.1:${port}/` });
    try {
      await page.next('queued');
      const before = { browser: cpuMs(page.tree()), server: cpuMs([server.pid as number]), postgres: cpuMs(processTree(pg.postmasterPid())) };
      const reply = (await page.next('done')).reply as CycleReply & { batches: number };
      if (reply.pushed !== OPS) throw new Error(`naive loop pushed ${reply.pushed} of ${OPS}`);
      const per = (ms: number) => Math.round((ms / reply.batches) * 10) / 10;
      return {
        run,
        inFlight,
        opsPerSec: Math.round(reply.pushed / (reply.pushMs / 1000)),
        ms: Math.round(reply.pushMs),
        batches: reply.batches,
        cpuMsPerBatch: {
          browser: per(cpuMs(page.tree()) - before.browser),
          server: per(cpuMs([server.pid as number]) - before.server),
          postgres: per(cpuMs(processTree(pg.postmasterPid())) - before.postgres),
        },
      };
    } finally {
      await page.close();
    }
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}

async function runBackend(backend: Backend, harnessDir: string): Promise<Result & { pgVersion?: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yizhan-bench-pglite-'));
  const pg = backend === 'postgres' ? await startBenchPostgres() : null;
  const server = await DistrictServer.start(pg ? { DATABASE_URL: pg.url } : { YIZHAN_DATA_DIR: dataDir });
  const proxy = new FaultProxy({ upstreamPort: () => server.port, staticDir: harnessDir, roundTripMs: RTT_MS });
  const origin = `http://127.0.0.1:${await proxy.start()}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const pushes: PushFigure[] = [];
    const naive: NaiveFigure[] = [];
    const runNaive = async (tag: string, run: string, inFlight = 1) => {
      if (!pg || (NAIVE_RUNS === 0 && inFlight === 1)) return;
      const n = await naiveReference(pg, origin, 'GL0399', tag, run, inFlight);
      naive.push(n);
      const c = n.cpuMsPerBatch;
      console.log(`[bench:sync] ${backend}: naive loop (anchors' reference), ${inFlight} in flight, ${n.opsPerSec} ops/s (${n.batches} batches in ${(n.ms / 1000).toFixed(1)} s); CPU ms per batch: browser ${c.browser}, server ${c.server}, PostgreSQL ${c.postgres}; load ${(loadavg()[0] ?? 0).toFixed(1)}`);
    };
    await runNaive('before', 'before the pushes');
    for (const [i, inFlight] of IN_FLIGHT.entries()) {
      console.log(`[bench:sync] ${backend}: queueing ${OPS} ops and pushing them, ${inFlight} on the wire…`);
      // A hall per run: a workstation of the same hall would also pull the runs before it in its cycle.
      const hall = `GL03${String(11 + i)}`;
      const pushed = await undrivenPush(server, proxy, origin, hall, inFlight, () => (pg ? processTree(pg.postmasterPid()) : []));
      const push = { ...pushed.figure, inFlight };
      const perBatch = (n: number) => Math.round((n / Math.max(1, push.batches)) * 10) / 10;
      // Over the push only (the cycle's pull and outbox pruning follow it); the whole cycle if the page never said.
      const cpu = pushed.pushCpu ?? pushed.cpu;
      const c = {
        browser: perBatch(cpu.browserMs),
        server: perBatch(cpu.serverMs),
        postgres: perBatch(cpu.postgresMs),
        bench: perBatch(cpu.benchMs),
      };
      push.cpuMsPerBatch = c;
      const k = pushed.pushCpu?.chromium;
      if (k) push.browserCpuMsPerBatch = { browserProcess: perBatch(k.browserProcess), renderer: perBatch(k.renderer), network: perBatch(k.network), other: perBatch(k.other) };
      pushes.push(push);
      const split = push.browserCpuMsPerBatch;
      const whole = perBatch(pushed.cpu.browserMs);
      console.log(
        `[bench:sync] ${backend}: push ${push.opsPerSec} ops/s, ${inFlight} in flight (${push.ops} in ${(push.ms / 1000).toFixed(1)} s, ${push.batches} batches); CPU ms per batch${pushed.pushCpu ? ' during the push' : ''}: browser ${c.browser}${split ? ` (browser process ${split.browserProcess}, renderers ${split.renderer}, network service ${split.network}, other ${split.other}; whole cycle ${whole})` : ''}, server ${c.server}, PostgreSQL ${c.postgres}, bench process (proxy) ${c.bench}; load ${(loadavg()[0] ?? 0).toFixed(1)}`,
      );
    }

    if (NAIVE_RUNS > 1) await runNaive('after', 'after the pushes');
    if (NAIVE_CEILING) await runNaive('ceiling', 'ceiling: 2 in flight, after the pushes', 2);
    const yardsticks = naive.filter((n) => n.inFlight === 1);
    if (yardsticks.length > 0) {
      const mean = yardsticks.reduce((a, n) => a + n.opsPerSec, 0) / yardsticks.length;
      for (const n of naive) {
        if (n.inFlight === 1) continue;
        n.naiveRatio = Math.round((n.opsPerSec / mean) * 100) / 100;
        console.log(`[bench:sync] ${backend}: naive loop with ${n.inFlight} in flight = ${n.naiveRatio}× itself with one (mean ${Math.round(mean)} ops/s)`);
      }
      for (const p of pushes) {
        p.naiveRatio = Math.round((p.opsPerSec / mean) * 100) / 100;
        console.log(`[bench:sync] ${backend}: push with ${p.inFlight} in flight = ${p.naiveRatio}× the naive loop (mean ${Math.round(mean)} ops/s); goal ${NAIVE_GOAL_RATIO}×`);
      }
    }

    let pull: PullFigure | null = null;
    if (RESIDENTS > 0) {
      console.log(`[bench:sync] ${backend}: seeding ${RESIDENTS} residents on the server…`);
      // Another hall, so the fresh workstation pulls these residents and nothing of the push above.
      await server.seedResidents('GL0302', RESIDENTS);
      const yardstick = await workstation(browser, origin, 'W02', 'bench-yardstick', 'GL0302');
      const rawPids = browserPids();
      const rawCpu0 = cpuMs(rawPids);
      const raw = await harness<{ ms: number; count: number }>(yardstick, 'rawResidentBulkPut', 'bench-raw', RESIDENTS, 1000);
      const rawCpuMs = cpuMs(rawPids) - rawCpu0;
      await yardstick.context().close();

      console.log(`[bench:sync] ${backend}: pulling to a fresh workstation…`);
      const fresh = await workstation(browser, origin, 'W03', 'bench-fresh', 'GL0302');
      // The server's CPU includes PostgreSQL's processes when it runs on PostgreSQL.
      const got = await enrolAndSync(fresh, server, proxy, origin, 'GL0302', () => [...processTree(server.pid), ...(pg ? processTree(pg.postmasterPid()) : [])]);
      const count = await harness<number>(fresh, 'residentCount');
      if (count !== RESIDENTS) throw new Error(`pulled ${count} residents, expected ${RESIDENTS}`);
      const perSec = Math.round(got.pulled / (got.pullMs / 1000));
      const rawPerSec = Math.round(raw.count / (raw.ms / 1000));
      pull = {
        residents: got.pulled,
        pullMs: got.pullMs,
        perSec,
        rawMs: Math.round(raw.ms),
        rawPerSec,
        ratio: Math.round((perSec / rawPerSec) * 100) / 100,
        clientPeakMiB: got.figure.clientPeakMiB,
        serverPeakMiB: got.figure.serverPeakMiB,
        cpuMsPer1000: {
          browser: Math.round((got.cpu.browserMs / got.pulled) * 1000),
          server: Math.round((got.cpu.serverMs / got.pulled) * 1000),
          raw: Math.round((rawCpuMs / raw.count) * 1000),
        },
      };
      const c = pull.cpuMsPer1000;
      console.log(`[bench:sync] ${backend}: pull ${perSec}/s vs raw bulkPut ${rawPerSec}/s (${pull.ratio}×); CPU ms per 1,000: pull ${c.browser} browser + ${c.server} server, raw ${c.raw}; load ${(loadavg()[0] ?? 0).toFixed(1)}`);
      await fresh.context().close();
    }
    return { backend, pushes, naive, pull, ...(pg ? { pgVersion: pg.version } : {}) };
  } finally {
    await browser.close();
    await proxy.close();
    await server.stop();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const LOAD_AT_START = loadavg()[0] ?? 0;

function machine(browserVersion: string, pgVersion: string | undefined): string {
  const os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  const pglite = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version as string;
  const dexie = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/dexie/package.json'), 'utf8')).version as string;
  const load = `load average ${LOAD_AT_START.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end of the run`;
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${os}, ${load}; Node ${process.version}; Chromium ${browserVersion} (headless); Dexie ${dexie}; PGlite ${pglite}${pgVersion ? `; ${pgVersion}` : ''}`;
}

function render(results: Array<Result & { pgVersion?: string }>, machineLine: string): string {
  const lines = [
    '## Sync',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:sync\` (tests/bench/sync-bench.ts) on ${machineLine}.`,
    DIRECT
      ? 'Push: case-event ops queued in the outbox, pushed by the sync worker straight to the district server (cross-origin, as'
      : 'Push: case-event ops queued in the outbox, pushed by the sync worker through a same-origin pass-through proxy to the',
    DIRECT
      ? 'the workstation does: `--direct`); timed from the watermark probe to the last acknowledgement written to IndexedDB. The'
      : `district server${RTT_MS > 0 ? `, which adds ${RTT_MS} ms to every round trip (a district network)` : ''}; timed from the watermark probe to the last acknowledgement written to IndexedDB. The`,
    'workstation runs in a Chromium with no driver attached (the harness page runs the push by itself and reports to the',
    'bench). The server commits each batch before it answers (PostgreSQL with its default durable settings; PGlite on',
    'disk). "in flight": pushes the workstation keeps on the wire (the server holds a batch that arrives early for the one',
    'below it). Memory: PSS of the workstation\'s Chromium processes, RSS of the server process (peak, and at 25/50/75/100 %',
    'of the push). "server ms / batch": from the proxy forwarding a push to the server\'s last byte (0 with `--direct`). CPU',
    'per batch, over the push alone (up to the pull that follows it in the cycle): user + system time of the browser',
    '(split: the browser process, where IndexedDB\'s backend runs / the renderer with the page and its sync worker / the',
    'network service), the server process, PostgreSQL\'s processes (none on PGlite, which runs inside the server) and the',
    'bench process (the proxy) — all on the same two cores, so their sum bounds the rate. "× naive loop": ops/s over',
    'the mean of perf-anchors\' naive loop measured in this run just before and after the pushes (table below): the anchors',
    'put that loop at 12,620 ops/s and the goal at 25,000 on this kind of machine, and machines here are noisy, so the',
    'ratio taken in one run is the comparison that holds (goal ' + NAIVE_GOAL_RATIO + '×).',
    '',
    '| backend | in flight | ops | time | ops/s (goal ≥ 25,000) | × naive loop (goal ≥ ' + NAIVE_GOAL_RATIO + ') | batches | server ms / batch | CPU ms / batch during the push: browser (browser process / renderer / network) + server + PostgreSQL + proxy | browser peak | server peak | server RSS at 25/50/75/100 % |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.flatMap((r) =>
      r.pushes.map((p) => {
        const c = p.cpuMsPerBatch;
        const b = p.browserCpuMsPerBatch;
        const split = b ? ` (${b.browserProcess} / ${b.renderer} / ${b.network})` : '';
        const cpu = c ? `${c.browser}${split} + ${c.server} + ${c.postgres} + ${c.bench}` : '—';
        return `| ${r.backend} | ${p.inFlight ?? 1} | ${p.ops.toLocaleString('en')} | ${(p.ms / 1000).toFixed(1)} s | **${p.opsPerSec.toLocaleString('en')}** | ${p.naiveRatio === undefined ? '—' : `**${p.naiveRatio}×**`} | ${p.batches} | ${p.serverMsPerBatch} | ${cpu} | ${p.clientPeakMiB} MiB | ${p.serverPeakMiB} MiB | ${p.serverRss.join(' / ')} MiB |`;
      }),
    ),
    '',
    'Naive loop (perf-anchors\' reference; tests/sync/harness/naive-push.js and tests/bench/naive-push-server.mjs): the same',
    'case-event ops as objects in a plain Dexie table in the same Chromium build, read 500 at a time, POSTed as JSON, one',
    'request in flight, straight to a bare node:http server writing each batch with one multi-row INSERT … ON CONFLICT DO',
    'NOTHING into the same PostgreSQL (durable commit); its position kept in memory — no authentication, validation,',
    'per-op results, change log, acknowledgement written or pruning. CPU per batch: browser + server + PostgreSQL.',
    'The ceiling run (`--naive-ceiling`, if any) keeps two requests in flight (its server a connection for each): what',
    'overlapping batches gives work that does nothing but read, send and insert, on the same two cores; "×" is its',
    'ops/s over the one-in-flight runs\' mean.',
    '',
    '| backend | run | ops/s | × one in flight | time | CPU ms / batch: browser + server + PostgreSQL |',
    '|---|---|---|---|---|---|',
    ...results.flatMap((r) =>
      r.naive.map((n) => `| ${r.backend} | ${n.run} | ${n.opsPerSec.toLocaleString('en')} | ${n.naiveRatio === undefined ? '—' : `**${n.naiveRatio}×**`} | ${(n.ms / 1000).toFixed(1)} s | ${n.cpuMsPerBatch.browser} + ${n.cpuMsPerBatch.server} + ${n.cpuMsPerBatch.postgres} |`),
    ),
    '',
    'Pull: whole residents in a hall\'s change log on the server (seeded directly, tests/bench/sync-bench-residents.ts),',
    'pulled by a fresh workstation of that hall (pages of 1,000; the next page is fetched, checked and its rows built',
    'while the page before is written, and its transaction queued behind that one; each page applied with its cursor in',
    'one transaction), against a raw Dexie `bulkPut` of the same rows (same stamps) into the same schema in the same',
    'browser, chunks of 1,000. CPU: user + system time of this run\'s Chromium processes and of the server (PostgreSQL\'s',
    'processes included), per 1,000 residents (the raw one includes making its rows); the pull keeps both cores busy, so',
    'a loaded machine lowers the ratio more than these.',
    '',
    '| backend | residents | pull time | pulled/s | raw bulkPut/s | ratio (goal ≥ 0.75) | CPU ms / 1,000: pull browser + server (raw) | browser peak | server peak |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results
      .filter((r) => r.pull)
      .map((r) => {
        const p = r.pull as PullFigure;
        const c = p.cpuMsPer1000;
        return `| ${r.backend} | ${p.residents.toLocaleString('en')} | ${(p.pullMs / 1000).toFixed(1)} s | ${p.perSec.toLocaleString('en')} | ${p.rawPerSec.toLocaleString('en')} | **${p.ratio}** | ${c.browser} + ${c.server} (${c.raw}) | ${p.clientPeakMiB} MiB | ${p.serverPeakMiB} MiB |`;
      }),
    '',
  ];
  return lines.join('\n');
}

function writeDocs(block: string): void {
  const path = join(REPO_ROOT, 'docs/benchmarks.md');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = '# Benchmarks\n\n';
  }
  const start = text.indexOf('## Sync\n');
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 1);
    text = text.slice(0, start) + block + (next >= 0 ? `\n${text.slice(next + 1)}` : '');
  } else {
    text = `${text.trimEnd()}\n\n${block}`;
  }
  writeFileSync(path, text);
}

const harnessDir = await buildHarness();
const results: Array<Result & { pgVersion?: string }> = [];
for (const backend of BACKENDS) results.push(await runBackend(backend, harnessDir));
const probe = await chromium.launch(chromiumLaunchOptions());
const machineLine = machine(probe.version(), results.find((r) => r.pgVersion)?.pgVersion);
await probe.close();
mkdirSync(join(REPO_ROOT, 'dist/bench'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'dist/bench/sync-results.json'), JSON.stringify({ machine: machineLine, results }, null, 2));
const block = render(results, machineLine);
console.log(`\n${block}`);
if (WRITE_DOCS) writeDocs(block);
