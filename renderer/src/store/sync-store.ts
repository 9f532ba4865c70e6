import Dexie from 'dexie';
import { z } from 'zod';
import type { CaseEvent } from '@shared/domain/case/events';
import { foldEvents } from '@shared/domain/case/reducer';
import { ResidentSchema } from '@shared/domain/resident';
import { CalendarYearSchema } from '@shared/domain/calendar/calendar-year';
import type { Handover, Shift } from '@shared/domain/staff/shift';
import { decodeOp } from '@shared/sync/encoded-op';
import { hlcNow, hlcReceive, type Hlc } from '@shared/sync/hlc';
import { settlementOfChange, settlementOfPatch, settlesFieldConflict, type Settlement } from '@shared/sync/conflict-settlement';
import {
  FieldConflictSchema,
  INITIAL_CURSOR,
  type FieldVersion,
  type PublishedDocument,
  type PullChange,
  type PushResponse,
  type ResidentChange,
  type ResidentFieldName,
} from '@shared/sync/protocol';
import { caseRowOf } from './case-row';
import { caseDerivedTables, labelCaseRows, updateCaseDerived } from './case-derived';
import { relabelResidentCases } from './open-case-digest';
import { getMeta, putMeta } from './meta';
import { acknowledgeOutbox, outboxStatus, pruneAcknowledgedOutbox } from './outbox';
import { applyPulledShiftRecords } from './shifts';
import type { AuditRow, CaseRow, MatterRow, OutboxRow, ResidentRow } from './rows';
import type { YizhanDb } from './schema';
import { readWorkstationConfig } from './workstation';
import type { WorkstationConfig } from './workstation-config';

/**
 * The sync engine's view of the local database (the engine's SyncStorePort, renderer/src/sync/sync-ports.ts,
 * satisfied structurally: store/ may not import sync/). Built on the tables and outbox functions of the store;
 * what the store had no home for lives in `meta` under `sync.*` keys (see SYNC_META below).
 *
 * Every method that changes state is one Dexie transaction, so a crash between any two of them leaves a state
 * the engine resumes from: the ack watermark and the rejected/conflicting ops it reports commit together, and a
 * pulled page commits together with the cursor after it.
 */

// ── sync's own meta rows ──────────────────────────────────────────────────────────────────────────────

const SyncModeSchema = z.enum(['window', 'continuous', 'manual']);
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):([0-5]\d)$/);
export const SyncSettingsRowSchema = z.object({
  mode: SyncModeSchema,
  window: z.object({ start: ClockTime, end: ClockTime }).refine((w) => w.start !== w.end),
});
export type SyncSettingsRow = z.infer<typeof SyncSettingsRowSchema>;
export const DEFAULT_SYNC_SETTINGS: SyncSettingsRow = { mode: 'window', window: { start: '18:00', end: '07:30' } };

export const DeviceRowSchema = z.object({
  deviceId: z.string().min(1),
  serverUrl: z.string().min(1),
  hallCode: z.string().min(1),
  workstationCode: z.string().nullable(),
  workstationId: z.string().min(1),
  enrolledAt: z.string(),
  expiresAt: z.string(),
  secretIn: z.enum(['platform', 'meta']),
});
export type DeviceRow = z.infer<typeof DeviceRowSchema>;

/** A server answer `conflict` (a resident field edited concurrently elsewhere) or a pulled record that could
 * not be stored as it is (a second resident with the same document, a case number already used here). Kept
 * until a lead dismisses it. */
export const SyncConflictSchema = z.object({
  /** `push:<seq>` for an op of ours; `pull:<cursor>` for a pulled change. Unique, so a replay overwrites. */
  key: z.string(),
  kind: z.enum(['field-conflict', 'duplicate-document', 'duplicate-case-number', 'unusable-record']),
  residentId: z.string().optional(),
  caseId: z.string().optional(),
  seq: z.number().int().optional(),
  fields: z.array(FieldConflictSchema).optional(),
  at: z.string(),
});
export type SyncConflict = z.infer<typeof SyncConflictSchema>;

