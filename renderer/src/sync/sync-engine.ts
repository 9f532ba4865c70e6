import { MAX_PULL_LIMIT, type PushResponse } from '@shared/sync/protocol';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff';
import { AckWriter } from './ack-writer';
import { cutBatch, DEFAULT_BATCH_LIMITS, watermarkProbeBody, type BatchLimits, type PushBatch } from './push-batch';
import { ServerApi, type ApiFailure, type ApiResult, type Credential, type Fetch } from './server-api';
import type { SyncEvent } from './sync-events';
import { syncMessage } from './sync-message';
import type { DeviceRecord, Sleep, SyncSettings, SyncStorePort, WithLock } from './sync-ports';
import { isInSyncWindow, msUntilWindowOpens } from './sync-window';

/**
 * The workstation's sync engine: pushes the outbox in seq order, records the server's acknowledgement
 * watermark, pulls the hall's changes, and decides when to run (after-hours window, continuous, manual).
 *
 * Exactly-once rests on the server: it dedups by (deviceId, seq) and answers a replay with the current
 * watermark (perf-anchors: Chromium may resend a POST by itself; a request given up on may still arrive late).
 * So the engine never needs to know whether a request got through: it only ever sends ops above the watermark
 * it has recorded, in order, and moves that watermark when an answer says so. Every step that changes local
 * state is one Dexie transaction (store/sync-store.ts), so a crash or reload at any point leaves either the
 * old or the new watermark; on restart a probe (an empty push) asks the server for its watermark first, which is
 * authoritative.
 *
 * No React, zustand or `window` here: it runs in a Web Worker (sync-worker.ts) and in node tests.
 */

export type SyncEngineDeps = {
  store: SyncStorePort;
  fetch: Fetch;
  now: () => number;
  random: () => number;
  sleep: Sleep;
  emit: (event: SyncEvent) => void;
  withLock?: WithLock;
  /** Secret from the platform keyring, when the page hands it over (Electron). */
  secret?: string | null;
  online?: boolean;
  limits?: BatchLimits;
  /** Pushes on the wire at once (default 2; 1 = answer before the next batch leaves). */
  pushesInFlight?: number;
  backoff?: BackoffPolicy;
  /** How often to pull when nothing was written locally, in the continuous mode and inside the window. */
  pollIntervalMs?: number;
  /** Lets the event loop run between slices of a pulled page's checking (the worker's IndexedDB answers wait
   * behind long work, and a page's transaction commits only once they are taken). Default: no pause. */
  pause?: () => Promise<void>;
};

export type CycleOutcome =
  /** `pushMs`: from the watermark probe to the last acknowledgement written locally; `pullMs`: all pull pages. */
  | { ok: true; pushed: number; pulled: number; pushMs: number; pullMs: number }
  | { ok: false; failure: ApiFailure };

const DEFAULT_POLL_MS = 5 * 60 * 1000;
/** A cycle stops pulling after this many pages and lets the scheduler come back, so one cycle stays bounded. */
const MAX_PULL_PAGES_PER_CYCLE = 10_000;
/** Two: enough to overlap a push's round trip and the server's work with the next one (the server holds a
 * batch that arrives early: server/sync/push-sequencer.ts); more would only queue behind the device's lock. */
const DEFAULT_PUSHES_IN_FLIGHT = 2;
/** Server-behind rewinds tolerated in one cycle before giving up (each is answered by a full resend). */
const MAX_REWINDS_PER_CYCLE = 3;
/** The loop's "forever": a timer this long is re-armed, never reached in practice. */
const FAR_FUTURE_MS = 24 * 60 * 60 * 1000;

class CycleAbort extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.code);
  }
}

export class SyncEngine {
  private readonly api: ServerApi;
  private readonly store: SyncStorePort;
  private secret: string | null;
  private online: boolean;
  private readonly pollIntervalMs: number;
  private limits: BatchLimits;
  private readonly pushesInFlight: number;
  /** Pushes on the wire in this cycle: one after a cycle whose pushes failed, until pushes go through cleanly. */
  private pushWindow: number;
  private readonly backoff: BackoffPolicy;
  private readonly pause: () => Promise<void>;

