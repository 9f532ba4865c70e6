import { compareHlc, type Hlc } from './hlc';
import type { FieldConflict, ResidentChange, ResidentPatch } from './protocol';

/**
 * When a resident edit settles a field conflict (docs/sync-protocol.md §5, "Resolving a field conflict").
 *
 * The server's rule: a `resident-patch` with `base` settles, for each field it sets, every conflict record of that
 * (resident, field) whose two stamps are both ≤ `base` — its author had seen both sides. The server applies it to
 * its records in the push's transaction; every workstation applies the same predicate to the conflicts it lists,
 * with the edit's `base` and field names as the pulled change carries them (or as its own acknowledged op holds
 * them), so the lists follow the server's records without a round trip or a conflict id on the wire.
 *
 * Why this matches the server exactly, and "a newer stamp for the field" would not: a record created after the edit
 * was applied has its server side at or after the edit's own stamp, which is after `base`, so the predicate never
 * reaches a later record; and every record it does reach existed then, open or already settled. A stamp newer than
 * both sides, on the other hand, also comes from a third workstation that had seen neither side: the server keeps
 * that record open (and files a new one), so clearing it would hide a conflict the lead still has to decide.
 */
export type Settlement = { residentId: string; base: Hlc; fields: ReadonlySet<string> };

/** What one of our own resident edits settles once the server has applied it; null without `base`. */
export function settlementOfPatch(patch: ResidentPatch): Settlement | null {
  if (patch.base === undefined) return null;
  return { residentId: patch.residentId, base: patch.base, fields: new Set(Object.keys(patch.fields)) };
}

/** What a pulled resident change settles; null when the server sent no `base` (no base, or an older server). */
export function settlementOfChange(change: ResidentChange): Settlement | null {
  if (change.base === undefined) return null;
  return { residentId: change.residentId, base: change.base, fields: new Set([...Object.keys(change.fields), ...(change.alsoSet ?? [])]) };
}

export function settlesFieldConflict(settlement: Settlement, residentId: string, conflict: FieldConflict): boolean {
  return (
    settlement.residentId === residentId &&
    settlement.fields.has(conflict.field) &&
    compareHlc(conflict.server.hlc, settlement.base) <= 0 &&
    compareHlc(conflict.incoming.hlc, settlement.base) <= 0
  );
}
