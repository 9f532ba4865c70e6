import { describe, expect, it } from 'vitest';
import { blockHeightMm, bodyHeightMm, LAYOUT, paginate, type LogSection, type LogTable } from './daily-log-pages';

function tableOf(id: string, rows: number, note?: string): LogTable {
  return {
    kind: 'table',
    id,
    title: id,
    columns: [
      { key: 'a', label: 'A', widthMm: 90 },
      { key: 'b', label: 'B', widthMm: 90 },
    ],
    rows: Array.from({ length: rows }, (_, i) => [`${id}-${i + 1}`, 'x']),
    empty: '（无）',
    ...(note !== undefined ? { note } : {}),
  };
}

const rowsPerFreshPage = Math.floor((bodyHeightMm(false) - LAYOUT.sectionGapMm - LAYOUT.sectionTitleMm - LAYOUT.headRowMm) / LAYOUT.rowMm);

describe('paginate', () => {
  it('never puts more on a page than its body holds', () => {
    const sections: LogSection[] = [tableOf('summary', 6), tableOf('cases', 300, '另有 3 件'), { kind: 'lines', id: 'notes', title: 'notes', lines: Array(70).fill('x') }, { kind: 'signatures', id: 'signatures' }];
    const pages = paginate(sections);
    for (const page of pages) {
      const used = page.blocks.reduce((sum, b) => sum + blockHeightMm(b), 0);
      expect(used, `page ${page.number}`).toBeLessThanOrEqual(bodyHeightMm(page.number === 1));
    }
    expect(pages.map((p) => p.number)).toEqual(pages.map((_, i) => i + 1));
  });

  it('keeps every row, in order, exactly once', () => {
    const pages = paginate([tableOf('cases', 123)]);
    const rows = pages.flatMap((p) => p.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.map((r) => r[0]) : [])));
    expect(rows).toEqual(Array.from({ length: 123 }, (_, i) => `cases-${i + 1}`));
  });

  it('continues a long table on the next page under its title, marked continued, header included', () => {
    const pages = paginate([tableOf('cases', rowsPerFreshPage * 2)]);
    expect(pages.length).toBeGreaterThan(2);
    const blocks = pages.map((p) => p.blocks[0]);
    expect(blocks.map((b) => b?.kind === 'table' && b.continued)).toEqual([false, ...Array(pages.length - 1).fill(true)]);
    // A full middle page holds exactly the rows that fit a fresh page.
    expect(pages[1]?.blocks[0]?.kind === 'table' && pages[1].blocks[0].rows.length).toBe(rowsPerFreshPage);
  });

  it('moves a title to the next page rather than leaving it without a row', () => {
    // Fill page 1 so that the second table's title and header fit but no row does.
    const firstBody = bodyHeightMm(true);
    const fill = Math.floor((firstBody - LAYOUT.sectionGapMm - LAYOUT.sectionTitleMm - LAYOUT.headRowMm) / LAYOUT.rowMm);
    const pages = paginate([tableOf('a', fill - 3), tableOf('b', 4)]);
    const leftover = firstBody - (LAYOUT.sectionGapMm + LAYOUT.sectionTitleMm + LAYOUT.headRowMm + (fill - 3) * LAYOUT.rowMm);
    expect(leftover).toBeLessThan(LAYOUT.sectionGapMm + LAYOUT.sectionTitleMm + LAYOUT.headRowMm + LAYOUT.rowMm + 3 * LAYOUT.rowMm);
    for (const page of pages) for (const b of page.blocks) if (b.kind === 'table') expect(b.rows.length).toBeGreaterThan(0);
  });

  it('keeps a table’s note with its last row', () => {
    for (let rows = 1; rows < rowsPerFreshPage * 2; rows += 1) {
      const pages = paginate([tableOf('cases', rows, '另有 N 件')]);
      const lastBlock = pages.at(-1)?.blocks.at(-1);
      expect(lastBlock?.kind === 'table' && lastBlock.note).toBe('另有 N 件');
      expect(lastBlock?.kind === 'table' && lastBlock.rows.at(-1)?.[0]).toBe(`cases-${rows}`);
    }
  });

  it('prints an empty table as one "none" row', () => {
    const [page] = paginate([tableOf('ratings', 0)]);
    expect(page?.blocks[0]).toMatchObject({ kind: 'table', rows: [['（无）']] });
  });

  it('never splits the signature block', () => {
    for (let rows = 0; rows < rowsPerFreshPage + 40; rows += 1) {
      const pages = paginate([tableOf('cases', rows), { kind: 'signatures', id: 'signatures' }]);
      const last = pages.at(-1);
      const used = last?.blocks.reduce((sum, b) => sum + blockHeightMm(b), 0) ?? 0;
      expect(last?.blocks.at(-1)?.kind).toBe('signatures');
      expect(used).toBeLessThanOrEqual(bodyHeightMm(pages.length === 1));
    }
  });
});
