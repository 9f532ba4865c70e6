import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BrowserWindow, app, dialog, safeStorage, type IpcMainInvokeEvent } from 'electron';
import type { IpcHandlers } from './ipc-register';
import { appInfo } from './handlers/app-info';
import { listPrinters, printCurrentView } from './handlers/print';
import { saveCurrentViewAsPdf } from './handlers/pdf';
import { createSecretHandlers, isSecureStorageAvailable } from './handlers/secret';
import { secretFiles } from './handlers/secret-files';

/**
 * Binds each handler to the real Electron APIs. Printing and PDF act on `event.sender`, the contents that
 * asked, so a page can only ever print itself. Call after `app` is ready (safeStorage needs it on Linux).
 */
export function electronIpcHandlers(): IpcHandlers<IpcMainInvokeEvent> {
  const secrets = createSecretHandlers(safeStorage, secretFiles(join(app.getPath('userData'), 'secrets')), process.platform);
  return {
    'app:info': () =>
      appInfo({
        name: app.getName(),
        version: app.getVersion(),
        packaged: app.isPackaged,
        platform: process.platform,
        arch: process.arch,
        versions: process.versions,
        secureStorage: () => isSecureStorageAvailable(safeStorage, process.platform),
      }),
    'print:current-view': (request, event) => printCurrentView(request, event.sender),
    'print:list-printers': (_request, event) => listPrinters(event.sender),
    'pdf:save-current-view': (request, event) =>
      saveCurrentViewAsPdf(request, event.sender, {
        showSaveDialog: (options) => {
          const owner = BrowserWindow.fromWebContents(event.sender);
          return owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options);
        },
        writeFile: (path, data) => writeFile(path, data),
        defaultDir: app.getPath('documents'),
        joinPath: join,
      }),
    'secret:set': (request) => secrets.set(request),
    'secret:get': (request) => secrets.get(request),
    'secret:delete': (request) => secrets.delete(request),
  };
}