/**
 * Meta keys sync adds to the store's typed ones (rows.ts MetaValues). Kept apart so the store's type need not
 * know about sync; each is parsed on read, as anything read back from IndexedDB may be from an older build.
 */
const SYNC_META = {
  cursor: 'sync.cursor',
  settings: 'sync.settings',
  device: 'sync.device',
  /** Only in a plain browser (no OS keyring): see DeviceRow.secretIn. */
  secret: 'sync.secret',
  lastSuccess: 'sync.lastSuccess',
  conflicts: 'sync.conflicts',
} as const;
type SyncMetaKey = (typeof SYNC_META)[keyof typeof SYNC_META];

async function readSyncMeta(db: YizhanDb, key: SyncMetaKey): Promise<unknown> {
  const table = db.meta as unknown as { get(key: string): Promise<{ key: string; value: unknown } | undefined> };
  return (await table.get(key))?.value;
}

async function writeSyncMeta(db: YizhanDb, key: SyncMetaKey, value: unknown): Promise<void> {
  const table = db.meta as unknown as { put(row: { key: string; value: unknown }): Promise<unknown> };
  await table.put({ key, value });
}

async function deleteSyncMeta(db: YizhanDb, key: SyncMetaKey): Promise<void> {
  const table = db.meta as unknown as { delete(key: string): Promise<void> };
  await table.delete(key);
}

async function readConflicts(db: YizhanDb): Promise<SyncConflict[]> {
  const parsed = z.array(SyncConflictSchema).safeParse((await readSyncMeta(db, SYNC_META.conflicts)) ?? []);
  return parsed.success ? parsed.data : [];
}

async function addConflicts(db: YizhanDb, added: readonly SyncConflict[]): Promise<void> {
  if (added.length === 0) return;
  const byKey = new Map((await readConflicts(db)).map((c) => [c.key, c]));
  for (const c of added) byKey.set(c.key, c);
  await writeSyncMeta(db, SYNC_META.conflicts, [...byKey.values()]);
}

// ── queries and commands for the sync page ────────────────────────────────────────────────────────────

/** Conflicts waiting for a lead, oldest first. */
export async function syncConflicts(db: YizhanDb): Promise<SyncConflict[]> {
  return readConflicts(db);
}

/** The lead has looked at a conflict and settled it (in the resident's record, if needed). */
export async function dismissSyncConflict(db: YizhanDb, key: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => removeSyncConflicts(db, [key]));
}

/** Takes conflicts off the list; joins the caller's transaction, which must include `meta` (conflict-resolution.ts). */
export async function removeSyncConflicts(db: YizhanDb, keys: readonly string[]): Promise<void> {
  const gone = new Set(keys);
  const left = (await readConflicts(db)).filter((c) => !gone.has(c.key));
  await writeSyncMeta(db, SYNC_META.conflicts, left);
}

/**
 * Takes off the list the field conflicts that resident edits the server applied have settled, by the server's own
 * rule (shared/sync/conflict-settlement.ts): a settled side pair leaves its entry, an entry left with none goes.
 * Joins the caller's transaction, which must include `meta`; writes only when something changed.
 */
export async function settleSyncConflicts(db: YizhanDb, settlements: ReadonlyArray<Settlement | null>): Promise<void> {
  const byResident = new Map<string, Settlement[]>();
  for (const s of settlements) {
    if (!s) continue;
    const list = byResident.get(s.residentId);
    if (list) list.push(s);
    else byResident.set(s.residentId, [s]);
  }
  if (byResident.size === 0) return;
  const listed = await readConflicts(db);
  let changed = false;
  const left: SyncConflict[] = [];
  for (const c of listed) {
    const { residentId } = c;
    const edits = c.kind === 'field-conflict' && residentId !== undefined ? byResident.get(residentId) : undefined;
    const open = edits && c.fields?.filter((f) => !edits.some((s) => settlesFieldConflict(s, residentId as string, f)));
    if (!open || open.length === c.fields?.length) {
      left.push(c);
      continue;
    }
    changed = true;
    if (open.length > 0) left.push({ ...c, fields: open });
  }
  if (changed) await writeSyncMeta(db, SYNC_META.conflicts, left);
}

