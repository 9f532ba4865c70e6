import type { PrinterInfo, WebContentsPrintOptions } from 'electron';
import { PrinterNameSchema, fail, ok, type IpcParsedRequest, type IpcResponse, type Printer } from '@shared/ipc';
import { printPageOptions } from './page-size';

/** The part of `WebContents` printing needs; the sender's own contents, so a page prints only itself. */
export interface PrintTarget {
  print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  getPrintersAsync(): Promise<PrinterInfo[]>;
}

export async function printCurrentView(
  request: IpcParsedRequest<'print:current-view'>,
  target: PrintTarget,
): Promise<IpcResponse<'print:current-view'>> {
  // Chromium silently falls back to the default printer on an unknown deviceName; a receipt coming out of
  // the A4 printer in the back office is worse than an error the clerk can act on.
  if (request.printer !== undefined) {
    const printers = await target.getPrintersAsync();
    if (!printers.some((p) => p.name === request.printer)) return fail('print/printer-not-found');
  }
  const options: WebContentsPrintOptions = {
    silent: request.mode === 'silent',
    printBackground: true,
    copies: request.copies ?? 1,
    ...printPageOptions(request.pageSize),
    ...(request.printer !== undefined ? { deviceName: request.printer } : {}),
  };
  const [success, reason] = await new Promise<[boolean, string]>((resolve) => {
    target.print(options, (s, r) => resolve([s, r]));
  });
  return printOutcome(success, reason);
}

/**
 * `success` means the job reached the spooler, not that paper came out. Electron reports a dialog the clerk
 * closed as a failure ("Print job canceled"); that is a choice, not an error.
 */
export function printOutcome(success: boolean, failureReason: string): IpcResponse<'print:current-view'> {
  if (success) return ok({ outcome: 'printed' });
  if (/cancel/i.test(failureReason)) return ok({ outcome: 'cancelled' });
  return fail('print/failed');
}

export async function listPrinters(target: PrintTarget): Promise<IpcResponse<'print:list-printers'>> {
  const printers = await target.getPrintersAsync();
  // A driver with an odd name must not make the whole list fail the reply schema; it just cannot be chosen.
  const usable: Printer[] = printers
    .filter((p) => PrinterNameSchema.safeParse(p.name).success)
    .map((p) => ({ name: p.name, displayName: p.displayName || p.name, description: p.description ?? '' }));
  return ok(usable);
}
