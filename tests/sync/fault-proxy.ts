import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

/**
 * An HTTP proxy between the workstations (Chromium) and the district server, on 127.0.0.1 only, that breaks
 * requests on purpose. It also serves the page's static files, so page and API share one origin (no CORS).
 *
 * Faults, chosen per API request by a plan:
 *  - drop-request: half the body reaches the server, then both connections are cut (the server sees an aborted
 *    request; the client a network error);
 *  - drop-response: the server answers (and has committed); the client gets the headers and half the body,
 *    then the connection is cut;
 *  - delay: the request waits 100–1,500 ms before it goes on;
 *  - duplicate: the request reaches the server twice at once (what Chromium does when it resends a POST on a
 *    dropped keep-alive connection); the client gets one of the answers;
 *  - late-replay: the request goes through, and a copy arrives again 1–4 s later, after newer batches;
 *  - error-500 / error-503: answered by the proxy, the server never sees it (503 with Retry-After: 1);
 *  - error-500-after: the server handles it and commits, the client is told 500.
 * Everything is bounded: each fault ends by itself, and `close()` cuts whatever is still open.
 */

export const FAULT_KINDS = [
  'drop-request',
  'drop-response',
  'delay',
  'duplicate',
  'late-replay',
  'error-500',
  'error-500-after',
  'error-503',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultPlan = (req: { method: string; path: string; n: number }) => FaultKind | null;

export type FaultProxyOptions = {
  /** Port of the district server; read per request, so a restarted server may come back elsewhere. */
  upstreamPort: () => number;
  /** Static files served for every path outside /api/ (single-page app: unknown paths get index.html). */
  staticDir?: string;
  plan?: FaultPlan;
  random?: () => number;
  /** Added to every API request's round trip, half each way: a district network rather than one machine. */
  roundTripMs?: number;
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

type Upstream = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

export class FaultProxy {
  readonly counts: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  requests = 0;
  /** API requests per path, e.g. how many pushes a benchmark took. */
  readonly byPath = new Map<string, number>();
  /** Time the server took per forwarded request (ms), per path: the rest of a client's wait is its own. */
  readonly upstreamMs = new Map<string, number[]>();
  /** API requests that found the server down (connection refused): not injected, but real faults too. */
  upstreamDown = 0;
  plan: FaultPlan;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32 });
  private readonly random: () => number;

  constructor(private readonly opts: FaultProxyOptions) {
    this.plan = opts.plan ?? (() => null);
    this.random = opts.random ?? Math.random;
  }

  get injected(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  async start(): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => ok());
    });
    this.server = server;
    const addr = server.address();
    if (!addr || typeof addr === 'string') throw new Error('proxy has no port');
    return addr.port;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    this.agent.destroy();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((ok) => this.later(ms, ok));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/api/')) return this.serveStatic(url.pathname, res);
    const n = this.requests++;
    this.byPath.set(url.pathname, (this.byPath.get(url.pathname) ?? 0) + 1);
    // Enrolment is set-up, not sync: a lost answer would burn the one-time code.
    const fault = url.pathname.endsWith('/enroll') ? null : this.plan({ method: req.method ?? 'GET', path: url.pathname, n });
    const body = await readBody(req).catch(() => null);
    if (body === null) return; // the client went away first
    const halfTrip = (this.opts.roundTripMs ?? 0) / 2;
    if (halfTrip > 0) await this.wait(halfTrip);

    try {
      switch (fault) {
        case 'error-500':
          this.counts[fault]++;
          return json(res, 500, { code: 'internal/unexpected' });
        case 'error-503':
          this.counts[fault]++;
          return json(res, 503, { code: 'sync/server-busy', retryAfterMs: 1000 }, { 'retry-after': '1' });
        case 'drop-request': {
          this.counts[fault]++;
          const up = this.open(req, body.length);
          up.on('error', () => undefined);
          up.write(body.subarray(0, Math.floor(body.length / 2)));
          this.later(20, () => up.destroy());
          res.socket?.destroy();
          return;
        }
        case 'delay':
          this.counts[fault]++;
          await this.wait(100 + Math.floor(this.random() * 1400));
          break;
        case 'duplicate': {
          this.counts[fault]++;
          const [first, second] = await Promise.allSettled([this.forward(req, body), this.forward(req, body)]);
          const pick = second.status === 'fulfilled' ? second.value : first.status === 'fulfilled' ? first.value : null;
          if (!pick) return void res.socket?.destroy();
          return reply(res, pick);
        }
        case 'late-replay':
          this.counts[fault]++;
          this.later(1000 + Math.floor(this.random() * 3000), () => void this.forward(req, body).catch(() => undefined));
          break;
        default:
          break;
      }
      const up = await this.forward(req, body);
      if (fault === 'drop-response') {
        this.counts[fault]++;
        res.writeHead(up.status, up.headers);
        res.write(up.body.subarray(0, Math.floor(up.body.length / 2)));
        // Let the half body leave before the cut, so the client really is mid-response.
        this.later(10, () => res.socket?.destroy());
        return;
      }
      if (fault === 'error-500-after') {
        this.counts[fault]++;
        return json(res, 500, { code: 'internal/unexpected' });
      }
      if (halfTrip > 0) await this.wait(halfTrip);
      reply(res, up);
    } catch {
      // The server is down (killed, restarting): look like it to the client, a refused connection.
      this.upstreamDown++;
      res.socket?.destroy();
    }
  }

  private open(req: IncomingMessage, length: number) {
    const headers = { ...req.headers, host: `127.0.0.1:${this.opts.upstreamPort()}`, 'content-length': String(length) };
    return httpRequest({ host: '127.0.0.1', port: this.opts.upstreamPort(), method: req.method, path: req.url, headers, agent: this.agent });
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    const started = performance.now();
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    return new Promise<Upstream>((ok, fail) => {
      const up = this.open(req, body.length);
      up.setTimeout(30_000, () => up.destroy(new Error('upstream timeout')));
      up.on('error', fail);
      up.on('response', (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('error', fail);
        r.on('end', () => ok({ status: r.statusCode ?? 502, headers: stripHopByHop(r.headers), body: Buffer.concat(chunks) }));
      });
      up.end(body);
    }).then((r) => {
      const list = this.upstreamMs.get(path) ?? [];
      list.push(performance.now() - started);
      this.upstreamMs.set(path, list);
      return r;
    });
  }

  private async serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const dir = this.opts.staticDir;
    if (!dir) return void res.writeHead(404).end();
    const root = resolve(dir);
    let path = normalize(join(root, decodeURIComponent(pathname)));
    if (!path.startsWith(root)) return void res.writeHead(403).end();
    const info = await stat(path).catch(() => null);
    if (!info || info.isDirectory()) path = join(root, 'index.html');
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
    req.on('aborted', () => fail(new Error('aborted')));
  });
}

function stripHopByHop(h: IncomingMessage['headers']): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = { ...h };
  for (const k of ['connection', 'keep-alive', 'transfer-encoding']) delete out[k];
  return out;
}

function reply(res: ServerResponse, up: Upstream): void {
  res.writeHead(up.status, { ...up.headers, 'content-length': String(up.body.length) });
  res.end(up.body);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** A seeded PRNG (mulberry32), so a failing campaign can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
