import { useLiveQuery } from 'dexie-react-hooks';

/**
 * `useLiveQuery` whose answer says which request it answers. `useLiveQuery` keeps its previous answer while it reads
 * for new arguments, so a screen would otherwise show — and could act on — the previous query's rows, day or shift
 * under the new one for a moment. `key` names the request (what the deps mean); `current` is true only when `value`
 * was read for this key. A list may keep showing a stale value (marked `aria-busy`) while the next is read; a
 * document that is printed must not (use `current ? value : undefined`).
 */
export function useTaggedLiveQuery<T>(key: string, querier: () => Promise<T>, deps: unknown[]): { value: T | undefined; current: boolean } {
  const read = useLiveQuery(async () => ({ key, value: await querier() }), deps);
  return { value: read?.value, current: read !== undefined && read.key === key };
}
