import { describe, expect, it } from 'vitest';
import { weekdayCalendar } from '@shared/domain/case/fake-calendar';
import { computeDailyLog } from '@shared/domain/daily-log/daily-log';
import { caseEvents, CLERKS, HALL, residentLookup, CASE_PATHS } from '@shared/domain/daily-log/log-fixtures';
import { LAYOUT, type LogTable } from './daily-log-pages';
import { dailyLogSections, rateLabel } from './daily-log-sections';
import { textUnits, unitsFor } from './fit-text';

function day(count: number, handoverNotes?: string) {
  const events = Array.from({ length: count }, (_, i) =>
    caseEvents({
      n: i + 1,
      path: CASE_PATHS[i % CASE_PATHS.length] ?? 'on-the-spot',
      receivedAt: new Date(Date.parse('2026-11-20T01:00:00.000Z') + i * 5 * 60_000).toISOString(),
      clerk: CLERKS[i % 3] ?? CLERKS[0],
      rating: i % 4 === 0 ? { level: 'very-dissatisfied', reason: '窗口人员离岗时间过长，等候超过一个小时，希望改进'.repeat(2) } : { level: 'satisfied' },
    }),
  ).flat();
  return computeDailyLog({ date: '2026-11-20', hall: HALL, events, residents: residentLookup, calendar: weekdayCalendar(), ...(handoverNotes ? { handoverNotes } : {}) });
}

const tables = (count: number) => dailyLogSections(day(count)).filter((s): s is LogTable => s.kind === 'table');

describe('dailyLogSections', () => {
  it('cuts every cell and header to its column, but never a case number or ID number', () => {
    for (const table of tables(40)) {
      table.columns.forEach((col, c) => {
        expect(col.label.endsWith('…'), `header ${table.id}.${col.key} "${col.label}" was cut`).toBe(false);
        expect(textUnits(col.label)).toBeLessThanOrEqual(unitsFor(col.widthMm, LAYOUT.headFontPt, LAYOUT.cellPaddingMm));
        const capacity = unitsFor(col.widthMm, col.mono ? LAYOUT.monoFontPt : LAYOUT.fontPt, LAYOUT.cellPaddingMm);
        for (const row of table.rows) {
          const cell = row[c] ?? '';
          expect(textUnits(cell), `${table.id}.${col.key} "${cell}"`).toBeLessThanOrEqual(capacity);
          if (col.mono) expect(cell.endsWith('…'), `${table.id}.${col.key} "${cell}" was cut`).toBe(false);
        }
      });
    }
  });

  it('cuts a long 差评 reason instead of wrapping it', () => {
    const ratings = tables(8).find((t) => t.id === 'ratings');
    // Cases 0 and 4 get the long reason; case 4 is a withdrawn 补正 case, which cannot be rated.
    expect(ratings?.rows.length).toBe(1);
    expect(ratings?.rows[0]?.[4]).toMatch(/…$/);
  });

  it('has one register row per case received, and a "none" table rather than a missing one on an empty day', () => {
    expect(tables(30).find((t) => t.id === 'cases')?.rows).toHaveLength(30);
    const empty = tables(0);
    expect(empty.map((t) => t.id)).toEqual(['summary', 'by-status', 'by-triage', 'clerks', 'cases', 'overdue', 'pending', 'ratings']);
    expect(empty.find((t) => t.id === 'cases')?.rows).toEqual([]);
  });

  it('numbers the sections in Chinese and ends with the handover notes and the signatures', () => {
    const sections = dailyLogSections(day(3, '3号窗口打印机缺纸，已报修。'));
    expect(sections[0]?.kind === 'table' && sections[0].title).toBe('一、总体情况');
    expect(sections.at(-2)).toMatchObject({ kind: 'lines', lines: ['3号窗口打印机缺纸，已报修。'] });
    expect(sections.at(-1)?.kind).toBe('signatures');
    // Without notes, blank lines to write on.
    expect(dailyLogSections(day(3)).at(-2)).toMatchObject({ kind: 'lines', lines: ['', '', ''] });
  });

  it('writes a rate as percent with its fraction, and a dash when nothing counts', () => {
    expect(rateLabel({ numerator: 4, denominator: 5 })).toBe('80.0%（4/5）');
    expect(rateLabel({ numerator: 0, denominator: 0 })).toBe('—');
  });
});
