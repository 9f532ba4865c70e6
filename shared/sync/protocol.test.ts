import { describe, expect, it } from 'vitest';
import {
  ErrorBodySchema,
  OUTBOX_OP_KINDS,
  OutboxOpSchema,
  PullQuerySchema,
  PushRequestSchema,
  RESIDENT_FIELD_NAMES,
  bearerToken,
  parseBearerToken,
} from './protocol';

const HLC = '1795400000000-0000-3f1c2b7e-0000-4000-8000-000000000001';
const DEVICE = '3f1c2b7e-0000-4000-8000-000000000001';

function receivedEvent(id = '8b0f6c52-6d0e-4b8f-9a51-1f4a6f0c7a01') {
  return {
    id,
    caseId: '8b0f6c52-6d0e-4b8f-9a51-1f4a6f0c7a02',
    at: '2026-11-23T02:00:00.000Z',
    actor: 'staff-01',
    workstationId: 'W02',
    hallCode: 'GL0301',
    type: 'received',
    payload: {
      caseNumber: 'GL0301-W02-20261123-0007',
      residentId: 'r-1',
      matterCode: 'M001',
      matterName: '居住证明',
      triage: 'government',
      handling: 'immediate',
      timeLimitDays: 0,
      channel: 'counter',
    },
  };
}

const op = (seq: number, kind: string, payload: unknown) => ({
  seq,
  opId: '0d6a3c8e-1111-4222-8333-444455556666',
  at: '2026-11-23T02:00:00.000Z',
  kind,
  payload,
});

describe('OutboxOpSchema', () => {
  it('accepts a case event and a resident patch', () => {
    expect(OutboxOpSchema.safeParse(op(1, 'case-event', receivedEvent())).success).toBe(true);
    const patch = { residentId: '0d6a3c8e-1111-4222-8333-444455556667', fields: { name: { value: '张三', hlc: HLC } } };
    expect(OutboxOpSchema.safeParse(op(2, 'resident-patch', patch)).success).toBe(true);
    expect(OUTBOX_OP_KINDS).toEqual(expect.arrayContaining(['case-event', 'resident-patch']));
  });

  it('checks resident field names and values against ResidentSchema', () => {
    const rid = '0d6a3c8e-1111-4222-8333-444455556667';
    const parse = (fields: Record<string, unknown>) =>
      OutboxOpSchema.safeParse(op(1, 'resident-patch', { residentId: rid, fields })).success;
    expect(RESIDENT_FIELD_NAMES).toContain('phone');
    expect(RESIDENT_FIELD_NAMES).not.toContain('id');
    expect(parse({ nickname: { value: 'x', hlc: HLC } })).toBe(false);
    expect(parse({ id: { value: rid, hlc: HLC } })).toBe(false);
    expect(parse({ phone: { value: 'not a phone', hlc: HLC } })).toBe(false);
    expect(parse({ phone: { value: null, hlc: HLC } })).toBe(true); // optional: null clears it
    expect(parse({ name: { value: null, hlc: HLC } })).toBe(false); // required: cannot be cleared
    expect(parse({ name: { value: '张三', hlc: 'yesterday' } })).toBe(false);
    expect(parse({})).toBe(false);
  });

  it('refuses an unknown kind and a malformed case event', () => {
    expect(OutboxOpSchema.safeParse(op(1, 'catalogue', {})).success).toBe(false);
    expect(OutboxOpSchema.safeParse(op(1, 'case-event', { ...receivedEvent(), type: 'teleported' })).success).toBe(false);
    expect(OutboxOpSchema.safeParse(op(0, 'case-event', receivedEvent())).success).toBe(false);
  });
});

describe('PushRequestSchema', () => {
  it('needs consecutive seqs but lets payloads through for per-op judgement', () => {
    const base = { protocol: 1, deviceId: DEVICE };
    expect(PushRequestSchema.safeParse({ ...base, ops: [op(3, 'x', 1), op(4, 'y', null)] }).success).toBe(true);
    expect(PushRequestSchema.safeParse({ ...base, ops: [op(3, 'x', 1), op(5, 'x', 1)] }).success).toBe(false);
    expect(PushRequestSchema.safeParse({ ...base, ops: [op(4, 'x', 1), op(3, 'x', 1)] }).success).toBe(false);
    expect(PushRequestSchema.safeParse({ ...base, ops: [] }).success).toBe(true);
  });
});

describe('small pieces', () => {
  it('round-trips the bearer credential and refuses junk', () => {
    expect(parseBearerToken(`Bearer ${bearerToken(DEVICE, 'abcdefghijklmnopqrstuvwxyz012345')}`)).toEqual({
      deviceId: DEVICE,
      secret: 'abcdefghijklmnopqrstuvwxyz012345',
    });
    expect(parseBearerToken(undefined)).toBeNull();
    expect(parseBearerToken(`Basic ${DEVICE}.abcdefghijklmnopqrstuvwxyz`)).toBeNull();
    expect(parseBearerToken(`Bearer ${DEVICE}`)).toBeNull();
  });

  it('defaults and bounds pull queries', () => {
    expect(PullQuerySchema.parse({})).toEqual({ since: '0', limit: 500 });
    expect(PullQuerySchema.safeParse({ limit: '5000' }).success).toBe(false);
    expect(PullQuerySchema.safeParse({ since: '-1' }).success).toBe(false);
  });

  it('parses an error body with an unknown code from a newer server', () => {
    expect(ErrorBodySchema.safeParse({ code: 'sync/something-new' }).success).toBe(true);
  });
});
