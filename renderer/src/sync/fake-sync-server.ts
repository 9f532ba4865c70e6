import {
  API_PATHS,
  EnrollRequestSchema,
  PROTOCOL_VERSION,
  PushRequestSchema,
  type OpEnvelope,
  type PullChange,
  type PushResult,
} from '@shared/sync/protocol';
import type { Fetch } from './server-api';

/**
 * An in-memory district server for the engine's unit tests, following docs/sync-protocol.md: exactly once per
 * (device, seq), consecutive seqs, a replay answered with the current watermark and the original results, 409
 * `sync/seq-gap` past the watermark. Faults are injected per request, before or after the server handled it,
 * which is the difference between "never arrived" and "the answer was lost".
 */

export type Fault =
  | 'none'
  /** The connection fails before the server sees the request. */
  | 'drop-request'
  /** The server commits, then the connection fails: the client never sees the answer. */
  | 'drop-response'
  /** The request arrives twice (a browser resend): handled twice, the client sees the second answer. */
  | 'duplicate'
  | '500'
  | '503'
  | '429';

export class FakeSyncServer {
  watermark = new Map<string, number>();
  results = new Map<string, PushResult>();
  /** Times each (device, seq) changed state: must end at exactly 1. */
  applyCount = new Map<string, number>();
  log: PullChange[] = [];
  requests = 0;
  pushBodies: string[] = [];
  /** Decides each request's fault; default none. */
  faultFor: (n: number, path: string) => Fault = () => 'none';
  rejectWhen: (op: OpEnvelope) => string | null = () => null;
  conflictWhen: (op: OpEnvelope) => boolean = () => false;
  retryAfterSeconds = 1;
  protocolTooOld = false;
  maxOps = 500;
  /** Credentials the server checks (a device not listed here is let in on its id alone, as the older tests do). */
  secrets = new Map<string, string>();
  expired = new Set<string>();
  revoked = new Set<string>();
  /** One-time enrolment codes still unused, and the hall they are for. */
  codes = new Map<string, string>();
  /** Re-enrolment: new device → the device it replaced (replays are answered from the whole chain). */
  replaces = new Map<string, string>();
  enrollBodies: unknown[] = [];
  /** `since` of every pull, in order. */
  pullsSince: string[] = [];
  private enrolled = 0;

  readonly fetch: Fetch = async (input, init) => {
    const n = this.requests++;
    const u = new URL(input);
    const fault = this.faultFor(n, u.pathname);
    if (fault === 'drop-request') throw new TypeError('Failed to fetch');
    if (fault === '500') return json(500, { code: 'internal/unexpected' });
    if (fault === '503') return json(503, { code: 'sync/server-busy' }, { 'retry-after': String(this.retryAfterSeconds) });
    if (fault === '429') return json(429, { code: 'sync/too-many-requests' }, { 'retry-after': String(this.retryAfterSeconds) });
    if (this.protocolTooOld) return json(426, { code: 'sync/protocol-too-old' });
    const handle = () => this.handle(u, init);
    let res = handle();
    if (fault === 'duplicate') res = handle();
    if (fault === 'drop-response') throw new TypeError('network error after the server committed');
    return res;
  };

  private handle(u: URL, init: RequestInit): Response {
    if (u.pathname === API_PATHS.enroll) return this.enroll(String(init.body));
    const auth = new Headers(init.headers).get('authorization') ?? '';
    const m = /^Bearer ([0-9a-f-]{36})\.(.*)$/.exec(auth);
    if (!m) return json(401, { code: 'sync/unauthenticated' });
    const deviceId = m[1] as string;
    const secret = this.secrets.get(deviceId);
    if (secret !== undefined && secret !== m[2]) return json(401, { code: 'sync/unauthenticated' });
    if (this.revoked.has(deviceId)) return json(401, { code: 'sync/credential-revoked' });
    if (this.expired.has(deviceId)) return json(401, { code: 'sync/credential-expired' });
    if (u.pathname === API_PATHS.push) return this.push(deviceId, bodyText(init.body));
    if (u.pathname === API_PATHS.pull) return this.pull(u);
    return json(404, { code: 'sync/not-found' });
  }

