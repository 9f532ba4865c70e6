import { HallCodeSchema, WorkstationCodeSchema } from '@shared/domain/case/case-number';
import type { Db } from '../db/db';
import { hashSecret, newEnrollCode, normaliseEnrollCode } from '../sync/credentials';
import { ensureHall } from './halls';

export const DEFAULT_CODE_VALID_HOURS = 72;
export const DEFAULT_DEVICE_VALID_DAYS = 365;

export type EnrollCodeOptions = {
  hallCode: string;
  workstationCode?: string | undefined;
  validHours?: number | undefined;
  nowMs: number;
};

/** Issues a one-time enrolment code for a hall (and optionally a workstation). Only its hash is stored. */
export async function createEnrollCode(db: Db, opts: EnrollCodeOptions): Promise<{ code: string; expiresAt: Date }> {
  const hallCode = HallCodeSchema.parse(opts.hallCode);
  const workstationCode = opts.workstationCode === undefined ? null : WorkstationCodeSchema.parse(opts.workstationCode);
  const hours = opts.validHours ?? DEFAULT_CODE_VALID_HOURS;
  if (!(hours > 0 && hours <= 24 * 30)) throw new RangeError('validHours must be within (0, 720]');
  const code = newEnrollCode();
  const expiresAt = new Date(opts.nowMs + hours * 3_600_000);
  await db.transaction(async (tx) => {
    await ensureHall(tx, hallCode);
    await tx.query(
      `INSERT INTO enroll_codes (code_hash, hall_code, workstation_code, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [hashSecret(normaliseEnrollCode(code)), hallCode, workstationCode, new Date(opts.nowMs), expiresAt],
    );
  });
  return { code, expiresAt };
}
