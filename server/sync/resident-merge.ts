import { compareHlc } from '@shared/sync/hlc';
import type { FieldConflict, FieldVersion, PushStatus, ResidentChange, ResidentPatch } from '@shared/sync/protocol';

/** A resident field as the server holds it. `deviceId` null: written on the server itself. */
export type StoredField = { value: unknown; hlc: string; deviceId: string | null };

export type PatchOutcome = {
  status: Extract<PushStatus, 'applied' | 'merged' | 'conflict'>;
  /** Fields whose stored version this patch replaces (the new winners). */
  applied: Record<string, FieldVersion>;
  conflicts: FieldConflict[];
  /**
   * What the change log records for the other workstations: the new winners, and with `base` the edit's `base`
   * and the fields it set but that did not win (`alsoSet`). An edit with `base` is logged even when nothing of it
   * won, because it may still have settled conflict records (same rule as the server's: conflict-settlement.ts),
   * and the workstations listing them learn that only from its change. Null: nothing won and no `base`.
   */
  change: ResidentChange | null;
};

/**
 * Decides what one resident patch from `deviceId` does to the fields the server holds (`current`, keyed by
 * field name), and updates `current` in place so the next op of the same batch sees the result.
 *
 * Rules, per field:
 *  - nothing stored yet → the incoming value wins;
 *  - the stored version has the same stamp → a resend, nothing to do;
 *  - the stored version came from the same device, or from another device but the workstation had seen it
 *    (`base` ≥ its stamp) → the edits are ordered: last writer wins by stamp;
 *  - otherwise the two edits were concurrent. Equal values are no conflict. Different values are a conflict
 *    record for the lead; meanwhile the later stamp still wins, so that every workstation converges on the same
 *    value whatever order the pushes arrive in.
 */
export function mergeResidentPatch(
  current: Map<string, StoredField>,
  patch: ResidentPatch,
  deviceId: string,
): PatchOutcome {
  const applied: Record<string, FieldVersion> = {};
  const conflicts: FieldConflict[] = [];
  for (const [field, incoming] of Object.entries(patch.fields)) {
    const value = incoming.value === undefined ? null : incoming.value;
    const stored = current.get(field);
    let wins: boolean;
    if (stored === undefined) {
      wins = true;
    } else if (stored.hlc === incoming.hlc) {
      wins = false;
    } else {
      const newer = compareHlc(incoming.hlc, stored.hlc) > 0;
      const ordered =
        stored.deviceId === deviceId || (patch.base !== undefined && compareHlc(patch.base, stored.hlc) >= 0);
      if (ordered || jsonEqual(stored.value, value)) {
        wins = newer;
      } else {
        conflicts.push({
          field,
          server: { value: stored.value, hlc: stored.hlc, deviceId: stored.deviceId },
          incoming: { value, hlc: incoming.hlc },
          kept: newer ? 'incoming' : 'server',
        });
        wins = newer;
      }
    }
    if (wins) {
      applied[field] = { value, hlc: incoming.hlc };
      current.set(field, { value, hlc: incoming.hlc, deviceId });
    }
  }
  const status = conflicts.length > 0 ? 'conflict' : Object.keys(applied).length > 0 ? 'applied' : 'merged';
  return { status, applied, conflicts, change: changeOf(patch, applied) };
}

function changeOf(patch: ResidentPatch, applied: Record<string, FieldVersion>): ResidentChange | null {
  const { residentId, base } = patch;
  if (base === undefined) return Object.keys(applied).length > 0 ? { residentId, fields: applied } : null;
  const alsoSet = Object.keys(patch.fields).filter((field) => !Object.hasOwn(applied, field));
  return { residentId, fields: applied, base, ...(alsoSet.length > 0 ? { alsoSet } : {}) };
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return (
    ak.length === bk.length &&
    ak.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
