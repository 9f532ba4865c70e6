import { describe, expect, it } from 'vitest';
import { APP_TITLE, mainWindowOptions, secureWebPreferences } from './window-options';

describe('window options', () => {
  it('pins every isolation flag', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
  });

  it('turns devtools on only when asked', () => {
    expect(secureWebPreferences('/p', true).devTools).toBe(true);
  });

  it('builds the main window with those preferences, hidden until ready', () => {
    const options = mainWindowOptions({ preloadPath: '/p.cjs', devTools: false });
    expect(options.title).toBe(APP_TITLE);
    expect(options.show).toBe(false);
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs', false));
  });
});
