/**
 * Lets a workstation keep two pushes in flight. Batch n+1 leaves before batch n is answered (the workstation's
 * sync engine overlaps them: on a district network each push waits a round trip, and on one machine the client,
 * the server and the database take turns on the same cores), so it can reach the server first, or take the
 * device's lock first. It then finds a gap: its first seq is above the watermark + 1. Instead of refusing it at
 * once, the push route holds it until a push of the same device is acknowledged through the seq just below it,
 * for at most `holdMs`, and applies it again. A real gap (the batch before was lost on the way, or the client
 * skipped seqs) still ends in 409 `sync/seq-gap`, after the hold.
 *
 * Per server process, which is where a device's pushes meet (one Node process per district server). Memory: the
 * latest acknowledged seq of each device that pushed (a number per workstation of the district) and the waiters,
 * each removed when woken or timed out.
 */
export class PushSequencer {
  readonly #acked = new Map<string, number>();
  readonly #waiters = new Map<string, Set<Waiter>>();

  constructor(readonly holdMs = 2_000) {}

  /** A push of `deviceId` was answered with this watermark (committed). */
  acknowledged(deviceId: string, ackThrough: number): void {
    if ((this.#acked.get(deviceId) ?? -1) < ackThrough) this.#acked.set(deviceId, ackThrough);
    const waiting = this.#waiters.get(deviceId);
    if (!waiting) return;
    for (const w of waiting) if (ackThrough >= w.seq) w.wake(true);
  }

  /**
   * Resolves true as soon as a push of `deviceId` is acknowledged through `seq` (at once if one already was),
   * false after `holdMs` without, or at once when `signal` aborts (the client hung up: nobody is left to answer,
   * and the batch comes again, so it is not applied in the dark).
   */
  waitFor(deviceId: string, seq: number, signal?: AbortSignal): Promise<boolean> {
    if ((this.#acked.get(deviceId) ?? -1) >= seq) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      let waiting = this.#waiters.get(deviceId);
      if (!waiting) this.#waiters.set(deviceId, (waiting = new Set()));
      const set = waiting;
      const waiter: Waiter = {
        seq,
        wake: (ok) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', gone);
          set.delete(waiter);
          if (set.size === 0 && this.#waiters.get(deviceId) === set) this.#waiters.delete(deviceId);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => waiter.wake(false), this.holdMs);
      const gone = () => waiter.wake(false);
      signal?.addEventListener('abort', gone, { once: true });
      set.add(waiter);
    });
  }

  /** Pushes being held (for tests and diagnostics). */
  get waiting(): number {
    let n = 0;
    for (const set of this.#waiters.values()) n += set.size;
    return n;
  }
}

type Waiter = { seq: number; wake: (ok: boolean) => void };
