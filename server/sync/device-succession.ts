import type { PreviousCredential } from '@shared/sync/protocol';
import type { Queryable } from '../db/db';
import { HttpError } from '../http-error';
import { secretMatches } from './credentials';

/**
 * Re-enrolment: a workstation whose credential expired (or that simply enrols again) proves with its previous
 * credential that it is the same workstation, and the new device continues where the old one stopped. Its
 * outbox numbering goes on (the new device starts at the old watermark, not at 0, which the workstation could
 * not serve: it pruned the ops the old device had acknowledged), so nothing is lost and nothing applied twice.
 *
 * What counts as proof: the previous device id and a secret matching its stored hash, of a device of the same
 * hall. Expiry does not matter (that is the usual reason to come back); an admin's revocation does (the
 * credential may have been stolen). A device already replaced by an earlier re-enrolment passes the proof on to
 * its successor: when the answer of a successful re-enrolment is lost, the workstation still holds only the old
 * credential, and must be able to try again with a new code.
 */

type DeviceRow = {
  device_id: string;
  hall_code: string;
  secret_hash: string;
  acked_seq: number;
  revoked_at: Date | null;
  replaced_by: string | null;
};

const LOCK_DEVICE = `SELECT device_id, hall_code, secret_hash, acked_seq, revoked_at, replaced_by
                       FROM devices WHERE device_id = $1 FOR UPDATE`;

/** A chain this long means something is wrong (a cycle written by hand); refuse rather than loop. */
const MAX_CHAIN = 1000;

/**
 * Checks the proof and locks the device whose watermark the new device takes over (the end of the chain of
 * replacements). Must run in the enrolment's transaction: a refusal throws, so the code stays unused and nothing
 * is stored; the row lock makes a push of the old device that is still running finish first.
 */
export async function deviceToTakeOver(
  tx: Queryable,
  previous: PreviousCredential,
  hallCode: string,
): Promise<{ deviceId: string; ackedSeq: number }> {
  const [proof] = await tx.query<DeviceRow>(LOCK_DEVICE, [previous.deviceId]);
  // Unknown device and wrong secret look the same, as for a push.
  if (!proof || !secretMatches(previous.secret, proof.secret_hash)) {
    throw new HttpError(403, { code: 'sync/previous-credential-invalid' });
  }
  if (proof.hall_code !== hallCode) throw new HttpError(403, { code: 'sync/previous-credential-other-hall' });
  let current = proof;
  for (let i = 0; current.replaced_by !== null; i++) {
    const [next] = i < MAX_CHAIN ? await tx.query<DeviceRow>(LOCK_DEVICE, [current.replaced_by]) : [];
    if (!next) throw new HttpError(403, { code: 'sync/previous-credential-invalid' });
    current = next;
  }
  if (current.revoked_at !== null) throw new HttpError(403, { code: 'sync/previous-credential-revoked' });
  return { deviceId: current.device_id, ackedSeq: current.acked_seq };
}

/** Retires the taken-over device (its credential stops working at once) and links it to its successor. */
export async function retireDevice(tx: Queryable, deviceId: string, successorId: string, nowMs: number): Promise<void> {
  await tx.query('UPDATE devices SET replaced_by = $2, revoked_at = coalesce(revoked_at, $3) WHERE device_id = $1', [
    deviceId,
    successorId,
    new Date(nowMs),
  ]);
}
