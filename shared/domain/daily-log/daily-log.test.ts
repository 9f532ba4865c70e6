import { describe, expect, it } from 'vitest';
import { weekdayCalendar } from '../case/fake-calendar';
import { foldEvents, type CaseState } from '../case/reducer';
import { isFinalBefore } from './case-as-of';
import { computeDailyLog, isOnTrack, type DailyLogInput } from './daily-log';
import { hallWindow } from './hall-window';
import { caseEvents, CLERKS, HALL, residentLookup, type CaseSpec } from './log-fixtures';

const [LI, WANG, ZHANG] = CLERKS;

/** Hall-local (UTC+8) time on a November 2026 day as a UTC instant. */
function hall(day: number, hhmm: string): string {
  return new Date(Date.parse(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00.000+08:00`)).toISOString();
}

const SPECS: CaseSpec[] = [
  { n: 1, path: 'on-the-spot', receivedAt: hall(20, '09:00'), clerk: LI, gaps: [1, 11], rating: { level: 'very-satisfied' } },
  { n: 2, path: 'on-the-spot', receivedAt: hall(20, '09:30'), clerk: LI, gaps: [1, 5, 1], rating: { level: 'dissatisfied', reason: '等候时间长' } },
  { n: 3, path: 'notice-pending', receivedAt: hall(20, '10:00'), clerk: WANG },
  // Received on the 20th, completed on the 22nd at another counter.
  { n: 4, path: 'completed-later', receivedAt: hall(20, '10:30'), clerk: WANG, laterClerk: ZHANG, gaps: [1, 2 * 24 * 60] },
  { n: 5, path: 'refused', receivedAt: hall(20, '11:00'), clerk: ZHANG },
  { n: 6, path: 'referred', receivedAt: hall(20, '14:00'), clerk: ZHANG },
  // From the 18th, due the 19th: overdue on the 20th.
  { n: 7, path: 'promised-open', receivedAt: hall(18, '09:00'), clerk: WANG, deadline: '2026-11-19' },
  { n: 8, path: 'deferral-pending', receivedAt: hall(20, '15:00'), clerk: LI },
];

const EVENTS = SPECS.flatMap(caseEvents);

function log(date: string, extra: Partial<DailyLogInput> = {}) {
  return computeDailyLog({ date, hall: HALL, events: EVENTS, residents: residentLookup, calendar: weekdayCalendar(), ...extra });
}

const numberOf = (n: number) => caseEvents(SPECS.find((s) => s.n === n) as CaseSpec)[0]?.caseId;

describe('computeDailyLog', () => {
  it('totals the cases received on the day by status and by 三事分流, with their status at the end of the day', () => {
    const day = log('2026-11-20');
    expect(day.received).toBe(7);
    expect(day.byTriage).toEqual({ government: 4, community: 2, private: 1 });
    expect(day.byStatus).toMatchObject({ completed: 2, 'awaiting-supplement': 1, accepted: 1, refused: 1, referred: 1, deferred: 1, forwarded: 0, cancelled: 0, received: 0 });
    expect(day.activity).toMatchObject({ received: 7, accepted: 3, deferrals: 1, noticesIssued: 1, completed: 2, refused: 1, referred: 1, rated: 2, forwarded: 0 });
  });

  it('gives each clerk what they recorded, and the 即办 handling time from received to completed', () => {
    const byName = Object.fromEntries(log('2026-11-20').clerks.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['张伟', '李娜', '王芳'].sort());
    expect(byName['李娜']).toMatchObject({ received: 3, completed: 2, refused: 0, immediateHandling: { cases: 2, totalMinutes: 18, averageMinutes: 9 } });
    expect(byName['李娜']?.ratings).toEqual({ 'very-satisfied': 1, satisfied: 0, neutral: 0, dissatisfied: 1, 'very-dissatisfied': 0 });
    expect(byName['王芳']).toMatchObject({ received: 2, completed: 0, noticesIssued: 1, immediateHandling: { cases: 0, averageMinutes: null } });
    expect(byName['张伟']).toMatchObject({ received: 2, refused: 1, referred: 1, completed: 0 });
  });

  it('leaves a 即办件 finished on a later day out of the handling time, but counts its completion', () => {
    const events = caseEvents({ n: 60, path: 'notice-then-done', receivedAt: hall(19, '16:00'), clerk: LI, gaps: [1, 17 * 60, 5, 5] });
    const day = computeDailyLog({ date: '2026-11-20', hall: HALL, events, residents: residentLookup, calendar: weekdayCalendar() });
    expect(day.clerks[0]).toMatchObject({ completed: 1, immediateHandling: { cases: 0, averageMinutes: null } });
  });

  it('lists the day’s cases in time order with masked names and ID numbers only', () => {
    const day = log('2026-11-20');
    expect(day.cases.map((c) => c.time)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '14:00', '15:00']);
    const first = day.cases[0];
    expect(first).toMatchObject({ residentName: '欧**', residentDocument: '110105********0026', clerkName: '李娜', workstationCode: 'W01', status: 'completed' });
    expect(JSON.stringify(day)).not.toContain('110105195003070026');
    expect(JSON.stringify(day)).not.toContain('欧阳明');
  });

  it('a case received on the 20th and completed on the 22nd is open in the log of the 20th and completed in the log of the 22nd', () => {
    const id = numberOf(4);
    const the20th = log('2026-11-20');
    expect(the20th.cases.find((c) => c.caseId === id)?.status).toBe('accepted');
    // Accepted with a deadline (27th) after the next working day (23rd): on track, counted rather than listed.
    expect(the20th.pending.map((p) => p.caseId)).not.toContain(id);
    expect(the20th.onTrack).toEqual({ total: 1, byStatus: { accepted: 1, forwarded: 0 }, listedThrough: '2026-11-23' });
    expect(the20th.clerks.find((c) => c.name === '张伟')?.completed).toBe(0);

    const the22nd = log('2026-11-22');
    expect(the22nd.received).toBe(0);
    expect(the22nd.activity.completed).toBe(1);
    expect(the22nd.clerks).toEqual([expect.objectContaining({ name: '张伟', completed: 1, received: 0 })]);
    expect([...the22nd.pending, ...the22nd.overdue].map((p) => p.caseId)).not.toContain(id);
  });

  it('splits open cases into overdue and pending, most urgent first', () => {
    const day = log('2026-11-20');
    expect(day.overdue.map((p) => [p.caseId, p.tags])).toEqual([[numberOf(7), ['overdue']]]);
    expect(day.pending.map((p) => p.caseId)).toEqual([numberOf(3), numberOf(8)]);
    expect(day.pending[0]?.tags).toEqual(['supplement-pending']);
    expect(day.onTrack.total).toBe(1);
  });

  it('lists an accepted case due by the next working day, and counts one due later, given or counted by the caller', () => {
    const spec = (n: number, deadline: string) => caseEvents({ n, path: 'promised-open', receivedAt: hall(20, '09:00'), clerk: LI, deadline });
    const events = [...spec(60, '2026-11-23'), ...spec(61, '2026-11-24')];
    const base = { date: '2026-11-20', hall: HALL, events, residents: residentLookup, calendar: weekdayCalendar() };
    const day = computeDailyLog(base);
    expect(isOnTrack({ status: 'accepted', deadline: '2026-11-24' }, '2026-11-23')).toBe(true);
    expect(isOnTrack({ status: 'deferred', deadline: '2026-11-24' }, '2026-11-23')).toBe(false);
    expect(day.pending.map((p) => [p.caseId, p.tags])).toEqual([[events[0]?.caseId, ['due-soon']]]);
    expect(day.onTrack).toEqual({ total: 1, byStatus: { accepted: 1, forwarded: 0 }, listedThrough: '2026-11-23' });
    const counted = computeDailyLog({ ...base, onTrackCounts: { accepted: 5, forwarded: 2 } });
    expect(counted.onTrack).toEqual({ total: 8, byStatus: { accepted: 6, forwarded: 2 }, listedThrough: '2026-11-23' });
    // A counter's log cannot use hall-wide counts.
    expect(computeDailyLog({ ...base, onTrackCounts: { accepted: 5 }, filters: { workstationId: LI.workstationId } }).onTrack.total).toBe(1);
  });

  it('lists 差评 given on the day with the reason and the clerk', () => {
    expect(log('2026-11-20').negativeRatings).toEqual([
      expect.objectContaining({ caseId: numberOf(2), level: 'dissatisfied', reason: '等候时间长', clerkName: '李娜', residentName: '陈**', time: '09:37' }),
    ]);
  });

  it('computes the 即办 and 最多跑一次 rates over the day’s cases', () => {
    // Accepted: 1, 2, 4 and the deferral 8; completed on arrival: 1, 2.
    // Taken on (not private, refused or referred): 1, 2, 3, 4, 8; one visit: all but the 补正 notice (3).
    expect(log('2026-11-20').rates).toEqual({ immediate: { numerator: 2, denominator: 4 }, oneVisit: { numerator: 4, denominator: 5 } });
  });

  it('puts an event at 23:59:59.999 hall time on that day and one a millisecond later on the next', () => {
    const lastMoment = new Date(hallWindow('2026-11-20').endMs - 1).toISOString();
    const events = caseEvents({ n: 40, path: 'on-the-spot', receivedAt: lastMoment, clerk: LI, gaps: [1] });
    const day = computeDailyLog({ date: '2026-11-20', hall: HALL, events, residents: residentLookup, calendar: weekdayCalendar() });
    expect(day.received).toBe(1);
    expect(day.byStatus.received).toBe(1);
    expect(day.pending).toHaveLength(1);
    const next = computeDailyLog({ date: '2026-11-21', hall: HALL, events, residents: residentLookup, calendar: weekdayCalendar() });
    expect(next.received).toBe(0);
    expect(next.activity).toMatchObject({ accepted: 1, completed: 1 });
  });

  it('narrows to a shift: events inside it, cases open at its end', () => {
    const morning = log('2026-11-20', { filters: { shift: { label: '上午', from: '08:30', to: '12:00' } } });
    expect(morning.received).toBe(5);
    expect(morning.cases.at(-1)?.time).toBe('11:00');
    expect([...morning.overdue, ...morning.pending].map((p) => p.caseId).sort()).toEqual([numberOf(3), numberOf(7)].sort());
    expect(morning.onTrack.total).toBe(1);
    expect(morning.window).toEqual({ from: '2026-11-20T00:30:00.000Z', to: '2026-11-20T04:00:00.000Z' });
  });

  it('narrows to one counter: its events and the cases received there', () => {
    const w01 = log('2026-11-20', { filters: { workstationId: LI.workstationId } });
    expect(w01.workstation).toEqual({ id: LI.workstationId, code: 'W01' });
    expect(w01.received).toBe(3);
    expect(w01.clerks.map((c) => c.name)).toEqual(['李娜']);
    expect([...w01.overdue, ...w01.pending].map((p) => p.caseId)).toEqual([numberOf(8)]);
    // The counter list for the filter still shows every counter that worked that day.
    expect(w01.workstations.map((w) => w.code)).toEqual(['W01', 'W02', 'W03']);
  });

  it('uses stored states as they are when nothing in them is later than the day, and events for the rest', () => {
    const cutoff = hallWindow('2026-11-20').endMs;
    const byCase = new Map<string, typeof EVENTS>();
    for (const e of EVENTS) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    const states = [...byCase.values()].map((events) => foldEvents(events) as CaseState);
    const stale = states.filter((s) => !isFinalBefore(s, cutoff));
    expect(stale.map((s) => s.caseId)).toEqual([numberOf(4)]);

    const fromStates = log('2026-11-20', { events: stale.flatMap((s) => byCase.get(s.caseId) ?? []), caseStates: states });
    expect(fromStates).toEqual(log('2026-11-20'));
  });

  it('leaves out, and reports, a state that changed after the day when its events are not given', () => {
    const states = [...new Set(EVENTS.map((e) => e.caseId))].map((id) => foldEvents(EVENTS.filter((e) => e.caseId === id)) as CaseState);
    const day = log('2026-11-20', { events: [], caseStates: states });
    expect(day.unresolved).toEqual([numberOf(4)]);
    expect(day.cases.map((c) => c.caseId)).not.toContain(numberOf(4));
    expect(day.received).toBe(6);
  });

  it('prints names from the staff list first, then the name on the events, then the id', () => {
    const events = caseEvents({ n: 50, path: 'on-the-spot', receivedAt: hall(20, '09:00'), clerk: LI }).map(({ actorName: _, ...e }) => e);
    const base = { date: '2026-11-20', hall: HALL, events, residents: residentLookup, calendar: weekdayCalendar() };
    expect(computeDailyLog(base).clerks[0]?.name).toBe('工号 staff-li');
    expect(computeDailyLog({ ...base, staffName: (id) => (id === LI.id ? '李娜（组长）' : undefined) }).clerks[0]?.name).toBe('李娜（组长）');
  });

  it('shows a dash for a resident not on this workstation', () => {
    const day = log('2026-11-20', { residents: () => undefined });
    expect(day.cases.every((c) => c.residentName === '—' && c.residentDocument === '—')).toBe(true);
  });

  it('prints the labels the lookup gives as they are: the store masks them, the log never sees whole ones', () => {
    // Labels that masking again would change (标** / ***): the log must print them untouched.
    const day = log('2026-11-20', { residents: () => ({ name: '标签名', document: 'DOC' }) });
    expect(day.cases.length).toBeGreaterThan(0);
    expect(day.cases.every((c) => c.residentName === '标签名' && c.residentDocument === 'DOC')).toBe(true);
  });

  it('keeps the lead and the handover notes, trimmed, and drops them when blank', () => {
    expect(log('2026-11-20', { lead: ' 赵敏 ', handoverNotes: '  3号窗口打印机缺纸\n已报修 ' })).toMatchObject({ lead: '赵敏', handoverNotes: '3号窗口打印机缺纸\n已报修' });
    const blank = log('2026-11-20', { lead: ' ', handoverNotes: '\n' });
    expect(blank.lead).toBeUndefined();
    expect(blank.handoverNotes).toBeUndefined();
  });

  it('refuses a malformed date or shift', () => {
    expect(() => log('2026-11-31')).toThrow(RangeError);
    expect(() => log('2026-11-20', { filters: { shift: { from: '12:00', to: '08:30' } } })).toThrow(RangeError);
  });
});
