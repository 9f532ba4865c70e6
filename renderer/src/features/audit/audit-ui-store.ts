import { create } from 'zustand';
import type { AuditAction } from '@shared/domain/staff/audit-entry';

/** The lead's filters on the audit page. Empty string = no filter; `from`/`to` null = today. */
type AuditUi = {
  from: string | null;
  to: string | null;
  staffId: string;
  action: AuditAction | '';
  workstationId: string;
  set: (patch: Partial<Omit<AuditUi, 'set'>>) => void;
};

export const useAuditUi = create<AuditUi>()((set) => ({
  from: null,
  to: null,
  staffId: '',
  action: '',
  workstationId: '',
  set: (patch) => set(patch),
}));
