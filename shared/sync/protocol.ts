import { z } from 'zod';
import { CaseEventSchema, InstantSchema } from '../domain/case/events';
import { HallCodeSchema, WorkstationCodeSchema } from '../domain/case/case-number';
import { ResidentSchema } from '../domain/resident';
import { AuditEntrySchema } from '../domain/staff/audit-entry';
import { HandoverSchema, ShiftSchema } from '../domain/staff/shift';
import { StaffSchema } from '../domain/staff/staff';
import { HlcSchema } from './hlc';

/**
 * Wire messages between a workstation and the district server (区级服务器). Prose, guarantees and the error
 * table are in docs/sync-protocol.md; keep the two in step.
 *
 * Shape of the exchange:
 *  - a workstation enrols once with a one-time code and gets a device id + secret;
 *  - it pushes its outbox in batches of ops keyed by (deviceId, seq); the server applies a batch in one
 *    transaction, exactly once per seq, and answers with an acknowledgement watermark (`ackThrough`);
 *  - it pulls its hall's changes from a server cursor, in commit order.
 */

// ---------------------------------------------------------------------------------------------- versioning

/** Bumped when a message changes incompatibly. */
export const PROTOCOL_VERSION = 1;
/** Oldest client protocol the server still speaks; older clients get 426 + `sync/protocol-too-old`. */
export const MIN_PROTOCOL_VERSION = 1;
/** Every call except health carries this header with the client's PROTOCOL_VERSION. */
export const PROTOCOL_HEADER = 'x-yizhan-protocol';

export const API_PATHS = {
  health: '/api/v1/health',
  enroll: '/api/v1/devices/enroll',
  push: '/api/v1/sync/push',
  pull: '/api/v1/sync/pull',
} as const;

// ---------------------------------------------------------------------------------------------- limits

/** A push with more ops is refused whole with 413 `sync/too-many-ops`. */
export const MAX_OPS_PER_BATCH = 500;
/** A push body larger than this once decoded (after gzip) is refused with 413 `sync/batch-too-large`. */
export const MAX_BATCH_BYTES = 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 1000;

// ---------------------------------------------------------------------------------------------- credentials

export const DeviceIdSchema = z.uuid();
export const ProtocolVersionSchema = z.number().int().min(1);

/** The bearer credential is `<deviceId>.<secret>`: the id finds the device row, the secret is checked against
 * the hash stored there. */
export function bearerToken(deviceId: string, secret: string): string {
  return `${deviceId}.${secret}`;
}

export function parseBearerToken(header: string | undefined): { deviceId: string; secret: string } | null {
  const m = header === undefined ? null : /^Bearer ([0-9a-fA-F-]{36})\.([A-Za-z0-9_-]{16,128})$/.exec(header);
  if (!m) return null;
  return { deviceId: (m[1] as string).toLowerCase(), secret: m[2] as string };
}

/**
 * The credential a workstation held before (expired is fine), sent with a re-enrolment as proof that it is the
 * same workstation: the new device then continues the old one's outbox numbering (inherits its watermark).
 */
export const PreviousCredentialSchema = z.object({
  deviceId: DeviceIdSchema,
  secret: z.string().min(16).max(128),
});
export type PreviousCredential = z.infer<typeof PreviousCredentialSchema>;

