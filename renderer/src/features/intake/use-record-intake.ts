import { useRef, useState } from 'react';
import { recordIntake, type IntakeOutcome } from '../../store/intake-commands';
import type { StoreContext } from '../../store/store-context';
import { failureOf, isStoreError } from '../../store/store-error';
import { resolveMatter, type ResolvedMatter } from './intake-catalogue';
import { useIntakeStore } from './intake-store';

export type Failure = { message: string; code: string };

/**
 * Writes the intake (received + decision, one transaction) from the draft, then moves to the result step. A
 * second press while the first write runs is ignored, so a double Enter never opens two cases.
 */
export function useRecordIntake(ctx: StoreContext) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  // A ref as well as state: two key presses inside one render would both still see `busy === false`.
  const inflight = useRef(false);

  /** `matterOverride`: the matter as edited on the form (a visit outside the catalogue names its own matter). */
  const record = async (outcome: IntakeOutcome, matterOverride?: ResolvedMatter) => {
    if (inflight.current) return;
    const { residentId, agent, matter: pick, recorded } = useIntakeStore.getState();
    const matter = matterOverride ?? (pick ? resolveMatter(pick) : undefined);
    if (residentId === null || matter === undefined) return;
    inflight.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const result = await recordIntake(ctx, {
        residentId,
        ...(agent ? { agent } : {}),
        matter: matter.intake,
        outcome,
      });
      recorded(result.case.id);
    } catch (err) {
      if (!isStoreError(err)) console.error('intake failed', err instanceof Error ? err.name : 'unknown');
      setFailure(failureOf(err));
    } finally {
      inflight.current = false;
      setBusy(false);
    }
  };
  return { record, failure, busy };
}
