import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bundledCalendar, loadCalendarYears } from './bundled-calendar';
import { createCalendar } from './calendar';
import { CalendarYearSchema, parseCalendarYear, type CalendarYear } from './calendar-year';
import { addDays } from './iso-date';

const calendar = bundledCalendar();

function dateOf(result: ReturnType<typeof calendar.addWorkingDays>): string | null {
  if (!result.ok) throw new Error(`expected a date, got ${JSON.stringify(result)}`);
  return result.date;
}

describe('bundled data against the 2026 State Council notice', () => {
  // Typed in from 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), independently of the generator's table.
  const off: [string, string][] = [
    ['2026-01-01', '2026-01-03'],
    ['2026-02-15', '2026-02-23'],
    ['2026-04-04', '2026-04-06'],
    ['2026-05-01', '2026-05-05'],
    ['2026-06-19', '2026-06-21'],
    ['2026-09-25', '2026-09-27'],
    ['2026-10-01', '2026-10-07'],
  ];
  const madeUp = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

  it('has every day off of each holiday block as a holiday', () => {
    for (const [from, to] of off) {
      for (let d = from; d <= to; d = addDays(d, 1)) {
        expect(calendar.isWorkingDay(d), d).toMatchObject({ known: true, working: false, reason: 'holiday' });
      }
    }
  });

  it('has exactly the announced make-up working days', () => {
    for (const d of madeUp) expect(calendar.isWorkingDay(d), d).toMatchObject({ working: true, reason: 'make-up-workday' });
    expect(calendar.yearData(2026)?.workdays.map((w) => w.date)).toEqual(madeUp);
  });

  it('covers 2024, 2025 and 2026 and nothing later', () => {
    expect(calendar.years).toEqual([2024, 2025, 2026]);
  });
});

