// The lifecycle glue in index.ts, run against a stand-in for the `electron` module (the binary is not
// needed). The decisions themselves are tested in their own modules; this checks they are wired in.
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '@shared/ipc-channels';

type Fn = (...args: never[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    lock: true,
    packaged: false,
    appListeners: new Map<string, Fn>(),
    ready: null as null | (() => void),
    handles: new Map<string, Fn>(),
    headers: null as null | Fn,
    permissionRequest: null as null | Fn,
    windows: [] as { options: Record<string, unknown>; loaded: string[]; listeners: Map<string, Fn>; calls: string[] }[],
    calls: [] as string[],
    menu: undefined as unknown,
  };
  class BrowserWindow {
    entry;
    constructor(options: Record<string, unknown>) {
      this.entry = { options, loaded: [] as string[], listeners: new Map<string, Fn>(), calls: [] as string[] };
      state.windows.push(this.entry);
    }
    on(name: string, fn: Fn) {
      this.entry.listeners.set(name, fn);
      return this;
    }
    once(name: string, fn: Fn) {
      return this.on(name, fn);
    }
    loadFile(path: string) {
      this.entry.loaded.push(`file:${path}`);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.entry.loaded.push(`url:${url}`);
      return Promise.resolve();
    }
    isMinimized() {
      return true;
    }
    restore() {
      this.entry.calls.push('restore');
    }
    show() {
      this.entry.calls.push('show');
    }
    focus() {
      this.entry.calls.push('focus');
    }
  }
  const electron = {
    app: {
      get isPackaged() {
        return state.packaged;
      },
      enableSandbox: () => state.calls.push('enableSandbox'),
      requestSingleInstanceLock: () => state.lock,
      quit: () => state.calls.push('quit'),
      exit: () => state.calls.push('exit'),
      on: (name: string, fn: Fn) => state.appListeners.set(name, fn),
      setPath: (name: string, value: string) => state.calls.push(`setPath:${name}:${value}`),
      getPath: (name: string) => `/tmp/fake-${name}`,
      getName: () => 'yizhan',
      getVersion: () => '0.1.0',
      whenReady: () =>
        new Promise<void>((resolve) => {
          state.ready = resolve;
        }),
    },
    ipcMain: { handle: (channel: string, fn: Fn) => state.handles.set(channel, fn) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: Fn) => (state.headers = fn) },
        setPermissionRequestHandler: (fn: Fn) => (state.permissionRequest = fn),
        setPermissionCheckHandler: () => undefined,
      },
    },
    Menu: { setApplicationMenu: (menu: unknown) => (state.menu = menu) },
    BrowserWindow,
    dialog: {},
    safeStorage: {},
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

async function boot(opts: { lock?: boolean; packaged?: boolean; env?: Record<string, string> } = {}) {
  Object.assign(fake.state, {
    lock: opts.lock ?? true,
    packaged: opts.packaged ?? false,
    appListeners: new Map(),
    ready: null,
    handles: new Map(),
    headers: null,
    permissionRequest: null,
    windows: [],
    calls: [],
    menu: undefined,
  });
  for (const [k, v] of Object.entries(opts.env ?? {})) vi.stubEnv(k, v);
  vi.resetModules();
  await import('./index');
  if (fake.state.ready) {
    fake.state.ready();
    await new Promise((r) => setTimeout(r, 0));
  }
  return fake.state;
}

