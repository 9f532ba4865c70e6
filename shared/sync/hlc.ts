import { z } from 'zod';
import { YizhanError } from '../errors/codes';

/**
 * Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014), encoded as a string so that plain
 * string comparison is clock order:
 *
 *     <13-digit wall ms, zero-padded>-<4-digit base-36 counter, lower case>-<nodeId>
 *     e.g. 1795400000000-000a-3f1c2b7e-…
 *
 * Both leading fields have fixed width and their digits sort in ASCII order ('0'–'9' < 'a'–'z'), so
 * `a < b` as strings ⇔ (ms, counter, nodeId) is smaller. The node id comes last and breaks ties between two
 * nodes that stamped the same (ms, counter); it may contain `-` (a device uuid does), which is why parsing
 * splits on the first two dashes only. 13 digits last until the year 2286; 36⁴ = 1,679,616 stamps per ms.
 *
 * Functions are pure: the caller passes the physical clock (`Date.now()` in the app, a fake in tests), as the
 * house style asks of `shared/`.
 */

export const HLC_PATTERN = /^(\d{13})-([0-9a-z]{4})-([A-Za-z0-9_.:-]{1,64})$/;
/** A node id: the device id (a uuid) on workstations, `server` on the district server. */
export const HLC_NODE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const HlcSchema = z.string().regex(HLC_PATTERN, 'not a hybrid logical clock stamp');
export type Hlc = z.infer<typeof HlcSchema>;

const MAX_COUNTER = 36 ** 4 - 1;
const MAX_MS = 10 ** 13 - 1;

/** A remote stamp further ahead of our wall clock than this is refused (`sync/clock-skew`): a device with a
 * clock set years ahead would otherwise drag every clock it touches into the future for good (Actual #3786). */
export const MAX_CLOCK_DRIFT_MS = 10 * 60 * 1000;

export type HlcParts = { ms: number; counter: number; node: string };

export function parseHlc(hlc: string): HlcParts {
  const m = HLC_PATTERN.exec(hlc);
  if (!m) throw new YizhanError('sync/hlc-invalid');
  return { ms: Number(m[1]), counter: parseInt(m[2] as string, 36), node: m[3] as string };
}

export function formatHlc({ ms, counter, node }: HlcParts): Hlc {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_MS) throw new YizhanError('sync/hlc-invalid');
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) throw new YizhanError('sync/hlc-invalid');
  if (!HLC_NODE_PATTERN.test(node)) throw new YizhanError('sync/hlc-invalid');
  return `${String(ms).padStart(13, '0')}-${counter.toString(36).padStart(4, '0')}-${node}`;
}

/** Normalises the counter: when it would overflow we borrow one millisecond instead of failing a write. The
 * stamp then runs ≤ 1 ms ahead of the wall clock per 1.6 M stamps, which nothing real reaches. */
function make(ms: number, counter: number, node: string): Hlc {
  return counter > MAX_COUNTER ? formatHlc({ ms: ms + 1, counter: 0, node }) : formatHlc({ ms, counter, node });
}

/**
 * Stamp a local event. `prev` is the last stamp this node issued or received (null on first use).
 */
export function hlcNow(prev: Hlc | null, physicalNow: number, nodeId: string): Hlc {
  const wall = Math.floor(physicalNow);
  if (prev === null) return make(wall, 0, nodeId);
  const p = parseHlc(prev);
  if (wall > p.ms) return make(wall, 0, nodeId);
  return make(p.ms, p.counter + 1, nodeId);
}

/**
 * Merge a stamp received from elsewhere into the local clock, returning the new local stamp (after both, with
 * the local node id). A node with no clock yet starts one with `hlcNow(null, now, nodeId)` first.
 * Throws `YizhanError('sync/clock-skew')` when `remote` is more than MAX_CLOCK_DRIFT_MS ahead of our wall
 * clock; the caller's clock is then unchanged, so a bad peer cannot poison it.
 */
export function hlcReceive(local: Hlc, remote: Hlc, physicalNow: number): Hlc {
  const wall = Math.floor(physicalNow);
  const r = parseHlc(remote);
  assertNotTooFarAhead(r, wall);
  const l = parseHlc(local);
  const ms = Math.max(l.ms, r.ms, wall);
  let counter: number;
  if (ms === l.ms && ms === r.ms) counter = Math.max(l.counter, r.counter) + 1;
  else if (ms === l.ms) counter = l.counter + 1;
  else if (ms === r.ms) counter = r.counter + 1;
  else counter = 0;
  return make(ms, counter, l.node);
}

/** Throws `sync/clock-skew` when a stamp is implausibly far in the future; the server checks every pushed
 * stamp with this before trusting it. */
export function assertHlcPlausible(hlc: Hlc, physicalNow: number): void {
  assertNotTooFarAhead(parseHlc(hlc), Math.floor(physicalNow));
}

function assertNotTooFarAhead(r: HlcParts, wall: number): void {
  if (r.ms - wall > MAX_CLOCK_DRIFT_MS) {
    throw new YizhanError('sync/clock-skew', { aheadMs: r.ms - wall, maxMs: MAX_CLOCK_DRIFT_MS });
  }
}

/** Total order of stamps: negative, zero or positive like a sort comparator. */
export function compareHlc(a: Hlc, b: Hlc): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
