import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseEvent } from '@shared/domain/case/events';
import { caseEventsOf, getCase } from '../../store/cases';
import { getResident } from '../../store/residents';
import type { CaseRow, ResidentRow } from '../../store/rows';
import type { YizhanDb } from '../../store/schema';

export type CaseData = { row: CaseRow; events: CaseEvent[]; resident: ResidentRow | null };

/** A case with its events and resident, live: `undefined` while loading, `null` when there is no such case. */
export function useCaseData(db: YizhanDb, caseId: string): CaseData | null | undefined {
  return useLiveQuery(async () => {
    const row = await getCase(db, caseId);
    if (!row) return null;
    const [events, resident] = await Promise.all([caseEventsOf(db, caseId), getResident(db, row.residentId)]);
    return { row, events, resident: resident ?? null };
  }, [db, caseId]);
}
