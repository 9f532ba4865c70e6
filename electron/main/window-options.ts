import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The native window title. The page cannot change it (index.ts cancels `page-title-updated`). */
export const APP_TITLE = 'Yizhan 一站';

/**
 * Electron's security checklist, pinned explicitly rather than left to defaults so a future default
 * change or a copied snippet cannot quietly loosen it. The preload is the only bridge: no Node in any
 * renderer, frame or worker, and the sandbox stays on (house-style (f) 2: bundle the preload instead).
 */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Counter PCs are often offline; the Hunspell dictionary download would fail and ID numbers get underlined.
    spellcheck: false,
    devTools,
  };
}

export function mainWindowOptions(opts: { preloadPath: string; devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    title: APP_TITLE,
    width: 1440,
    height: 900,
    // Counter monitors in halls are commonly 1366×768.
    minWidth: 1280,
    minHeight: 720,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(opts.preloadPath, opts.devTools),
  };
}
