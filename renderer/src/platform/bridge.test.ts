import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, bridgePath } from '@shared/ipc-channels';
import { BROWSER_SAVE_PDF_HINT, createPlatform, detectBridge } from './bridge';

/** A bridge shaped like the preload's, answering each channel with a canned reply. */
function fakeBridge(reply: (channel: string, request: unknown) => unknown = () => ({ ok: true, value: null })) {
  const calls: [string, unknown][] = [];
  const bridge: Record<string, Record<string, (r?: unknown) => Promise<unknown>>> = {};
  for (const channel of IPC_CHANNELS) {
    const [domain, method] = bridgePath(channel);
    (bridge[domain] ??= {})[method] = async (request?: unknown) => {
      calls.push([channel, request]);
      return reply(channel, request);
    };
  }
  return { bridge, calls };
}

describe('detectBridge', () => {
  it('present only when every channel is a function', () => {
    expect(detectBridge(fakeBridge().bridge).status).toBe('present');
    expect(detectBridge(undefined)).toEqual({ status: 'absent', bridge: null });
    expect(detectBridge('yizhan').status).toBe('malformed');
    const { bridge } = fakeBridge();
    delete bridge.secret!.delete;
    expect(detectBridge(bridge)).toEqual({ status: 'malformed', bridge: null });
    expect(detectBridge({ ...fakeBridge().bridge, print: { currentView: 'not a function', listPrinters: () => 0 } }).status).toBe('malformed');
  });
});

describe('platform inside Electron', () => {
  it('calls the bridge and returns its reply', async () => {
    const { bridge, calls } = fakeBridge((channel) =>
      channel === 'print:current-view' ? { ok: true, value: { outcome: 'printed' } } : { ok: true, value: 'stored' },
    );
    const print = vi.fn();
    const platform = createPlatform({ yizhan: bridge, print });
    expect(platform.kind).toBe('electron');
    await expect(platform.printCurrentView({ mode: 'silent', printer: 'XP-80C', pageSize: '80mm' })).resolves.toEqual({
      ok: true,
      value: { outcome: 'printed' },
    });
    await expect(platform.secret.get('district-credential')).resolves.toEqual({ ok: true, value: 'stored' });
    await platform.secret.set('district-credential', 'tok');
    expect(calls).toEqual([
      ['print:current-view', { mode: 'silent', printer: 'XP-80C', pageSize: '80mm' }],
      ['secret:get', { key: 'district-credential' }],
      ['secret:set', { key: 'district-credential', value: 'tok' }],
    ]);
    expect(print).not.toHaveBeenCalled();
  });

  it('turns a rejected invoke into internal/unexpected', async () => {
    const { bridge } = fakeBridge(() => {
      throw new Error("No handler registered for 'app:info'");
    });
    await expect(createPlatform({ yizhan: bridge }).appInfo()).resolves.toEqual({ ok: false, code: 'internal/unexpected' });
  });
});

describe('platform in a plain browser', () => {
  it('prints through the browser dialog and says so', async () => {
    const print = vi.fn();
    const platform = createPlatform({ print });
    expect(platform.kind).toBe('browser');
    expect(platform.bridgeStatus).toBe('absent');
    await expect(platform.printCurrentView({ mode: 'silent', pageSize: '80mm' })).resolves.toEqual({
      ok: true,
      value: { outcome: 'browser-dialog' },
    });
    expect(print).toHaveBeenCalledTimes(1);
    await expect(platform.listPrinters()).resolves.toEqual({ ok: true, value: [] });
  });

  it('saves a PDF via the print dialog, titled with the suggested name while it is open', async () => {
    const document = { title: '一站' };
    const titles: string[] = [];
    const platform = createPlatform({ print: () => titles.push(document.title), document });
    await expect(platform.savePdf({ suggestedName: '受理回执-000123.pdf', pageSize: 'A4' })).resolves.toEqual({
      ok: true,
      value: { status: 'browser-dialog' },
    });
    expect(titles).toEqual(['受理回执-000123']);
    expect(document.title).toBe('一站');
    expect(BROWSER_SAVE_PDF_HINT).toContain('另存为 PDF');
  });

  it('has no secure storage, and does not pretend to', async () => {
    const platform = createPlatform({ print: () => undefined });
    for (const result of [
      await platform.secret.set('district-credential', 'tok'),
      await platform.secret.get('district-credential'),
      await platform.secret.delete('district-credential'),
    ]) {
      expect(result).toEqual({ ok: false, code: 'platform/no-secure-storage' });
    }
  });

  it('treats a malformed bridge as a browser, and reports it', () => {
    const platform = createPlatform({ yizhan: { app: {} }, print: () => undefined });
    expect(platform.kind).toBe('browser');
    expect(platform.bridgeStatus).toBe('malformed');
  });
});
