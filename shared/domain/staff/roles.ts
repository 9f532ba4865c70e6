import { z } from 'zod';

/**
 * Staff roles of a hall. A workstation is shared by whoever is on shift at that window, so the role belongs to the
 * person signed in, never to the PC.
 *  - clerk (窗口人员): serves residents at the counter;
 *  - lead (值班长): also sees the hall board, the daily log and everyone's audit trail, and changes settings;
 *  - admin (管理员): everything a lead can, plus what only an administrator does (the account made at first-run
 *    setup is one).
 */
export const STAFF_ROLES = ['clerk', 'lead', 'admin'] as const;
export const StaffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  clerk: '窗口人员',
  lead: '值班长',
  admin: '管理员',
};
