import type { ReactNode } from 'react';
import { can, PERMISSION_REFUSALS, type Permission } from '@shared/domain/staff/permissions';
import type { StaffRole } from '@shared/domain/staff/roles';

type Props = { role: StaffRole | undefined; permission: Permission; children: ReactNode };

/**
 * Shows `children` only to a role the policy allows; anyone else gets the reason in Chinese. The store applies
 * the same policy to what its queries return, so this is the courtesy, not the lock.
 */
export function Permitted({ role, permission, children }: Props) {
  if (can(role, permission)) return <>{children}</>;
  return (
    <section className="card auth-refusal" role="alert" aria-labelledby="auth-refusal-title">
      <h2 id="auth-refusal-title">无权访问</h2>
      <p>{PERMISSION_REFUSALS[permission]}</p>
    </section>
  );
}
