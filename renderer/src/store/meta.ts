import type { MetaKey, MetaRow, MetaValues } from './rows';
import type { YizhanDb } from './schema';

/** Reads one meta value. Inside `db.transaction` it reads through that transaction (Dexie's zone). */
export async function getMeta<K extends MetaKey>(db: YizhanDb, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function putMeta<K extends MetaKey>(db: YizhanDb, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value } as MetaRow);
}
