import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type IpcChannel } from '@shared/ipc-channels';
import { ok } from '@shared/ipc';
import { registerIpcHandlers, type IpcEventLike, type IpcHandlers } from './ipc-register';

type Listener = (event: FakeEvent, ...args: unknown[]) => Promise<unknown>;
interface FakeEvent extends IpcEventLike {
  id: string;
}

const APP = 'file:///opt/yizhan/dist/renderer/index.html';

function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  return {
    listeners,
    handle(channel: string, listener: Listener) {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      listeners.set(channel, listener);
    },
    invoke(channel: IpcChannel, event: FakeEvent, ...args: unknown[]) {
      const listener = listeners.get(channel);
      if (!listener) throw new Error(`no handler for ${channel}`);
      return listener(event, ...args);
    },
  };
}

const fromApp = (url = APP): FakeEvent => ({ id: 'e1', senderFrame: { url, parent: null } });

function setup(overrides: Partial<IpcHandlers<FakeEvent>> = {}) {
  const calls: string[] = [];
  const spy = <C extends IpcChannel>(channel: C, impl: IpcHandlers<FakeEvent>[C]) =>
    vi.fn((...args: Parameters<IpcHandlers<FakeEvent>[C]>) => {
      calls.push(channel);
      return (impl as (...a: typeof args) => ReturnType<IpcHandlers<FakeEvent>[C]>)(...args);
    });
  const handlers: IpcHandlers<FakeEvent> = {
    'app:info': spy('app:info', () =>
      ok({ name: 'yizhan', version: '0.1.0', platform: 'linux', arch: 'x64', electron: '41', chrome: '146', packaged: false, secureStorage: true }),
    ),
    'print:current-view': spy('print:current-view', async () => ok({ outcome: 'printed' as const })),
    'print:list-printers': spy('print:list-printers', async () => ok([])),
    'pdf:save-current-view': spy('pdf:save-current-view', async () => ok({ status: 'cancelled' as const })),
    'secret:set': spy('secret:set', async () => ok(null)),
    'secret:get': spy('secret:get', async () => ok('s3cret')),
    'secret:delete': spy('secret:delete', async () => ok(null)),
    ...overrides,
  };
  const ipc = fakeIpcMain();
  const rejected: [string, string][] = [];
  registerIpcHandlers(ipc, handlers, {
    isTrustedUrl: (url) => url === APP || url.startsWith(`${APP}#`),
    onRejected: (channel, code) => rejected.push([channel, code]),
  });
  return { ipc, handlers, calls, rejected };
}

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract exactly once', () => {
    const { ipc } = setup();
    expect([...ipc.listeners.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('passes a good argument to the handler and returns its validated reply', async () => {
    const { ipc, handlers } = setup();
    const request = { mode: 'silent', printer: 'XP-80C', pageSize: '80mm' };
    const event = fromApp(`${APP}#/cases/1`);
    await expect(ipc.invoke('print:current-view', event, request)).resolves.toEqual({ ok: true, value: { outcome: 'printed' } });
    expect(handlers['print:current-view']).toHaveBeenCalledWith(request, event);
    await expect(ipc.invoke('app:info', fromApp())).resolves.toMatchObject({ ok: true, value: { name: 'yizhan' } });
  });

  it('refuses senders that are not the app, without calling the handler', async () => {
    const { ipc, calls, rejected } = setup();
    const request = { key: 'district-credential' };
    const senders: FakeEvent[] = [
      { id: 'foreign', senderFrame: { url: 'https://evil.example/', parent: null } },
      { id: 'other-file', senderFrame: { url: 'file:///tmp/evil.html', parent: null } },
      { id: 'subframe', senderFrame: { url: APP, parent: { url: APP } } },
      { id: 'gone', senderFrame: null },
    ];
    for (const event of senders) {
      await expect(ipc.invoke('secret:get', event, request), event.id).resolves.toEqual({ ok: false, code: 'ipc/untrusted-sender' });
    }
    expect(calls).toEqual([]);
    expect(rejected).toEqual(senders.map(() => ['secret:get', 'ipc/untrusted-sender']));
  });

  it('refuses bad arguments with ipc/invalid-argument and never calls the handler', async () => {
    const { ipc, calls } = setup();
    const bad: [IpcChannel, unknown[]][] = [
      ['print:current-view', [{ mode: 'silent', pageSize: 'Letter' }]],
      ['print:current-view', [{ mode: 'dialog', pageSize: 'A4', extra: true }]],
      ['print:current-view', []],
      ['pdf:save-current-view', [{ suggestedName: '../../.bashrc', pageSize: 'A4' }]],
      ['secret:set', [{ key: 'district-credential' }]],
      ['secret:get', [{ key: '../other' }]],
      ['app:info', [{ anything: 1 }]],
      // A second argument is refused even when the first is fine: the preload never sends two.
      ['secret:delete', [{ key: 'district-credential' }, 'extra']],
    ];
    for (const [channel, args] of bad) {
      await expect(ipc.invoke(channel, fromApp(), ...args), `${channel} ${JSON.stringify(args)}`).resolves.toEqual({
        ok: false,
        code: 'ipc/invalid-argument',
      });
    }
    expect(calls).toEqual([]);
  });

  it('turns a throwing handler into internal/unexpected without its message', async () => {
    const { ipc } = setup({
      'secret:set': async () => {
        throw new Error('EACCES: /home/zhangsan/.config/yizhan/secrets');
      },
    });
    const reply = await ipc.invoke('secret:set', fromApp(), { key: 'district-credential', value: 'v' });
    expect(reply).toEqual({ ok: false, code: 'internal/unexpected' });
    expect(JSON.stringify(reply)).not.toContain('zhangsan');
  });

  it('refuses a reply that breaks the contract, and strips undeclared fields from one that keeps it', async () => {
    const offContract = setup({
      // @ts-expect-error deliberately off-contract
      'secret:get': async () => ({ ok: true, value: 42 }),
    });
    await expect(offContract.ipc.invoke('secret:get', fromApp(), { key: 'district-credential' })).resolves.toEqual({
      ok: false,
      code: 'internal/unexpected',
    });

    const leaky = setup({
      'print:list-printers': async () =>
        ({ ok: true, value: [{ name: 'P', displayName: 'P', description: '', options: { 'printer-uri': 'ipp://10.0.0.9' } }] }) as never,
    });
    await expect(leaky.ipc.invoke('print:list-printers', fromApp())).resolves.toEqual({
      ok: true,
      value: [{ name: 'P', displayName: 'P', description: '' }],
    });
  });

  it('passes handler failure codes through unchanged', async () => {
    const { ipc } = setup({ 'secret:get': async () => ({ ok: false, code: 'secret/encryption-unavailable' }) });
    await expect(ipc.invoke('secret:get', fromApp(), { key: 'district-credential' })).resolves.toEqual({
      ok: false,
      code: 'secret/encryption-unavailable',
    });
  });
});
