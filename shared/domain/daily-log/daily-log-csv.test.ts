import { describe, expect, it } from 'vitest';
import { weekdayCalendar } from '../case/fake-calendar';
import { computeDailyLog } from './daily-log';
import { csvCell, DAILY_LOG_CSV_COLUMNS, dailyLogCsv, dailyLogFileName } from './daily-log-csv';
import { caseEvents, CLERKS, HALL, residentLookup } from './log-fixtures';

const [LI, WANG] = CLERKS;

/** A minimal RFC 4180 reader, to check the writer by reading its output back rather than by its own rules. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) throw new Error('file does not end with CRLF');
  return rows;
}

function log() {
  const events = [
    ...caseEvents({ n: 1, path: 'on-the-spot', receivedAt: '2026-11-20T01:00:00.000Z', clerk: LI }),
    ...caseEvents({ n: 2, path: 'notice-pending', receivedAt: '2026-11-20T02:00:00.000Z', clerk: WANG }),
  ];
  // A hostile matter name: a formula, a quote, a comma and a line break.
  const hostile = events.map((e) =>
    e.type === 'received' && e.payload.caseNumber.endsWith('0002') ? { ...e, payload: { ...e.payload, matterName: '=HYPERLINK("http://x","点我"),\n第二行' } } : e,
  );
  return computeDailyLog({ date: '2026-11-20', hall: HALL, events: hostile, residents: residentLookup, calendar: weekdayCalendar() });
}

describe('dailyLogCsv', () => {
  it('starts with a BOM, ends every line with CRLF and has one row per case under the header', () => {
    const csv = dailyLogCsv(log());
    expect(csv.startsWith('\uFEFF序号,受理时间,办件编号')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/\r(?!\n)/);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...DAILY_LOG_CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['1', '2026-11-20 09:00', 'GL0301-W01-20261120-0001', 'W01', '欧**', '110105********0026', '否', 'RS-005', '就业创业证申领', '居务', '即办', '已办结', '是', '李娜']);
  });

  it('quotes and neutralises a hostile cell so it reads back as text, not a formula', () => {
    const rows = parseCsv(dailyLogCsv(log()).slice(1));
    expect(rows[2]?.[8]).toBe(`'=HYPERLINK("http://x","点我"),\n第二行`);
    expect(rows[2]?.every((cell) => !/^[=+\-@]/.test(cell))).toBe(true);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['a"b', '"a""b"'],
    ['a,b', '"a,b"'],
    ['普通文字', '普通文字'],
    [12, '12'],
  ])('csvCell(%j) → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('names the file after hall, date, shift and counter', () => {
    const day = log();
    expect(dailyLogFileName(day, 'csv')).toBe('工作日志-GL0301-2026-11-20.csv');
    expect(dailyLogFileName({ ...day, shift: { from: '08:30', to: '12:00' }, workstation: { id: 'ws-1', code: 'W01' } }, 'pdf')).toBe('工作日志-GL0301-2026-11-20-0830-1200-W01.pdf');
  });
});