export async function readSyncSettings(db: YizhanDb): Promise<SyncSettingsRow> {
  const parsed = SyncSettingsRowSchema.safeParse(await readSyncMeta(db, SYNC_META.settings));
  return parsed.success ? parsed.data : DEFAULT_SYNC_SETTINGS;
}

export async function readSyncDevice(db: YizhanDb): Promise<DeviceRow | null> {
  const parsed = DeviceRowSchema.safeParse(await readSyncMeta(db, SYNC_META.device));
  return parsed.success ? parsed.data : null;
}

export async function readLastSyncSuccess(db: YizhanDb): Promise<string | null> {
  const v = await readSyncMeta(db, SYNC_META.lastSuccess);
  return typeof v === 'string' ? v : null;
}

/**
 * Resolves in a task of its own, after what the event loop already holds (IndexedDB's answers among it): the way to
 * split long work without a timer's clamping. Never inside a transaction, which would commit meanwhile.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

// ── the engine's port ─────────────────────────────────────────────────────────────────────────────────

export type SyncStoreClock = { now: () => number };

export class DexieSyncStore {
  constructor(
    private readonly db: YizhanDb,
    private readonly clock: SyncStoreClock,
    /** Lets the event loop run between slices of work done outside any transaction (`yieldToEventLoop`). */
    private readonly pause: () => Promise<void> = () => Promise.resolve(),
    /**
     * The connection acknowledgements are written through: the sync worker opens the same database a second time
     * with `strict` durability (flushed to disk before the transaction completes; Chromium's default is relaxed),
     * so a watermark recorded survives a power cut like the server's commit. Pulled pages keep the default: a
     * page lost with its cursor is pulled again, while the ack writes are chained off the push's hot path.
     */
    private readonly acks: YizhanDb = db,
  ) {}

  /** Settles once the latest applyPulled call has created its transaction (see there). */
  private opened: Promise<void> = Promise.resolve();

  async outboxBounds(): Promise<{ ackedSeq: number; lastSeq: number }> {
    const s = await outboxStatus(this.db);
    return { ackedSeq: s.ackedSeq, lastSeq: s.lastSeq };
  }

  /** A plain primary-key range: no watermark read, the engine passes where to start. The rows as stored. */
  readOutbox(afterSeq: number, limit: number): Promise<OutboxRow[]> {
    return this.db.outbox.where('seq').above(afterSeq).limit(limit).toArray();
  }

  /** Decodes only the ops it needs: conflicting ones (for their time) and resident patches (what they settle). */
  async recordPush(ops: readonly OutboxRow[], response: PushResponse, at: string): Promise<void> {
    const db = this.acks;
    await db.transaction('rw', db.outbox, db.rejected, db.meta, async () => {
      // The store's acknowledgement (watermark up, rejected ops filed) runs inside this transaction, so the
      // conflicts below commit with it or not at all.
      const watermark = await acknowledgeOutbox(db, { now: this.clock.now, newId: unusedId }, { ackThrough: response.ackThrough, results: response.results });
      const opBySeq = new Map(ops.map((op) => [op.seq, op]));
      const conflicts: SyncConflict[] = [];
      for (const r of response.results) {
        if (r.status !== 'conflict' || r.seq > watermark || !r.conflict) continue;
        const encoded = opBySeq.get(r.seq);
        const op = encoded && decodeOp(encoded);
        conflicts.push({
          key: `push:${r.seq}`,
          kind: 'field-conflict',
          residentId: r.conflict.residentId,
          seq: r.seq,
          fields: r.conflict.fields,
          at: op?.at ?? at,
        });
      }
      await addConflicts(db, conflicts);
      // Our own acknowledged edits settle what they cover, as the server did: the list never hears of them by pull.
      const rejected = new Set(response.results.flatMap((r) => (r.status === 'rejected' ? [r.seq] : [])));
      const patches = ops.filter((op) => op.kind === 'resident-patch' && op.seq <= watermark && !rejected.has(op.seq)).map(decodeOp);
      await settleSyncConflicts(db, patches.flatMap((op) => (op.kind === 'resident-patch' ? [settlementOfPatch(op.payload)] : [])));
    });
  }

  async rewindAck(toSeq: number): Promise<boolean> {
    const db = this.acks;
    return db.transaction('rw', db.outbox, db.meta, async () => {
      const acked = (await getMeta(db, 'outbox.ackedSeq')) ?? 0;
      if (toSeq >= acked) return true;
      const kept = await db.outbox.where('seq').between(toSeq, acked, false, true).count();
      if (kept !== acked - toSeq) return false;
      await putMeta(db, 'outbox.ackedSeq', Math.max(0, toSeq));
      return true;
    });
  }

  pruneAcknowledged(): Promise<number> {
    return pruneAcknowledgedOutbox(this.db);
  }

  async pullCursor(): Promise<string> {
    const v = await readSyncMeta(this.db, SYNC_META.cursor);
    return typeof v === 'string' ? v : INITIAL_CURSOR;
  }

  /**
   * One page in one transaction, with the cursor after it. With `after` (the cursor the page was read from) the page
   * is applied only on top of it: the engine queues a page's transaction behind the one still committing (IndexedDB
   * runs read-write transactions over the same tables in the order they were created), and if that one failed,
   * this one finds the old cursor, throws and applies nothing.
   */
  async applyPulled(changes: readonly PullChange[], nextCursor: string, at: string, after?: string): Promise<void> {
    const residents: Array<{ change: ResidentChange; cursor: string }> = [];
    for (const change of changes) if (change.kind === 'resident') residents.push({ change: change.payload, cursor: change.cursor });
    // Transactions are created in call order, however long each page's preparation takes: IndexedDB runs them in
    // that order, and a page queued behind the one before must not overtake it.
    const before = this.opened;
    let opened = (): void => undefined;
    this.opened = new Promise<void>((resolve) => (opened = resolve));
    let fresh: ResidentMerge | null = null;
    let transaction: Promise<void>;
    try {
      // Merged onto nothing before the transaction opens, so this pure work overlaps the page before's commit: on a
      // workstation catching up none of the page's residents is stored yet, and this is what gets written. In
      // slices: the page before commits only once this worker has taken IndexedDB's answer to each of its writes.
      if (residents.length > 0) {
        const merger = new ResidentMerger(new Map(), at);
        for (let i = 0; i < residents.length; i++) {
          if (i > 0 && i % MERGE_SLICE === 0) await this.pause();
          merger.add(residents[i] as { change: ResidentChange; cursor: string });
        }
        fresh = merger.result();
      }
      await before;
      transaction = this.applyPage(changes, residents, fresh, nextCursor, at, after);
    } finally {
      opened();
    }
    await transaction;
  }

  private applyPage(
    changes: readonly PullChange[],
    residents: ReadonlyArray<{ change: ResidentChange; cursor: string }>,
    fresh: ResidentMerge | null,
    nextCursor: string,
    at: string,
    after: string | undefined,
  ): Promise<void> {
    const { db } = this;
    return db.transaction('rw', [db.cases, db.caseEvents, ...caseDerivedTables(db), db.catalogue, db.calendar, db.staff, db.audit, db.shifts, db.handovers, db.meta], async () => {
      // One round trip before the page's writes: what it must read, and its cursor (written first, which changes
      // nothing: the transaction commits it with the page or not at all, and the check below aborts both).
      const [stored, existing, clock] = await Promise.all([
        readSyncMeta(db, SYNC_META.cursor),
        fresh ? db.residents.where(':id').anyOf(fresh.ids).primaryKeys() : [],
        fresh?.latest ? readClock(db) : null,
        writeSyncMeta(db, SYNC_META.cursor, nextCursor),
      ]);
      if (after !== undefined && (typeof stored === 'string' ? stored : INITIAL_CURSOR) !== after) throw new PullOutOfOrderError();
      const conflicts: SyncConflict[] = [];
      const events: Array<{ event: CaseEvent; cursor: string }> = [];
      const audit: AuditRow[] = [];
      const shiftRecords: { shifts: Shift[]; handovers: Handover[] } = { shifts: [], handovers: [] };
      for (const change of changes) {
        if (change.kind === 'case-event') events.push({ event: change.payload, cursor: change.cursor });
        else if (change.kind === 'resident') continue;
        else if (change.kind === 'catalogue') await replaceCatalogue(db, change.payload);
        else if (change.kind === 'calendar') await replaceCalendarYear(db, change.payload, change.cursor, conflicts, at);
        // The server sends an account's newest version each time it changes: the later change replaces.
        else if (change.kind === 'staff') await db.staff.put(change.payload);
        else if (change.kind === 'shift') shiftRecords.shifts.push(change.payload);
        else if (change.kind === 'handover') shiftRecords.handovers.push(change.payload);
        // Audit rows are append-only and keyed by their id: a row pulled twice is the same row.
        else audit.push(change.payload);
      }
      if (audit.length > 0) await db.audit.bulkPut(audit);
      await applyPulledShiftRecords(db, shiftRecords);
      if (fresh) await applyResidentChanges(db, residents, fresh, existing, conflicts, at, clock && fresh.latest ? advancedClock(clock, fresh.latest, this.clock.now()) : null);
      if (events.length > 0) await applyCaseEvents(db, events, conflicts, at);
      await addConflicts(db, conflicts);
      await settleSyncConflicts(db, residents.map((r) => settlementOfChange(r.change)));
    });
  }

  async issueCounts(): Promise<{ pending: number; rejected: number; conflicts: number }> {
    const { db } = this;
    return db.transaction('r', db.meta, db.rejected, async () => {
      const s = await outboxStatus(db);
      return { pending: s.pending, rejected: s.rejected, conflicts: (await readConflicts(db)).length };
    });
  }

  getSettings(): Promise<SyncSettingsRow> {
    return readSyncSettings(this.db);
  }

  async saveSettings(settings: SyncSettingsRow): Promise<void> {
    await writeSyncMeta(this.db, SYNC_META.settings, SyncSettingsRowSchema.parse(settings));
  }

  async workstationId(): Promise<string | null> {
    return (await readWorkstationConfig(this.db))?.workstationId ?? null;
  }

  async hallCode(): Promise<string | null> {
    return (await readWorkstationConfig(this.db))?.hallCode ?? null;
  }

  getDevice(): Promise<DeviceRow | null> {
    return readSyncDevice(this.db);
  }

  async saveDevice(device: DeviceRow, secret: string | null): Promise<void> {
    const { db } = this;
    await db.transaction('rw', db.meta, async () => {
      await writeSyncMeta(db, SYNC_META.device, DeviceRowSchema.parse(device));
      if (device.secretIn === 'meta' && secret !== null) await writeSyncMeta(db, SYNC_META.secret, secret);
      else await deleteSyncMeta(db, SYNC_META.secret);
    });
  }

  async forgetDevice(): Promise<void> {
    const { db } = this;
    await db.transaction('rw', db.meta, async () => {
      await deleteSyncMeta(db, SYNC_META.device);
      await deleteSyncMeta(db, SYNC_META.secret);
    });
  }

  async metaSecret(): Promise<string | null> {
    const v = await readSyncMeta(this.db, SYNC_META.secret);
    return typeof v === 'string' ? v : null;
  }

  async recordSuccess(at: string): Promise<void> {
    await writeSyncMeta(this.db, SYNC_META.lastSuccess, at);
  }

  lastSuccess(): Promise<string | null> {
    return readLastSyncSuccess(this.db);
  }
}

