import { describe, expect, it } from 'vitest';
import { caseEventBuilder } from '@shared/domain/case/event-fixtures';
import { opSummary } from './op-summary';

describe('opSummary', () => {
  it('names the case and the event, or the resident fields, never personal data', () => {
    const build = caseEventBuilder();
    const received = build('received');
    expect(opSummary({ seq: 1, opId: received.id, at: received.at, kind: 'case-event', payload: received })).toBe('收件登记 · GL0301-W01-20261123-0001');
    const completed = build('completed');
    expect(opSummary({ seq: 2, opId: completed.id, at: completed.at, kind: 'case-event', payload: completed })).toMatch(/^办结 · 办件 [0-9a-f]{8}$/);
    const patch = {
      seq: 3,
      opId: completed.id,
      at: completed.at,
      kind: 'resident-patch' as const,
      payload: {
        residentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
        base: '1795400000000-0000-a',
        fields: { phone: { value: '13812345678', hlc: '1795400000001-0000-a' }, phoneTail: { value: '5678', hlc: '1795400000001-0000-a' } },
      },
    };
    const line = opSummary(patch);
    expect(line).toBe('修改居民信息（联系电话）');
    expect(line).not.toContain('5678');
  });

  it('names whose shift or handover it is, and what happened to it', () => {
    const base = { opId: '0f8fad5b-d9cb-469f-a165-70867728950e', at: '2026-11-23T09:30:00.000Z' };
    const shift = { id: base.opId, day: '2026-11-23', staffId: 's1', staffName: '王芳', workstationId: 'ws', startedAt: '2026-11-23T00:30:00.000Z' };
    expect(opSummary({ ...base, seq: 1, kind: 'shift', payload: shift })).toBe('班次 · 王芳上班');
    expect(opSummary({ ...base, seq: 2, kind: 'shift', payload: { ...shift, endedAt: base.at } })).toBe('班次 · 王芳下班');
    const handover = { id: base.opId, day: '2026-11-23', shiftId: base.opId, at: base.at, staffId: 's1', staffName: '王芳', openCaseCount: 0, openCaseNumbers: [], note: '无' };
    expect(opSummary({ ...base, seq: 3, kind: 'handover', payload: handover })).toBe('交接班记录 · 王芳交班');
    const acknowledged = { ...handover, acknowledgedById: 's2', acknowledgedByName: '赵敏', acknowledgedAt: base.at };
    expect(opSummary({ ...base, seq: 4, kind: 'handover', payload: acknowledged })).toBe('交接班记录 · 王芳（赵敏确认接班）');
  });
});
