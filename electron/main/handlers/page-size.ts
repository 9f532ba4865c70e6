import type { Margins, PrintToPDFOptions, WebContentsPrintOptions } from 'electron';
import type { PageSize } from '@shared/ipc';

// A receipt roll has no fixed length; one A4 length per page lets a long receipt continue on the roll
// instead of being scaled down to fit. The print view's own `@page` CSS can still shorten it.
const RECEIPT = { widthMm: 80, heightMm: 297 };
const MM_PER_INCH = 25.4;

/** `webContents.print` takes custom sizes in microns. */
export function printPageOptions(size: PageSize): Pick<WebContentsPrintOptions, 'pageSize' | 'margins'> {
  if (size === 'A4') return { pageSize: 'A4', margins: { marginType: 'default' } };
  return {
    pageSize: { width: RECEIPT.widthMm * 1000, height: RECEIPT.heightMm * 1000 },
    // Thermal heads cannot print to the edge anyway; the printer's own printable area is the margin.
    margins: { marginType: 'none' },
  };
}

/** `webContents.printToPDF` takes custom sizes and margins in inches, and ignores `marginType`. */
export function pdfPageOptions(size: PageSize): Pick<PrintToPDFOptions, 'pageSize' | 'margins'> {
  if (size === 'A4') return { pageSize: 'A4', margins: inches(10) };
  return {
    pageSize: { width: RECEIPT.widthMm / MM_PER_INCH, height: RECEIPT.heightMm / MM_PER_INCH },
    margins: inches(2),
  };
}

function inches(mm: number): Margins {
  const v = mm / MM_PER_INCH;
  return { top: v, bottom: v, left: v, right: v };
}
