import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, bridgePath } from '@shared/ipc-channels';
import { buildBridge } from './build-bridge';

function shape(value: object): string[] {
  return Object.entries(value).flatMap(([domain, group]) =>
    Object.entries(group as object).map(([method, fn]) => `${domain}.${method}:${typeof fn}`),
  );
}

describe('buildBridge', () => {
  it('exposes exactly one function per channel of the contract, and nothing else', () => {
    const bridge = buildBridge(async () => undefined);
    const expected = IPC_CHANNELS.map((c) => `${bridgePath(c).join('.')}:function`);
    expect(shape(bridge).sort()).toEqual(expected.sort());
    expect(Object.keys(bridge).sort()).toEqual(['app', 'pdf', 'print', 'secret']);
  });

  it('forwards each call to its own channel with the argument untouched', async () => {
    const seen: [string, unknown][] = [];
    const bridge = buildBridge(async (channel, request) => {
      seen.push([channel, request]);
      return { ok: true, value: channel };
    });
    const request = { mode: 'dialog', pageSize: 'A4' } as const;
    await expect(bridge.print.currentView(request)).resolves.toEqual({ ok: true, value: 'print:current-view' });
    await bridge.app.info();
    await bridge.secret.delete({ key: 'district-credential' });
    expect(seen).toEqual([
      ['print:current-view', request],
      ['app:info', undefined],
      ['secret:delete', { key: 'district-credential' }],
    ]);
  });

  it('is frozen, so page script cannot swap a method before another part of the page uses it', () => {
    const bridge = buildBridge(async () => undefined);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.print)).toBe(true);
  });
});
