import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { hlcNow, type Hlc } from '@shared/sync/hlc';
import {
  API_PATHS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  bearerToken,
  type EnrollResponse,
  type OpEnvelope,
  type PullResponse,
  type PushResponse,
} from '@shared/sync/protocol';
import { createEnrollCode } from '../admin/enroll-codes';
import { buildApp } from '../app';
import { runCli } from '../cli';
import { PushSequencer } from '../sync/push-sequencer';
import type { Db, Queryable } from '../db/db';
import { migrate, readMigrations } from '../db/migrate';
import { createPgDb } from '../db/pg-db';
import { createPgliteDb } from '../db/pglite-db';
import { PGLITE_VERSION } from './pglite-version';
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from './postgres-cluster';

/** 2026-11-23 10:00 Beijing time; every test clock starts here. */
export const T0 = Date.parse('2026-11-23T02:00:00.000Z');

export type Backend = { name: 'pglite' | 'postgres'; open(): Promise<Db>; stop(): Promise<void> };

/** PGlite always; PostgreSQL when its binaries are there. On CI a missing PostgreSQL fails the file. */
export function backends(): { list: Backend[]; postgresSkipped: string | null } {
  const reason = postgresUnavailable();
  if (reason !== null && process.env.CI) {
    throw new Error(`PostgreSQL is required on CI for the server tests: ${reason}`);
  }
  if (reason !== null) console.warn(`[server tests] PostgreSQL tests skipped: ${reason}`);
  const pglite: Backend = { name: 'pglite', open: freshPglite, stop: async () => {} };
  let cluster: PostgresCluster | null = null;
  const postgres: Backend = {
    name: 'postgres',
    async open() {
      cluster ??= await startPostgresCluster();
      return createPgDb(await cluster.newDatabase());
    },
    async stop() {
      await cluster?.stop();
      cluster = null;
    },
  };
  return { list: reason === null ? [pglite, postgres] : [pglite], postgresSkipped: reason };
}

/**
 * A new in-memory PGlite database with every migration applied. Creating one runs initdb in WASM (seconds, far
 * more on a busy machine), so the first test process dumps a migrated template to the temp folder and the
 * others load it (~10× faster). The file name hashes the migrations, so a changed migration makes a new one.
 */
export async function freshPglite(): Promise<Db> {
  const migrations = await readMigrations();
  const key = createHash('sha256')
    .update(JSON.stringify(migrations))
    .update(PGLITE_VERSION)
    .digest('hex')
    .slice(0, 16);
  const file = join(tmpdir(), `yizhan-pglite-template-${key}.tar`);
  if (existsSync(file)) {
    try {
      return await createPgliteDb(undefined, { loadDataDir: new Blob([readFileSync(file)]) });
    } catch {
      rmSync(file, { force: true }); // a damaged template: rebuild it below
    }
  }
  const db = await createPgliteDb(undefined);
  await migrate(db, migrations);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
  renameSync(tmp, file); // atomic: a concurrent test process sees the whole file or none
  // Templates of older migration sets are dead weight (~40 MB each).
  for (const name of readdirSync(tmpdir())) {
    if (/^yizhan-pglite-template-[0-9a-f]{16}\.tar$/.test(name) && join(tmpdir(), name) !== file) {
      rmSync(join(tmpdir(), name), { force: true });
    }
  }
  return db;
}

export async function openMigrated(backend: Backend): Promise<Db> {
  const db = await backend.open();
  await migrate(db, await readMigrations());
  return db;
}

/** The server a suite talks to: a migrated database on `backend`, the app on it, its clock, and a client. */
export type ServerUnderTest = { db: Db; app: FastifyInstance; clock: TestClock; client: Client };

/**
 * Opens the server for the enclosing `describe` (before its tests) and closes it, with the backend, after them.
 * The fields are filled in `beforeAll`: read them inside tests and hooks, not at collection time.
 */
export function serverUnderTest(backend: Backend): ServerUnderTest {
  const t = {} as ServerUnderTest;
  beforeAll(async () => {
    t.db = await openMigrated(backend);
    t.clock = new TestClock();
    // A short hold: a real gap is refused after it (push-sequencer.ts), and the gap tests need not wait 2 s.
    t.app = await buildApp({ db: t.db, now: t.clock.now, sequencer: new PushSequencer(100) });
    t.client = new Client(t.app, t.db, t.clock);
  });
  afterAll(async () => {
    await t.app?.close();
    await t.db?.close();
    await backend.stop();
  });
  return t;
}

export class TestClock {
  ms = T0;
  now = () => this.ms;
}

export type Device = EnrollResponse & { auth: string; seq: number; hlc: Hlc | null };

/** Talks to an app through `inject`, like a workstation would over HTTP. */
export class Client {
  constructor(
    readonly app: FastifyInstance,
    readonly db: Db,
    readonly clock: TestClock,
  ) {}

