import { describe, expect, it } from 'vitest';
import { caseEventBuilder, fixtureId } from './event-fixtures';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from './events';
import { applyEvent, foldEvents, type CaseState } from './reducer';

function fold(events: CaseEvent[]): CaseState {
  const state = foldEvents(events);
  if (state === null) throw new Error('expected a case');
  return state;
}

/** Events that bring a fresh case into each status, built with one workstation's clock. */
function prefix(name: string, ev = caseEventBuilder()): CaseEvent[] {
  switch (name) {
    case 'received':
      return [ev('received')];
    case 'awaiting-supplement/before-acceptance':
      return [ev('received'), ev('notice-issued')];
    case 'awaiting-supplement/after-acceptance':
      return [ev('received'), ev('accepted'), ev('notice-issued')];
    case 'accepted':
      return [ev('received'), ev('accepted')];
    case 'deferred':
      return [ev('received'), ev('accepted-with-deferral')];
    case 'forwarded':
      return [ev('received'), ev('accepted'), ev('forwarded')];
    case 'completed':
      return [ev('received'), ev('accepted'), ev('completed')];
    case 'refused':
      return [ev('received'), ev('refused')];
    case 'referred':
      return [ev('received'), ev('referred')];
    case 'cancelled':
      return [ev('received'), ev('cancelled')];
    default:
      throw new Error(name);
  }
}

