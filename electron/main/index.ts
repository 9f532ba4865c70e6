// The main process: lifecycle, one window, and the security wiring. Decisions live in the pure modules
// beside this file (tested without Electron); this file only connects them to Electron's events.
import { join } from 'node:path';
import { BrowserWindow, Menu, app, ipcMain, session, type WebContents } from 'electron';
import { buildCsp, serverOrigin, withCspHeader } from './csp';
import { electronIpcHandlers } from './ipc-handlers';
import { registerIpcHandlers } from './ipc-register';
import { devServerOrigin, isAppUrl, isPermissionAllowed, windowOpenDecision, type AppLocation } from './navigation';
import { mainWindowOptions } from './window-options';

// Bundled to dist/electron/main.cjs, next to preload.cjs; vite builds the renderer into dist/renderer.
const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, 'preload.cjs');

// Lets e2e runs use a throwaway profile (house-style: each test its own data directory). Unpackaged only.
if (!app.isPackaged && process.env.YIZHAN_USER_DATA_DIR) app.setPath('userData', process.env.YIZHAN_USER_DATA_DIR);

const devOrigin = devServerOrigin(process.env.YIZHAN_DEV_URL, app.isPackaged);
const location: AppLocation = devOrigin ? { kind: 'dev', origin: devOrigin } : { kind: 'file', rendererDir };
// Configured per installation; the sync settings are expected to provide it once they exist.
const districtOrigin = serverOrigin(process.env.YIZHAN_DISTRICT_URL);

let mainWindow: BrowserWindow | null = null;

// Sandbox every renderer, including any created by code that forgets to ask for it.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second click on the desktop icon: the first instance focuses its window (below) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => {
    console.error('[yizhan] startup failed', error instanceof Error ? error.name : typeof error);
    app.exit(1);
  });
}

function start(): void {
  const policy = buildCsp({ delivery: 'header', districtOrigin, devServerOrigin: devOrigin });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, location));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, location),
  );

  registerIpcHandlers(ipcMain, electronIpcHandlers(), {
    isTrustedUrl: (url) => isAppUrl(url, location),
    // Channel and code only: arguments may contain resident data.
    onRejected: (channel, code, error) =>
      console.warn(`[yizhan] ipc ${channel} → ${code}`, error instanceof Error ? error.name : ''),
  });

  // The default menu's reload and devtools accelerators have no place at a counter.
  if (app.isPackaged) Menu.setApplicationMenu(null);
  createWindow();
}

function createWindow(): void {
  const win = new BrowserWindow(mainWindowOptions({ preloadPath, devTools: !app.isPackaged }));
  mainWindow = win;
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  const loaded = devOrigin ? win.loadURL(devOrigin) : win.loadFile(join(rendererDir, 'index.html'));
  loaded.catch((error: unknown) => {
    console.error('[yizhan] renderer failed to load', error instanceof Error ? error.message : typeof error);
  });
}

/** Applied to every WebContents ever created, so no window or frame escapes the navigation rules. */
function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => windowOpenDecision());
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, location)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, location)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, location)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
