import { relabelResidentCases } from './open-case-digest';
import Dexie from 'dexie';
import { hallDateOf } from '@shared/domain/case/hall-date';
import { upgradeLegacyResidentId, validateIdDocument } from '@shared/domain/id-document';
import {
  phoneTailOf,
  ResidentSchema,
  type IdDocument,
  type Resident,
  type ResidentFlag,
} from '@shared/domain/resident';
import { hlcNow, type Hlc } from '@shared/sync/hlc';
import type { FieldVersion, ResidentFieldName } from '@shared/sync/protocol';
import { auditsCommands, recordAudit, residentAudit } from './audit';
import { getMeta, putMeta } from './meta';
import { nameInitialsOf } from './name-initials';
import { enqueueOps, lastSeqOf } from './outbox';
import type { ResidentRow } from './rows';
import type { YizhanDb } from './schema';
import { classifyResidentQuery } from './search-query';
import { isoAt, type StoreContext } from './store-context';
import { StoreError } from './store-error';

/**
 * Residents: commands write the row and its `resident-patch` outbox op in one transaction; queries are one index
 * lookup each.
 *
 * One resident per document number: the `&document.number` index is unique across document types. The numbers
 * of the mainland card types cannot collide (their prefixes differ); two passports of different countries with
 * the same number could, and are then refused as a duplicate for the clerk to sort out, which we accept for now
 * over a (type, country, number) key that the counter's "type the number" search could not use.
 */

/** What the clerk enters. Derived fields (search keys, timestamps, authorship) are the store's job. */
export type NewResident = {
  name: string;
  document: IdDocument;
  phone?: string;
  address?: Resident['address'];
  grid?: string;
  flags?: ResidentFlag[];
  birthDate?: string;
  sex?: Resident['sex'];
};

/** Fields an edit may change; `null` clears an optional field. */
export type ResidentChanges = {
  name?: string;
  document?: IdDocument;
  phone?: string | null;
  address?: Resident['address'] | null;
  grid?: string | null;
  flags?: ResidentFlag[];
  birthDate?: string | null;
  sex?: Resident['sex'] | null;
};

const SEARCH_LIMIT = 20;

/**
 * The other spelling of the same resident-ID: a 15-digit card and the 18-digit number its holder has today name
 * one person, so each finds the other. Other documents have one spelling.
 */
export function equivalentDocumentNumbers(number: string): string[] {
  if (/^[1-8]\d{14}$/.test(number)) return [number, upgradeLegacyResidentId(number)];
  if (/^[1-8]\d{5}19\d{9}[\dX]$/.test(number)) return [number, number.slice(0, 6) + number.slice(8, 17)];
  return [number];
}

/**
 * The exact spelling first, then the other form. One `equals` lookup each, in turn: the other form is rarely on
 * file, and a single `anyOf` over both costs 2–4× an `equals` (store bench), which the ID search budget feels.
 */
export async function findResidentByDocument(db: YizhanDb, number: string): Promise<ResidentRow | undefined> {
  for (const spelling of equivalentDocumentNumbers(number)) {
    const found = await db.residents.where('document.number').equals(spelling).first();
    if (found !== undefined) return found;
  }
  return undefined;
}

export async function getResident(db: YizhanDb, id: string): Promise<ResidentRow | undefined> {
  return db.residents.get(id);
}

export async function residentsByPhoneTail(db: YizhanDb, tail: string, limit = SEARCH_LIMIT): Promise<ResidentRow[]> {
  return db.residents.where('phoneTail').equals(tail).limit(limit).toArray();
}

/** The counter's single search box: the shape of the query picks the index (see search-query.ts). */
export async function searchResidents(db: YizhanDb, query: string, limit = SEARCH_LIMIT): Promise<ResidentRow[]> {
  const search = classifyResidentQuery(query);
  switch (search.mode) {
    case 'document': {
      const found = await findResidentByDocument(db, search.number);
      return found ? [found] : [];
    }
    case 'document-prefix':
      return db.residents.where('document.number').startsWith(search.prefix).limit(limit).toArray();
    case 'phone':
      return db.residents.where('phone').equals(search.phone).limit(limit).toArray();
    case 'phone-tail':
      return residentsByPhoneTail(db, search.tail, limit);
    case 'name-prefix':
      return db.residents.where('name').startsWith(search.prefix).limit(limit).toArray();
    case 'initials':
      return db.residents.where('nameInitials').startsWith(search.prefix).limit(limit).toArray();
    case 'none':
      return [];
  }
}

