import { IPC_CHANNELS, bridgePath } from '@shared/ipc-channels';
import {
  fail,
  ok,
  type IpcResult,
  type IpcValue,
  type PrintRequest,
  type SavePdfRequest,
  type SecretKey,
  type YizhanBridge,
} from '@shared/ipc';

/**
 * The renderer's one door to the desktop shell. Inside Electron it calls `window.yizhan`; in a plain browser
 * (dev server, e2e in Chromium, a future web build) it degrades to what a browser can do, and says so in the
 * result so the UI can adjust its wording:
 *
 * - printing opens the browser's print dialog; `silent`, `printer` and `pageSize` cannot be honoured, so the
 *   print view's `@page` CSS must carry the paper size (outcome `browser-dialog`: printed or not is unknown);
 * - saving a PDF opens the same dialog with the document title set to the suggested name, which Chromium
 *   offers as the file name; show `BROWSER_SAVE_PDF_HINT` first, because `window.print()` blocks the page;
 * - printers cannot be listed: an empty list;
 * - secrets: a browser has no OS keyring, and localStorage/IndexedDB are readable by anyone with the profile,
 *   so nothing is stored: `platform/no-secure-storage`, and the caller asks for the credential each session.
 */

export type BridgeStatus = 'present' | 'absent' | 'malformed';

export type PlatformPrintOutcome = IpcValue<'print:current-view'>['outcome'] | 'browser-dialog';
export type PlatformPdfOutcome = IpcValue<'pdf:save-current-view'> | { status: 'browser-dialog' };

export const BROWSER_SAVE_PDF_HINT = '在打印对话框的"目标打印机"中选择"另存为 PDF"，再点"保存"。';

export interface Platform {
  /** `electron` when the preload bridge is usable; `browser` otherwise (including a malformed bridge). */
  readonly kind: 'electron' | 'browser';
  readonly bridgeStatus: BridgeStatus;
  appInfo(): Promise<IpcResult<IpcValue<'app:info'>>>;
  printCurrentView(request: PrintRequest): Promise<IpcResult<{ outcome: PlatformPrintOutcome }>>;
  listPrinters(): Promise<IpcResult<IpcValue<'print:list-printers'>>>;
  savePdf(request: SavePdfRequest): Promise<IpcResult<PlatformPdfOutcome>>;
  readonly secret: {
    set(key: SecretKey, value: string): Promise<IpcResult<null>>;
    get(key: SecretKey): Promise<IpcResult<string | null>>;
    delete(key: SecretKey): Promise<IpcResult<null>>;
  };
}

/** What the platform reads from the page's global scope; `window` in the app, a fake in tests. */
export interface PlatformHost {
  yizhan?: unknown;
  print?: () => void;
  document?: { title: string };
}

/**
 * `present` only when every channel of the contract is a function, so a preload from another build (a
 * mismatched update) is treated as no bridge at all rather than failing on the first missing method.
 */
export function detectBridge(candidate: unknown): { status: BridgeStatus; bridge: YizhanBridge | null } {
  if (candidate === undefined || candidate === null) return { status: 'absent', bridge: null };
  if (typeof candidate !== 'object') return { status: 'malformed', bridge: null };
  const complete = IPC_CHANNELS.every((channel) => {
    const [domain, method] = bridgePath(channel);
    const group = (candidate as Record<string, unknown>)[domain];
    return typeof group === 'object' && group !== null && typeof (group as Record<string, unknown>)[method] === 'function';
  });
  return complete ? { status: 'present', bridge: candidate as YizhanBridge } : { status: 'malformed', bridge: null };
}

/** An invoke that rejects (no handler in main, a torn-down window) becomes a code like any other failure. */
async function settle<T>(call: () => Promise<T>): Promise<T | { ok: false; code: 'internal/unexpected' }> {
  try {
    return await call();
  } catch {
    return { ok: false, code: 'internal/unexpected' };
  }
}

export function createPlatform(host: PlatformHost): Platform {
  const { status, bridge } = detectBridge(host.yizhan);
  if (bridge) return electronPlatform(bridge);
  return browserPlatform(host, status);
}

function electronPlatform(bridge: YizhanBridge): Platform {
  return {
    kind: 'electron',
    bridgeStatus: 'present',
    appInfo: () => settle(() => bridge.app.info()),
    printCurrentView: (request) => settle(() => bridge.print.currentView(request)),
    listPrinters: () => settle(() => bridge.print.listPrinters()),
    savePdf: (request) => settle(() => bridge.pdf.saveCurrentView(request)),
    secret: {
      set: (key, value) => settle(() => bridge.secret.set({ key, value })),
      get: (key) => settle(() => bridge.secret.get({ key })),
      delete: (key) => settle(() => bridge.secret.delete({ key })),
    },
  };
}

function browserPlatform(host: PlatformHost, status: BridgeStatus): Platform {
  const browserPrint = (): IpcResult<{ outcome: 'browser-dialog' }> => {
    if (!host.print) return fail('internal/unexpected');
    host.print();
    return ok({ outcome: 'browser-dialog' });
  };
  return {
    kind: 'browser',
    bridgeStatus: status,
    // App facts come from the Electron shell; a browser has none to report.
    appInfo: async () => fail('internal/unexpected'),
    printCurrentView: async () => browserPrint(),
    listPrinters: async () => ok([]),
    savePdf: async (request) => {
      const doc = host.document;
      const previous = doc?.title;
      if (doc) doc.title = request.suggestedName.replace(/\.pdf$/i, '');
      try {
        const printed = browserPrint();
        return printed.ok ? ok({ status: 'browser-dialog' }) : printed;
      } finally {
        if (doc && previous !== undefined) doc.title = previous;
      }
    },
    secret: {
      set: async () => fail('platform/no-secure-storage'),
      get: async () => fail('platform/no-secure-storage'),
      delete: async () => fail('platform/no-secure-storage'),
    },
  };
}

/** The app's platform, detected once: the preload runs before any page script, so the bridge is there or never. */
export const platform: Platform = createPlatform(globalThis as PlatformHost);
