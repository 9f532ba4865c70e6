/**
 * Pagination of the printed daily log, done here rather than by the browser.
 *
 * Why: the log must say "第 x 页 共 y 页" on every sheet. CSS `counter(page)`/`counter(pages)` in `@page` margin
 * boxes is not supported by Chromium's print, and only `page.pdf`'s header/footer templates know the page count —
 * `window.print()` and Electron's `webContents.print()` do not. So the log is laid out on a fixed grid (A4
 * portrait, every row of known height, long cells cut to fit, free text wrapped by `wrapText`), split into pages
 * here, and each page is rendered as its own block of fixed height that ends with a page break.
 *
 * Every height below is in millimetres and is also what the CSS uses (the component sets them inline from these
 * constants), so the plan and the print cannot drift apart.
 */

export const LAYOUT = {
  /** A page block: A4 (210 × 297) minus 15 mm margins, less 2 mm so a 10 mm-margin or rounding never spills. */
  pageWidthMm: 180,
  pageHeightMm: 265,
  firstHeaderMm: 30,
  headerMm: 12,
  footerMm: 9,
  /** Kept free at the bottom of the body for border widths and rounding. */
  slackMm: 2,
  sectionGapMm: 3,
  sectionTitleMm: 8,
  headRowMm: 7,
  rowMm: 6,
  noteMm: 6,
  lineMm: 6.5,
  signaturesMm: 26,
  fontPt: 8.5,
  headFontPt: 8,
  /** Case numbers and ID numbers: 24 and 18 characters that must never be cut. */
  monoFontPt: 7.5,
  notesFontPt: 9.5,
  /** Cell padding (0.8 mm a side) plus the borders and a little rounding: what text cannot use. */
  cellPaddingMm: 2.2,
} as const;

export type Align = 'left' | 'center' | 'right';

export type LogColumn = { key: string; label: string; widthMm: number; align?: Align; mono?: boolean };

export type LogTable = {
  kind: 'table';
  id: string;
  title: string;
  columns: LogColumn[];
  /** Cell texts already cut to fit (see fit-text.ts). */
  rows: string[][];
  /** Shown as the only row when there are none. */
  empty: string;
  /** One line printed under the last row. */
  note?: string;
};

export type LogLines = { kind: 'lines'; id: string; title: string; lines: string[] };

export type LogSignatures = { kind: 'signatures'; id: string };

export type LogSection = LogTable | LogLines | LogSignatures;

export type PageBlock =
  | { kind: 'table'; table: Omit<LogTable, 'rows' | 'note'>; continued: boolean; rows: string[][]; note?: string }
  | { kind: 'lines'; id: string; title: string; continued: boolean; lines: string[] }
  | { kind: 'signatures'; id: string };

export type LogPage = { number: number; blocks: PageBlock[] };

export function bodyHeightMm(first: boolean): number {
  return LAYOUT.pageHeightMm - (first ? LAYOUT.firstHeaderMm : LAYOUT.headerMm) - LAYOUT.footerMm - LAYOUT.slackMm;
}

/** Height a block takes on the page, as the CSS draws it. */
export function blockHeightMm(block: PageBlock): number {
  const top = LAYOUT.sectionGapMm + (block.kind === 'signatures' ? 0 : LAYOUT.sectionTitleMm);
  switch (block.kind) {
    case 'table':
      return top + LAYOUT.headRowMm + block.rows.length * LAYOUT.rowMm + (block.note !== undefined ? LAYOUT.noteMm : 0);
    case 'lines':
      return top + block.lines.length * LAYOUT.lineMm;
    case 'signatures':
      return top + LAYOUT.signaturesMm;
  }
}

/**
 * Lays sections out page after page. A table or text that does not fit continues on the next page under its title
 * (marked 续) and, for a table, its header row again; a title is never left at the bottom of a page without at
 * least one row under it, a table's note stays with its last row, and the signature block is never split.
 */
export function paginate(sections: readonly LogSection[]): LogPage[] {
  const pages: LogPage[] = [{ number: 1, blocks: [] }];
  let remaining = bodyHeightMm(true);
  const current = () => pages[pages.length - 1] as LogPage;
  const newPage = () => {
    pages.push({ number: pages.length + 1, blocks: [] });
    remaining = bodyHeightMm(false);
  };
  const place = (block: PageBlock) => {
    current().blocks.push(block);
    remaining -= blockHeightMm(block);
  };

  for (const section of sections) {
    if (section.kind === 'signatures') {
      if (remaining < LAYOUT.sectionGapMm + LAYOUT.signaturesMm) newPage();
      place({ kind: 'signatures', id: section.id });
      continue;
    }

    if (section.kind === 'table') {
      const { rows, note, ...table } = section;
      const items = rows.length > 0 ? rows : [[section.empty]];
      const fixedMm = LAYOUT.sectionGapMm + LAYOUT.sectionTitleMm + LAYOUT.headRowMm;
      split(items, LAYOUT.rowMm, fixedMm, note !== undefined ? LAYOUT.noteMm : 0, (slice, continued, last) =>
        place({ kind: 'table', table, continued, rows: slice, ...(last && note !== undefined ? { note } : {}) }),
      );
    } else {
      split(section.lines, LAYOUT.lineMm, LAYOUT.sectionGapMm + LAYOUT.sectionTitleMm, 0, (slice, continued) =>
        place({ kind: 'lines', id: section.id, title: section.title, continued, lines: slice }),
      );
    }
  }

  /** Deals `items` out over as many pages as they need, at least one item under each title. */
  function split<T>(items: readonly T[], itemMm: number, fixedMm: number, noteMm: number, emit: (slice: T[], continued: boolean, last: boolean) => void) {
    let next = 0;
    let continued = false;
    while (next < items.length) {
      let take = Math.min(items.length - next, Math.floor((remaining - fixedMm) / itemMm));
      // The note goes with the last row: if both do not fit, hold a row back for the next page.
      if (take > 0 && next + take === items.length && remaining - fixedMm - take * itemMm < noteMm) take -= 1;
      if (take <= 0) {
        if (current().blocks.length === 0) throw new Error('a page cannot hold one row: check LAYOUT');
        newPage();
        continue;
      }
      const slice = items.slice(next, next + take);
      next += take;
      emit(slice, continued, next === items.length);
      continued = true;
      if (next < items.length) newPage();
    }
  }
  return pages;
}