export const EnrollRequestSchema = z.object({
  protocol: ProtocolVersionSchema,
  /** The one-time code printed by `npm run server:admin -- enroll-code`. Case and spaces are ignored. */
  code: z.string().trim().min(4).max(64),
  /** Free text shown to admins (e.g. the PC's host name); never used for authorisation. */
  deviceName: z.string().trim().min(1).max(100).optional(),
  /** Re-enrolment: the credential this workstation held until now. A proof that does not verify is refused
   * (403 `sync/previous-credential-*`) and the code stays unused. */
  previous: PreviousCredentialSchema.optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = z.object({
  protocol: ProtocolVersionSchema,
  deviceId: DeviceIdSchema,
  /** Shown once; the server keeps only its hash. */
  secret: z.string().min(16),
  hallCode: HallCodeSchema,
  workstationCode: WorkstationCodeSchema.nullable(),
  expiresAt: InstantSchema,
  /** The watermark the new device starts from: the previous device's when `previous` was taken over, else 0.
   * Absent from servers older than re-enrolment (they ignore `previous`, so it is 0 there). */
  ackedSeq: z.number().int().min(0).optional(),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

// ---------------------------------------------------------------------------------------------- push: ops

/** Position of an op in its workstation's outbox: 1, 2, 3, … with no gaps, never reused. */
export const SeqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Resident fields a patch may set: every field of ResidentSchema but the id (which is `residentId`). */
export type ResidentFieldName = Exclude<keyof typeof ResidentSchema.shape, 'id'>;
export const RESIDENT_FIELD_NAMES = Object.keys(ResidentSchema.shape).filter(
  (k) => k !== 'id',
) as ResidentFieldName[];
const residentFieldSet: ReadonlySet<string> = new Set(RESIDENT_FIELD_NAMES);

export const FieldVersionSchema = z.object({
  /** The new value; `null` clears an optional field. Checked against the field's schema in ResidentSchema. */
  value: z.unknown(),
  hlc: HlcSchema,
});
export type FieldVersion = z.infer<typeof FieldVersionSchema>;

export const ResidentPatchSchema = z
  .object({
    residentId: z.guid(),
    /**
     * The highest field stamp of this resident the workstation had seen when the edit started. A field that the
     * server holds from another device with a stamp after `base` was changed concurrently: the server keeps a
     * conflict record. Absent when the resident was created on this workstation.
     */
    base: HlcSchema.optional(),
    fields: z.record(z.string(), FieldVersionSchema),
  })
  .superRefine((patch, ctx) => {
    const names = Object.keys(patch.fields);
    if (names.length === 0) ctx.addIssue({ code: 'custom', path: ['fields'], message: 'a patch sets at least one field' });
    for (const name of names) {
      const version = patch.fields[name] as FieldVersion;
      if (!residentFieldSet.has(name)) {
        ctx.addIssue({ code: 'custom', path: ['fields', name], message: 'not a resident field' });
        continue;
      }
      const fieldSchema = ResidentSchema.shape[name as ResidentFieldName] as z.ZodType;
      const ok =
        version.value === null ? fieldSchema.safeParse(undefined).success : fieldSchema.safeParse(version.value).success;
      if (!('value' in version) || version.value === undefined || !ok) {
        ctx.addIssue({ code: 'custom', path: ['fields', name, 'value'], message: 'value does not fit the field' });
      }
    }
  });
export type ResidentPatch = z.infer<typeof ResidentPatchSchema>;

const opBase = {
  seq: SeqSchema,
  /** Client-made id of the op, for logs and support; dedup is by (deviceId, seq). */
  opId: z.guid(),
  /** When the op was written on the workstation (its wall clock; informative only). */
  at: InstantSchema,
};

export const CaseEventOpSchema = z.object({ ...opBase, kind: z.literal('case-event'), payload: CaseEventSchema });
export const ResidentPatchOpSchema = z.object({
  ...opBase,
  kind: z.literal('resident-patch'),
  payload: ResidentPatchSchema,
});

/** A row of the append-only audit trail (shared/domain/staff/audit-entry.ts); stored once per entry id. */
export const AuditOpSchema = z.object({ ...opBase, kind: z.literal('audit'), payload: AuditEntrySchema });

/** A shift or handover row as its workstation now holds it (shared/domain/staff/shift.ts): sent when it is
 * written and again when it gains its later state (ended, acknowledged). The server merges by id, first wins. */
export const ShiftOpSchema = z.object({ ...opBase, kind: z.literal('shift'), payload: ShiftSchema });
export const HandoverOpSchema = z.object({ ...opBase, kind: z.literal('handover'), payload: HandoverSchema });

/** One outbox row as pushed. New kinds are added here and in the server's apply step; an older server answers
 * an unknown kind with `rejected` / `sync/op-kind-unknown`, so clients must only push kinds of the protocol
 * version they negotiated. */
export const OutboxOpSchema = z.discriminatedUnion('kind', [
  CaseEventOpSchema,
  ResidentPatchOpSchema,
  AuditOpSchema,
  ShiftOpSchema,
  HandoverOpSchema,
]);
export type OutboxOp = z.infer<typeof OutboxOpSchema>;
export type OutboxOpKind = OutboxOp['kind'];
export const OUTBOX_OP_KINDS = OutboxOpSchema.options.map((o) => o.shape.kind.value) as OutboxOpKind[];

/** Kinds only the server writes. A push of one is answered `rejected` / `sync/op-server-owned`. */
export const SERVER_OWNED_KINDS = ['catalogue', 'calendar'] as const;

/**
 * The envelope the server checks before looking inside an op. It is looser than OutboxOpSchema on purpose: one
 * op with a bad payload must not make the whole batch fail forever (a poison batch would block the outbox);
 * the server answers it `rejected`, keeps it in quarantine and moves the watermark past it.
 */
export const OpEnvelopeSchema = z.object({
  seq: SeqSchema,
  opId: z.string().max(64),
  at: z.string().max(64),
  kind: z.string().min(1).max(64),
  payload: z.unknown(),
});
export type OpEnvelope = z.infer<typeof OpEnvelopeSchema>;

export const PushRequestSchema = z
  .object({
    protocol: ProtocolVersionSchema,
    deviceId: DeviceIdSchema,
    /** Ascending, consecutive seqs. May start at or below the server's watermark (a resend): those are
     * acknowledged again and not re-applied. Empty asks only for the current watermark. */
    ops: z.array(OpEnvelopeSchema),
  })
  .superRefine((req, ctx) => {
    for (let i = 1; i < req.ops.length; i++) {
      if ((req.ops[i] as OpEnvelope).seq !== (req.ops[i - 1] as OpEnvelope).seq + 1) {
        ctx.addIssue({ code: 'custom', path: ['ops', i, 'seq'], message: 'seqs in a batch must be consecutive' });
        return;
      }
    }
  });
export type PushRequest = z.infer<typeof PushRequestSchema>;

// ---------------------------------------------------------------------------------------------- push: results

export const PUSH_STATUSES = ['applied', 'merged', 'conflict', 'rejected'] as const;
export const PushStatusSchema = z.enum(PUSH_STATUSES);
export type PushStatus = z.infer<typeof PushStatusSchema>;

export const FieldConflictSchema = z.object({
  field: z.string(),
  /** What the server held, from another device. */
  server: z.object({ value: z.unknown(), hlc: HlcSchema, deviceId: DeviceIdSchema.nullable() }),
  /** What this op tried to write. */
  incoming: FieldVersionSchema,
  /** Which side the server keeps for now (the later stamp), until a lead resolves the conflict. */
  kept: z.enum(['server', 'incoming']),
});
export type FieldConflict = z.infer<typeof FieldConflictSchema>;

export const ConflictSchema = z.object({
  residentId: z.string(),
  fields: z.array(FieldConflictSchema).min(1),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const PushResultSchema = z.object({
  seq: SeqSchema,
  /**
   * applied: changed server state; merged: already there (same case event id, or every field already newer on
   * the server), nothing changed; conflict: a resident field was edited concurrently elsewhere (see `conflict`);
   * rejected: not applied, kept in quarantine on the server (see `code`, `details`). All four are acknowledged.
   */
  status: PushStatusSchema,
  code: z.string().optional(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  conflict: ConflictSchema.optional(),
  /** The op was acknowledged by an earlier push. Rejections and conflicts are reported again as they were;
   * an earlier `merged` shows as `applied`. */
  replayed: z.boolean().optional(),
});
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushResponseSchema = z.object({
  protocol: ProtocolVersionSchema,
  /** Every op with seq ≤ ackThrough is durably handled (committed) on the server; the client may prune them. */
  ackThrough: z.number().int().min(0),
  /** One entry per op of the request, in request order. */
  results: z.array(PushResultSchema),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

// ---------------------------------------------------------------------------------------------- pull

/** Opaque to clients: send back the `nextCursor` last received; start with `'0'`. */
export const CursorSchema = z.string().regex(/^\d{1,18}$/);
export const INITIAL_CURSOR = '0';

export const PullQuerySchema = z.object({
  since: CursorSchema.default(INITIAL_CURSOR),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});
export type PullQuery = z.infer<typeof PullQuerySchema>;

/**
 * The winning field versions after a resident edit was applied on the server; merge per field by stamp.
 *
 * `base` and `alsoSet` let the puller settle its listed field conflicts exactly as the server did when it applied
 * the edit (shared/sync/conflict-settlement.ts, docs/sync-protocol.md §5). Both are optional additions to
 * protocol 1: an older workstation drops them unread, an older server never sends them.
 */
export const ResidentChangeSchema = z.object({
  residentId: z.guid(),
  fields: z.record(z.string(), FieldVersionSchema),
  /** The edit's `base` (ResidentPatchSchema); absent for an edit without one (the resident's creation). */
  base: HlcSchema.optional(),
  /** Fields the edit also set that are not in `fields`, because the server held the same or a newer stamp. With
   * `base` only; then `fields` may be empty. */
  alsoSet: z.array(z.string()).optional(),
});
export type ResidentChange = z.infer<typeof ResidentChangeSchema>;

/** A catalogue (准入目录) or holiday calendar as published by a district admin. `document` is parsed by the
 * client with the matching shared schema (the same one the admin CLI validated it with). */
export const PublishedDocumentSchema = z.object({
  version: z.string().min(1).max(100),
  publishedAt: InstantSchema,
  document: z.unknown(),
});
export type PublishedDocument = z.infer<typeof PublishedDocumentSchema>;

const changeBase = {
  cursor: CursorSchema,
  /** Device that pushed it; null for changes made on the server (publications, department returns). */
  originDeviceId: DeviceIdSchema.nullable(),
};

export const PullChangeSchema = z.discriminatedUnion('kind', [
  /** Includes department returns (a `returned` case event written on the server, origin null). */
  z.object({ ...changeBase, kind: z.literal('case-event'), payload: CaseEventSchema }),
  z.object({ ...changeBase, kind: z.literal('resident'), payload: ResidentChangeSchema }),
  z.object({ ...changeBase, kind: z.literal('catalogue'), payload: PublishedDocumentSchema }),
  z.object({ ...changeBase, kind: z.literal('calendar'), payload: PublishedDocumentSchema }),
  /** A staff account of the hall as an admin last saved it on the server (with its credential hash); the
   * newest change of an id replaces the older. */
  z.object({ ...changeBase, kind: z.literal('staff'), payload: StaffSchema }),
  /** An audit row pushed by another workstation of the hall, for the lead's audit view. */
  z.object({ ...changeBase, kind: z.literal('audit'), payload: AuditEntrySchema }),
  /** A shift or handover of the hall in the state the server now holds (the first end / acknowledgement to
   * reach it); take it over a local copy's later state, never drop a later state for an earlier one. */
  z.object({ ...changeBase, kind: z.literal('shift'), payload: ShiftSchema }),
  z.object({ ...changeBase, kind: z.literal('handover'), payload: HandoverSchema }),
]);
export type PullChange = z.infer<typeof PullChangeSchema>;
export type PullChangeKind = PullChange['kind'];

export const PullResponseSchema = z.object({
  protocol: ProtocolVersionSchema,
  /** This hall's changes made by other devices or the server, in commit order. */
  changes: z.array(PullChangeSchema),
  /** Pass as `since` next time; equal to `since` when nothing new. */
  nextCursor: CursorSchema,
  /** More changes are ready now: pull again without waiting. */
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

// ---------------------------------------------------------------------------------------------- health, errors

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  protocol: ProtocolVersionSchema,
  minProtocol: ProtocolVersionSchema,
  /** Server wall clock (ms), so a workstation can warn about a badly set PC clock. */
  serverTime: z.number().int(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/** Body of every non-2xx answer. `code` is an ErrorCode (shared/errors/codes.ts); it is typed as a string so
 * that a code added by a newer server still parses: show it with the generic message. */
export const ErrorBodySchema = z.object({
  code: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** With `sync/seq-gap`: the seq the server expects next (its watermark + 1). */
  expectedSeq: z.number().int().min(1).optional(),
  /** With 429 / 503 (also sent as the Retry-After header, in seconds). */
  retryAfterMs: z.number().int().min(0).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
