import { PROTOCOL_VERSION, type PullChange } from '@shared/sync/protocol';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../http-error';

/** Params: hall, since, reader's device id, limit + 1. One statement: the page and the hall's counter in one snapshot. */
export const PAGE_SQL = `SELECT h.last_change, c.seq, c.kind, c.payload::text AS payload, c.origin_device
       FROM halls h
       LEFT JOIN LATERAL (
         SELECT seq, kind, payload, origin_device FROM changes
          WHERE hall_code = h.hall_code AND seq > $2 AND origin_device IS DISTINCT FROM $3::uuid
          ORDER BY seq
          LIMIT $4
       ) c ON true
      WHERE h.hall_code = $1
      ORDER BY c.seq`;

/**
 * Runs `fn` where the planner walks an index rather than scanning and sorting. A page is the next `limit` entries of
 * the primary key (hall_code, seq) after `since`, and only an index walk reads just those. PGlite has no autovacuum,
 * so `changes` is never analysed, and on its default estimates the planner prefers a bitmap scan of every later
 * change of the hall plus a sort: each page then costs the rest of the log (100 k changes: 2–4 times a page read by
 * the index; quadratic over a fresh workstation's whole pull). PostgreSQL's autovacuum gets there once it has analysed
 * the table; this does not wait for it.
 */
export function walkingIndexes<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_bitmapscan = off');
    await tx.query('SET LOCAL enable_seqscan = off');
    return fn(tx);
  });
}

/** A change as stored: its payload is the JSON text the server wrote (validated then), handed on unparsed. */
export type StoredChange = { cursor: string; kind: PullChange['kind']; payloadJson: string; originDeviceId: string | null };
export type ChangesPage = { changes: StoredChange[]; nextCursor: string; hasMore: boolean };

/**
 * The pull response as JSON text (a `PullResponse`), with each stored payload spliced in as it is: parsing a page's
 * payloads only to serialise them again cost ~8 ms of server CPU per page of 1,000, on the cores the workstation
 * shares in a small hall.
 */
export function pullResponseJson(page: ChangesPage): string {
  const changes = page.changes.map(
    (c) => `{"cursor":${JSON.stringify(c.cursor)},"kind":${JSON.stringify(c.kind)},"payload":${c.payloadJson},"originDeviceId":${JSON.stringify(c.originDeviceId)}}`,
  );
  return `{"protocol":${PROTOCOL_VERSION},"changes":[${changes.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)},"hasMore":${page.hasMore}}`;
}

/**
 * One page of a hall's change log after `since`, leaving out what `deviceId` pushed itself (it has those).
 *
 * Safe against late commits because change seqs are handed out in commit order (see the hall clock in
 * apply-push.ts): the page and the hall's counter are read in ONE statement, i.e. one snapshot, so every seq up
 * to that counter is either visible in it or will never exist. That lets the cursor jump to the counter when the
 * page is the last one, so a device does not rescan its own changes on every pull.
 */
export async function readChanges(
  db: Db,
  reader: { deviceId: string; hallCode: string },
  since: number,
  limit: number,
): Promise<ChangesPage> {
  const rows = await walkingIndexes(db, (tx) =>
    tx.query<{
      last_change: number;
      seq: number | null;
      kind: PullChange['kind'] | null;
      payload: string | null;
      origin_device: string | null;
    }>(PAGE_SQL, [reader.hallCode, since, reader.deviceId, limit + 1]),
  );
  const head = rows[0];
  if (!head) throw new Error(`hall ${reader.hallCode} has no clock row`);
  // A cursor beyond the hall's counter was not issued by this database (restored from an older backup?).
  if (since > head.last_change) throw new HttpError(400, { code: 'sync/bad-cursor', details: { lastCursor: String(head.last_change) } });

  const page = rows.filter((r) => r.seq !== null);
  const hasMore = page.length > limit;
  const changes = page.slice(0, limit).map((r) => ({
    cursor: String(r.seq),
    kind: r.kind as PullChange['kind'],
    payloadJson: r.payload as string,
    originDeviceId: r.origin_device,
  }));
  const last = changes.length > 0 ? Number((changes[changes.length - 1] as StoredChange).cursor) : since;
  const nextCursor = hasMore ? last : Math.max(last, head.last_change);
  return { changes, nextCursor: String(nextCursor), hasMore };
}