/** acknowledgeOutbox takes a StoreClock but never mints ids; a call would be a bug worth seeing. */
function unusedId(): string {
  throw new Error('acknowledging mints no ids');
}

// ── applying pulled changes (inside applyPulled's transaction) ─────────────────────────────────────────

/**
 * Stores pulled events and refolds each touched case from all its events with the shared reducer, so the row
 * is what every replica computes. Unlike the counter's command, an event the reducer refuses is stored anyway:
 * it happened elsewhere, and the fold records it in `state.rejected` for the lead.
 */
async function applyCaseEvents(db: YizhanDb, pulled: Array<{ event: CaseEvent; cursor: string }>, conflicts: SyncConflict[], at: string): Promise<void> {
  const caseIds = [...new Set(pulled.map((p) => p.event.caseId))];
  const stored = await db.caseEvents.where('caseId').anyOf(caseIds).toArray();
  const known = new Set(stored.map((e) => e.id));
  const fresh: CaseEvent[] = [];
  for (const { event } of pulled) {
    if (known.has(event.id)) continue;
    known.add(event.id);
    fresh.push(event);
  }
  if (fresh.length === 0) return;
  await db.caseEvents.bulkAdd(fresh);
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of [...stored, ...fresh]) {
    const list = byCase.get(e.caseId);
    if (list) list.push(e);
    else byCase.set(e.caseId, [e]);
  }
  const cursorOfCase = new Map(pulled.map((p) => [p.event.caseId, p.cursor]));
  const rows: CaseRow[] = [];
  for (const caseId of new Set(fresh.map((e) => e.caseId))) {
    const state = foldEvents(byCase.get(caseId) ?? []);
    // Events that arrived before their case's `received` wait in caseEvents; the fold picks them up later.
    if (state === null) continue;
    rows.push(caseRowOf(state));
  }
  if (rows.length === 0) return;
  // The case number is unique here; a second case with the same number (two PCs set up as the same window)
  // would abort the whole page and stall sync forever. Keep ours, set theirs aside for the lead.
  const holders = await db.cases.where('caseNumber').anyOf(rows.map((r) => r.caseNumber)).toArray();
  const holderOf = new Map(holders.map((h) => [h.caseNumber, h.id]));
  // A case's number never changes, so its stored row is among the holders: the tally moves from it.
  const storedRow = new Map(holders.map((h) => [h.id, h]));
  const writable: CaseRow[] = [];
  for (const row of rows) {
    const holder = holderOf.get(row.caseNumber);
    if (holder !== undefined && holder !== row.id) {
      conflicts.push({ key: `pull:${cursorOfCase.get(row.id) ?? row.id}`, kind: 'duplicate-case-number', caseId: row.id, at });
      continue;
    }
    writable.push(row);
  }
  const moves = writable.map((after) => {
    const before = storedRow.get(after.id);
    return before ? { before, after } : { after };
  });
  await labelCaseRows(db, moves);
  await db.cases.bulkPut(writable);
  await updateCaseDerived(db, moves);
}