/**
 * Registers a resident. Refuses (StoreError, nothing written) an invalid document — checked here too, not only
 * in the form, because a card reader or a later screen may call this directly — and a document already on file
 * under either spelling (`resident/duplicate-document`, with the existing resident's id).
 */
export async function createResident(ctx: StoreContext, input: NewResident): Promise<ResidentRow> {
  const { db } = ctx;
  const at = ctx.now();
  const checked = validateIdDocument(input.document, { today: hallDateOf(isoAt(at)) });
  if (!checked.ok) throw new StoreError(checked.code, checked.details);

  const createdAt = isoAt(at);
  const candidate = {
    ...input,
    id: ctx.newId(),
    document: documentOf(checked.value),
    flags: input.flags ?? [],
    createdAt,
    updatedAt: createdAt,
    createdBy: ctx.workstation.staffId,
    workstationId: ctx.workstation.workstationId,
    ...derivedKeys(input.name, input.phone),
  };
  const parsed = ResidentSchema.safeParse(candidate);
  if (!parsed.success) throw new StoreError('input/invalid', { field: String(parsed.error.issues[0]?.path[0] ?? '') });
  const resident = parsed.data;

  const written = await translateConstraint(
    db.transaction('rw', [db.residents, db.outbox, db.meta, db.audit], async () => {
      await refuseDuplicateDocument(db, resident.document.number, resident.id);
      const hlc = await nextHlc(ctx);
      const fields = fieldVersions(resident, allFields(resident), hlc);
      const stored: ResidentRow = { ...resident, fieldHlc: stampsOf(fields) };
      await db.residents.add(stored);
      const ops = await enqueueOps(db, ctx, [{ kind: 'resident-patch', payload: { residentId: resident.id, fields } }]);
      if (auditsCommands(ctx)) await recordAudit(ctx, residentAudit('resident.create', resident.id));
      return { row: stored, lastSeq: lastSeqOf(ops) };
    }),
  );
  db.changes.emit({ type: 'resident-created', residentId: written.row.id });
  db.changes.emit({ type: 'outbox-changed', change: 'enqueued', lastSeq: written.lastSeq });
  return written.row;
}

/**
 * Edits a resident: writes only the fields that actually changed, each stamped with one new HLC, and a
 * `resident-patch` op carrying them and `base` (the newest stamp this workstation had for the resident), so the
 * server can tell a concurrent edit from a stale one. Returns the row unchanged, writing nothing, when nothing
 * changed.
 */
export async function updateResident(ctx: StoreContext, residentId: string, changes: ResidentChanges): Promise<ResidentRow> {
  const { db } = ctx;
  const at = ctx.now();
  if (changes.document !== undefined) {
    const checked = validateIdDocument(changes.document, { today: hallDateOf(isoAt(at)) });
    if (!checked.ok) throw new StoreError(checked.code, checked.details);
    changes = { ...changes, document: documentOf(checked.value) };
  }

  const outcome = await translateConstraint(
    db.transaction('rw', [db.residents, db.cases, db.openCases, db.outbox, db.meta, db.audit], async () => {
      const current = await db.residents.get(residentId);
      if (!current) throw new StoreError('resident/not-found');
      const { fieldHlc, ...currentResident } = current;

      const merged: Record<string, unknown> = { ...currentResident };
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      const name = merged.name as string;
      const phone = merged.phone as string | undefined;
      delete merged.phoneTail;
      delete merged.nameInitials;
      Object.assign(merged, derivedKeys(name, phone));

      const changed = RESIDENT_FIELDS.filter((f) => f !== 'updatedAt' && !sameValue(merged[f], currentResident[f]));
      if (changed.length === 0) return { row: current, changed, lastSeq: 0 };
      merged.updatedAt = isoAt(at);

      const parsed = ResidentSchema.safeParse(merged);
      if (!parsed.success) throw new StoreError('input/invalid', { field: String(parsed.error.issues[0]?.path[0] ?? '') });
      const next = parsed.data;
      if (changed.includes('document')) await refuseDuplicateDocument(db, next.document.number, next.id);

      const hlc = await nextHlc(ctx);
      const fields = fieldVersions(next, [...changed, 'updatedAt'], hlc);
      const base = newestStamp(fieldHlc);
      const row: ResidentRow = { ...next, fieldHlc: { ...fieldHlc, ...stampsOf(fields) } };
      await db.residents.put(row);
      await relabelResidentCases(db, [{ before: current, after: row }]);
      const ops = await enqueueOps(db, ctx, [
        { kind: 'resident-patch', payload: { residentId, fields, ...(base !== undefined ? { base } : {}) } },
      ]);
      if (auditsCommands(ctx)) await recordAudit(ctx, residentAudit('resident.change', residentId, changed));
      return { row, changed, lastSeq: lastSeqOf(ops) };
    }),
  );
  if (outcome.changed.length > 0) {
    db.changes.emit({ type: 'resident-updated', residentId, fields: outcome.changed });
    db.changes.emit({ type: 'outbox-changed', change: 'enqueued', lastSeq: outcome.lastSeq });
  }
  return outcome.row;
}

