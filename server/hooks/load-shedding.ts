import { HttpError } from '../http-error';

export type LoadLimits = {
  /** Requests being served at once across all devices; more get 503 `sync/server-busy`. */
  maxInFlight: number;
  /** Requests one device may have in flight; more get 429 `sync/too-many-requests`. A well-behaved sync engine
   * has two pushes (push-sequencer.ts) or two pull pages in flight at most; a browser may resend one by itself. */
  maxInFlightPerDevice: number;
  /** Told to the client in Retry-After (rounded up to seconds) and `retryAfterMs`. */
  retryAfterMs: number;
};

export const DEFAULT_LOAD_LIMITS: LoadLimits = { maxInFlight: 64, maxInFlightPerDevice: 4, retryAfterMs: 1000 };

/**
 * Bounded in-flight counters. Memory is bounded too: one map entry per device with a request in flight.
 * `acquire*` returns a release function, which is safe to call more than once.
 */
export class LoadShedder {
  #inFlight = 0;
  readonly #perDevice = new Map<string, number>();

  constructor(readonly limits: LoadLimits) {}

  acquireGlobal(): () => void {
    if (this.#inFlight >= this.limits.maxInFlight) throw this.#refuse(503, 'sync/server-busy');
    this.#inFlight++;
    return once(() => this.#inFlight--);
  }

  acquireDevice(deviceId: string): () => void {
    const n = this.#perDevice.get(deviceId) ?? 0;
    if (n >= this.limits.maxInFlightPerDevice) throw this.#refuse(429, 'sync/too-many-requests');
    this.#perDevice.set(deviceId, n + 1);
    return once(() => {
      const left = (this.#perDevice.get(deviceId) ?? 1) - 1;
      if (left <= 0) this.#perDevice.delete(deviceId);
      else this.#perDevice.set(deviceId, left);
    });
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  #refuse(status: 429 | 503, code: 'sync/server-busy' | 'sync/too-many-requests'): HttpError {
    const ms = this.limits.retryAfterMs;
    return new HttpError(status, { code, retryAfterMs: ms }, { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