const RESIDENT_FIELDS: ReadonlySet<string> = new Set(Object.keys(ResidentSchema.shape).filter((k) => k !== 'id'));

/** A page's resident changes merged onto some stored rows: what to write, and what could not be used. */
type ResidentMerge = {
  /** Every resident the page names, once each. */
  ids: string[];
  rows: Map<string, ResidentRow>;
  /** The residents a change altered, in the order first altered, each with the cursor of the last such change. */
  touched: Map<string, string>;
  conflicts: SyncConflict[];
  /** The latest stamp among the page's resident fields, taken or not: it moves our clock. */
  latest: Hlc | null;
};

/**
 * Merges pulled resident fields by stamp onto `stored`: a field is taken when its stamp is later than the one stored
 * for it (or none is), so applying the same change twice, or an older one late, changes nothing. Pure.
 */
class ResidentMerger {
  private readonly rows: Map<string, ResidentRow>;
  private readonly ids = new Set<string>();
  private readonly touched = new Map<string, string>();
  private readonly conflicts: SyncConflict[] = [];
  private latest: Hlc | null = null;

  constructor(
    stored: ReadonlyMap<string, ResidentRow>,
    private readonly at: string,
  ) {
    this.rows = new Map(stored);
  }

  add({ change, cursor }: { change: ResidentChange; cursor: string }): void {
    const { rows } = this;
    this.ids.add(change.residentId);
    const before = rows.get(change.residentId);
    const merged: Record<string, unknown> = before ? { ...before } : { id: change.residentId };
    const fieldHlc: Partial<Record<ResidentFieldName, Hlc>> = { ...(before?.fieldHlc ?? {}) };
    delete merged.fieldHlc;
    let changed = false;
    for (const [name, version] of Object.entries(change.fields) as Array<[string, FieldVersion]>) {
      if (!RESIDENT_FIELDS.has(name)) continue;
      if (this.latest === null || version.hlc > this.latest) this.latest = version.hlc;
      const mine = fieldHlc[name as ResidentFieldName];
      if (mine !== undefined && mine >= version.hlc) continue;
      if (version.value === null) delete merged[name];
      else merged[name] = version.value;
      fieldHlc[name as ResidentFieldName] = version.hlc;
      changed = true;
    }
    if (!changed) return;
    const parsed = ResidentSchema.safeParse(merged);
    if (!parsed.success) {
      // Not a whole resident (a change to someone this workstation never received): nothing to show yet.
      this.conflicts.push({ key: `pull:${cursor}`, kind: 'unusable-record', residentId: change.residentId, at: this.at });
      return;
    }
    // zod's output is a new object, ours to complete: no second copy of every row.
    rows.set(change.residentId, Object.assign(parsed.data, { fieldHlc }));
    this.touched.set(change.residentId, cursor);
  }

