import { relabelResidentCases } from './open-case-digest';
import { phoneTailOf, ResidentSchema } from '@shared/domain/resident';
import { can } from '@shared/domain/staff/permissions';
import { hlcNow, type Hlc } from '@shared/sync/hlc';
import type { FieldConflict, FieldVersion, ResidentFieldName } from '@shared/sync/protocol';
import { recordAudit } from './audit';
import { getMeta, putMeta } from './meta';
import { nameInitialsOf } from './name-initials';
import { enqueueOps, lastSeqOf } from './outbox';
import { findResidentByDocument } from './residents';
import type { ResidentRow } from './rows';
import { activeRoleOf } from './staff';
import { isoAt, type StoreContext } from './store-context';
import { StoreError } from './store-error';
import { removeSyncConflicts, settleSyncConflicts, syncConflicts, type SyncConflict } from './sync-store';

/**
 * A lead settles a resident field conflict (docs/sync-protocol.md §5): two workstations changed the same field
 * without seeing each other's edit; the server kept the later one and told the second workstation. The lead
 * picks, per field, the other workstation's value, this workstation's, or the resident's current value.
 *
 * The choice is an ordinary resident edit, with two differences: its `base` covers both conflicting stamps (so
 * the server marks its conflict records resolved and finds no new conflict), and its stamp is later than both
 * (so every workstation takes it over either side). The row, the `resident-patch` op and the audit row are
 * written in one transaction, which also takes the conflict off this workstation's list: the outbox op is the
 * durable promise that the server will hear of it, so the list does not wait for the push (the op shows as
 * pending on the same page until then). Other workstations take their own entries for the same field off their
 * lists when they pull the patch (sync-store.ts settleSyncConflicts, shared/sync/conflict-settlement.ts).
 */

/** What the lead chooses per field: the other workstation's value (what the server held), ours, or the current. */
export type ConflictChoice = 'server' | 'incoming' | 'current';

/** Fields a person reads and chooses between; the others follow from them or are bookkeeping. */
export const CHOOSABLE_RESIDENT_FIELDS = ['name', 'document', 'phone', 'address', 'grid', 'flags', 'birthDate', 'sex'] as const satisfies readonly ResidentFieldName[];
export type ChoosableResidentField = (typeof CHOOSABLE_RESIDENT_FIELDS)[number];
const choosable: ReadonlySet<string> = new Set(CHOOSABLE_RESIDENT_FIELDS);

export function isChoosableField(field: string): field is ChoosableResidentField {
  return choosable.has(field);
}

/** The fields of a conflict the lead must choose for, each once (a record may name a field twice). */
export function choosableFieldsOf(conflict: Pick<SyncConflict, 'fields'>): ChoosableResidentField[] {
  return [...new Set((conflict.fields ?? []).map((f) => f.field).filter(isChoosableField))];
}

/** The newest side of a field in the record: a record may name a field more than once. */
function sidesOf(conflict: SyncConflict, field: string): FieldConflict | undefined {
  return (conflict.fields ?? []).filter((f) => f.field === field).at(-1);
}

function latest(stamps: Iterable<Hlc | undefined>): Hlc | undefined {
  let newest: Hlc | undefined;
  for (const s of stamps) if (s !== undefined && (newest === undefined || s > newest)) newest = s;
  return newest;
}

/**
 * Settles the field conflict `key` with `choices` (one per choosable field of it; bookkeeping fields such as
 * `updatedAt` need none). Refuses, with nothing written: a context whose staff member may not resolve
 * (`auth/forbidden`: clerks), a conflict no longer listed (`sync/conflict-not-found`), a missing choice or a
 * result that is not a valid resident (`input/invalid`), a document another resident holds.
 */
