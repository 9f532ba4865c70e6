import { create } from 'zustand';

/** The top-level screens, in the order of the navigation bar. */
export const VIEWS = ['intake', 'cases', 'residents', 'shifts', 'sync', 'lead', 'audit', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/**
 * UI state only: which screen is showing and what is selected. Records stay in IndexedDB and are read with
 * `useLiveQuery`; keeping copies here would go stale as soon as sync or another window writes.
 */
type UiState = {
  view: View;
  /** The resident the clerk is serving, carried from 居民 into 受理 once intake exists. */
  selectedResidentId: string | null;
  showView: (view: View) => void;
  selectResident: (id: string | null) => void;
};

export const useUiStore = create<UiState>()((set) => ({
  // The counter starts on 受理.
  view: 'intake',
  selectedResidentId: null,
  showView: (view) => set({ view }),
  selectResident: (selectedResidentId) => set({ selectedResidentId }),
}));
