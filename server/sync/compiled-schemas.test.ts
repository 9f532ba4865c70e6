import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OutboxOpSchema, PushRequestSchema } from '@shared/sync/protocol';
import { CompiledOutboxOpSchema, CompiledPushRequestSchema } from './compiled-schemas';
import { judgeOp } from './judge-op';

const HALL = 'GL0301';
const AT = '2026-11-23T02:00:00.000Z';
const DEVICE = '3f1c2b7e-1111-4222-8333-444455556666';
const hlc = (n: number) => `${String(Date.parse(AT) + n).padStart(13, '0')}-0000-${DEVICE}`;
let opSeq = 0;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function op(kind: string, payload: unknown) {
  opSeq += 1;
  return { seq: opSeq, opId: uuid(9000 + opSeq), at: AT, kind, payload };
}

function event(type: string, payload: unknown, extra: Record<string, unknown> = {}) {
  return op('case-event', {
    id: uuid(opSeq + 1),
    caseId: uuid(1),
    at: AT,
    actor: 'staff-01',
    actorName: '张晓梅',
    workstationId: 'W01',
    hallCode: HALL,
    type,
    payload,
    ...extra,
  });
}

const material = { id: 'm-1', name: '户口簿' };
/** One valid op of every kind and every case event type, with the optional parts present somewhere. */
const VALID = [
  event('received', {
    caseNumber: `${HALL}-W01-20261123-0001`,
    residentId: 'resident-1',
    agent: { name: '李四', document: { type: 'resident-id', number: '11010519491231002X' }, relation: '子女' },
    matterCode: 'MZ-001',
    matterName: '城乡居民最低生活保障申请',
    triage: 'government',
    handling: 'promised',
    timeLimitDays: 5,
    channel: 'counter',
  }, { seqOnWorkstation: 3 }),
  event('accepted', { deadline: '2026-11-30', materialsPresent: ['身份证', '户口簿'] }),
  event('notice-issued', { missing: [material], legalBasis: '《办法》第五条', returnBy: '2026-12-01' }),
  event('supplemented', { materialsProvided: ['户口簿'] }),
  event('accepted-with-deferral', { materialsPresent: ['身份证'], deferred: [material], promiseText: '承诺五日内补交', dueDate: '2026-11-28' }),
  event('refused', { reason: '不属于受理范围', referTo: { office: '区民政局', address: '中山路1号', phone: '0571-1234567' }, appealRoute: '行政复议' }),
  event('referred', { place: '街道派出所', phone: '110', note: '户籍事项' }),
  event('forwarded', { department: '区人社局', note: '转办' }),
  event('returned', { department: '区人社局', outcome: 'sent-back', note: '需补正' }),
  event('completed', { resultNote: '当场办结' }),
  event('rated', { level: 'dissatisfied', reason: '等候时间长' }),
  event('cancelled', { reason: '居民撤回申请' }),
  op('resident-patch', {
    residentId: uuid(50),
    fields: {
      name: { value: '王伟', hlc: hlc(1) },
      phone: { value: '13800000001', hlc: hlc(2) },
      address: { value: { building: '3号楼', unit: '2单元', room: '301' }, hlc: hlc(3) },
      grid: { value: '第3网格', hlc: hlc(4) },
    },
  }),
  op('resident-patch', { residentId: uuid(50), base: hlc(4), fields: { phone: { value: null, hlc: hlc(5) } } }),
  op('audit', {
    id: uuid(60),
    at: AT,
    hallCode: HALL,
    workstationId: 'ws-1',
    workstationCode: 'W01',
    staffId: 'staff-01',
    staffName: '张晓梅',
    action: 'case.create',
    target: { type: 'case', id: uuid(1), label: `${HALL}-W01-20261123-0001` },
    detail: { matterCode: 'MZ-001', count: 2 },
  }),
  op('shift', { id: uuid(70), day: '2026-11-23', staffId: 'staff-01', staffName: '王芳', workstationId: 'ws-1', workstationCode: 'W01', startedAt: AT, endedAt: AT }),
  op('handover', {
    id: uuid(71),
    day: '2026-11-23',
    shiftId: uuid(70),
    at: AT,
    staffId: 'staff-01',
    staffName: '王芳',
    openCaseCount: 1,
    openCaseNumbers: [`${HALL}-W01-20261123-0001`],
    note: '打印机缺纸',
    acknowledgedById: 'staff-02',
    acknowledgedByName: '李建国',
    acknowledgedAt: AT,
  }),
];

/** Ops the contract refuses, each for a reason the compiled code has to find itself (a format, a refinement, a
 * cross-field rule, a type, a missing or unknown field). */
