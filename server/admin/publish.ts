import { createHash } from 'node:crypto';
import { parseCalendarYear } from '@shared/domain/calendar/calendar-year';
import { loadCatalogue } from '@shared/domain/catalogue/load-catalogue';
import type { PublishedDocument } from '@shared/sync/protocol';
import type { Db } from '../db/db';

export type PublicationKind = 'catalogue' | 'calendar';

type Validated = { ok: true; entityKey: string; version: string } | { ok: false; reason: string };

/**
 * How each publishable document is checked (with the same shared code the workstations use on it) and what it
 * replaces. The calendar file is one year (resources/calendar/cn-<year>.json shape) and replaces that year; the
 * catalogue (resources/catalogue/catalogue.json shape) replaces the catalogue. The server is stricter than a
 * workstation: a catalogue with any bad entry is refused whole, so a district never ships a broken entry.
 */
const VALIDATORS: Record<PublicationKind, (input: unknown, json: string) => Validated> = {
  calendar(input, json) {
    const parsed = parseCalendarYear(input);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    return { ok: true, entityKey: String(parsed.value.year), version: `${parsed.value.year}@${parsed.value.publishedAt}#${digest(json)}` };
  },
  catalogue(input) {
    const loaded = loadCatalogue(input);
    if (!loaded.ok) return { ok: false, reason: loaded.reason };
    const problem = loaded.problems[0];
    if (problem) return { ok: false, reason: `${problem.list}[${problem.index}]: ${problem.reason} (${loaded.problems.length} problem(s))` };
    return { ok: true, entityKey: 'catalogue', version: loaded.catalogue.version };
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
  const json = JSON.stringify(input);
  const checked = VALIDATORS[kind](input, json);
  if (!checked.ok) throw new PublishError(`${kind} is invalid: ${checked.reason}`);
  const { entityKey, version } = checked;
  const document = input;
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
