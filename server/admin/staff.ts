import { pbkdf2, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { HallCodeSchema } from '@shared/domain/case/case-number';
import { hashCredential, secretProblem, type CredentialKind, type Pbkdf2Sha256 } from '@shared/domain/staff/credential';
import { StaffRoleSchema, type StaffRole } from '@shared/domain/staff/roles';
import { StaffSchema, type Staff } from '@shared/domain/staff/staff';
import { messageFor } from '@shared/errors/messages.zh-CN';
import type { Db, Queryable } from '../db/db';
import { ensureHall } from './halls';

/**
 * Staff accounts, managed by the district admin (CLI) and published to the hall's workstations through the
 * change log (pull kind `staff`). The secret is hashed here with the same shared code and parameters the
 * workstation verifies with (shared/domain/staff/credential.ts); only the hash is stored or sent.
 */

const pbkdf2Async = promisify(pbkdf2);

/** node's PBKDF2-HMAC-SHA256; node encodes a string secret as UTF-8, as TextEncoder does in the renderer. */
export const nodePbkdf2: Pbkdf2Sha256 = async (secret, salt, iterations, lengthBytes) =>
  new Uint8Array(await pbkdf2Async(secret, salt, iterations, lengthBytes, 'sha256'));

export class StaffAdminError extends Error {
  override name = 'StaffAdminError';
}

export type Secret = { kind: CredentialKind; value: string };

/** Tests pass few iterations; the CLI uses the shared default. */
export type HashOptions = { iterations?: number };

type StaffDbRow = {
  staff_id: string;
  hall_code: string;
  name: string;
  role: StaffRole;
  credential: unknown;
  active: boolean;
  created_at: Date;
  updated_at: Date;
};

function toStaff(row: StaffDbRow): Staff {
  return StaffSchema.parse({
    id: row.staff_id,
    hallCode: row.hall_code,
    name: row.name,
    role: row.role,
    credential: row.credential,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });
}

async function hashed(secret: Secret, options: HashOptions) {
  const problem = secretProblem(secret.kind, secret.value);
  if (problem) {
    const { code, ...details } = problem;
    throw new StaffAdminError(`${messageFor(code, details)} (${code})`);
  }
  return hashCredential(nodePbkdf2, {
    kind: secret.kind,
    secret: secret.value,
    salt: new Uint8Array(randomBytes(16)),
    ...(options.iterations !== undefined ? { iterations: options.iterations } : {}),
  });
}

/** Appends the account's current state to its hall's change log (same hall-clock rule as a push). */
async function publishStaff(tx: Queryable, staff: Staff): Promise<void> {
  const [clock] = await tx.query<{ last_change: number }>(
    'UPDATE halls SET last_change = last_change + 1 WHERE hall_code = $1 RETURNING last_change',
    [staff.hallCode],
  );
  if (!clock) throw new Error(`hall ${staff.hallCode} has no clock row`);
  await tx.query(
    `INSERT INTO changes (hall_code, seq, kind, entity_id, payload) VALUES ($1, $2, 'staff', $3, $4::jsonb)`,
    [staff.hallCode, clock.last_change, staff.id, JSON.stringify(staff)],
  );
}

export async function addStaff(
  db: Db,
  input: { hallCode: string; name: string; role: string; secret: Secret },
  nowMs: number,
  options: HashOptions = {},
): Promise<Staff> {
  if (!HallCodeSchema.safeParse(input.hallCode).success) throw new StaffAdminError(`not a hall code: ${input.hallCode}`);
  const role = StaffRoleSchema.safeParse(input.role);
  if (!role.success) throw new StaffAdminError(`role must be clerk, lead or admin, not ${input.role}`);
  const credential = await hashed(input.secret, options);
  const at = new Date(nowMs).toISOString();
  const parsed = StaffSchema.safeParse({
    id: randomUUID(),
    hallCode: input.hallCode,
    name: input.name,
    role: role.data,
    credential,
    active: true,
    createdAt: at,
    updatedAt: at,
  });
  if (!parsed.success) throw new StaffAdminError(`staff is invalid at ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const staff = parsed.data;
  await db.transaction(async (tx) => {
    await ensureHall(tx, staff.hallCode);
    await tx.query(
      `INSERT INTO staff (staff_id, hall_code, name, role, credential, active, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, true, $6, $6)`,
      [staff.id, staff.hallCode, staff.name, staff.role, JSON.stringify(staff.credential), new Date(nowMs)],
    );
    await publishStaff(tx, staff);
  });
  return staff;
}

/** Changes an account (new secret, disabled or re-enabled) and publishes its new state. */
export async function updateStaff(
  db: Db,
  staffId: string,
  change: { secret?: Secret; active?: boolean },
  nowMs: number,
  options: HashOptions = {},
): Promise<Staff> {
  const credential = change.secret ? await hashed(change.secret, options) : undefined;
  return db.transaction(async (tx) => {
    const [current] = await tx.query<StaffDbRow>('SELECT * FROM staff WHERE staff_id = $1 FOR UPDATE', [staffId]);
    if (!current) throw new StaffAdminError(`no staff ${staffId}`);
    // Strictly later than the last change, so a workstation's "newer wins" can never keep the older one.
    const updatedAt = new Date(Math.max(nowMs, current.updated_at.getTime() + 1));
    const [row] = await tx.query<StaffDbRow>(
      `UPDATE staff SET credential = coalesce($2::jsonb, credential), active = coalesce($3, active), updated_at = $4
        WHERE staff_id = $1 RETURNING *`,
      [staffId, credential ? JSON.stringify(credential) : null, change.active ?? null, updatedAt],
    );
    const staff = toStaff(row as StaffDbRow);
    await publishStaff(tx, staff);
    return staff;
  });
}

export async function listStaff(db: Queryable, hallCode?: string): Promise<Staff[]> {
  const rows = await db.query<StaffDbRow>(
    'SELECT * FROM staff WHERE $1::text IS NULL OR hall_code = $1 ORDER BY hall_code, name, staff_id',
    [hallCode ?? null],
  );
  return rows.map(toStaff);
}
