import Dexie from 'dexie';
import { z } from 'zod';
import type { CaseEvent } from '@shared/domain/case/events';
import { foldEvents } from '@shared/domain/case/reducer';
import { ResidentSchema } from '@shared/domain/resident';
import { CalendarYearSchema } from '@shared/domain/calendar/calendar-year';
import type { Handover, Shift } from '@shared/domain/staff/shift';
import { hlcNow, hlcReceive, type Hlc } from '@shared/sync/hlc';
import {
  FieldConflictSchema,
  INITIAL_CURSOR,
  type FieldVersion,
  type OutboxOp,
  type PublishedDocument,
  type PullChange,
  type PushResponse,
  type ResidentChange,
  type ResidentFieldName,
} from '@shared/sync/protocol';
import { caseRowOf } from './case-row';
import { updateCaseTally } from './case-tally';
import { getMeta, putMeta } from './meta';
import { acknowledgeOutbox, outboxStatus, pruneAcknowledgedOutbox } from './outbox';
import { applyPulledShiftRecords } from './shifts';
import type { AuditRow, CaseRow, MatterRow, OutboxRow, RejectedOutboxRow, ResidentRow } from './rows';
import type { YizhanDb } from './schema';
import { readWorkstationConfig } from './workstation';

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

/** Ops still waiting for the server, oldest first, at most `limit` (the page shows the head of the queue). */
export async function pendingOutboxHead(db: YizhanDb, limit: number): Promise<OutboxRow[]> {
  return db.transaction('r', db.outbox, db.meta, async () => {
    const acked = (await getMeta(db, 'outbox.ackedSeq')) ?? 0;
    return db.outbox.where('seq').above(acked).limit(limit).toArray();
  });
}

