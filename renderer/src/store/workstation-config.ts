import { z } from 'zod';
import { HallCodeSchema, WorkstationCodeSchema } from '@shared/domain/case/case-number';

/**
 * What first-run setup records about this workstation. `hallCode` and `workstationCode` are the first two parts
 * of every case number it issues; `workstationId` is a random device id (sync's `deviceId`, the HLC node id) so a
 * reinstalled PC that keeps its window code W02 never reuses the old install's outbox seqs.
 */
export const WorkstationConfigSchema = z.object({
  hallCode: HallCodeSchema,
  hallName: z.string().trim().min(1).max(64),
  workstationCode: WorkstationCodeSchema,
  workstationId: z.uuid(),
  /** Who set this workstation up (since staff sign-in: its administrator). Who ACTS is the signed-in session's
   * staff member (store/staff.ts `sessionContext`), not this. */
  staffId: z.uuid(),
  clerkName: z.string().trim().min(1).max(32),
  configuredAt: z.iso.datetime(),
});
export type WorkstationConfig = z.infer<typeof WorkstationConfigSchema>;
