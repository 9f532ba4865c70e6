import type { PrintToPDFOptions, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { fail, ok, type IpcParsedRequest, type IpcResponse } from '@shared/ipc';
import { pdfPageOptions } from './page-size';

export interface PdfTarget {
  printToPDF(options: PrintToPDFOptions): Promise<Uint8Array>;
}

export interface PdfDeps {
  /** The save dialog, parented to the sender's window by the caller. */
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Folder the dialog opens in (the user's Documents). */
  defaultDir: string;
  joinPath(dir: string, name: string): string;
}

export function pdfFileName(suggestedName: string): string {
  return /\.pdf$/i.test(suggestedName) ? suggestedName : `${suggestedName}.pdf`;
}

/**
 * Asks where first, then renders: a clerk who cancels costs nothing. The path written is the one the clerk
 * picked in the OS dialog, never one from the renderer, which only suggests a file name.
 */
export async function saveCurrentViewAsPdf(
  request: IpcParsedRequest<'pdf:save-current-view'>,
  target: PdfTarget,
  deps: PdfDeps,
): Promise<IpcResponse<'pdf:save-current-view'>> {
  const choice = await deps.showSaveDialog({
    title: '保存为 PDF',
    defaultPath: deps.joinPath(deps.defaultDir, pdfFileName(request.suggestedName)),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return ok({ status: 'cancelled' });
  try {
    const data = await target.printToPDF({ printBackground: true, ...pdfPageOptions(request.pageSize) });
    await deps.writeFile(choice.filePath, data);
  } catch {
    // Unwritable folder, full disk, or a render failure: the clerk can retry elsewhere.
    return fail('pdf/failed');
  }
  return ok({ status: 'saved', path: choice.filePath });
}