export async function resolveFieldConflict(
  ctx: StoreContext,
  key: string,
  choices: Partial<Record<ChoosableResidentField, ConflictChoice>>,
): Promise<ResidentRow> {
  const { db } = ctx;
  const written = await db.transaction('rw', [db.staff, db.residents, db.cases, db.openCases, db.outbox, db.meta, db.audit], async () => {
    if (!can(await activeRoleOf(db, ctx.workstation.staffId), 'sync.resolve-conflict')) throw new StoreError('auth/forbidden');
    const conflicts = await syncConflicts(db);
    const conflict = conflicts.find((c) => c.key === key);
    if (!conflict || conflict.kind !== 'field-conflict' || !conflict.residentId || !conflict.fields?.length) {
      throw new StoreError('sync/conflict-not-found');
    }
    const residentId = conflict.residentId;
    const current = await db.residents.get(residentId);
    if (!current) throw new StoreError('resident/not-found');
    const { fieldHlc = {}, ...resident } = current;

    const merged: Record<string, unknown> = { ...resident };
    const picked: string[] = [];
    for (const field of choosableFieldsOf(conflict)) {
      const choice = choices[field];
      if (choice === undefined) throw new StoreError('input/invalid', { field });
      picked.push(`${field}:${choice}`);
      if (choice === 'current') continue;
      const sides = sidesOf(conflict, field) as FieldConflict;
      const value = choice === 'server' ? sides.server.value : sides.incoming.value;
      if (value === null || value === undefined) delete merged[field];
      else merged[field] = value;
    }
    // Derived search keys follow the chosen name and phone, as every edit keeps them (residents.ts).
    delete merged.phoneTail;
    delete merged.nameInitials;
    const tail = typeof merged.phone === 'string' ? phoneTailOf(merged.phone) : undefined;
    if (tail !== undefined) merged.phoneTail = tail;
    const initials = typeof merged.name === 'string' ? nameInitialsOf(merged.name) : undefined;
    if (initials !== undefined) merged.nameInitials = initials;
    merged.updatedAt = isoAt(ctx.now());
    const parsed = ResidentSchema.safeParse(merged);
    if (!parsed.success) throw new StoreError('input/invalid', { field: String(parsed.error.issues[0]?.path[0] ?? '') });
    const next = parsed.data;
    if (next.document.number !== resident.document.number) {
      const holder = await findResidentByDocument(db, next.document.number);
      if (holder && holder.id !== residentId) throw new StoreError('resident/duplicate-document', { residentId: holder.id });
    }

    // Every field the record names is written again, even where the value stays, so that each of the server's
    // conflict records on this resident meets a patch for its field; plus whatever the choice changed.
    const names = new Set<ResidentFieldName>(conflict.fields.map((f) => f.field as ResidentFieldName));
    const record = next as Record<string, unknown>;
    for (const name of Object.keys(ResidentSchema.shape) as Array<ResidentFieldName | 'id'>) {
      if (name !== 'id' && JSON.stringify(record[name]) !== JSON.stringify((resident as Record<string, unknown>)[name])) names.add(name);
    }
    if (names.has('phone')) names.add('phoneTail');
    if (names.has('name')) names.add('nameInitials');
    names.add('updatedAt');

    const conflictStamps = conflict.fields.flatMap((f) => [f.server.hlc, f.incoming.hlc]);
    const base = latest([...conflictStamps, ...Object.values(fieldHlc)]) as Hlc;
    const previous = (await getMeta(db, 'hlc.last')) ?? null;
    // After both sides and after anything this clock issued: hlcNow steps past the later of the two.
    const hlc = hlcNow(latest([previous ?? undefined, base]) as Hlc, ctx.now(), ctx.workstation.workstationId);
    await putMeta(db, 'hlc.last', hlc);

    const fields: Record<string, FieldVersion> = {};
    const stamps: Partial<Record<ResidentFieldName, Hlc>> = { ...fieldHlc };
    for (const name of names) {
      fields[name] = { value: record[name] ?? null, hlc };
      stamps[name] = hlc;
    }
    const row: ResidentRow = { ...next, fieldHlc: stamps };
    await db.residents.put(row);
    await relabelResidentCases(db, [{ before: current, after: row }]);
    const ops = await enqueueOps(db, ctx, [{ kind: 'resident-patch', payload: { residentId, base, fields } }]);
    await recordAudit(ctx, {
      action: 'resident.change',
      target: { type: 'resident', id: residentId },
      detail: { fields: [...names].join(','), resolution: picked.join(',') || 'confirmed' },
    });
    // The same patch settles, on the server, every record of this resident whose field it writes and whose sides
    // it saw; the list follows by the same rule (a pulled copy of this patch does the same on other workstations).
    await removeSyncConflicts(db, [key]);
    await settleSyncConflicts(db, [{ residentId, base, fields: names }]);
    return { row, fields: [...names], lastSeq: lastSeqOf(ops) };
  });
  db.changes.emit({ type: 'resident-updated', residentId: written.row.id, fields: written.fields });
  db.changes.emit({ type: 'outbox-changed', change: 'enqueued', lastSeq: written.lastSeq });
  return written.row;
}