const INVALID: Array<[why: string, op: unknown]> = [
  ['an event id that is not a uuid', event('completed', {}, { id: 'not-a-uuid' })],
  ['an instant with an offset', event('completed', {}, { at: '2026-11-23T10:00:00+08:00' })],
  ['a hall code in lower case', event('completed', {}, { hallCode: 'gl0301' })],
  ['an event type the contract does not know', event('teleported', {})],
  ['a promised matter without a time limit (refine)', event('received', { caseNumber: `${HALL}-W01-20261123-0001`, residentId: 'r', matterCode: 'M', matterName: 'N', triage: 'government', handling: 'promised', timeLimitDays: 0, channel: 'counter' })],
  ['a fractional time limit', event('received', { caseNumber: `${HALL}-W01-20261123-0001`, residentId: 'r', matterCode: 'M', matterName: 'N', triage: 'government', handling: 'immediate', timeLimitDays: 0.5, channel: 'counter' })],
  ['a dissatisfied rating without a reason (refine)', event('rated', { level: 'very-dissatisfied' })],
  ['a blank rating reason (trimmed to empty)', event('rated', { level: 'dissatisfied', reason: '   ' })],
  ['an agent document whose number is not normalised (superRefine)', event('received', { caseNumber: `${HALL}-W01-20261123-0001`, residentId: 'r', agent: { name: '李四', document: { type: 'resident-id', number: '123' }, relation: '子女' }, matterCode: 'M', matterName: 'N', triage: 'government', handling: 'immediate', timeLimitDays: 0, channel: 'counter' })],
  ['an impossible local date', event('accepted', { deadline: '2026-02-30', materialsPresent: [] })],
  ['an empty material name in a list', event('accepted', { materialsPresent: [''] })],
  ['a notice with nothing missing', event('notice-issued', { missing: [], legalBasis: 'x', returnBy: '2026-12-01' })],
  ['a missing envelope field', op('case-event', { id: uuid(2), caseId: uuid(1), at: AT, workstationId: 'W01', hallCode: HALL, type: 'completed', payload: {} })],
  ['a resident patch setting no field (superRefine)', op('resident-patch', { residentId: uuid(50), fields: {} })],
  ['a resident patch of a field residents do not have (superRefine)', op('resident-patch', { residentId: uuid(50), fields: { salary: { value: 1, hlc: hlc(1) } } })],
  ['a resident patch with a bad phone (superRefine)', op('resident-patch', { residentId: uuid(50), fields: { phone: { value: 'call me', hlc: hlc(1) } } })],
  ['a resident patch with a bad stamp', op('resident-patch', { residentId: uuid(50), fields: { grid: { value: '第1网格', hlc: 'yesterday' } } })],
  ['an audit detail with an object value', op('audit', { id: uuid(61), at: AT, hallCode: HALL, workstationId: 'ws-1', staffId: 's', action: 'case.create', target: { type: 'case', id: 'x' }, detail: { k: { nested: true } } })],
  ['a handover acknowledged by nobody (refine)', op('handover', { id: uuid(72), day: '2026-11-23', shiftId: uuid(70), at: AT, staffId: 's', staffName: 'n', openCaseCount: 0, openCaseNumbers: [], note: '', acknowledgedAt: AT })],
  ['a negative open case count', op('handover', { id: uuid(73), day: '2026-11-23', shiftId: uuid(70), at: AT, staffId: 's', staffName: 'n', openCaseCount: -1, openCaseNumbers: [], note: '' })],
  ['a shift without a start', op('shift', { id: uuid(74), day: '2026-11-23', staffId: 's', staffName: 'n', workstationId: 'ws-1' })],
  ['a payload that is not an object', op('audit', 'audit row')],
];

/** What a parse tells its caller: success and output, or the issues (code, path, message) in order. */
function outcome(result: z.ZodSafeParseResult<unknown>) {
  return result.success
    ? { success: true, data: result.data }
    : { success: false, issues: result.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })) };
}

function agree(schema: z.ZodType, compiled: z.ZodType, value: unknown) {
  expect(outcome(compiled.safeParse(value))).toEqual(outcome(schema.safeParse(value)));
}

