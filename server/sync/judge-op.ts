import type { ErrorCode } from '@shared/errors/codes';
import { YizhanError } from '@shared/errors/codes';
import type { CaseEvent } from '@shared/domain/case/events';
import type { AuditEntry } from '@shared/domain/staff/audit-entry';
import type { Handover, Shift } from '@shared/domain/staff/shift';
import { MAX_CLOCK_DRIFT_MS, assertHlcPlausible } from '@shared/sync/hlc';
import {
  OUTBOX_OP_KINDS,
  SERVER_OWNED_KINDS,
  type OpEnvelope,
  type ResidentPatch,
} from '@shared/sync/protocol';
import { CompiledOutboxOpSchema } from './compiled-schemas';

export type Details = Record<string, string | number>;

export type JudgedOp =
  | { op: OpEnvelope; kind: 'case-event'; event: CaseEvent }
  | { op: OpEnvelope; kind: 'resident-patch'; patch: ResidentPatch }
  | { op: OpEnvelope; kind: 'audit'; entry: AuditEntry }
  | { op: OpEnvelope; kind: 'shift'; shift: Shift }
  | { op: OpEnvelope; kind: 'handover'; handover: Handover }
  | { op: OpEnvelope; kind: 'rejected'; code: ErrorCode; details: Details };

const known: ReadonlySet<string> = new Set(OUTBOX_OP_KINDS);
const serverOwned: ReadonlySet<string> = new Set(SERVER_OWNED_KINDS);

/**
 * Checks one pushed op before anything is written: schema, ownership of the kind, hall, plausible clocks.
 * Pure (the caller passes its clock), so the whole batch is judged before the transaction starts writing.
 */
export function judgeOp(op: OpEnvelope, hallCode: string, nowMs: number): JudgedOp {
  const reject = (code: ErrorCode, details: Details = {}): JudgedOp => ({ op, kind: 'rejected', code, details });
  if (serverOwned.has(op.kind)) return reject('sync/op-server-owned', { kind: op.kind });
  if (!known.has(op.kind)) return reject('sync/op-kind-unknown', { kind: op.kind });
  const parsed = CompiledOutboxOpSchema.safeParse(op);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Only the path and zod's message go back (and into logs): never the offending value, which may be an ID
    // number or a phone.
    return reject('sync/op-invalid', { path: issue?.path.join('.') ?? '', issue: issue?.message ?? 'invalid' });
  }
  const valid = parsed.data;
  try {
    switch (valid.kind) {
      case 'case-event':
      case 'audit': {
        // Both carry their hall and time: written for this device's hall, not in the implausible future.
        if (valid.payload.hallCode !== hallCode) return reject('sync/hall-mismatch', { hallCode: valid.payload.hallCode });
        const ahead = Date.parse(valid.payload.at) - nowMs;
        if (ahead > MAX_CLOCK_DRIFT_MS) return reject('sync/clock-skew', { aheadMs: ahead, maxMs: MAX_CLOCK_DRIFT_MS });
        return valid.kind === 'case-event'
          ? { op, kind: 'case-event', event: valid.payload }
          : { op, kind: 'audit', entry: valid.payload };
      }
      case 'resident-patch':
        if (valid.payload.base !== undefined) assertHlcPlausible(valid.payload.base, nowMs);
        for (const f of Object.values(valid.payload.fields)) assertHlcPlausible(f.hlc, nowMs);
        return { op, kind: 'resident-patch', patch: valid.payload };
      case 'shift':
      case 'handover': {
        // No hall in the row: it is stored under the pushing device's hall. Its times must be plausible.
        const times = valid.kind === 'shift' ? [valid.payload.startedAt, valid.payload.endedAt] : [valid.payload.at, valid.payload.acknowledgedAt];
        const ahead = Math.max(...times.map((t) => (t === undefined ? -Infinity : Date.parse(t) - nowMs)));
        if (ahead > MAX_CLOCK_DRIFT_MS) return reject('sync/clock-skew', { aheadMs: ahead, maxMs: MAX_CLOCK_DRIFT_MS });
        return valid.kind === 'shift' ? { op, kind: 'shift', shift: valid.payload } : { op, kind: 'handover', handover: valid.payload };
      }
      default:
        // A kind added to OutboxOpSchema without a rule here: refuse it rather than store it unchecked.
        return reject('sync/op-kind-unknown', { kind: (valid as OpEnvelope).kind });
    }
  } catch (err) {
    if (err instanceof YizhanError) return reject(err.code, err.details);
    throw err;
  }
}
