import { z } from 'zod';
import { IdDocumentSchema } from '../resident';
import { CaseNumberSchema, HallCodeSchema, LocalDateSchema } from './case-number';

/**
 * A case (办件) is an append-only list of events; its current state is `foldEvents(events)` (reducer.ts).
 * Events are written on one workstation, synced in batches, and may reach another workstation or the server in
 * any order, so each one is self-contained and plain JSON (ISO strings, no `Date`). Envelope fields sit at the
 * top level (they become columns on the server); what differs per type lives in `payload`.
 */

/** UTC instant with a `Z` suffix, as produced by `Date.prototype.toISOString()`. Offsets are refused so two
 * workstations can never write the same instant two ways. */
export const InstantSchema = z.iso.datetime();

const MaterialRefSchema = z.object({
  /** Material id from the matter catalogue. */
  id: z.string().min(1),
  /** Name as shown to the resident, kept so a printed notice can be rebuilt without the catalogue version. */
  name: z.string().min(1),
});
export type MaterialRef = z.infer<typeof MaterialRefSchema>;

const envelope = {
  id: z.uuid(),
  caseId: z.uuid(),
  at: InstantSchema,
  /** Staff id of the clerk who did it. */
  actor: z.string().min(1),
  actorName: z.string().min(1).optional(),
  workstationId: z.string().min(1),
  hallCode: HallCodeSchema,
  /** Position in the writing workstation's outbox; lets sync spot gaps. Not used for ordering a case. */
  seqOnWorkstation: z.number().int().nonnegative().optional(),
};

/** The envelope alone, e.g. for code that routes or stores events without caring about their payload. */
export const CaseEventEnvelopeSchema = z.object(envelope);

export const TRIAGE_CLASSES = ['government', 'community', 'private'] as const;
/** 政务服务事项 / 社区公共服务 / 私事 (not the hall's business; referred under 首问负责制). */
export const TriageClassSchema = z.enum(TRIAGE_CLASSES);
export type TriageClass = z.infer<typeof TriageClassSchema>;

export const HANDLING_KINDS = ['immediate', 'promised'] as const;
/** 即办件 (done on the spot) / 承诺件 (done within `timeLimitDays` working days). */
export const HandlingSchema = z.enum(HANDLING_KINDS);
export type Handling = z.infer<typeof HandlingSchema>;

export const AgentSchema = z.object({
  name: z.string().trim().min(1),
  /** Full document of the 代办人; personal data — never log, mask when shown. */
  document: IdDocumentSchema,
  /** Relation to the resident, e.g. 配偶, 子女, 受托人. */
  relation: z.string().trim().min(1),
});
export type Agent = z.infer<typeof AgentSchema>;

export const ReceivedPayloadSchema = z
  .object({
    caseNumber: CaseNumberSchema,
    residentId: z.string().min(1),
    agent: AgentSchema.optional(),
    matterCode: z.string().min(1),
    matterName: z.string().min(1),
    triage: TriageClassSchema,
    handling: HandlingSchema,
    /** Working days; 0 for 即办件. */
    timeLimitDays: z.number().int().nonnegative().max(365),
    channel: z.literal('counter'),
  })
  .refine((p) => p.handling === 'immediate' || p.timeLimitDays >= 1, {
    path: ['timeLimitDays'],
    message: 'a promised matter needs a time limit of at least one working day',
  });

export const AcceptedPayloadSchema = z.object({
  /** Hall-local date the 承诺件 is due, computed by the caller with the working-day calendar. Absent for 即办件. */
  deadline: LocalDateSchema.optional(),
  materialsPresent: z.array(z.string().min(1)),
});

/** 一次性告知 / 补正告知: everything missing in one go. Pauses the time limit if the case was already accepted. */
export const NoticeIssuedPayloadSchema = z.object({
  missing: z.array(MaterialRefSchema).min(1),
  legalBasis: z.string().min(1),
  returnBy: LocalDateSchema,
});

export const SupplementedPayloadSchema = z.object({
  materialsProvided: z.array(z.string().min(1)).min(1),
});

/** 容缺受理: accepted now, some non-essential materials promised later by `dueDate`. */
export const AcceptedWithDeferralPayloadSchema = z.object({
  deadline: LocalDateSchema.optional(),
  materialsPresent: z.array(z.string().min(1)),
  deferred: z.array(MaterialRefSchema).min(1),
  /** The resident's written promise (容缺承诺书) as printed. */
  promiseText: z.string().min(1),
  dueDate: LocalDateSchema,
});

/** 不予受理: needs a reason, where to go instead and how to appeal (复议/诉讼). */
export const RefusedPayloadSchema = z.object({
  reason: z.string().min(1),
  referTo: z.object({
    office: z.string().min(1),
    address: z.string().min(1).optional(),
    phone: z.string().min(1).optional(),
  }),
  appealRoute: z.string().min(1),
});