  async enroll(hallCode: string, workstationCode?: string): Promise<Device> {
    const { code } = await createEnrollCode(this.db, { hallCode, workstationCode, nowMs: this.clock.now() });
    const res = await this.app.inject({
      method: 'POST',
      url: API_PATHS.enroll,
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      payload: { protocol: PROTOCOL_VERSION, code },
    });
    if (res.statusCode !== 201) throw new Error(`enrol failed: ${res.statusCode} ${res.body}`);
    const body = res.json<EnrollResponse>();
    return { ...body, auth: `Bearer ${bearerToken(body.deviceId, body.secret)}`, seq: 0, hlc: null };
  }

  push(device: Device, ops: OpEnvelope[], extra: { headers?: Record<string, string>; body?: unknown; gzip?: boolean } = {}) {
    const body = extra.body ?? { protocol: PROTOCOL_VERSION, deviceId: device.deviceId, ops };
    const json = typeof body === 'string' ? body : JSON.stringify(body);
    return this.app.inject({
      method: 'POST',
      url: API_PATHS.push,
      headers: {
        authorization: device.auth,
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        'content-type': 'application/json',
        ...(extra.gzip ? { 'content-encoding': 'gzip' } : {}),
        ...extra.headers,
      },
      payload: extra.gzip ? gzipSync(json) : json,
    });
  }

  async pushOk(device: Device, ops: OpEnvelope[]): Promise<PushResponse> {
    const res = await this.push(device, ops);
    if (res.statusCode !== 200) throw new Error(`push failed: ${res.statusCode} ${res.body}`);
    return res.json<PushResponse>();
  }

  pull(device: Device, since = '0', limit?: number, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const q = new URLSearchParams({ since, ...(limit === undefined ? {} : { limit: String(limit) }) });
    return this.app.inject({
      method: 'GET',
      url: `${API_PATHS.pull}?${q}`,
      headers: { authorization: device.auth, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...headers },
    });
  }

  async pullOk(device: Device, since = '0', limit?: number): Promise<PullResponse> {
    const res = await this.pull(device, since, limit);
    if (res.statusCode !== 200) throw new Error(`pull failed: ${res.statusCode} ${res.body}`);
    return res.json<PullResponse>();
  }

  /** Everything pulled from `since` until hasMore is false. */
  async drain(device: Device, since = '0', limit = 100): Promise<{ changes: PullResponse['changes']; cursor: string }> {
    const changes: PullResponse['changes'] = [];
    let cursor = since;
    for (let page = 0; page < 10_000; page++) {
      const res = await this.pullOk(device, cursor, limit);
      changes.push(...res.changes);
      cursor = res.nextCursor;
      if (!res.hasMore) return { changes, cursor };
    }
    throw new Error('pull never finished');
  }
}

/** The next op of a device's outbox (advances its seq). */
export function nextOp(device: Device, kind: string, payload: unknown, clock: TestClock): OpEnvelope {
  device.seq += 1;
  return { seq: device.seq, opId: randomUUID(), at: new Date(clock.now()).toISOString(), kind, payload };
}

export function caseEvent(hallCode: string, clock: TestClock, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    caseId: randomUUID(),
    at: new Date(clock.now()).toISOString(),
    actor: 'staff-01',
    workstationId: 'W01',
    hallCode,
    type: 'received',
    payload: {
      caseNumber: `${hallCode}-W01-20261123-0001`,
      residentId: 'resident-1',
      matterCode: 'MZ-001',
      matterName: '城乡居民最低生活保障申请',
      triage: 'government',
      handling: 'promised',
      timeLimitDays: 5,
      channel: 'counter',
    },
    ...overrides,
  };
}

/** A resident patch stamped with the device's clock. */
export function residentPatch(
  device: Device,
  clock: TestClock,
  residentId: string,
  values: Record<string, unknown>,
  base?: Hlc,
) {
  const fields: Record<string, { value: unknown; hlc: Hlc }> = {};
  for (const [name, value] of Object.entries(values)) {
    device.hlc = hlcNow(device.hlc, clock.now(), device.deviceId);
    fields[name] = { value, hlc: device.hlc };
  }
  return { residentId, ...(base ? { base } : {}), fields };
}

/** Row counts of everything a push can write, to prove a refused request wrote nothing. */
export type Footprint = { changes: number; resident_fields: number; conflicts: number; quarantine: number; acked: number; clocks: number };

export async function footprint(db: Queryable): Promise<Footprint> {
  const [row] = await db.query<Footprint>(
    `SELECT (SELECT count(*) FROM changes)::int AS changes,
            (SELECT count(*) FROM resident_fields)::int AS resident_fields,
            (SELECT count(*) FROM resident_conflicts)::int AS conflicts,
            (SELECT count(*) FROM quarantine)::int AS quarantine,
            (SELECT coalesce(sum(acked_seq), 0) FROM devices)::int AS acked,
            (SELECT coalesce(sum(last_change), 0) FROM halls)::int AS clocks`,
  );
  return row as Footprint;
}

/**
 * The admin CLI run in-process against a test database (`db()`: assigned in a beforeAll) at `now`, collecting what it
 * prints.
 * All commands share the one database: the CLI's close must not end it.
 */
export function cliOn(db: () => Db, now: () => number = () => T0): (...argv: string[]) => Promise<{ code: number; out: string; err: string }> {
  return async (...argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      env: {},
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      now,
      openDb: async () => ({ ...db(), close: async () => {} }),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