// Expected outcome of each default event (see event-fixtures) in each starting status: `→status` or an error code.
// Columns follow CASE_EVENT_TYPES: received, accepted, notice-issued, supplemented, accepted-with-deferral,
// refused, referred, forwarded, returned, completed, rated, cancelled.
const MATRIX: Record<string, string[]> = {
  received: ['already-received', '→accepted', '→awaiting-supplement', 'no-open-notice', '→deferred', '→refused', '→referred', 'illegal-transition', 'not-forwarded', 'illegal-transition', 'not-completed', '→cancelled'],
  'awaiting-supplement/before-acceptance': ['already-received', 'notice-open', 'notice-open', '→received', 'notice-open', '→refused', 'illegal-transition', 'notice-open', 'not-forwarded', 'notice-open', 'not-completed', '→cancelled'],
  'awaiting-supplement/after-acceptance': ['already-received', 'notice-open', 'notice-open', '→accepted', 'notice-open', 'illegal-transition', 'illegal-transition', 'notice-open', 'not-forwarded', 'notice-open', 'not-completed', '→cancelled'],
  accepted: ['already-received', 'illegal-transition', '→awaiting-supplement', 'no-open-notice', 'illegal-transition', 'illegal-transition', 'illegal-transition', '→forwarded', 'not-forwarded', '→completed', 'not-completed', '→cancelled'],
  deferred: ['already-received', 'illegal-transition', 'illegal-transition', 'unknown-material', 'illegal-transition', 'illegal-transition', 'illegal-transition', 'materials-outstanding', 'not-forwarded', 'materials-outstanding', 'not-completed', '→cancelled'],
  forwarded: ['already-received', 'illegal-transition', 'illegal-transition', 'no-open-notice', 'illegal-transition', 'illegal-transition', 'illegal-transition', 'illegal-transition', '→accepted', 'illegal-transition', 'not-completed', '→cancelled'],
  completed: ['already-received', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'already-completed', '→completed', 'closed'],
  refused: ['already-received', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', '→refused', 'closed'],
  referred: ['already-received', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', '→referred', 'closed'],
  cancelled: ['already-received', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'not-completed', 'closed'],
};

const matrixCases = Object.entries(MATRIX).flatMap(([from, row]) =>
  CASE_EVENT_TYPES.map((type, i) => [from, type, row[i] as string] as const),
);

describe('applyEvent transition matrix', () => {
  it('covers every status and event type', () => {
    expect(matrixCases).toHaveLength(10 * 12);
  });

  it.each(matrixCases)('%s + %s → %s', (from, type: CaseEventType, expected) => {
    const ev = caseEventBuilder();
    const state = fold(prefix(from, ev));
    expect(state.rejected).toEqual([]);
    const event = ev(type);
    const result = applyEvent(state, event);
    if (expected.startsWith('→')) {
      if (!result.ok) throw new Error(`${result.code}: ${result.reason}`);
      expect(result.state.status).toBe(expected.slice(1));
      expect(result.state.history.at(-1)?.eventId).toBe(event.id);
    } else {
      expect(result).toMatchObject({ ok: false, code: `case/${expected}` });
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('applyEvent details', () => {
  it('needs a received event first', () => {
    const ev = caseEventBuilder();
    expect(applyEvent(null, ev('accepted'))).toMatchObject({ ok: false, code: 'case/not-received' });
  });

  it('starts a case from received with the matter and number', () => {
    const ev = caseEventBuilder();
    const r = applyEvent(null, ev('received'));
    expect(r.ok && r.state).toMatchObject({
      status: 'received',
      caseNumber: 'GL0301-W01-20261123-0001',
      matterCode: 'MZ-001',
      handling: 'promised',
      timeLimitDays: 5,
      receivedAt: '2026-11-23T01:00:00.000Z',
      flags: [],
    });
  });

  it('refuses an event of another case', () => {
    const state = fold(prefix('received'));
    const other = caseEventBuilder({ caseId: '6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b' }, 50)('accepted');
    expect(applyEvent(state, other)).toMatchObject({ ok: false, code: 'case/wrong-case' });
  });

  it('treats a replayed event as a no-op', () => {
    const ev = caseEventBuilder();
    const [received, accepted] = [ev('received'), ev('accepted')];
    const r1 = applyEvent(fold([received]), accepted);
    if (!r1.ok) throw new Error(r1.code);
    const r2 = applyEvent(r1.state, accepted);
    expect(r2).toEqual({ ok: true, state: r1.state });
  });

  it('records acceptance time, deadline and materials', () => {
    const ev = caseEventBuilder();
    const s = fold([ev('received'), ev('accepted', { materialsPresent: ['m9', 'm1', 'm1'] })]);
    expect(s).toMatchObject({ acceptedAt: '2026-11-23T01:01:00.000Z', deadline: '2026-11-30', materialsPresent: ['m1', 'm9'] });
  });

  describe('deadline must match the handling', () => {
    it('refuses a promised matter without deadline', () => {
      const ev = caseEventBuilder();
      const s = fold([ev('received')]);
      expect(applyEvent(s, ev('accepted', { deadline: undefined }))).toMatchObject({ ok: false, code: 'case/deadline-mismatch' });
      expect(applyEvent(s, ev('accepted-with-deferral', { deadline: undefined }))).toMatchObject({ ok: false, code: 'case/deadline-mismatch' });
    });

    it('refuses an immediate matter with a deadline and accepts it without', () => {
      const ev = caseEventBuilder();
      const s = fold([ev('received', { handling: 'immediate', timeLimitDays: 0 })]);
      expect(applyEvent(s, ev('accepted'))).toMatchObject({ ok: false, code: 'case/deadline-mismatch' });
      const r = applyEvent(s, ev('accepted', { deadline: undefined }));
      expect(r.ok && r.state.status).toBe('accepted');
      expect(r.ok && 'deadline' in r.state).toBe(false);
    });
  });

  it('refers a private matter instead of accepting it', () => {
    const ev = caseEventBuilder();
    const s = fold([ev('received', { triage: 'private' })]);
    expect(applyEvent(s, ev('accepted'))).toMatchObject({ ok: false, code: 'case/private-matter' });
    expect(applyEvent(s, ev('accepted-with-deferral'))).toMatchObject({ ok: false, code: 'case/private-matter' });
    const r = applyEvent(s, ev('referred'));
    expect(r.ok && r.state).toMatchObject({ status: 'referred', referral: { place: '街道司法所' } });
  });

  describe('one-time notice and supplements', () => {
    it('does not pause the clock before acceptance', () => {
      const ev = caseEventBuilder();
      const s = fold([ev('received'), ev('notice-issued'), ev('supplemented')]);
      expect(s.status).toBe('received');
      expect(s.pauses).toEqual([]);
      expect(s.notices[0]).toMatchObject({ outstanding: [], resumeTo: 'received' });
    });

    it('pauses the clock after acceptance and resumes on the last material', () => {
      const ev = caseEventBuilder();
      const events = [
        ev('received'),
        ev('accepted'),
        ev('notice-issued', { missing: [{ id: 'm2', name: '户口簿' }, { id: 'm4', name: '照片' }] }),
        ev('supplemented', { materialsProvided: ['m4'] }),
      ];
      const partial = fold(events);
      expect(partial.status).toBe('awaiting-supplement');
      expect(partial.pauses).toEqual([{ from: events[2]?.at }]);
      expect(partial.notices[0]?.outstanding).toEqual(['m2']);
      const last = ev('supplemented', { materialsProvided: ['m2'] });
      const done = fold([...events, last]);
      expect(done.status).toBe('accepted');
      expect(done.pauses).toEqual([{ from: events[2]?.at, to: last.at }]);
      expect(done.materialsPresent).toEqual(['m1', 'm2', 'm4']);
    });

    it('refuses materials that are not on the notice', () => {
      const ev = caseEventBuilder();
      const s = fold(prefix('awaiting-supplement/after-acceptance', ev));
      expect(applyEvent(s, ev('supplemented', { materialsProvided: ['m7'] }))).toMatchObject({ ok: false, code: 'case/unknown-material' });
    });

    it('closes an open pause when the case is cancelled', () => {
      const ev = caseEventBuilder();
      const events = prefix('awaiting-supplement/after-acceptance', ev);
      const cancel = ev('cancelled');
      expect(fold([...events, cancel]).pauses).toEqual([{ from: events[2]?.at, to: cancel.at }]);
    });
  });

  describe('容缺受理', () => {
    it('stays deferred until every deferred material is in', () => {
      const ev = caseEventBuilder();
      const events = [
        ev('received'),
        ev('accepted-with-deferral', { deferred: [{ id: 'm3', name: '收入证明' }, { id: 'm5', name: '租房合同' }] }),
        ev('supplemented', { materialsProvided: ['m5'] }),
      ];
      const s = fold(events);
      expect(s).toMatchObject({ status: 'deferred', acceptedAt: events[1]?.at, deferral: { outstanding: ['m3'], dueDate: '2026-11-27' } });
      expect(fold([...events, ev('supplemented', { materialsProvided: ['m3'] })]).status).toBe('accepted');
    });

    it('is a plain acceptance when the deferred materials are already present', () => {
      const ev = caseEventBuilder();
      const s = fold([ev('received'), ev('accepted-with-deferral', { materialsPresent: ['m1', 'm3'] })]);
      expect(s.status).toBe('accepted');
    });
  });

  it('refuses a return from a department the case was not forwarded to, and clears the holder on return', () => {
    const ev = caseEventBuilder();
    const s = fold(prefix('forwarded', ev));
    expect(s.forwardedTo).toBe('民政科');
    expect(applyEvent(s, ev('returned', { department: '社保科' }))).toMatchObject({ ok: false, code: 'case/not-forwarded' });
    const r = applyEvent(s, ev('returned', { outcome: 'sent-back' }));
    expect(r.ok && r.state).toMatchObject({ status: 'accepted', lastReturn: { department: '民政科', outcome: 'sent-back' } });
    expect(r.ok && 'forwardedTo' in r.state).toBe(false);
  });

  it('refuses to refuse after acceptance, even while waiting for a supplement', () => {
    const ev = caseEventBuilder();
    const s = fold(prefix('awaiting-supplement/after-acceptance', ev));
    expect(applyEvent(s, ev('refused'))).toMatchObject({ ok: false, code: 'case/illegal-transition' });
  });

  describe('rating', () => {
    it('rates once, after completion', () => {
      const ev = caseEventBuilder();
      const events = [...prefix('completed', ev), ev('rated', { level: 'very-satisfied' })];
      const s = fold(events);
      expect(s.rating).toMatchObject({ level: 'very-satisfied', at: events[3]?.at });
      expect(s.flags).toEqual([]);
      expect(applyEvent(s, ev('rated'))).toMatchObject({ ok: false, code: 'case/already-rated' });
    });

    it.each(['dissatisfied', 'very-dissatisfied'] as const)('flags %s for follow-up', (level) => {
      const ev = caseEventBuilder();
      const s = fold([...prefix('completed', ev), ev('rated', { level, reason: '态度差' })]);
      expect(s.flags).toEqual(['needs-follow-up']);
      expect(s.rating).toMatchObject({ level, reason: '态度差' });
    });

    it('does not flag 基本满意', () => {
      const ev = caseEventBuilder();
      expect(fold([...prefix('completed', ev), ev('rated', { level: 'neutral' })]).flags).toEqual([]);
    });
  });

  describe('double completion', () => {
    it('keeps both completions from different workstations and flags the case', () => {
      const a = caseEventBuilder({ workstationId: 'ws-1' });
      const b = caseEventBuilder({ workstationId: 'ws-2', actor: 'staff-2', start: '2026-11-23T01:02:30.000Z' }, 100);
      const events = [...prefix('accepted', a), b('completed', { resultNote: '窗口二办结' }), a('completed')];
      const s = fold(events);
      expect(s.status).toBe('completed');
      expect(s.flags).toEqual(['double-completion']);
      expect(s.completions.map((c) => c.workstationId)).toEqual(['ws-1', 'ws-2']);
      expect(s.completions[1]).toMatchObject({ resultNote: '窗口二办结', actor: 'staff-2' });
      expect(s.closedAt).toBe(s.completions[0]?.at);
      expect(s.rejected).toEqual([]);
    });

    it('does not flag a workstation completing twice; the second is rejected', () => {
      const ev = caseEventBuilder();
      const s = fold([...prefix('completed', ev), ev('completed')]);
      expect(s.flags).toEqual([]);
      expect(s.completions).toHaveLength(1);
      expect(s.rejected).toMatchObject([{ type: 'completed', code: 'case/already-completed' }]);
    });

    it('combines with a negative rating into two sorted flags', () => {
      const a = caseEventBuilder({ workstationId: 'ws-1' });
      const b = caseEventBuilder({ workstationId: 'ws-2', start: '2026-11-23T01:05:00.000Z' }, 100);
      const s = fold([...prefix('completed', a), b('completed'), b('rated', { level: 'very-dissatisfied', reason: '重复办理' })]);
      expect(s.flags).toEqual(['double-completion', 'needs-follow-up']);
    });
  });
});

describe('foldEvents', () => {
  it('returns null without a received event', () => {
    const ev = caseEventBuilder();
    ev('received');
    expect(foldEvents([ev('accepted'), ev('completed')])).toBeNull();
    expect(foldEvents([])).toBeNull();
  });

  it('orders by time, not by arrival', () => {
    const ev = caseEventBuilder();
    const events = prefix('completed', ev);
    expect(fold([...events].reverse())).toStrictEqual(fold(events));
    expect(fold(events).history.map((h) => h.type)).toEqual(['received', 'accepted', 'completed']);
  });

  it('orders by instant even when the text precision differs', () => {
    const ev = caseEventBuilder();
    const received = ev('received', {}, { at: '2026-11-23T01:00:00.500Z' });
    // Textually '…01:00:01Z' sorts before '…01:00:00.500Z'; in time it comes after.
    const accepted = ev('accepted', {}, { at: '2026-11-23T01:00:01Z' });
    expect(fold([accepted, received]).status).toBe('accepted');
  });

  it('breaks a tie in time by id', () => {
    const ev = caseEventBuilder();
    const at = '2026-11-23T02:00:00.000Z';
    const received = ev('received', {}, { at: '2026-11-23T01:00:00.000Z' });
    const accept = ev('accepted', {}, { at, id: fixtureId(0x20) });
    const cancel = ev('cancelled', {}, { at, id: fixtureId(0x10) });
    const s = fold([received, accept, cancel]);
    expect(s.status).toBe('cancelled');
    expect(s.rejected).toMatchObject([{ eventId: accept.id, code: 'case/closed' }]);
  });

  it('keeps an event that is illegal in canonical order in rejected, with its reason', () => {
    const ev = caseEventBuilder();
    const events = [ev('received'), ev('rated'), ev('accepted'), ev('completed')];
    const s = fold(events);
    expect(s.status).toBe('completed');
    expect(s.rating).toBeUndefined();
    expect(s.rejected).toEqual([
      {
        eventId: events[1]?.id,
        type: 'rated',
        at: events[1]?.at,
        actor: 'staff-1',
        workstationId: 'ws-1',
        code: 'case/not-completed',
        reason: 'a case that is received cannot be rated',
      },
    ]);
    expect(s.history.map((h) => h.eventId)).not.toContain(events[1]?.id);
  });

  it('rejects events that come before the received event in time', () => {
    const a = caseEventBuilder({ start: '2026-11-23T01:10:00.000Z' });
    const early = caseEventBuilder({ workstationId: 'ws-2', start: '2026-11-23T01:00:00.000Z' }, 100)('cancelled');
    const s = fold([...prefix('accepted', a), early]);
    expect(s.status).toBe('accepted');
    expect(s.rejected).toMatchObject([{ eventId: early.id, code: 'case/not-received' }]);
  });

  it('drops exact duplicates silently, even with a different key order', () => {
    const ev = caseEventBuilder();
    const events = prefix('completed', ev);
    const reordered = JSON.parse(JSON.stringify(events[1], Object.keys(events[1] ?? {}).reverse())) as CaseEvent;
    const copy = { ...reordered, payload: events[1]?.payload } as CaseEvent;
    const s = fold([...events, copy, events[2] as CaseEvent]);
    expect(s).toStrictEqual(fold(events));
  });

  it('rejects a second, different event with the same id whatever the arrival order', () => {
    const ev = caseEventBuilder();
    const events = prefix('accepted', ev);
    const accepted = events[1] as Extract<CaseEvent, { type: 'accepted' }>;
    const clash = { ...accepted, payload: { ...accepted.payload, materialsPresent: ['m1', 'm2'] } };
    const s1 = fold([...events, clash]);
    const s2 = fold([clash, ...events]);
    expect(s1).toStrictEqual(s2);
    expect(s1.rejected).toMatchObject([{ eventId: accepted.id, code: 'case/duplicate-id-conflict' }]);
    expect(s1.history.filter((h) => h.eventId === accepted.id)).toHaveLength(1);
  });

  it('produces plain JSON', () => {
    const a = caseEventBuilder({ workstationId: 'ws-1' });
    const b = caseEventBuilder({ workstationId: 'ws-2', start: '2026-11-23T01:05:00.000Z' }, 100);
    const s = fold([...prefix('completed', a), b('completed'), b('rated', { level: 'dissatisfied', reason: '慢' }), a('rated')]);
    expect(JSON.parse(JSON.stringify(s))).toStrictEqual(s);
  });
});