  private running = false;
  private loopPromise: Promise<void> | null = null;
  private wake: AbortController = new AbortController();
  private abortCycle: AbortController | null = null;
  /** Something may need pushing (a write, the network coming back, start-up). */
  private dirty = true;
  /** 立即同步 was pressed: run now, whatever the mode, window or backoff. */
  private forced: Array<(outcome: CycleOutcome) => void> = [];
  private attempt = 0;
  private retryAt: number | null = null;
  /** A failure retrying cannot fix; cleared by 立即同步, new settings or a new credential. */
  private halted: ApiFailure | null = null;
  private lastRunAt: number | null = null;
  private cycle: Promise<CycleOutcome> | null = null;

  constructor(private readonly deps: SyncEngineDeps) {
    this.api = new ServerApi(deps.fetch, deps.now);
    this.store = deps.store;
    this.secret = deps.secret ?? null;
    this.online = deps.online ?? true;
    this.pollIntervalMs = deps.pollIntervalMs ?? DEFAULT_POLL_MS;
    this.limits = deps.limits ?? DEFAULT_BATCH_LIMITS;
    this.pushesInFlight = Math.max(1, deps.pushesInFlight ?? DEFAULT_PUSHES_IN_FLIGHT);
    this.pushWindow = this.pushesInFlight;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.pause = deps.pause ?? (() => Promise.resolve());
  }

  // ── control, called through the worker's handlers ───────────────────────────────────────────────────

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  /** Stops the loop; an in-flight request is aborted, which is safe: the server dedups whatever arrives. */
  async stop(): Promise<void> {
    this.running = false;
    this.abortCycle?.abort();
    this.wake.abort();
    await this.loopPromise;
    this.loopPromise = null;
  }

  /** 立即同步: runs a cycle now and resolves with its outcome. Also clears a halt, to try again. */
  syncNow(): Promise<CycleOutcome> {
    if (!this.running) return this.runCycle();
    return new Promise((resolve) => {
      this.forced.push(resolve);
      this.wakeUp();
    });
  }

  /** The outbox changed (a command committed). */
  nudge(): void {
    this.dirty = true;
    this.wakeUp();
  }

  setOnline(online: boolean): void {
    const cameBack = online && !this.online;
    this.online = online;
    if (cameBack) {
      // The network is back: whatever backoff was running was about the old network.
      this.retryAt = null;
      this.attempt = 0;
      this.dirty = true;
    }
    if (!online) this.abortCycle?.abort();
    this.wakeUp();
  }

  setSecret(secret: string | null): void {
    this.secret = secret;
    this.halted = null;
    this.dirty = true;
    this.wakeUp();
  }

  async updateSettings(settings: SyncSettings): Promise<void> {
    await this.store.saveSettings(settings);
    this.halted = null;
    this.wakeUp();
  }

  /**
   * Enrols this workstation with a one-time code. With `secretIn: 'meta'` (plain browser) the secret is stored
   * in the database; otherwise it is returned for the page to put in the keyring, and kept in memory here.
   *
   * Enrolling again (the credential expired, or was lost with the keyring) sends the credential held until now,
   * so the server starts the new device at the old one's watermark: the outbox numbering and the pull cursor
   * simply go on. Without it the new device would start at 0 while the ops the old one had acknowledged are
   * pruned here, and sync would stop (`sync/outbox-pruned`). A refused proof leaves everything as it was.
   */
  async enroll(args: { serverUrl: string; code: string; deviceName?: string; secretIn: DeviceRecord['secretIn'] }): Promise<
    { ok: true; device: DeviceRecord; secret: string } | { ok: false; code: string; message: string }
  > {
    const serverUrl = normaliseServerUrl(args.serverUrl);
    if (serverUrl === null) return refusal('sync/server-url-invalid');
    const workstationId = await this.store.workstationId();
    const hallCode = await this.store.hallCode();
    if (workstationId === null || hallCode === null) return refusal('sync/not-enrolled');
    const previous = await this.previousCredential(workstationId, hallCode);
    const res = await this.api.enroll(serverUrl, args.code.replace(/\s+/g, ''), args.deviceName, previous ?? undefined);
    if (!res.ok) return refusal(res.failure.code, res.failure.details);
    const r = res.value;
    // A code issued for another hall would send this hall's residents and cases to the wrong place.
    if (r.hallCode !== hallCode) return refusal('sync/hall-mismatch');
    const device: DeviceRecord = {
      deviceId: r.deviceId,
      serverUrl,
      hallCode: r.hallCode,
      workstationCode: r.workstationCode,
      workstationId,
      enrolledAt: new Date(this.deps.now()).toISOString(),
      expiresAt: r.expiresAt,
      secretIn: args.secretIn,
    };
    await this.store.saveDevice(device, args.secretIn === 'meta' ? r.secret : null);
    this.secret = r.secret;
    this.halted = null;
    this.dirty = true;
    this.wakeUp();
    return { ok: true, device, secret: r.secret };
  }