  private push(deviceId: string, body: string): Response {
    this.pushBodies.push(body);
    const parsed = PushRequestSchema.safeParse(JSON.parse(body));
    if (!parsed.success) return json(400, { code: 'input/invalid' });
    const { ops } = parsed.data;
    if (ops.length > this.maxOps) return json(413, { code: 'sync/too-many-ops' });
    let mark = this.watermark.get(deviceId) ?? 0;
    const first = ops[0];
    if (first && first.seq > mark + 1) return json(409, { code: 'sync/seq-gap', expectedSeq: mark + 1 });
    const results: PushResult[] = [];
    for (const op of ops) {
      const key = `${deviceId}:${op.seq}`;
      if (op.seq <= mark) {
        const earlier = this.earlierResult(deviceId, op.seq);
        results.push({ ...earlier, status: earlier.status === 'merged' ? 'applied' : earlier.status, replayed: true });
        continue;
      }
      const code = this.rejectWhen(op);
      const result: PushResult = code
        ? { seq: op.seq, status: 'rejected', code }
        : this.conflictWhen(op)
          ? { seq: op.seq, status: 'conflict', conflict: { residentId: 'r', fields: [{ field: 'phone', server: { value: '1', hlc: '1795400000000-0000-a', deviceId: null }, incoming: { value: '2', hlc: '1795400000000-0001-b' }, kept: 'server' }] } }
          : { seq: op.seq, status: 'applied' };
      this.results.set(key, result);
      this.applyCount.set(key, (this.applyCount.get(key) ?? 0) + 1);
      if (result.status !== 'rejected' && op.kind === 'case-event') {
        this.log.push({ cursor: String(this.log.length + 1), originDeviceId: deviceId, kind: 'case-event', payload: op.payload } as PullChange);
      }
      mark = op.seq;
      results.push(result);
    }
    this.watermark.set(deviceId, mark);
    return json(200, { protocol: PROTOCOL_VERSION, ackThrough: mark, results });
  }

  /** The result an op got first, under this device or the one it replaced. */
  private earlierResult(deviceId: string, seq: number): PushResult {
    for (let id: string | undefined = deviceId; id !== undefined; id = this.replaces.get(id)) {
      const found = this.results.get(`${id}:${seq}`);
      if (found) return found;
    }
    throw new Error(`fake server: no result for seq ${seq}`);
  }

  /** docs/sync-protocol.md §3.2, with re-enrolment: a verified previous credential hands its watermark on. */
  private enroll(body: string): Response {
    const parsed = EnrollRequestSchema.safeParse(JSON.parse(body));
    if (!parsed.success) return json(400, { code: 'input/invalid' });
    this.enrollBodies.push(parsed.data);
    const { code, previous } = parsed.data;
    const hallCode = this.codes.get(code);
    if (hallCode === undefined) return json(403, { code: 'sync/enroll-code-invalid' });
    if (previous && this.secrets.get(previous.deviceId) !== previous.secret) return json(403, { code: 'sync/previous-credential-invalid' });
    if (previous && this.revoked.has(previous.deviceId)) return json(403, { code: 'sync/previous-credential-revoked' });
    this.codes.delete(code);
    const deviceId = `00000000-0000-4000-8000-${String(++this.enrolled).padStart(12, '0')}`;
    const secret = `fake-secret-${this.enrolled}-${'x'.repeat(16)}`;
    this.secrets.set(deviceId, secret);
    const ackedSeq = previous ? (this.watermark.get(previous.deviceId) ?? 0) : 0;
    this.watermark.set(deviceId, ackedSeq);
    if (previous) {
      this.replaces.set(deviceId, previous.deviceId);
      this.revoked.add(previous.deviceId);
    }
    return json(201, { protocol: PROTOCOL_VERSION, deviceId, secret, hallCode, workstationCode: null, expiresAt: '2027-11-23T00:00:00.000Z', ackedSeq });
  }

  private pull(u: URL): Response {
    const since = Number(u.searchParams.get('since') ?? '0');
    this.pullsSince.push(String(since));
    const limit = Number(u.searchParams.get('limit') ?? '500');
    const changes = this.log.filter((c) => Number(c.cursor) > since).slice(0, limit);
    const last = changes[changes.length - 1];
    const nextCursor = last ? last.cursor : String(since);
    return json(200, { protocol: PROTOCOL_VERSION, changes, nextCursor, hasMore: Number(nextCursor) < this.log.length });
  }
}

/** A push body is the UTF-8 bytes of the batch (push-batch.ts), the watermark probe a string. */
export function bodyText(body: RequestInit['body']): string {
  return body instanceof Uint8Array ? new TextDecoder('utf-8', { fatal: true }).decode(body) : String(body);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
