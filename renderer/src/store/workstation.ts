import type { z } from 'zod';
import { getMeta, putMeta } from './meta';
import type { YizhanDb } from './schema';
import { isoAt, type StoreClock, type StoreContext } from './store-context';
import { StoreError } from './store-error';
import { WorkstationConfigSchema, type WorkstationConfig } from './workstation-config';

export const WorkstationSetupSchema = WorkstationConfigSchema.pick({
  hallCode: true,
  hallName: true,
  workstationCode: true,
  clerkName: true,
});
export type WorkstationSetup = z.infer<typeof WorkstationSetupSchema>;

/** The setup record, or null before first-run setup (never undefined, which `useLiveQuery` uses for "loading"). */
export async function readWorkstationConfig(db: YizhanDb): Promise<WorkstationConfig | null> {
  const stored = await getMeta(db, 'workstation');
  if (stored === undefined) return null;
  // Parsed, not trusted: it was written by an older build, or edited by hand in DevTools.
  const parsed = WorkstationConfigSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * First-run setup: records the hall and window, mints the device id, and records the clerk as a staff member.
 * Running it again (re-setup after a hall change) keeps the device id, so the outbox numbering continues.
 */
export async function configureWorkstation(db: YizhanDb, clock: StoreClock, input: WorkstationSetup): Promise<WorkstationConfig> {
  const parsed = WorkstationSetupSchema.safeParse(input);
  if (!parsed.success) throw new StoreError('input/invalid', { field: String(parsed.error.issues[0]?.path[0] ?? '') });
  const setup = parsed.data;
  const config = await db.transaction('rw', db.meta, db.staff, async () => {
    const previous = await readWorkstationConfig(db);
    const configuredAt = isoAt(clock.now());
    const sameClerk = previous !== null && previous.clerkName === setup.clerkName && previous.hallCode === setup.hallCode;
    const staffId = sameClerk ? previous.staffId : clock.newId();
    if (!sameClerk) await db.staff.put({ id: staffId, name: setup.clerkName, hallCode: setup.hallCode, createdAt: configuredAt });
    const next: WorkstationConfig = {
      ...setup,
      workstationId: previous?.workstationId ?? clock.newId(),
      staffId,
      configuredAt,
    };
    await putMeta(db, 'workstation', next);
    return next;
  });
  db.changes.emit({ type: 'workstation-configured', workstationId: config.workstationId });
  return config;
}

export function storeContextFor(db: YizhanDb, clock: StoreClock, config: WorkstationConfig): StoreContext {
  return {
    db,
    now: clock.now,
    newId: clock.newId,
    workstation: {
      hallCode: config.hallCode,
      workstationCode: config.workstationCode,
      workstationId: config.workstationId,
      staffId: config.staffId,
      clerkName: config.clerkName,
    },
  };
}
