import { describe, expect, it, vi } from 'vitest';
import { YizhanDb } from './schema';
import { fakeClock, isolatedIndexedDb } from './test-support';
import { isStoreError } from './store-error';
import { configureWorkstation, readWorkstationConfig, storeContextFor } from './workstation';

const setup = { hallCode: 'GL0301', hallName: '光明街道第三社区党群服务中心', workstationCode: 'W02', clerkName: '李娜' };

describe('workstation setup', () => {
  it('is null before setup and records hall, window, device id and clerk after', async () => {
    const db = new YizhanDb('ws', isolatedIndexedDb());
    const clock = fakeClock();
    expect(await readWorkstationConfig(db)).toBeNull();
    const listener = vi.fn();
    db.changes.on('workstation-configured', listener);

    const config = await configureWorkstation(db, clock, setup);
    expect(await readWorkstationConfig(db)).toEqual(config);
    expect(config).toMatchObject(setup);
    expect(await db.staff.get(config.staffId)).toMatchObject({ name: '李娜', hallCode: 'GL0301' });
    expect(listener).toHaveBeenCalledWith({ type: 'workstation-configured', workstationId: config.workstationId });

    const ctx = storeContextFor(db, clock, config);
    expect(ctx.workstation).toEqual({
      hallCode: 'GL0301',
      workstationCode: 'W02',
      workstationId: config.workstationId,
      staffId: config.staffId,
      clerkName: '李娜',
    });
  });

  it('keeps the device id when set up again, so outbox numbering continues', async () => {
    const db = new YizhanDb('ws', isolatedIndexedDb());
    const clock = fakeClock();
    const first = await configureWorkstation(db, clock, setup);
    const second = await configureWorkstation(db, clock, { ...setup, workstationCode: 'W05', clerkName: '王芳' });
    expect(second.workstationId).toBe(first.workstationId);
    expect(second.workstationCode).toBe('W05');
    expect(second.staffId).not.toBe(first.staffId);
  });

  it('refuses codes that cannot appear in a case number, writing nothing', async () => {
    const db = new YizhanDb('ws', isolatedIndexedDb());
    for (const bad of [{ ...setup, hallCode: 'gl0301' }, { ...setup, workstationCode: 'W2' }, { ...setup, clerkName: ' ' }]) {
      const err = await configureWorkstation(db, fakeClock(), bad).catch((e: unknown) => e);
      expect(isStoreError(err, 'input/invalid')).toBe(true);
    }
    expect(await readWorkstationConfig(db)).toBeNull();
    expect(await db.staff.count()).toBe(0);
  });

  it('treats a stored record that no longer parses as not set up', async () => {
    const db = new YizhanDb('ws', isolatedIndexedDb());
    await db.meta.put({ key: 'workstation', value: { hallCode: 'GL0301' } as never });
    expect(await readWorkstationConfig(db)).toBeNull();
  });
});