  /** The credential this database holds, if it was enrolled for this workstation and hall (expired or not). */
  private async previousCredential(workstationId: string, hallCode: string): Promise<{ deviceId: string; secret: string } | null> {
    const device = await this.store.getDevice();
    if (!device || device.workstationId !== workstationId || device.hallCode !== hallCode) return null;
    const secret = device.secretIn === 'meta' ? await this.store.metaSecret() : this.secret;
    return secret ? { deviceId: device.deviceId, secret } : null;
  }

  // ── the scheduler ────────────────────────────────────────────────────────────────────────────────

  private wakeUp(): void {
    this.wake.abort();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.wake = new AbortController();
      const signal = this.wake.signal;
      let wait: number;
      try {
        wait = await this.step();
      } catch (err) {
        // Only a store failure (IndexedDB quota, a closed database) reaches here; report it and back off.
        wait = this.fail({ kind: 'retry', status: 0, code: 'internal/unexpected' });
        console.error('sync step failed', err instanceof Error ? err.name : 'unknown');
      }
      if (!this.running) break;
      if (wait > 0 && !signal.aborted) await this.deps.sleep(Math.min(wait, FAR_FUTURE_MS), signal);
    }
  }

  /** Runs a cycle if one is due; returns how long to wait before looking again (Infinity: until woken). */
  private async step(): Promise<number> {
    const forced = this.forced.splice(0);
    const now = this.deps.now();
    if (forced.length > 0) {
      this.halted = null;
      this.retryAt = null;
      const outcome = await this.runScheduled();
      for (const resolve of forced) resolve(outcome);
      return outcome.ok ? this.idleWait() : this.waitAfterFailure();
    }
    if (this.halted) {
      this.emit({ type: 'idle', reason: 'stopped', nextRunAt: null });
      return Infinity;
    }
    if (!this.online) {
      this.emit({ type: 'idle', reason: 'offline', nextRunAt: null });
      return Infinity;
    }
    if (this.retryAt !== null && now < this.retryAt) return this.retryAt - now;
    if (!(await this.credential())) {
      // Enrolment (or the keyring's secret arriving) wakes the loop.
      this.emit({ type: 'idle', reason: 'not-enrolled', nextRunAt: null });
      return Infinity;
    }
    const settings = await this.store.getSettings();
    if (settings.mode === 'manual') {
      this.emit({ type: 'idle', reason: 'manual', nextRunAt: null });
      return Infinity;
    }
    if (settings.mode === 'window' && !isInSyncWindow(now, settings.window)) {
      const wait = msUntilWindowOpens(now, settings.window);
      this.emit({ type: 'idle', reason: 'outside-window', nextRunAt: now + wait });
      return wait;
    }
    if (!this.dirty && this.lastRunAt !== null && now - this.lastRunAt < this.pollIntervalMs) {
      return this.lastRunAt + this.pollIntervalMs - now;
    }
    const outcome = await this.runScheduled();
    return outcome.ok ? this.idleWait() : this.waitAfterFailure();
  }

  private async runScheduled(): Promise<CycleOutcome> {
    this.dirty = false;
    this.lastRunAt = this.deps.now();
    let outcome: CycleOutcome;
    try {
      outcome = await this.runCycle();
    } catch (err) {
      // A store failure (IndexedDB quota, a closing database): report it like a failed request and back off, and
      // still answer a waiting 立即同步.
      console.error('sync cycle failed', err instanceof Error ? err.name : 'unknown');
      outcome = { ok: false, failure: { kind: 'retry', status: 0, code: 'internal/unexpected' } };
    }
    if (outcome.ok) {
      this.attempt = 0;
      this.retryAt = null;
    } else {
      // A write during a failed cycle is still unsent.
      this.dirty = true;
      this.fail(outcome.failure);
    }
    return outcome;
  }

  private idleWait(): number {
    if (this.dirty) return 0;
    this.emit({ type: 'idle', reason: 'done', nextRunAt: this.deps.now() + this.pollIntervalMs });
    return this.pollIntervalMs;
  }

  private waitAfterFailure(): number {
    if (this.halted) return Infinity;
    return this.retryAt === null ? 0 : Math.max(0, this.retryAt - this.deps.now());
  }

  /** Records a failure: a halt for the fatal kind, otherwise the next try after a jittered backoff. */
  private fail(failure: ApiFailure): number {
    const message = syncMessage(failure.code, { ...failure.details, ...(failure.expectedSeq ? { expectedSeq: failure.expectedSeq } : {}) });
    if (failure.kind === 'fatal') {
      this.halted = failure;
      this.retryAt = null;
      if (failure.status === 426 || failure.code === 'sync/protocol-too-old') this.emit({ type: 'upgrade-required' });
      this.emit({ type: 'error', code: failure.code, message, retryAt: null });
      this.emit({ type: 'idle', reason: failure.code === 'sync/not-enrolled' ? 'not-enrolled' : 'stopped', nextRunAt: null });
      return Infinity;
    }
    const delay = retryDelay(this.attempt, this.deps.random, failure.retryAfterMs, this.backoff);
    this.attempt++;
    this.retryAt = this.deps.now() + delay;
    this.emit({ type: 'error', code: failure.code, message, retryAt: this.retryAt });
    this.emit({ type: 'idle', reason: 'retrying', nextRunAt: this.retryAt });
    return delay;
  }

  // ── one cycle: probe, push, pull, prune ─────────────────────────────────────────────────────────────

  /** One full cycle. Concurrent callers share the cycle already running rather than starting a second one. */
  runCycle(): Promise<CycleOutcome> {
    if (this.cycle) return this.cycle;
    const withLock = this.deps.withLock ?? ((fn) => fn());
    this.cycle = withLock(() => this.cycleBody()).finally(() => {
      this.cycle = null;
    });
    return this.cycle;
  }

  private async credential(): Promise<Credential | null> {
    const device = await this.store.getDevice();
    if (!device) return null;
    // A credential enrolled for another local database (wiped and set up again) must not push: its seqs restart.
    if (device.workstationId !== (await this.store.workstationId())) return null;
    // Set up again for another hall: this credential would file our records under the old one.
    if (device.hallCode !== (await this.store.hallCode())) return null;
    const secret = device.secretIn === 'meta' ? await this.store.metaSecret() : this.secret;
    if (!secret) return null;
    return { serverUrl: device.serverUrl, deviceId: device.deviceId, secret };
  }

  private async cycleBody(): Promise<CycleOutcome> {
    const credential = await this.credential();
    if (!credential) return { ok: false, failure: { kind: 'fatal', status: 0, code: 'sync/not-enrolled' } };
    const abort = new AbortController();
    this.abortCycle = abort;
    try {
      const t0 = this.deps.now();
      const pushed = await this.pushAll(credential, abort.signal);
      const t1 = this.deps.now();
      const pulled = await this.pullAll(credential, abort.signal);
      const t2 = this.deps.now();
      // Off the hot path: one key-range delete after the pushes, not a delete per acknowledged row.
      await this.store.pruneAcknowledged();
      const at = new Date(this.deps.now()).toISOString();
      await this.store.recordSuccess(at);
      await this.emitCounts();
      this.emit({ type: 'last-success', at });
      return { ok: true, pushed, pulled, pushMs: t1 - t0, pullMs: t2 - t1 };
    } catch (err) {
      if (err instanceof CycleAbort) {
        await this.emitCounts().catch(() => undefined);
        return { ok: false, failure: err.failure };
      }
      throw err;
    } finally {
      if (this.abortCycle === abort) this.abortCycle = null;
    }
  }

  private async emitCounts(): Promise<void> {
    const counts = await this.store.issueCounts();
    this.emit({ type: 'pending', count: counts.pending });
    this.emit({ type: 'rejected', count: counts.rejected });
    this.emit({ type: 'conflicts', count: counts.conflicts });
  }

  /**
   * Reconciles with the server's watermark, then pushes everything above it, with up to `pushesInFlight` pushes
   * on the wire: batch n+1 leaves before batch n is answered. On a district network every push waits a round trip,
   * and on one machine the client and the server take turns on the same cores; overlapping them keeps both busy.
   * The server holds a batch that arrives before the one below it until that one is applied
   * (server/sync/push-sequencer.ts), so seqs still apply in order, each once. Answers are taken in seq order; the
   * next batch is read and serialised while pushes are on the wire, and acknowledgements are written in order,
   * chained, off the hot path. A failure cancels the pushes behind it (whatever the server did with them comes
   * back as replays on the next try) and is handled as if it were the only push. After a failure the next cycle
   * sends one push at a time until its pushes go through without one, as TCP shrinks its window on a loss: on a
   * lossy line a push behind a failed one is wasted, and a failure every few requests would otherwise stop all
   * progress.
   */
  private async pushAll(credential: Credential, signal: AbortSignal): Promise<number> {
    await this.reconcile(credential, signal);
    const bounds = await this.store.outboxBounds();
    const ackedSeq = bounds.ackedSeq;
    let lastSeq = bounds.lastSeq;
    const total = lastSeq - ackedSeq;
    if (total <= 0) return 0;
    this.emit({ type: 'pushing', sent: 0, total });
    let limits = this.limits;
    let rewinds = 0;
    let pushed = 0;
    // Acknowledgements are written in order, off the hot path, several answers per transaction when they queue
    // up; the first failed write stops it, and the cycle ends with that failure.
    const acks = new AckWriter((ops, response, at) => this.store.recordPush(ops, response, at));
    let from = ackedSeq;
    // The highest watermark a push answer taken in this cycle reported: the server had committed that far.
    let answered = -1;
    const readBatch = (after: number, l: BatchLimits) => this.store.readOutbox(after, l.maxOps).then((ops) => cutBatch(credential.deviceId, ops, l));
    // null once the outbox has nothing more to read.
    let readAhead: Promise<PushBatch | null> | null = readBatch(from, limits);
    let wire = new AbortController();
    let inFlight: { batch: PushBatch; answer: Promise<ApiResult<PushResponse>> }[] = [];
    const depth = this.pushWindow;
    let clean = true;
    /** Cancels the pushes on the wire and the read ahead, and starts again after `seq`. */
    const restartAfter = async (seq: number) => {
      wire.abort();
      await Promise.allSettled([...inFlight.map((f) => f.answer), readAhead]);
      inFlight = [];
      wire = new AbortController();
      from = seq;
      readAhead = readBatch(from, limits);
    };
    try {
      // Bounded: each round either moves `from` forward, shrinks the batch, rewinds (at most 3) or throws.
      for (let rounds = 0; rounds < 4 * total + 64; rounds++) {
        while (readAhead !== null && inFlight.length < depth && !acks.failure) {
          const batch = await readAhead;
          if (!batch) {
            readAhead = null;
            break;
          }
          // The read is not capped at the bounds read when the cycle began: ops written since (the counter keeps
          // working during a push) may ride along. They were written, so the server may acknowledge them; raise the
          // highest seq we know of, or their acknowledgement would look like another database's (`device-reused`).
          if (batch.lastSeq > lastSeq) lastSeq = batch.lastSeq;
          readAhead = readBatch(batch.lastSeq, limits);
          inFlight.push({ batch, answer: this.api.push(credential, batch.body, AbortSignal.any([signal, wire.signal])) });
        }
        // Checked before taking the head off the list, so that the finally below awaits it with the rest.
        if (acks.failure) break;
        const head = inFlight.shift();
        if (!head) break;
        const { batch } = head;
        const res = await head.answer;
        if (!res.ok) {
          clean = false;
          await acks.settled();
          if (acks.failure) break;
          const f = res.failure;
          if ((f.code === 'sync/batch-too-large' || f.code === 'sync/too-many-ops') && batch.ops.length > 1) {
            // A proxy or server with a lower limit than ours: halve and go on.
            limits = { maxOps: Math.max(1, Math.floor(batch.ops.length / 2)), maxBytes: Math.max(1, Math.floor(batch.body.length / 2)) };
            await restartAfter(from);
            continue;
          }
          if (f.code === 'sync/seq-gap' && f.expectedSeq !== undefined && rewinds < MAX_REWINDS_PER_CYCLE) {
            rewinds++;
            // Below what an answer already taken acknowledged: this 409 was written before that push committed (it
            // overtook it and its hold ran out). Resend it; rewinding would un-record a committed acknowledgement
            // and resend that batch too. (Counted: a server that really went back is caught by the next probe.)
            await restartAfter(f.expectedSeq - 1 < answered ? from : await this.rewindTo(f.expectedSeq - 1));
            continue;
          }
          throw new CycleAbort(f);
        }
        const answer = res.value;
        this.checkAnswer(answer, batch.firstSeq, lastSeq);
        const at = new Date(this.deps.now()).toISOString();
        const batchOps = batch.ops;
        if (answer.ackThrough > answered) answered = answer.ackThrough;
        // Recorded no further than this batch: a replay answered past it (the server applied later batches whose
        // answers were lost) carries the results of this batch only. Recording the server's watermark would let the
        // later ops be pruned unsent if the cycle ended here, and their rejections and conflicts never filed.
        const recorded = answer.ackThrough > batch.lastSeq ? { ...answer, ackThrough: batch.lastSeq } : answer;
        // Not awaited: the next POST does not need it.
        acks.add(batchOps, recorded, at);
        pushed += batch.ops.length;
        this.emit({ type: 'pushing', sent: Math.min(pushed, total), total });
        if (answer.ackThrough < batch.lastSeq) {
          // The server handled only part of the batch (the protocol says it never does, but its word wins):
          // continue from its watermark, not from what is on the wire or read ahead.
          await restartAfter(answer.ackThrough);
          continue;
        }
        // At or past this batch. Past it (the ack of an earlier push was lost in a crash), the following ops are
        // still resent: the server answers them as replays, with their rejections and conflicts again.
        from = batch.lastSeq;
        if (from >= lastSeq) {
          // Ops written while we pushed are picked up by re-reading the bounds; a bounded number of extra rounds.
          const now = await this.store.outboxBounds();
          if (now.lastSeq > lastSeq) lastSeq = now.lastSeq;
        }
      }
      if (clean) this.pushWindow = this.pushesInFlight;
    } catch (err) {
      clean = false;
      throw err;
    } finally {
      if (!clean) this.pushWindow = 1;
      // Normally nothing is left; after a failure, the pushes behind it are cancelled and awaited, so no answer
      // arrives after the cycle ended.
      wire.abort();
      await Promise.allSettled([...inFlight.map((f) => f.answer), readAhead]);
      await acks.settled();
    }
    // A failed ack write is a store failure (quota, a closing database), not a network one: surface it.
    if (acks.failure) throw acks.failure.error;
    return pushed;
  }

  /** An empty push returns the server's watermark; it is authoritative over ours. */
  private async reconcile(credential: Credential, signal: AbortSignal): Promise<void> {
    const res = await this.api.push(credential, watermarkProbeBody(credential.deviceId), signal);
    if (!res.ok) throw new CycleAbort(res.failure);
    const { ackedSeq, lastSeq } = await this.store.outboxBounds();
    const server = res.value.ackThrough;
    if (server > lastSeq) throw new CycleAbort({ kind: 'fatal', status: 200, code: 'sync/device-reused' });
    if (server > ackedSeq) {
      // We crashed between a push and its ack write. The results of those ops are answered again when resent,
      // so the rejected ones are not lost: resend rather than jump the watermark.
      return;
    }
    if (server < ackedSeq) await this.rewindTo(server);
  }

  private async rewindTo(seq: number): Promise<number> {
    const { ackedSeq } = await this.store.outboxBounds();
    if (seq >= ackedSeq) return ackedSeq;
    if (!(await this.store.rewindAck(seq))) throw new CycleAbort({ kind: 'fatal', status: 409, code: 'sync/outbox-pruned' });
    return seq;
  }

  private checkAnswer(answer: PushResponse, firstSeq: number, lastSeq: number): void {
    // The server acknowledging seqs we never wrote means it holds another database's ops under this device id.
    if (answer.ackThrough > lastSeq) throw new CycleAbort({ kind: 'fatal', status: 200, code: 'sync/device-reused' });
    // No progress on a non-empty batch would loop forever; treat it as a bad answer and back off.
    if (answer.ackThrough < firstSeq) throw new CycleAbort({ kind: 'retry', status: 200, code: 'sync/bad-response' });
  }

  /**
   * Pulls pages in cursor order. The next page is requested as soon as this one's cursor is known, and this one's
   * transaction is queued while the page before still commits (IndexedDB runs read-write transactions over the same
   * tables in the order they were created): so the server, the parsing of page n+1 and the building of its rows
   * overlap the IndexedDB write of page n, and the disk never waits for the worker between pages. Each page still
   * commits with its cursor in one transaction, and only on top of the cursor it was read from (`after`): if page
   * n fails, page n+1 finds the old cursor and applies nothing, so a crash or failure anywhere resumes at the last
   * applied page, with nothing applied twice or skipped.
   */
  private async pullAll(credential: Credential, signal: AbortSignal): Promise<number> {
    let cursor = await this.store.pullCursor();
    let received = 0;
    this.emit({ type: 'pulling', received: 0 });
    // Cancels a page asked for ahead when the cycle ends without it.
    const ahead = new AbortController();
    const pulling = AbortSignal.any([signal, ahead.signal]);
    let next: ReturnType<ServerApi['pull']> | null = this.api.pull(credential, cursor, MAX_PULL_LIMIT, pulling);
    // Pages handed to the store and not yet settled, oldest first: at most two (one committing, one queued).
    const applying: Array<{ done: Promise<void>; count: number }> = [];
    const settleOldest = async (): Promise<void> => {
      const oldest = applying[0] as { done: Promise<void>; count: number };
      await oldest.done;
      applying.shift();
      received += oldest.count;
      this.emit({ type: 'pulling', received });
    };
    try {
      for (let page = 0; page < MAX_PULL_PAGES_PER_CYCLE && next; page++) {
        const res = await next;
        next = null;
        if (!res.ok) throw new CycleAbort(res.failure);
        const { nextCursor, hasMore } = res.value;
        if (hasMore && nextCursor === cursor) throw new CycleAbort({ kind: 'retry', status: 200, code: 'sync/bad-response' });
        // Asked for before this page is checked in full, so the server works on it meanwhile; if this page turns
        // out bad, the cycle ends and that request is cancelled with it, unused.
        if (hasMore) next = this.api.pull(credential, nextCursor, MAX_PULL_LIMIT, pulling);
        const checked = await res.value.validate(this.pause);
        if (!checked.ok) throw new CycleAbort(checked.failure);
        const { changes } = checked.value;
        if (changes.length > 0 || nextCursor !== cursor) {
          const done = this.store.applyPulled(changes, nextCursor, new Date(this.deps.now()).toISOString(), cursor);
          // Awaited in turn below; until then a failure must not count as unhandled.
          done.catch(() => undefined);
          applying.push({ done, count: changes.length });
        }
        cursor = nextCursor;
        while (applying.length > 1) await settleOldest();
        if (!hasMore) break;
      }
      while (applying.length > 0) await settleOldest();
    } finally {
      ahead.abort();
      // On a failure, the page queued behind it settles (applying nothing) before the cycle lets go of the store.
      await Promise.allSettled(applying.map((a) => a.done));
    }
    return received;
  }

  private emit(event: SyncEvent): void {
    try {
      this.deps.emit(event);
    } catch {
      // A listener's failure must not stop sync.
    }
  }
}

function refusal(code: string, details?: Record<string, string | number>): { ok: false; code: string; message: string } {
  return { ok: false, code, message: syncMessage(code, details) };
}

/** `http(s)://host[:port]` with no path beyond `/`; null otherwise. */
export function normaliseServerUrl(input: string): string | null {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.username || u.password || u.search || u.hash) return null;
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}