describe('isWorkingDay', () => {
  it('tells ordinary weekdays, weekends, holidays and make-up days apart', () => {
    expect(calendar.isWorkingDay('2026-03-03')).toEqual({ known: true, working: true });
    expect(calendar.isWorkingDay('2026-03-07')).toEqual({ known: true, working: false, reason: 'weekend' });
    expect(calendar.isWorkingDay('2026-02-16')).toEqual({ known: true, working: false, reason: 'holiday', name: '春节' });
    expect(calendar.isWorkingDay('2026-02-14')).toEqual({
      known: true,
      working: true,
      reason: 'make-up-workday',
      name: '春节',
    });
    // A Sunday worked for New Year's Day.
    expect(calendar.isWorkingDay('2026-01-04')).toMatchObject({ working: true, name: '元旦' });
  });

  it('says unknown for a year without an announced arrangement instead of guessing from weekends', () => {
    expect(calendar.isWorkingDay('2027-03-03')).toEqual({ known: false, year: 2027 });
    expect(calendar.isWorkingDay('2023-06-01')).toEqual({ known: false, year: 2023 });
  });

  it('refuses malformed dates', () => {
    expect(() => calendar.isWorkingDay('2026-2-3')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('addWorkingDays around Spring Festival 2026', () => {
  it('counts the make-up Saturday 2/14, skips 2/15–2/23 and resumes on 2/24', () => {
    // 2/14 (1), 2/24 (2), 2/25 (3), 2/26 (4), 2/27 (5)
    expect(dateOf(calendar.addWorkingDays('2026-02-13', 5))).toBe('2026-02-27');
    expect(dateOf(calendar.addWorkingDays('2026-02-13', 1))).toBe('2026-02-14');
    expect(dateOf(calendar.addWorkingDays('2026-02-13', 2))).toBe('2026-02-24');
  });

  it('lands on the make-up Saturday 2/28 and then skips to Monday', () => {
    expect(dateOf(calendar.addWorkingDays('2026-02-13', 6))).toBe('2026-02-28');
    expect(dateOf(calendar.addWorkingDays('2026-02-13', 7))).toBe('2026-03-02');
  });

  it('does not count the day of acceptance, even when accepted on a working day', () => {
    expect(dateOf(calendar.addWorkingDays('2026-03-02', 1))).toBe('2026-03-03');
    expect(dateOf(calendar.addWorkingDays('2026-03-02', 0))).toBe('2026-03-02');
  });

  it('counts from the day after when accepted during the holiday', () => {
    expect(dateOf(calendar.addWorkingDays('2026-02-17', 1))).toBe('2026-02-24');
  });
});

describe('addWorkingDays around National Day 2026', () => {
  it('counts the make-up Sunday 9/20', () => {
    expect(dateOf(calendar.addWorkingDays('2026-09-18', 1))).toBe('2026-09-20');
    expect(dateOf(calendar.addWorkingDays('2026-09-18', 3))).toBe('2026-09-22');
  });

  it('skips Mid-Autumn 9/25–9/27 and National Day 10/1–10/7, then counts the make-up Saturday 10/10', () => {
    // 9/24 (1), 9/28 (2), 9/29 (3), 9/30 (4), 10/8 (5), 10/9 (6), 10/10 (7), 10/12 (8)
    expect(dateOf(calendar.addWorkingDays('2026-09-23', 5))).toBe('2026-10-08');
    expect(dateOf(calendar.addWorkingDays('2026-09-23', 7))).toBe('2026-10-10');
    expect(dateOf(calendar.addWorkingDays('2026-09-23', 8))).toBe('2026-10-12');
  });
});

describe('addWorkingDays at year boundaries and unknown years', () => {
  it('crosses from 2025 into 2026, skipping New Year and counting Sunday 1/4', () => {
    // 12/31 (1), 1/4 Sun (2), 1/5 (3)
    expect(dateOf(calendar.addWorkingDays('2025-12-30', 3))).toBe('2026-01-05');
  });

  it('finishes inside 2026 without needing 2027', () => {
    expect(dateOf(calendar.addWorkingDays('2026-12-28', 3))).toBe('2026-12-31');
  });

  it('reports the unknown year instead of guessing when the count reaches 2027', () => {
    expect(calendar.addWorkingDays('2026-12-28', 4)).toEqual({ ok: false, code: 'calendar/unknown-year', year: 2027 });
  });

  it('reports a malformed start or pause date', () => {
    expect(calendar.addWorkingDays('2026-02-30', 1)).toEqual({ ok: false, code: 'calendar/invalid-date', date: '2026-02-30' });
    expect(calendar.addWorkingDays('2026-03-02', 1, [{ from: '2026-03-05', to: '2026-03-04' }])).toMatchObject({
      code: 'calendar/invalid-date',
    });
  });

  it('rejects a negative or fractional count as a programming error', () => {
    expect(() => calendar.addWorkingDays('2026-03-02', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
  });
});

describe('pauses (补正)', () => {
  it('stops the clock for the pause, both ends included', () => {
    expect(dateOf(calendar.addWorkingDays('2026-03-02', 5))).toBe('2026-03-09');
    // 3/3 (1), paused 3/4–3/6, weekend, 3/9 (2), 3/10 (3), 3/11 (4), 3/12 (5)
    expect(dateOf(calendar.addWorkingDays('2026-03-02', 5, [{ from: '2026-03-04', to: '2026-03-06' }]))).toBe('2026-03-12');
  });

  it('has no date while an open pause has stopped the clock', () => {
    expect(calendar.addWorkingDays('2026-03-02', 5, [{ from: '2026-03-04' }])).toEqual({
      ok: true,
      date: null,
      pausedSince: '2026-03-04',
    });
  });

  it('ignores a pause that begins after the deadline', () => {
    expect(dateOf(calendar.addWorkingDays('2026-03-02', 5, [{ from: '2026-03-20' }]))).toBe('2026-03-09');
  });

  it('handles several pauses, overlapping ones too', () => {
    const pauses = [
      { from: '2026-03-03', to: '2026-03-04' },
      { from: '2026-03-04', to: '2026-03-05' },
      { from: '2026-03-10', to: '2026-03-10' },
    ];
    // 3/6 (1), 3/9 (2), 3/11 (3)
    expect(dateOf(calendar.addWorkingDays('2026-03-02', 3, pauses))).toBe('2026-03-11');
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (from, to]', () => {
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-27')).toEqual({ ok: true, days: 5 });
    expect(calendar.workingDaysBetween('2026-03-02', '2026-03-02')).toEqual({ ok: true, days: 0 });
  });

  it('is negative when the deadline has passed', () => {
    expect(calendar.workingDaysBetween('2026-02-27', '2026-02-13')).toEqual({ ok: true, days: -5 });
  });

  it('excludes pauses, and reports an unknown year', () => {
    expect(calendar.workingDaysBetween('2026-03-02', '2026-03-12', [{ from: '2026-03-04', to: '2026-03-06' }])).toEqual({
      ok: true,
      days: 5,
    });
    expect(calendar.workingDaysBetween('2026-12-30', '2027-01-05')).toEqual({
      ok: false,
      code: 'calendar/unknown-year',
      year: 2027,
    });
  });

  it('inverts addWorkingDays for any start in the known years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 3 - 120 }), fc.integer({ min: 0, max: 60 }), (offset, n) => {
        const start = addDays('2024-01-01', offset);
        const end = calendar.addWorkingDays(start, n);
        if (!end.ok || end.date === null) return false;
        const back = calendar.workingDaysBetween(start, end.date);
        return back.ok && back.days === n && calendar.isWorkingDay(end.date).known && (n === 0 || isWorking(end.date));
      }),
      { numRuns: 200 },
    );
  });
});

function isWorking(date: string): boolean {
  const wd = calendar.isWorkingDay(date);
  return wd.known && wd.working;
}

function year(overrides: Partial<CalendarYear> & { year: number }): CalendarYear {
  return { source: 'test', publishedAt: '2026-11-01T00:00:00Z', holidays: [], workdays: [], ...overrides };
}

describe('withYears (district server pushes a newer arrangement)', () => {
  const correction = year({
    year: 2026,
    source: '区政务服务中心更正',
    publishedAt: '2026-01-10T00:00:00Z',
    holidays: [...(calendar.yearData(2026)?.holidays ?? []), { date: '2026-03-03', name: '测试假日' }],
    workdays: calendar.yearData(2026)?.workdays ?? [],
  });

  it('replaces a year with a later publishedAt and leaves the original calendar unchanged', () => {
    const next = calendar.withYears([correction]);
    expect(next.isWorkingDay('2026-03-03')).toMatchObject({ working: false, name: '测试假日' });
    expect(next.yearData(2026)?.source).toBe('区政务服务中心更正');
    expect(calendar.isWorkingDay('2026-03-03')).toEqual({ known: true, working: true });
  });

  it('ignores an older version of a year it already has', () => {
    const stale = { ...correction, publishedAt: '2020-01-01T00:00:00Z' };
    expect(calendar.withYears([stale]).isWorkingDay('2026-03-03')).toEqual({ known: true, working: true });
  });

  it('adds a newly announced year, after which deadlines can cross into it', () => {
    const next = calendar.withYears([year({ year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }] })]);
    expect(next.years).toEqual([2024, 2025, 2026, 2027]);
    // 12/29 (1), 12/30 (2), 12/31 (3), 1/4 Mon (4): 1/1 holiday, 1/2–1/3 weekend.
    expect(dateOf(next.addWorkingDays('2026-12-28', 4))).toBe('2027-01-04');
  });

  it('takes the newest version when the same year is given twice at creation', () => {
    const a = year({ year: 2030, publishedAt: '2029-11-01T00:00:00Z', holidays: [{ date: '2030-01-02', name: 'A' }] });
    const b = year({ year: 2030, publishedAt: '2029-12-01T00:00:00Z', holidays: [{ date: '2030-01-03', name: 'B' }] });
    for (const order of [[a, b], [b, a]]) {
      const cal = createCalendar(order);
      expect(cal.isWorkingDay('2030-01-03')).toMatchObject({ working: false, name: 'B' });
      expect(cal.isWorkingDay('2030-01-02')).toEqual({ known: true, working: true });
    }
  });
});

describe('CalendarYearSchema', () => {
  it('accepts the shipped files', () => {
    expect(loadCalendarYears([calendar.yearData(2026)]).problems).toEqual([]);
  });

  it('rejects a make-up day on a weekday, a date of another year, a duplicate and an impossible date', () => {
    const cases: CalendarYear[] = [
      year({ year: 2026, workdays: [{ date: '2026-03-03', name: '春节' }] }),
      year({ year: 2026, holidays: [{ date: '2025-12-31', name: '元旦' }] }),
      year({
        year: 2026,
        holidays: [{ date: '2026-02-14', name: '春节' }],
        workdays: [{ date: '2026-02-14', name: '春节' }],
      }),
      year({ year: 2026, holidays: [{ date: '2026-02-30', name: '春节' }] }),
    ];
    for (const c of cases) expect(CalendarYearSchema.safeParse(c).success, JSON.stringify(c)).toBe(false);
  });

  it('requires a UTC publishedAt so versions compare correctly as strings', () => {
    expect(CalendarYearSchema.safeParse(year({ year: 2026, publishedAt: '2025-11-04T22:15:00+08:00' })).success).toBe(false);
  });

  it('reports a bad file with its year and the reason, keeping the good ones', () => {
    const report = loadCalendarYears([
      calendar.yearData(2025),
      { year: 2027, source: 'x', publishedAt: 'yesterday', holidays: [], workdays: [] },
    ]);
    expect(report.years.map((y) => y.year)).toEqual([2025]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ year: 2027 });
    expect(report.problems[0]?.reason).toContain('publishedAt');
    expect(parseCalendarYear('not json object')).toMatchObject({ ok: false, code: 'calendar/invalid-file', year: '?' });
  });
});
