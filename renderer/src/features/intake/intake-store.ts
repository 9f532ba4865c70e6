import { create } from 'zustand';
import type { Agent } from '@shared/domain/case/events';
import type { IntakeChoice } from './intake-decision';

/**
 * The walk-in being served: UI state only (ids and ticks, never copies of records), kept in a store so the draft
 * survives a look at another screen and back.
 */

export const INTAKE_STEPS = ['identify', 'matter', 'materials', 'decide', 'done'] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/** `refer`: 私事, a not-allowed matter or one outside the catalogue (首问负责制). */
export type DecisionKind = IntakeChoice | 'refer';

/** What the clerk picked in the matter step: a catalogue matter, a not-allowed one, or free text outside both. */
export type MatterPick = { source: 'catalogue'; code: string } | { source: 'not-allowed'; code: string } | { source: 'other'; name: string };

type IntakeState = {
  step: IntakeStep;
  residentQuery: string;
  residentId: string | null;
  agent: Agent | null;
  matterQuery: string;
  matter: MatterPick | null;
  ticked: string[];
  decision: DecisionKind | null;
  caseId: string | null;
  /** Bumped by "下一位", so the first field is focused again even if the step did not change. */
  session: number;

  setResidentQuery: (q: string) => void;
  chooseResident: (id: string) => void;
  changeResident: () => void;
  setAgent: (agent: Agent | null) => void;
  setMatterQuery: (q: string) => void;
  chooseMatter: (pick: MatterPick, needsMaterials: boolean) => void;
  toggleMaterial: (id: string) => void;
  setTicked: (ids: string[]) => void;
  decide: (kind: DecisionKind) => void;
  recorded: (caseId: string) => void;
  back: () => void;
  next: () => void;
};

const FRESH = {
  step: 'identify' as IntakeStep,
  residentQuery: '',
  residentId: null,
  agent: null,
  matterQuery: '',
  matter: null,
  ticked: [],
  decision: null,
  caseId: null,
};

export const useIntakeStore = create<IntakeState>()((set) => ({
  ...FRESH,
  session: 0,
  setResidentQuery: (residentQuery) => set({ residentQuery }),
  chooseResident: (residentId) => set({ residentId, step: 'matter' }),
  changeResident: () => set({ step: 'identify', residentId: null, agent: null, matter: null, ticked: [], decision: null }),
  setAgent: (agent) => set({ agent }),
  setMatterQuery: (matterQuery) => set({ matterQuery }),
  chooseMatter: (matter, needsMaterials) =>
    set(needsMaterials ? { matter, ticked: [], decision: null, step: 'materials' } : { matter, ticked: [], decision: 'refer', step: 'decide' }),
  toggleMaterial: (id) => set((s) => ({ ticked: s.ticked.includes(id) ? s.ticked.filter((t) => t !== id) : [...s.ticked, id] })),
  setTicked: (ticked) => set({ ticked }),
  decide: (decision) => set({ decision, step: 'decide' }),
  recorded: (caseId) => set({ caseId, step: 'done' }),
  // Esc: one step back. Nothing recorded is undone; after recording, "back" means the next resident.
  back: () =>
    set((s) => {
      switch (s.step) {
        case 'identify':
          return { residentQuery: '' };
        case 'matter':
          return { step: 'identify', residentId: null, agent: null };
        case 'materials':
          return { step: 'matter', matter: null, ticked: [] };
        case 'decide':
          return s.decision === 'refer' ? { step: 'matter', matter: null, decision: null } : { step: 'materials', decision: null };
        case 'done':
          return { ...FRESH, session: s.session + 1 };
      }
    }),
  next: () => set((s) => ({ ...FRESH, session: s.session + 1 })),
}));
