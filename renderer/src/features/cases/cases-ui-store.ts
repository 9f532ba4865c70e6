import { create } from 'zustand';
import type { QueueFilter } from './work-queue';

/** The clerk's desk: which case is open and which queue filter is chosen. UI state only. */
type CasesUiState = {
  selectedCaseId: string | null;
  filter: QueueFilter;
  openCase: (caseId: string) => void;
  closeCase: () => void;
  setFilter: (filter: QueueFilter) => void;
};

export const useCasesUiStore = create<CasesUiState>()((set) => ({
  selectedCaseId: null,
  filter: 'today',
  openCase: (selectedCaseId) => set({ selectedCaseId }),
  closeCase: () => set({ selectedCaseId: null }),
  setFilter: (filter) => set({ filter }),
}));
