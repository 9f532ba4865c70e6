import {
  API_PATHS,
  EnrollResponseSchema,
  ErrorBodySchema,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PullResponseSchema,
  PushResponseSchema,
  bearerToken,
  type EnrollResponse,
  type PreviousCredential,
  type PullResponse,
  type PushResponse,
} from '@shared/sync/protocol';
import { parseRetryAfter } from './backoff';

/**
 * The three calls to the district server over an injected `fetch`, each answer parsed with its shared schema
 * (house style (e): a pulled batch is input like any other). Failures come back as values, classified for the
 * engine's retry decision, never as thrown errors.
 */

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export type Credential = { serverUrl: string; deviceId: string; secret: string };

export type ApiFailure = {
  /** `retry`: try again after a backoff; `fatal`: retrying cannot help, wait for the user or an upgrade. */
  kind: 'retry' | 'fatal';
  /** HTTP status, or 0 when no answer came (connection refused, dropped, timed out). */
  status: number;
  code: string;
  details?: Record<string, string | number>;
  retryAfterMs?: number;
  expectedSeq?: number;
};

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

const TIMEOUT_MS = 60_000;

function url(serverUrl: string, path: string): string {
  return serverUrl.replace(/\/+$/, '') + path;
}

function headers(credential: Credential | null, json: boolean): Record<string, string> {
  const h: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  if (json) h['content-type'] = 'application/json';
  if (credential) h.authorization = `Bearer ${bearerToken(credential.deviceId, credential.secret)}`;
  return h;
}

/** Statuses after which the same request may succeed later. 409 is the seq gap, handled by the engine. */
function classify(status: number, code: string): ApiFailure['kind'] {
  if (status === 426) return 'fatal';
  if (status === 401 || status === 403) return 'fatal';
  if (code === 'sync/batch-too-large' || code === 'sync/too-many-ops') return 'fatal';
  return 'retry';
}

async function failureFrom(res: Response, now: number): Promise<ApiFailure> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy's HTML error page, or a connection cut mid-body: the status alone decides.
  }
  const parsed = ErrorBodySchema.safeParse(body);
  const fallback = res.status === 429 ? 'sync/too-many-requests' : res.status >= 500 ? 'sync/server-busy' : res.status === 404 ? 'sync/not-found' : 'sync/bad-response';
  const code = parsed.success ? parsed.data.code : fallback;
  const header = parseRetryAfter(res.headers.get('retry-after'), now);
  const failure: ApiFailure = { kind: classify(res.status, code), status: res.status, code };
  const retryAfterMs = header ?? (parsed.success ? parsed.data.retryAfterMs : undefined);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  if (parsed.success && parsed.data.expectedSeq !== undefined) failure.expectedSeq = parsed.data.expectedSeq;
  if (parsed.success && parsed.data.details !== undefined) failure.details = parsed.data.details;
  return failure;
}

/** What reads an answer's body: a zod schema, or pullHead below. */
type BodyReader<T> = { safeParse(body: unknown): { success: true; data: T } | { success: false } };

async function call<T>(
  fetchFn: Fetch,
  now: () => number,
  target: string,
  init: RequestInit,
  schema: BodyReader<T>,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchFn(target, { ...init, signal: combined, credentials: 'omit', cache: 'no-store' });
  } catch {
    return { ok: false, failure: { kind: 'retry', status: 0, code: timeout.aborted ? 'sync/timeout' : 'sync/offline' } };
  }
  if (!res.ok) return { ok: false, failure: await failureFrom(res, now()) };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    // The connection dropped mid-answer, or the body is not JSON: the request may or may not have been
    // applied, which is why a push is only ever retried as the same seqs.
    return { ok: false, failure: { kind: 'retry', status: res.status, code: 'sync/bad-response' } };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, failure: { kind: 'retry', status: res.status, code: 'sync/bad-response' } };
  return { ok: true, value: parsed.data };
}

/**
 * A pull answer read as far as the cursor after it, so the engine can ask for the next page while this one is
 * checked in full: `validate` parses it with PullResponseSchema, and nothing of the page is used before that. It
 * checks the changes a slice at a time with `pause` between, so the worker goes on answering IndexedDB meanwhile.
 */
export type PullHead = { nextCursor: string; hasMore: boolean; validate: (pause: () => Promise<void>) => Promise<ApiResult<PullResponse>> };

const PullHeadSchema = PullResponseSchema.pick({ nextCursor: true, hasMore: true });
/** PullResponseSchema in two parts, which together accept exactly what it accepts: the changes, and the rest. */
const PullRestSchema = PullResponseSchema.omit({ changes: true });
const PullChangesSchema = PullResponseSchema.shape.changes;
const VALIDATE_SLICE = 100;

const pullHead: BodyReader<PullHead> = {
  safeParse(body) {
    const head = PullHeadSchema.safeParse(body);
    if (!head.success) return { success: false };
    const validate = async (pause: () => Promise<void>): Promise<ApiResult<PullResponse>> => {
      const bad: ApiResult<PullResponse> = { ok: false, failure: { kind: 'retry', status: 200, code: 'sync/bad-response' } };
      const rest = PullRestSchema.safeParse(body);
      const raw = (body as { changes?: unknown }).changes;
      if (!rest.success || !Array.isArray(raw)) return bad;
      const changes: PullResponse['changes'] = [];
      for (let from = 0; from < raw.length; from += VALIDATE_SLICE) {
        if (from > 0) await pause();
        const slice = PullChangesSchema.safeParse(raw.slice(from, from + VALIDATE_SLICE));
        if (!slice.success) return bad;
        changes.push(...slice.data);
      }
      return { ok: true, value: { ...rest.data, changes } };
    };
    return { success: true, data: { ...head.data, validate } };
  },
};

export class ServerApi {
  constructor(
    private readonly fetchFn: Fetch,
    private readonly now: () => number,
  ) {}

  /** `previous`: the credential held until now, so the new device continues its outbox (re-enrolment). */
  enroll(
    serverUrl: string,
    code: string,
    deviceName: string | undefined,
    previous?: PreviousCredential,
    signal?: AbortSignal,
  ): Promise<ApiResult<EnrollResponse>> {
    const body = JSON.stringify({ protocol: PROTOCOL_VERSION, code, ...(deviceName ? { deviceName } : {}), ...(previous ? { previous } : {}) });
    return call(this.fetchFn, this.now, url(serverUrl, API_PATHS.enroll), { method: 'POST', headers: headers(null, true), body }, EnrollResponseSchema, signal);
  }

  /** `body` is a prepared PushRequest (push-batch.ts). */
  push(credential: Credential, body: string | Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<ApiResult<PushResponse>> {
    return call(
      this.fetchFn,
      this.now,
      url(credential.serverUrl, API_PATHS.push),
      { method: 'POST', headers: headers(credential, true), body, keepalive: false },
      PushResponseSchema,
      signal,
    );
  }

  pull(credential: Credential, since: string, limit: number, signal?: AbortSignal): Promise<ApiResult<PullHead>> {
    const q = new URLSearchParams({ since, limit: String(limit) });
    return call(this.fetchFn, this.now, `${url(credential.serverUrl, API_PATHS.pull)}?${q}`, { method: 'GET', headers: headers(credential, false) }, pullHead, signal);
  }
}
