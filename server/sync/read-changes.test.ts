import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHall } from '../admin/halls';
import type { Db } from '../db/db';
import { PROTOCOL_VERSION } from '@shared/sync/protocol';
import { freshPglite } from '../test-support/harness';
import { PAGE_SQL, pullResponseJson, readChanges, walkingIndexes } from './read-changes';

const HALL = 'GL0301';
const READER = { deviceId: '0c0c0c0c-0000-4000-8000-000000000001', hallCode: HALL };

describe('readChanges on PGlite', () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshPglite();
    await db.transaction((tx) => ensureHall(tx, HALL));
    // A log written the way pushes write it and never analysed: PGlite runs no autovacuum.
    await db.query(
      `INSERT INTO changes (hall_code, seq, kind, entity_id, payload)
       SELECT $1, s, 'audit', 'e' || s, jsonb_build_object('n', s) FROM generate_series(1, 3000) AS s`,
      [HALL],
    );
    await db.query('UPDATE halls SET last_change = 3000 WHERE hall_code = $1', [HALL]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('reads a page by walking the primary key from the cursor, not by scanning and sorting the rest of the log', async () => {
    const plan = await walkingIndexes(db, (tx) => tx.query<Record<string, string>>(`EXPLAIN ${PAGE_SQL}`, [HALL, 1000, READER.deviceId, 501]));
    const text = plan.map((row) => Object.values(row)[0]).join('\n');
    expect(text).toContain('Index Scan using changes_pkey on changes');
    expect(text).not.toMatch(/Bitmap Heap Scan on changes|Seq Scan on changes/);

    const page = await readChanges(db, READER, 1000, 500);
    expect(page.changes.map((c) => c.cursor)).toEqual(Array.from({ length: 500 }, (_, i) => String(1001 + i)));
    expect(page).toMatchObject({ nextCursor: '1500', hasMore: true });
    const last = await readChanges(db, READER, 2900, 500);
    expect(last).toMatchObject({ nextCursor: '3000', hasMore: false });
    expect(last.changes).toHaveLength(100);
    // The response text carries the stored payloads as they are, in the PullResponse shape (the pull tests in
    // server/sync-protocol.test.ts validate real pages against the schema).
    const response = JSON.parse(pullResponseJson(last)) as { protocol: number; changes: unknown[]; nextCursor: string; hasMore: boolean };
    expect(response.changes[0]).toEqual({ cursor: '2901', kind: 'audit', payload: { n: 2901 }, originDeviceId: null });
    expect(response).toMatchObject({ protocol: PROTOCOL_VERSION, nextCursor: '3000', hasMore: false });
  });
});