// ── internals ───────────────────────────────────────────────────────────────────────────────────────────

const RESIDENT_FIELDS = Object.keys(ResidentSchema.shape).filter((k) => k !== 'id') as ResidentFieldName[];

function documentOf(value: { type: IdDocument['type']; number: string; country?: string }): IdDocument {
  return value.country !== undefined ? { type: value.type, number: value.number, country: value.country } : { type: value.type, number: value.number };
}

function derivedKeys(name: string, phone: string | undefined): { nameInitials?: string; phoneTail?: string } {
  const out: { nameInitials?: string; phoneTail?: string } = {};
  const initials = nameInitialsOf(name);
  if (initials !== undefined) out.nameInitials = initials;
  const tail = phone === undefined ? undefined : phoneTailOf(phone);
  if (tail !== undefined) out.phoneTail = tail;
  return out;
}

function allFields(resident: Resident): ResidentFieldName[] {
  return RESIDENT_FIELDS.filter((f) => resident[f] !== undefined);
}

function fieldVersions(resident: Resident, names: readonly ResidentFieldName[], hlc: Hlc): Record<string, FieldVersion> {
  const fields: Record<string, FieldVersion> = {};
  for (const name of names) fields[name] = { value: resident[name] ?? null, hlc };
  return fields;
}

function stampsOf(fields: Record<string, FieldVersion>): Partial<Record<ResidentFieldName, Hlc>> {
  const out: Partial<Record<ResidentFieldName, Hlc>> = {};
  for (const [name, version] of Object.entries(fields)) out[name as ResidentFieldName] = version.hlc;
  return out;
}

function newestStamp(stamps: Partial<Record<ResidentFieldName, Hlc>> | undefined): Hlc | undefined {
  let newest: Hlc | undefined;
  for (const stamp of Object.values(stamps ?? {})) if (stamp !== undefined && (newest === undefined || stamp > newest)) newest = stamp;
  return newest;
}

/** Values are plain JSON (schema-checked), so a canonical-enough JSON comparison is exact here. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Must run inside a transaction over meta. */
async function nextHlc(ctx: StoreContext): Promise<Hlc> {
  const previous = (await getMeta(ctx.db, 'hlc.last')) ?? null;
  const hlc = hlcNow(previous, ctx.now(), ctx.workstation.workstationId);
  await putMeta(ctx.db, 'hlc.last', hlc);
  return hlc;
}

async function refuseDuplicateDocument(db: YizhanDb, number: string, selfId: string): Promise<void> {
  const existing = await findResidentByDocument(db, number);
  if (existing && existing.id !== selfId) {
    throw new StoreError('resident/duplicate-document', { residentId: existing.id });
  }
}

/** The unique index is the last line of defence (another window of the app wrote the same document meanwhile). */
async function translateConstraint<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof Dexie.ConstraintError) throw new StoreError('resident/duplicate-document');
    throw err;
  }
}