  result(): ResidentMerge {
    return { ids: [...this.ids], rows: this.rows, touched: this.touched, conflicts: this.conflicts, latest: this.latest };
  }
}

function mergeResidentChanges(pulled: ReadonlyArray<{ change: ResidentChange; cursor: string }>, stored: ReadonlyMap<string, ResidentRow>, at: string): ResidentMerge {
  const merger = new ResidentMerger(stored, at);
  for (const p of pulled) merger.add(p);
  return merger.result();
}

/** Residents merged per slice between pauses, so the worker still answers IndexedDB promptly meanwhile. */
const MERGE_SLICE = 100;

/**
 * Writes a page's residents. `fresh` is the page merged onto nothing; `existing` are the page's residents already
 * stored (read in the page's transaction). None stored (a workstation catching up): `fresh` is written as it is.
 * Otherwise the whole page is merged again onto what is stored, so a stored resident is merged field by field,
 * never overwritten by the pulled fields alone.
 */
async function applyResidentChanges(
  db: YizhanDb,
  pulled: ReadonlyArray<{ change: ResidentChange; cursor: string }>,
  fresh: ResidentMerge,
  existing: readonly string[],
  conflicts: SyncConflict[],
  at: string,
  clock: Hlc | null,
): Promise<void> {
  const before = new Map<string, ResidentRow>();
  let merge = fresh;
  if (existing.length > 0) {
    const current = await db.residents.bulkGet([...existing]);
    existing.forEach((id, i) => {
      const row = current[i];
      if (row !== undefined) before.set(id, row);
    });
    merge = mergeResidentChanges(pulled, before, at);
  }
  conflicts.push(...merge.conflicts);
  const { rows, touched } = merge;
  // Written optimistically: on a workstation catching up almost no document number is already held, and checking
  // each one first (one index seek per resident) cost a fifth of the page. Two workstations that registered the
  // same person offline make the unique index refuse that one row; the caught BulkError keeps the others written
  // (Dexie: a caught bulk failure does not abort the transaction), the local record stays, and the lead merges.
  const writable = [...touched.keys()].map((id) => rows.get(id) as ResidentRow);
  const refused = new Set<string>();
  const put = db.residents.bulkPut(writable).catch((error: unknown) => {
    if (!(error instanceof Dexie.BulkError)) throw error;
    for (const [pos, failure] of Object.entries(error.failuresByPos)) {
      if ((failure as Error).name !== 'ConstraintError') throw error;
      const row = writable[Number(pos)] as ResidentRow;
      conflicts.push({ key: `pull:${touched.get(row.id) ?? row.id}`, kind: 'duplicate-document', residentId: row.id, at });
      refused.add(row.id);
    }
  });
  // The page's stamps move our clock, in the same round trip as the rows.
  await Promise.all([put, clock ? putMeta(db, 'hlc.last', clock) : undefined]);
  // A resident renamed (or given another document) elsewhere: their case rows and open-case summaries take the new
  // masked labels (new residents cost nothing).
  await relabelResidentCases(
    db,
    writable.flatMap((after) => {
      const was = before.get(after.id);
      return was !== undefined && !refused.has(after.id) ? [{ before: was, after }] : [];
    }),
  );
}

