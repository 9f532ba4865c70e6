import { create } from 'zustand';
import type { DailyLogShift } from '@shared/domain/daily-log/hall-window';

export type LeadTab = 'board' | 'log';

export const SHIFT_PRESETS: Record<'all' | 'morning' | 'afternoon', DailyLogShift | undefined> = {
  all: undefined,
  morning: { label: '上午班', from: '08:30', to: '12:00' },
  afternoon: { label: '下午班', from: '13:30', to: '17:30' },
};
export type ShiftChoice = keyof typeof SHIFT_PRESETS | 'custom';

/**
 * What the lead has chosen on the 值班 screens: UI state only. The log itself is computed from the store on
 * every render; nothing here copies a record.
 */
type LeadUiState = {
  tab: LeadTab;
  /** Hall-local date of the log; null = today. */
  date: string | null;
  shift: ShiftChoice;
  custom: { from: string; to: string };
  /** Device id of one counter, or null for the whole hall. */
  workstationId: string | null;
  /** 值班长 name as typed, until sign-in supplies it. */
  lead: string;
  /** Typed on the log page, printed after the day's 交接班记录. */
  handoverNotes: string;
  setTab: (tab: LeadTab) => void;
  set: (patch: Partial<Omit<LeadUiState, 'setTab' | 'set'>>) => void;
};

export const useLeadUi = create<LeadUiState>()((set) => ({
  tab: 'board',
  date: null,
  shift: 'all',
  custom: { from: '08:30', to: '17:30' },
  workstationId: null,
  lead: '',
  handoverNotes: '',
  setTab: (tab) => set({ tab }),
  set: (patch) => set(patch),
}));
