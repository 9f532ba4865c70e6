import { describe, expect, it, vi } from 'vitest';
import type { SyncSnapshot } from '../../sync/sync-handlers';
import { enrollFromDemoLink } from './demo-enroll';

const demo = { district: 'http://127.0.0.1:8730', hallCode: 'DEMO01', enrollCode: 'ABCD-EFGH' };
const notEnrolled = { device: null } as unknown as SyncSnapshot;
const enrolled = { device: { deviceId: 'd1' } } as unknown as SyncSnapshot;

function connection(reply: unknown) {
  return { send: vi.fn(async () => reply) } as never;
}

describe('enrollFromDemoLink', () => {
  it('trades the demo code for a credential and keeps it in the keyring on the desktop', async () => {
    const conn = connection({ ok: true, device: {}, secret: 's3cret' }) as { send: ReturnType<typeof vi.fn> };
    const save = vi.fn(async () => undefined);
    expect(await enrollFromDemoLink(notEnrolled, demo, conn as never, 'platform', save)).toBe('enrolled');
    expect(conn.send).toHaveBeenCalledWith('sync/enroll', { serverUrl: demo.district, code: demo.enrollCode, secretIn: 'platform' });
    expect(save).toHaveBeenCalledWith('s3cret');
  });

  it('does nothing without a demo link or when already enrolled', async () => {
    const conn = connection({ ok: true }) as { send: ReturnType<typeof vi.fn> };
    const save = vi.fn();
    expect(await enrollFromDemoLink(notEnrolled, null, conn as never, 'meta', save)).toBe('skipped');
    expect(await enrollFromDemoLink(enrolled, demo, conn as never, 'meta', save)).toBe('skipped');
    expect(conn.send).not.toHaveBeenCalled();
  });

  it('reports a refused code and stores nothing', async () => {
    const save = vi.fn();
    const result = await enrollFromDemoLink(notEnrolled, demo, connection({ ok: false, code: 'sync/enroll-code-invalid', message: '' }), 'platform', save);
    expect(result).toEqual({ failed: 'sync/enroll-code-invalid' });
    expect(save).not.toHaveBeenCalled();
  });
});