describe('compiled push schemas', () => {
  it('are really compiled: zod can model every part of them (else the push path silently runs the slow parser)', () => {
    expect(() => z.compile(OutboxOpSchema, { strict: true })).not.toThrow();
    expect(() => z.compile(PushRequestSchema, { strict: true })).not.toThrow();
    expect(CompiledOutboxOpSchema).not.toBe(OutboxOpSchema);
    expect(CompiledPushRequestSchema).not.toBe(PushRequestSchema);
  });

  it('accept every valid op, with the output of the plain schema', () => {
    for (const valid of VALID) {
      expect(OutboxOpSchema.safeParse(valid).success).toBe(true);
      agree(OutboxOpSchema, CompiledOutboxOpSchema, valid);
    }
  });

  it.each(INVALID)('refuse %s as the plain schema does, and the op is quarantined with op-invalid', (_why, bad) => {
    expect(OutboxOpSchema.safeParse(bad).success).toBe(false);
    expect(CompiledOutboxOpSchema.safeParse(bad).success).toBe(false);
    agree(OutboxOpSchema, CompiledOutboxOpSchema, bad);
    const judged = judgeOp(bad as never, HALL, Date.parse(AT));
    expect(judged).toMatchObject({ kind: 'rejected', code: 'sync/op-invalid' });
  });

  it('strip unknown keys and trim as the plain schema does (the output is never the input as sent)', () => {
    const [withExtra] = VALID;
    const sent = structuredClone(withExtra) as { payload: { payload: { agent: { name: string } } }; extra?: number };
    sent.extra = 1;
    sent.payload.payload.agent.name = '  李四 ';
    const parsed = CompiledOutboxOpSchema.parse(sent) as unknown as typeof sent;
    expect(parsed).not.toHaveProperty('extra');
    expect(parsed.payload.payload.agent.name).toBe('李四');
    agree(OutboxOpSchema, CompiledOutboxOpSchema, sent);
  });

  it('answer any mutation of a valid op exactly as the plain schema does', () => {
    const tricky = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('', ' ', ' x', 'x ', 'not-a-uuid', '2026-02-30', '2026-11-23T10:00:00+08:00', 'gl0301', -1, 0, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 366, null, [], {}, ['']),
    );
    const mutation = fc.record({
      fixture: fc.nat({ max: VALID.length - 1 }),
      target: fc.nat(),
      action: fc.constantFrom('replace', 'delete', 'add-key', 'pad-string'),
      value: tricky,
      key: fc.constantFrom('extra', 'id', 'type', 'kind', 'payload', 'reason', 'value', '__proto__'),
    });
    fc.assert(
      fc.property(mutation, ({ fixture, target, action, value, key }) => {
        const mutated = structuredClone(VALID[fixture]) as Record<string, unknown>;
        const nodes = containers(mutated);
        const [holder, slot] = nodes[target % nodes.length] as [Record<string, unknown> | unknown[], string | number];
        const h = holder as Record<string | number, unknown>;
        if (action === 'replace') h[slot] = value;
        else if (action === 'delete') {
          if (Array.isArray(holder)) holder.splice(slot as number, 1);
          else delete h[slot];
        } else if (action === 'add-key') {
          const object = h[slot];
          if (object && typeof object === 'object' && !Array.isArray(object)) Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
          else h[slot] = value;
        } else if (typeof h[slot] === 'string') h[slot] = ` ${String(h[slot])}`;
        else h[slot] = value;
        agree(OutboxOpSchema, CompiledOutboxOpSchema, mutated);
      }),
      { numRuns: 400, seed: 20261123 },
    );
  });

  it('answer push requests as the plain schema does: valid, non-consecutive seqs, a bad envelope', () => {
    const ops = VALID.slice(0, 3).map((o, i) => ({ ...o, seq: 10 + i }));
    const request = { protocol: 1, deviceId: DEVICE, ops };
    agree(PushRequestSchema, CompiledPushRequestSchema, request);
    expect(CompiledPushRequestSchema.safeParse(request).success).toBe(true);
    const gap = { ...request, ops: [ops[0], { ...ops[1], seq: 12 }] };
    expect(CompiledPushRequestSchema.safeParse(gap).success).toBe(false);
    agree(PushRequestSchema, CompiledPushRequestSchema, gap);
    for (const bad of [
      { ...request, deviceId: 'not-a-uuid' },
      { ...request, protocol: 0 },
      { ...request, ops: [{ ...ops[0], seq: 0 }] },
      { ...request, ops: [{ ...ops[0], kind: '' }] },
      { ...request, ops: [{ ...ops[0], opId: 'x'.repeat(65) }] },
      { ...request, ops: 'all of them' },
    ]) {
      expect(CompiledPushRequestSchema.safeParse(bad).success).toBe(false);
      agree(PushRequestSchema, CompiledPushRequestSchema, bad);
    }
  });
});

/** Every (holder, key) of a JSON tree: each object property and array element, at any depth. */
function containers(root: unknown): Array<[object, string | number]> {
  const out: Array<[object, string | number]> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push([node, i]);
        walk(v);
      });
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        out.push([node, k]);
        walk(v);
      }
    }
  };
  walk(root);
  return out;
}