/** 首问负责制: not ours (私事, outside 准入目录); the visit is logged and the resident pointed elsewhere. */
export const ReferredPayloadSchema = z.object({
  place: z.string().min(1),
  phone: z.string().min(1).optional(),
  note: z.string().optional(),
});

export const ForwardedPayloadSchema = z.object({
  department: z.string().min(1),
  note: z.string().optional(),
});

export const RETURN_OUTCOMES = ['result', 'sent-back'] as const;
/** The department came back with its result (办理结果), or sent the case back unprocessed (退回, e.g. for 补正). */
export const ReturnedPayloadSchema = z.object({
  department: z.string().min(1),
  outcome: z.enum(RETURN_OUTCOMES),
  note: z.string().optional(),
});

export const CompletedPayloadSchema = z.object({
  resultNote: z.string().optional(),
});

export const RATING_LEVELS = ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied'] as const;
export const RatingLevelSchema = z.enum(RATING_LEVELS);
export type RatingLevel = z.infer<typeof RatingLevelSchema>;
export const RATING_LABELS: Record<RatingLevel, string> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  neutral: '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
};
/** 差评: needs a reason and a follow-up (整改) by the lead. */
export function isNegativeRating(level: RatingLevel): boolean {
  return level === 'dissatisfied' || level === 'very-dissatisfied';
}

export const RatedPayloadSchema = z
  .object({
    level: RatingLevelSchema,
    reason: z.string().trim().min(1).optional(),
  })
  .refine((p) => !isNegativeRating(p.level) || p.reason !== undefined, {
    path: ['reason'],
    message: 'a dissatisfied rating needs a reason',
  });

export const CancelledPayloadSchema = z.object({
  reason: z.string().min(1),
});

const event = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({ ...envelope, type: z.literal(type), payload });

export const ReceivedEventSchema = event('received', ReceivedPayloadSchema);
export const AcceptedEventSchema = event('accepted', AcceptedPayloadSchema);
export const NoticeIssuedEventSchema = event('notice-issued', NoticeIssuedPayloadSchema);
export const SupplementedEventSchema = event('supplemented', SupplementedPayloadSchema);
export const AcceptedWithDeferralEventSchema = event('accepted-with-deferral', AcceptedWithDeferralPayloadSchema);
export const RefusedEventSchema = event('refused', RefusedPayloadSchema);
export const ReferredEventSchema = event('referred', ReferredPayloadSchema);
export const ForwardedEventSchema = event('forwarded', ForwardedPayloadSchema);
export const ReturnedEventSchema = event('returned', ReturnedPayloadSchema);
export const CompletedEventSchema = event('completed', CompletedPayloadSchema);
export const RatedEventSchema = event('rated', RatedPayloadSchema);
export const CancelledEventSchema = event('cancelled', CancelledPayloadSchema);

export type ReceivedEvent = z.infer<typeof ReceivedEventSchema>;
export type AcceptedEvent = z.infer<typeof AcceptedEventSchema>;
export type NoticeIssuedEvent = z.infer<typeof NoticeIssuedEventSchema>;
export type SupplementedEvent = z.infer<typeof SupplementedEventSchema>;
export type AcceptedWithDeferralEvent = z.infer<typeof AcceptedWithDeferralEventSchema>;
export type RefusedEvent = z.infer<typeof RefusedEventSchema>;
export type ReferredEvent = z.infer<typeof ReferredEventSchema>;
export type ForwardedEvent = z.infer<typeof ForwardedEventSchema>;
export type ReturnedEvent = z.infer<typeof ReturnedEventSchema>;
export type CompletedEvent = z.infer<typeof CompletedEventSchema>;
export type RatedEvent = z.infer<typeof RatedEventSchema>;
export type CancelledEvent = z.infer<typeof CancelledEventSchema>;

export const CaseEventSchema = z.discriminatedUnion('type', [
  ReceivedEventSchema,
  AcceptedEventSchema,
  NoticeIssuedEventSchema,
  SupplementedEventSchema,
  AcceptedWithDeferralEventSchema,
  RefusedEventSchema,
  ReferredEventSchema,
  ForwardedEventSchema,
  ReturnedEventSchema,
  CompletedEventSchema,
  RatedEventSchema,
  CancelledEventSchema,
]);
export type CaseEvent = z.infer<typeof CaseEventSchema>;
export type CaseEventType = CaseEvent['type'];
export const CASE_EVENT_TYPES = CaseEventSchema.options.map((o) => o.shape.type.value) as CaseEventType[];

/** Payload of one event type, e.g. `CaseEventPayload<'rated'>`. */
export type CaseEventPayload<T extends CaseEventType> = Extract<CaseEvent, { type: T }>['payload'];
/** Envelope fields shared by every event. */
export type CaseEventEnvelope = z.infer<typeof CaseEventEnvelopeSchema>;