/** Thrown by applyPulled when the stored cursor is not the one the page was read from: the page before it failed. */
export class PullOutOfOrderError extends Error {
  constructor() {
    super('a pulled page was applied out of order');
    this.name = 'PullOutOfOrderError';
  }
}

type StoredClock = { config: WorkstationConfig | null; last: Hlc | undefined };

async function readClock(db: YizhanDb): Promise<StoredClock> {
  const [config, last] = await Promise.all([readWorkstationConfig(db), getMeta(db, 'hlc.last')]);
  return { config, last };
}

/**
 * Pulled stamps move our clock forward, so a local edit made after a pull is stamped after what it saw. Null when
 * there is nothing to write.
 */
function advancedClock({ config, last }: StoredClock, latest: Hlc, now: number): Hlc | null {
  if (!config) return null;
  const previous = last ?? hlcNow(null, now, config.workstationId);
  try {
    return hlcReceive(previous, latest, now);
  } catch {
    // sync/clock-skew: the server accepted a stamp our clock finds too far ahead, so our clock is behind.
    // Leave the clock as it is rather than jump it; local stamps stay ordered by our own wall clock.
    return null;
  }
}

const CatalogueDocumentSchema = z.object({
  version: z.string().optional(),
  matters: z.array(z.looseObject({ code: z.string().min(1) })),
});

async function replaceCatalogue(db: YizhanDb, published: PublishedDocument): Promise<void> {
  const parsed = CatalogueDocumentSchema.safeParse(published.document);
  // The server validated it before publishing; a shape this build cannot read is left for a newer build.
  if (!parsed.success) return;
  const version = parsed.data.version ?? published.version;
  const rows: MatterRow[] = parsed.data.matters.map((entry) => ({ code: entry.code, catalogueVersion: version, entry }));
  await db.catalogue.clear();
  await db.catalogue.bulkPut(rows);
}

async function replaceCalendarYear(db: YizhanDb, published: PublishedDocument, cursor: string, conflicts: SyncConflict[], at: string): Promise<void> {
  const parsed = CalendarYearSchema.safeParse(published.document);
  if (!parsed.success) {
    conflicts.push({ key: `pull:${cursor}`, kind: 'unusable-record', at });
    return;
  }
  await db.calendar.put({ year: parsed.data.year, calendarVersion: published.version, entry: parsed.data });
}
