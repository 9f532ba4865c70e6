/**
 * What changed in the local store, announced only after the IndexedDB transaction has committed, so a listener
 * (status bar, sync worker nudge) never reacts to a write that was rolled back. Components that show records read
 * them with `useLiveQuery`; these events are for side effects that are not a query (e.g. "wake the sync engine").
 */

export type StoreEvent =
  | { type: 'workstation-configured'; workstationId: string }
  | { type: 'resident-created'; residentId: string }
  | { type: 'resident-updated'; residentId: string; fields: readonly string[] }
  | { type: 'case-events-appended'; caseId: string; eventIds: readonly string[] }
  /** New ops were numbered up to `lastSeq`: a sync engine may push now. */
  | { type: 'outbox-changed'; change: 'enqueued'; lastSeq: number }
  /** The server watermark moved to `ackedSeq` and/or ops were filed as rejected. */
  | { type: 'outbox-changed'; change: 'acknowledged'; ackedSeq: number; rejected: number };

export type StoreEventType = StoreEvent['type'];
export type StoreEventOf<T extends StoreEventType> = Extract<StoreEvent, { type: T }>;
type Listener<T extends StoreEventType> = (event: StoreEventOf<T>) => void;
type AnyListener = (event: StoreEvent) => void;

export class StoreEvents {
  private readonly listeners = new Map<StoreEventType, Set<AnyListener>>();

  /** Returns the unsubscribe function, so a React effect can return it directly. */
  on<T extends StoreEventType>(type: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    // Only events of `type` are ever passed to this set's listeners (see emit), so the widening is sound.
    const stored = listener as unknown as AnyListener;
    set.add(stored);
    return () => {
      set.delete(stored);
    };
  }

  emit(event: StoreEvent): void {
    const set = this.listeners.get(event.type);
    if (!set) return;
    for (const listener of [...set]) {
      // One faulty listener must not stop the others, nor turn a committed write into a failed command.
      try {
        listener(event);
      } catch (err) {
        console.error('store event listener failed', event.type, err);
      }
    }
  }
}
