import type { Db } from '../db/db';

export type DeviceSummary = {
  deviceId: string;
  hallCode: string;
  workstationCode: string | null;
  deviceName: string | null;
  ackedSeq: number;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

/** Revokes a device's credential for good; its next call gets 401 `sync/credential-revoked`. */
export async function revokeDevice(db: Db, deviceId: string, nowMs: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE devices SET revoked_at = coalesce(revoked_at, $2) WHERE device_id = $1 RETURNING device_id',
    [deviceId, new Date(nowMs)],
  );
  return rows.length > 0;
}

export async function listDevices(db: Db, hallCode?: string): Promise<DeviceSummary[]> {
  const rows = await db.query<{
    device_id: string;
    hall_code: string;
    workstation_code: string | null;
    device_name: string | null;
    acked_seq: number;
    created_at: Date;
    expires_at: Date;
    revoked_at: Date | null;
  }>(
    `SELECT device_id, hall_code, workstation_code, device_name, acked_seq, created_at, expires_at, revoked_at
       FROM devices WHERE $1::text IS NULL OR hall_code = $1 ORDER BY hall_code, created_at`,
    [hallCode ?? null],
  );
  return rows.map((r) => ({
    deviceId: r.device_id,
    hallCode: r.hall_code,
    workstationCode: r.workstation_code,
    deviceName: r.device_name,
    ackedSeq: r.acked_seq,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}
