import { create } from 'zustand';

/** The search box keeps its text when the clerk switches screens and comes back. */
type ResidentsUiState = { query: string; setQuery: (query: string) => void };

export const useResidentsUiStore = create<ResidentsUiState>()((set) => ({
  query: '',
  setQuery: (query) => set({ query }),
}));