export async function rejectedOutbox(db: YizhanDb): Promise<RejectedOutboxRow[]> {
  return db.rejected.toArray();
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

// ── the engine's port ─────────────────────────────────────────────────────────────────────────────────

export type SyncStoreClock = { now: () => number };

export class DexieSyncStore {
  constructor(
    private readonly db: YizhanDb,
    private readonly clock: SyncStoreClock,
  ) {}

  async outboxBounds(): Promise<{ ackedSeq: number; lastSeq: number }> {
    const s = await outboxStatus(this.db);
    return { ackedSeq: s.ackedSeq, lastSeq: s.lastSeq };
  }

  /** A plain primary-key range: no watermark read, the engine passes where to start. */
  readOutbox(afterSeq: number, limit: number): Promise<OutboxOp[]> {
    return this.db.outbox.where('seq').above(afterSeq).limit(limit).toArray();
  }

  async recordPush(ops: readonly OutboxOp[], response: PushResponse, at: string): Promise<void> {
    const { db } = this;
    await db.transaction('rw', db.outbox, db.rejected, db.meta, async () => {
      // The store's acknowledgement (watermark up, rejected ops filed) runs inside this transaction, so the
      // conflicts below commit with it or not at all.
      const watermark = await acknowledgeOutbox(db, { now: this.clock.now, newId: unusedId }, { ackThrough: response.ackThrough, results: response.results });
      const opBySeq = new Map(ops.map((op) => [op.seq, op]));
      const conflicts: SyncConflict[] = [];
      for (const r of response.results) {
        if (r.status !== 'conflict' || r.seq > watermark || !r.conflict) continue;
        const op = opBySeq.get(r.seq);
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
    });
  }

  async rewindAck(toSeq: number): Promise<boolean> {
    const { db } = this;
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

  async applyPulled(changes: readonly PullChange[], nextCursor: string, at: string): Promise<void> {
    const { db } = this;
    await db.transaction('rw', [db.residents, db.cases, db.caseEvents, db.caseTally, db.catalogue, db.calendar, db.staff, db.audit, db.shifts, db.handovers, db.meta], async () => {
      const conflicts: SyncConflict[] = [];
      const events: Array<{ event: CaseEvent; cursor: string }> = [];
      const residents: Array<{ change: ResidentChange; cursor: string }> = [];
      const audit: AuditRow[] = [];
      const shiftRecords: { shifts: Shift[]; handovers: Handover[] } = { shifts: [], handovers: [] };
      for (const change of changes) {
        if (change.kind === 'case-event') events.push({ event: change.payload, cursor: change.cursor });
        else if (change.kind === 'resident') residents.push({ change: change.payload, cursor: change.cursor });
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
      const stamps: Hlc[] = [];
      if (residents.length > 0) await applyResidentChanges(db, residents, conflicts, stamps, at);
      if (events.length > 0) await applyCaseEvents(db, events, conflicts, at);
      if (stamps.length > 0) await advanceClock(db, stamps, this.clock.now());
      await addConflicts(db, conflicts);
      await writeSyncMeta(db, SYNC_META.cursor, nextCursor);
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
  await db.cases.bulkPut(writable);
  await updateCaseTally(
    db,
    writable.map((after) => {
      const before = storedRow.get(after.id);
      return before ? { before, after } : { after };
    }),
  );
}

const RESIDENT_FIELDS: ReadonlySet<string> = new Set(Object.keys(ResidentSchema.shape).filter((k) => k !== 'id'));

/**
 * Merges pulled resident fields by stamp: a field is taken when its stamp is later than the one stored for it
 * (or none is), so applying the same change twice, or an older one late, changes nothing.
 */
async function applyResidentChanges(
  db: YizhanDb,
  pulled: Array<{ change: ResidentChange; cursor: string }>,
  conflicts: SyncConflict[],
  stamps: Hlc[],
  at: string,
): Promise<void> {
  const ids = [...new Set(pulled.map((p) => p.change.residentId))];
  // Which of them exist, by one sorted key cursor (cheap: no values), then read only those. A bulkGet of every id
  // costs a third of the page's write for rows that, on a workstation catching up, mostly are not there yet.
  const existing = await db.residents.where(':id').anyOf(ids).primaryKeys();
  const current = existing.length > 0 ? await db.residents.bulkGet(existing) : [];
  const rows = new Map<string, ResidentRow | undefined>();
  existing.forEach((id, i) => rows.set(id, current[i]));
  const touched = new Map<string, string>();
  for (const { change, cursor } of pulled) {
    const before = rows.get(change.residentId);
    const merged: Record<string, unknown> = before ? { ...before } : { id: change.residentId };
    const fieldHlc: Partial<Record<ResidentFieldName, Hlc>> = { ...(before?.fieldHlc ?? {}) };
    delete merged.fieldHlc;
    let changed = false;
    for (const [name, version] of Object.entries(change.fields) as Array<[string, FieldVersion]>) {
      if (!RESIDENT_FIELDS.has(name)) continue;
      stamps.push(version.hlc);
      const mine = fieldHlc[name as ResidentFieldName];
      if (mine !== undefined && mine >= version.hlc) continue;
      if (version.value === null) delete merged[name];
      else merged[name] = version.value;
      fieldHlc[name as ResidentFieldName] = version.hlc;
      changed = true;
    }
    if (!changed) continue;
    const parsed = ResidentSchema.safeParse(merged);
    if (!parsed.success) {
      // Not a whole resident (a change to someone this workstation never received): nothing to show yet.
      conflicts.push({ key: `pull:${cursor}`, kind: 'unusable-record', residentId: change.residentId, at });
      continue;
    }
    rows.set(change.residentId, { ...parsed.data, fieldHlc });
    touched.set(change.residentId, cursor);
  }
  // Written optimistically: on a workstation catching up almost no document number is already held, and checking
  // each one first (one index seek per resident) cost a fifth of the page. Two workstations that registered the
  // same person offline make the unique index refuse that one row; the caught BulkError keeps the others written
  // (Dexie: a caught bulk failure does not abort the transaction), the local record stays, and the lead merges.
  const writable = [...touched.keys()].map((id) => rows.get(id) as ResidentRow);
  try {
    await db.residents.bulkPut(writable);
  } catch (error) {
    if (!(error instanceof Dexie.BulkError)) throw error;
    for (const [pos, failure] of Object.entries(error.failuresByPos)) {
      if ((failure as Error).name !== 'ConstraintError') throw error;
      const row = writable[Number(pos)] as ResidentRow;
      conflicts.push({ key: `pull:${touched.get(row.id) ?? row.id}`, kind: 'duplicate-document', residentId: row.id, at });
    }
  }
}

/** Pulled stamps move our clock forward, so a local edit made after a pull is stamped after what it saw. */
async function advanceClock(db: YizhanDb, stamps: readonly Hlc[], now: number): Promise<void> {
  const latest = stamps.reduce((a, b) => (b > a ? b : a));
  const config = await readWorkstationConfig(db);
  if (!config) return;
  const previous = (await getMeta(db, 'hlc.last')) ?? hlcNow(null, now, config.workstationId);
  try {
    await putMeta(db, 'hlc.last', hlcReceive(previous, latest, now));
  } catch {
    // sync/clock-skew: the server accepted a stamp our clock finds too far ahead, so our clock is behind.
    // Leave the clock as it is rather than jump it; local stamps stay ordered by our own wall clock.
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
