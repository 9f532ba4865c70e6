import { parseBearerToken } from '@shared/sync/protocol';
import type { Db } from '../db/db';
import { HttpError } from '../http-error';
import { secretMatches } from '../sync/credentials';

export type AuthedDevice = { deviceId: string; hallCode: string; workstationCode: string | null };

const challenge = { 'www-authenticate': 'Bearer realm="yizhan"' };

/**
 * Resolves `Authorization: Bearer <deviceId>.<secret>` to an enrolled device. Unknown device and wrong secret
 * get the same answer, so the endpoint does not reveal which device ids exist; revoked / expired are only told
 * to a caller who proved the secret.
 */
export async function authenticate(db: Db, header: string | undefined, nowMs: number): Promise<AuthedDevice> {
  const credential = parseBearerToken(header);
  if (!credential) throw new HttpError(401, { code: 'sync/unauthenticated' }, challenge);
  const [row] = await db.query<{
    hall_code: string;
    workstation_code: string | null;
    secret_hash: string;
    expires_at: Date;
    revoked_at: Date | null;
  }>('SELECT hall_code, workstation_code, secret_hash, expires_at, revoked_at FROM devices WHERE device_id = $1', [
    credential.deviceId,
  ]);
  if (!row || !secretMatches(credential.secret, row.secret_hash)) {
    throw new HttpError(401, { code: 'sync/unauthenticated' }, challenge);
  }
  if (row.revoked_at !== null) throw new HttpError(401, { code: 'sync/credential-revoked' }, challenge);
  if (row.expires_at.getTime() <= nowMs) throw new HttpError(401, { code: 'sync/credential-expired' }, challenge);
  return { deviceId: credential.deviceId, hallCode: row.hall_code, workstationCode: row.workstation_code };
}