function fakeContents() {
  const listeners = new Map<string, Fn>();
  let openHandler: Fn | null = null;
  return {
    listeners,
    open: () => openHandler?.(),
    setWindowOpenHandler: (fn: Fn) => (openHandler = fn),
    on(name: string, fn: Fn) {
      listeners.set(name, fn);
      return this;
    },
  };
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('main process wiring', () => {
  it('sandboxes, takes the single-instance lock, and opens one hardened window on the built renderer', async () => {
    const state = await boot();
    expect(state.calls).toContain('enableSandbox');
    expect(state.windows).toHaveLength(1);
    const win = state.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect((win.options.webPreferences as { preload: string }).preload).toMatch(/preload\.cjs$/);
    expect(win.loaded).toHaveLength(1);
    expect(win.loaded[0]).toMatch(/^file:.*[/\\]renderer[/\\]index\.html$/);
  });

  it('registers every IPC channel, and refuses a caller outside the app', async () => {
    const state = await boot();
    expect([...state.handles.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    const reply = await (state.handles.get('app:info') as (e: unknown) => Promise<unknown>)({
      senderFrame: { url: 'https://evil.example/', parent: null },
    });
    expect(reply).toEqual({ ok: false, code: 'ipc/untrusted-sender' });
  });

  it('puts the CSP on responses, with the configured district origin', async () => {
    const state = await boot({ env: { YIZHAN_DISTRICT_URL: 'https://yz.example.gov.cn/api' } });
    let out: { responseHeaders: Record<string, string[]> } | undefined;
    (state.headers as (d: unknown, cb: (r: typeof out) => void) => void)({ responseHeaders: {} }, (r) => (out = r));
    const policy = out?.responseHeaders['Content-Security-Policy']?.[0] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self' https://yz.example.gov.cn;");
  });

  it('denies window.open, foreign navigation, redirects and webviews on every web contents', async () => {
    const state = await boot();
    const contents = fakeContents();
    (state.appListeners.get('web-contents-created') as (e: unknown, c: unknown) => void)({}, contents);
    expect(contents.open()).toEqual({ action: 'deny' });

    const attempt = (name: string, ...args: unknown[]) => {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      (contents.listeners.get(name) as (...a: unknown[]) => void)(event, ...args);
      return event.prevented;
    };
    const appUrl = pathToFileURL(`${String((state.windows[0]!.loaded[0] ?? '').slice('file:'.length))}`).href;
    expect(attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-navigate', appUrl)).toBe(false);
    expect(attempt('will-redirect', 'https://example.com/')).toBe(true);
    expect(attempt('will-attach-webview')).toBe(true);
    const frameEvent = { url: 'file:///etc/passwd', prevented: false, preventDefault() { this.prevented = true; } };
    (contents.listeners.get('will-frame-navigate') as (e: unknown) => void)(frameEvent);
    expect(frameEvent.prevented).toBe(true);
  });

  it('denies permission requests other than clipboard writes', async () => {
    const state = await boot();
    const decide = (permission: string, url: string) =>
      new Promise<boolean>((resolve) =>
        (state.permissionRequest as (...a: unknown[]) => void)({}, permission, resolve, { requestingUrl: url }),
      );
    const appUrl = pathToFileURL((state.windows[0]!.loaded[0] ?? '').slice('file:'.length)).href;
    await expect(decide('media', appUrl)).resolves.toBe(false);
    await expect(decide('clipboard-sanitized-write', appUrl)).resolves.toBe(true);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const state = await boot();
    (state.appListeners.get('second-instance') as () => void)();
    expect(state.windows[0]!.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('quits at once without the lock, creating no window', async () => {
    const state = await boot({ lock: false });
    expect(state.calls).toContain('quit');
    expect(state.ready).toBeNull();
    expect(state.windows).toEqual([]);
  });

  it('loads the dev server only unpackaged, and drops the menu only packaged', async () => {
    const dev = await boot({ env: { YIZHAN_DEV_URL: 'http://localhost:5173/' } });
    expect(dev.windows[0]!.loaded).toEqual(['url:http://localhost:5173']);
    expect(dev.menu).toBeUndefined();

    const packaged = await boot({ packaged: true, env: { YIZHAN_DEV_URL: 'http://localhost:5173/', YIZHAN_USER_DATA_DIR: '/tmp/x' } });
    expect(packaged.windows[0]!.loaded[0]).toMatch(/^file:/);
    expect(packaged.menu).toBeNull();
    expect(packaged.calls.some((c) => c.startsWith('setPath'))).toBe(false);
    expect((packaged.windows[0]!.options.webPreferences as { devTools: boolean }).devTools).toBe(false);
  });
});
