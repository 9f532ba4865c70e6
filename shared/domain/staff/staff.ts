import { z } from 'zod';
import { HallCodeSchema } from '../case/case-number';
import { InstantSchema } from '../case/events';
import { CredentialSchema } from './credential';
import { StaffRoleSchema } from './roles';

/**
 * A staff account of one hall, as the district server publishes it (pull kind `staff`) and as a workstation
 * keeps it for offline sign-in. It carries the credential's hash, never the secret.
 */
export const StaffSchema = z.object({
  id: z.uuid(),
  hallCode: HallCodeSchema,
  name: z.string().trim().min(1).max(32),
  role: StaffRoleSchema,
  credential: CredentialSchema,
  /** A disabled account stays (its name is still on old records and audit rows) but cannot sign in. */
  active: z.boolean(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
});
export type Staff = z.infer<typeof StaffSchema>;

/** Who is signed in: what events and audit rows are stamped with, and what the permission policy looks at. */
export type StaffIdentity = Pick<Staff, 'id' | 'name' | 'role'>;
