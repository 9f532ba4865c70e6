import type { Queryable } from '../db/db';

/**
 * Creates the hall's clock row if it is new, and seeds its change log with the current catalogue and calendar years,
 * so a hall enrolled after a publication still pulls them. Idempotent.
 */
export async function ensureHall(tx: Queryable, hallCode: string): Promise<void> {
  const created = await tx.query('INSERT INTO halls (hall_code) VALUES ($1) ON CONFLICT DO NOTHING RETURNING hall_code', [hallCode]);
  if (created.length === 0) return;
  await tx.query(
    `WITH latest AS (
       SELECT DISTINCT ON (kind, entity_key) id, kind, entity_key, version, document, published_at
         FROM publications ORDER BY kind, entity_key, id DESC
     ), numbered AS (
       SELECT row_number() OVER (ORDER BY id) AS seq, * FROM latest
     ), ins AS (
       INSERT INTO changes (hall_code, seq, kind, entity_id, payload)
       SELECT $1, seq, kind, entity_key,
              jsonb_build_object('version', version, 'publishedAt', to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'document', document)
         FROM numbered
       RETURNING seq
     )
     UPDATE halls SET last_change = (SELECT coalesce(max(seq), 0) FROM ins) WHERE hall_code = $1`,
    [hallCode],
  );
}
