import { useLiveQuery } from 'dexie-react-hooks';
import { searchResidents } from '../../store/residents';
import type { ResidentRow } from '../../store/rows';
import type { YizhanDb } from '../../store/schema';

/**
 * Residents matching `query`, live. `useLiveQuery` keeps its previous answer while it reads for new arguments, so
 * the answer is tagged with its query: `current` is false while the rows shown are still the previous query's
 * (lists mark themselves `aria-busy`, and nothing is picked from them by position).
 */
export function useResidentSearch(db: YizhanDb, query: string): { rows: ResidentRow[] | undefined; current: boolean } {
  const live = useLiveQuery(async () => ({ query, rows: await searchResidents(db, query) }), [db, query]);
  return { rows: live?.rows, current: live !== undefined && live.query === query };
}
