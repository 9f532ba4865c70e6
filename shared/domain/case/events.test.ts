import { describe, expect, it } from 'vitest';
import { caseEventBuilder, DEFAULT_PAYLOADS } from './event-fixtures';
import { CASE_EVENT_TYPES, CaseEventSchema, RATING_LABELS, RATING_LEVELS, isNegativeRating } from './events';

const ev = caseEventBuilder();

describe('CaseEventSchema', () => {
  it.each(CASE_EVENT_TYPES)('accepts a well-formed %s event and survives a JSON round trip', (type) => {
    const event = ev(type);
    const parsed = CaseEventSchema.parse(JSON.parse(JSON.stringify(event)));
    expect(parsed).toStrictEqual(event);
  });

  it('knows exactly the twelve event types', () => {
    expect([...CASE_EVENT_TYPES].sort()).toEqual(Object.keys(DEFAULT_PAYLOADS).sort());
    expect(CASE_EVENT_TYPES).toHaveLength(12);
  });

  it('rejects an unknown type', () => {
    expect(CaseEventSchema.safeParse({ ...ev('completed'), type: 'approved' }).success).toBe(false);
  });

  it('rejects a payload that belongs to another type', () => {
    expect(CaseEventSchema.safeParse({ ...ev('completed'), type: 'forwarded' }).success).toBe(false);
  });

  it.each([
    ['at with an offset', { at: '2026-11-23T09:00:00+08:00' }],
    ['at without time', { at: '2026-11-23' }],
    ['id not a uuid', { id: 'event-1' }],
    ['lower-case hall code', { hallCode: 'gl0301' }],
    ['empty actor', { actor: '' }],
    ['negative workstation sequence', { seqOnWorkstation: -1 }],
  ])('rejects an envelope with %s', (_label, override) => {
    expect(CaseEventSchema.safeParse({ ...ev('completed'), ...override }).success).toBe(false);
  });

  it('accepts an optional actor name and workstation sequence', () => {
    expect(CaseEventSchema.safeParse({ ...ev('completed'), actorName: '张三', seqOnWorkstation: 0 }).success).toBe(true);
  });

  describe('received', () => {
    it('needs a valid case number', () => {
      expect(CaseEventSchema.safeParse(ev('received', { caseNumber: 'GL0301-W01-20261131-0001' })).success).toBe(false);
    });

    it('needs at least one working day for a promised matter', () => {
      const r = CaseEventSchema.safeParse(ev('received', { handling: 'promised', timeLimitDays: 0 }));
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['payload', 'timeLimitDays']);
      expect(CaseEventSchema.safeParse(ev('received', { handling: 'immediate', timeLimitDays: 0 })).success).toBe(true);
    });

    it('checks the agent document shape', () => {
      const agent = { name: '李四', relation: '配偶', document: { type: 'resident-id' as const, number: '11010519491231002X' } };
      expect(CaseEventSchema.safeParse(ev('received', { agent })).success).toBe(true);
      const bad = { ...agent, document: { type: 'resident-id' as const, number: '123' } };
      expect(CaseEventSchema.safeParse(ev('received', { agent: bad })).success).toBe(false);
    });

    it('only knows the counter channel and the three triage classes', () => {
      expect(CaseEventSchema.safeParse({ ...ev('received'), payload: { ...DEFAULT_PAYLOADS.received, channel: 'online' } }).success).toBe(false);
      expect(CaseEventSchema.safeParse({ ...ev('received'), payload: { ...DEFAULT_PAYLOADS.received, triage: 'other' } }).success).toBe(false);
    });
  });

  it('needs at least one missing material on a notice and a real return date', () => {
    expect(CaseEventSchema.safeParse(ev('notice-issued', { missing: [] })).success).toBe(false);
    expect(CaseEventSchema.safeParse(ev('notice-issued', { returnBy: '2026-02-30' })).success).toBe(false);
  });

  it('needs at least one deferred material for 容缺', () => {
    expect(CaseEventSchema.safeParse(ev('accepted-with-deferral', { deferred: [] })).success).toBe(false);
  });

  it('needs an office to refer a refused resident to', () => {
    expect(CaseEventSchema.safeParse(ev('refused', { referTo: { office: '' } })).success).toBe(false);
  });

  describe('rated', () => {
    it.each(['dissatisfied', 'very-dissatisfied'] as const)('requires a reason for %s', (level) => {
      const r = CaseEventSchema.safeParse(ev('rated', { level }));
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['payload', 'reason']);
      expect(CaseEventSchema.safeParse(ev('rated', { level, reason: '   ' })).success).toBe(false);
      expect(CaseEventSchema.safeParse(ev('rated', { level, reason: '等候时间太长' })).success).toBe(true);
    });

    it.each(['very-satisfied', 'satisfied', 'neutral'] as const)('does not require a reason for %s', (level) => {
      expect(CaseEventSchema.safeParse(ev('rated', { level })).success).toBe(true);
    });

    it('labels the five levels in Chinese and marks the bottom two as negative', () => {
      expect(RATING_LEVELS.map((l) => RATING_LABELS[l])).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
      expect(RATING_LEVELS.filter(isNegativeRating)).toEqual(['dissatisfied', 'very-dissatisfied']);
    });
  });
});
