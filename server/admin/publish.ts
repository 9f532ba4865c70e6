import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CalendarYearSchema } from '@shared/domain/calendar/calendar-year';
import type { PublishedDocument } from '@shared/sync/protocol';
import type { Db } from '../db/db';

export type PublicationKind = 'catalogue' | 'calendar';

/**
 * How each publishable document is checked and what it replaces. The calendar file is one year
 * (resources/calendar/cn-<year>.json shape), replacing that year; the catalogue replaces the catalogue.
 */
const KINDS: Record<PublicationKind, { schema: z.ZodType; entityKey: (doc: never) => string; version: (doc: never, json: string) => string }> = {
  calendar: {
    schema: CalendarYearSchema,
    entityKey: (doc: z.infer<typeof CalendarYearSchema>) => String(doc.year),
    version: (doc: z.infer<typeof CalendarYearSchema>, json: string) => `${doc.year}@${doc.publishedAt}#${digest(json)}`,
  },
  catalogue: {
    // TODO(catalogue): validate with the shared 准入目录 schema once shared/domain has it; until then only a
    // JSON object is required, with an optional `version` string.
    schema: z.looseObject({ version: z.string().min(1).max(100).optional() }),
    entityKey: () => 'catalogue',
    version: (doc: { version?: string }, json: string) => doc.version ?? digest(json),
  },
};

function digest(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 12);
}

export class PublishError extends Error {
  override name = 'PublishError';
}

/**
 * Validates a document with its shared schema, records it, and appends it to every hall's change log in one
 * transaction (halls locked in code order, so two publications cannot deadlock). Publishing the same content
 * again is a no-op.
 */
export async function publish(
  db: Db,
  kind: PublicationKind,
  input: unknown,
  nowMs: number,
): Promise<{ version: string; halls: number; unchanged: boolean }> {
  const spec = KINDS[kind];
  const parsed = spec.schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PublishError(`${kind} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const document = parsed.data as never;
  const json = JSON.stringify(document);
  const entityKey = spec.entityKey(document);
  const version = spec.version(document, json);
  const publishedAt = new Date(nowMs);
  const payload: PublishedDocument = { version, publishedAt: publishedAt.toISOString(), document };

  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO publications (kind, entity_key, version, document, published_at) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (kind, entity_key, version) DO NOTHING RETURNING id`,
      [kind, entityKey, version, json, publishedAt],
    );
    if (inserted.length === 0) {
      const [same] = await tx.query<{ same: boolean }>(
        'SELECT document = $4::jsonb AS same FROM publications WHERE kind = $1 AND entity_key = $2 AND version = $3',
        [kind, entityKey, version, json],
      );
      if (!same?.same) throw new PublishError(`${kind} version ${version} was already published with different content`);
      return { version, halls: 0, unchanged: true };
    }
    // Same hall-clock rule as a push (see apply-push.ts): the counter row is locked until commit.
    const halls = await tx.query<{ hall_code: string }>('SELECT hall_code FROM halls ORDER BY hall_code FOR UPDATE');
    if (halls.length > 0) {
      await tx.query(
        `WITH bumped AS (
           UPDATE halls SET last_change = last_change + 1 RETURNING hall_code, last_change
         )
         INSERT INTO changes (hall_code, seq, kind, entity_id, payload)
         SELECT hall_code, last_change, $1, $2, $3::jsonb FROM bumped`,
        [kind, entityKey, JSON.stringify(payload)],
      );
    }
    return { version, halls: halls.length, unchanged: false };
  });
}
