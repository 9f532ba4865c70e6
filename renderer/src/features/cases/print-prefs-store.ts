import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { PrintLayout } from '../../ui/documents/view-model';

/**
 * This window's printing habits: paper per document and, in the desktop app, the printer to send to without a
 * dialog. A device preference, not a record, so it lives in localStorage rather than IndexedDB and never syncs.
 */
type PrintPrefs = {
  layout: PrintLayout;
  /** Printer for silent printing; null = show the print dialog. */
  silentPrinter: string | null;
  setLayout: (layout: PrintLayout) => void;
  setSilentPrinter: (printer: string | null) => void;
};

export const usePrintPrefs = create<PrintPrefs>()(
  persist(
    (set) => ({
      layout: 'a4',
      silentPrinter: null,
      setLayout: (layout) => set({ layout }),
      setSilentPrinter: (silentPrinter) => set({ silentPrinter }),
    }),
    { name: 'yizhan.print-prefs', version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);
