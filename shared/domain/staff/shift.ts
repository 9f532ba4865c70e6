import { z } from 'zod';
import { CaseNumberSchema, LocalDateSchema, WorkstationCodeSchema } from '../case/case-number';
import { InstantSchema } from '../case/events';

/**
 * Shifts (错时轮班) and handovers (交接班) as they travel between the workstations of a hall (push op kinds
 * `shift` / `handover`, pull change kinds of the same names). Each op carries the whole row as its writer holds
 * it; a row is identified by its id and only ever gains its later state — a shift its end, a handover its
 * acknowledgement (接班确认) — so merging is "keep what is there, add what is missing", and the FIRST end or
 * acknowledgement to reach the server wins (see the merge functions below and docs/sync-protocol.md §5).
 *
 * No personal data of residents: staff names, case numbers of the open cases and the free-text note.
 */

export const HANDOVER_NOTE_MAX = 1000;
/** A handover lists at most this many case numbers; the count is always complete. */
export const HANDOVER_CASE_LIST_LIMIT = 20;

const StaffIdSchema = z.string().min(1).max(64);
const StaffNameSchema = z.string().min(1).max(32);

export const ShiftSchema = z.object({
  id: z.uuid(),
  /** Hall-local `YYYY-MM-DD` the shift started. */
  day: LocalDateSchema,
  staffId: StaffIdSchema,
  staffName: StaffNameSchema,
  workstationId: z.string().min(1).max(64),
  workstationCode: WorkstationCodeSchema.optional(),
  startedAt: InstantSchema,
  endedAt: InstantSchema.optional(),
});
export type Shift = z.infer<typeof ShiftSchema>;

export const HandoverSchema = z
  .object({
    id: z.uuid(),
    /** Hall-local day of the hand-over (the day of `at`). */
    day: LocalDateSchema,
    shiftId: z.uuid(),
    at: InstantSchema,
    staffId: StaffIdSchema,
    staffName: StaffNameSchema,
    openCaseCount: z.number().int().min(0),
    openCaseNumbers: z.array(CaseNumberSchema).max(HANDOVER_CASE_LIST_LIMIT),
    note: z.string().max(HANDOVER_NOTE_MAX),
    acknowledgedById: StaffIdSchema.optional(),
    acknowledgedByName: StaffNameSchema.optional(),
    acknowledgedAt: InstantSchema.optional(),
  })
  .refine(
    (h) => {
      const set = [h.acknowledgedById, h.acknowledgedByName, h.acknowledgedAt].filter((v) => v !== undefined).length;
      return set === 0 || set === 3;
    },
    { path: ['acknowledgedAt'], message: 'an acknowledgement names who and when, or nothing' },
  );
export type Handover = z.infer<typeof HandoverSchema>;

export type MergeOutcome<T> = { next: T; changed: boolean };

/**
 * `incoming` merged into `held` (first wins): a row not held yet is taken whole; of a held row, only an end it
 * lacks is added. Everything else of `held` stays, including an end it already has — a second end of the same
 * shift (two workstations) changes nothing.
 */
export function mergeShift(held: Shift | undefined, incoming: Shift): MergeOutcome<Shift> {
  if (held === undefined) return { next: incoming, changed: true };
  if (held.endedAt !== undefined || incoming.endedAt === undefined) return { next: held, changed: false };
  return { next: { ...held, endedAt: incoming.endedAt }, changed: true };
}

/**
 * As mergeShift, for a handover's acknowledgement: the first one held stays; acknowledging twice (from two
 * workstations) changes nothing the second time.
 */
export function mergeHandover(held: Handover | undefined, incoming: Handover): MergeOutcome<Handover> {
  if (held === undefined) return { next: incoming, changed: true };
  if (held.acknowledgedAt !== undefined || incoming.acknowledgedAt === undefined) return { next: held, changed: false };
  return {
    next: {
      ...held,
      acknowledgedById: incoming.acknowledgedById,
      acknowledgedByName: incoming.acknowledgedByName,
      acknowledgedAt: incoming.acknowledgedAt,
    },
    changed: true,
  };
}
