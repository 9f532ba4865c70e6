import { hallDateOf } from '@shared/domain/case/hall-date';
import type { CaseEvent, Handling, MaterialRef } from '@shared/domain/case/events';
import type { CaseState } from '@shared/domain/case/reducer';
import { maskIdNumber, maskPhone } from '@shared/domain/mask';
import { ID_DOCUMENT_TYPE_LABELS, type IdDocument } from '@shared/domain/resident';

/**
 * What the printed documents show, as plain data. Components never see a full ID number: masking happens here,
 * once, so no layout can forget it. Dates are hall-local `YYYY-MM-DD` (or UTC instants where a time is shown);
 * `format.ts` turns them into Chinese text.
 */

export type PrintLayout = 'a4' | 'thermal';

export type PrintableHall = {
  name: string;
  code: string;
  address?: string;
  phone?: string;
};

export type PrintablePerson = {
  name: string;
  /** e.g. 居民身份证 */
  idTypeLabel: string;
  maskedId: string;
  maskedPhone?: string;
};

export type PrintableAgent = PrintablePerson & { relation: string };

export type PrintableMatter = {
  code: string;
  name: string;
  /** From the catalogue: 设定依据 shown on the receipt. */
  legalBasis?: string;
  handling: Handling;
  /** Working days; 0 for 即办件. */
  timeLimitDays: number;
};

export type PrintableAcceptance = {
  acceptedAt: string;
  acceptedOn: string;
  /** 承诺办结日期 as promised at acceptance; absent for 即办件. */
  deadline?: string;
  /** Names of the materials handed in by the time of acceptance. */
  materials: string[];
  /** 即办件 finished on the spot (or a 承诺件 finished later): the hall-local date it was completed. */
  completedOn?: string;
  clerkName: string;
};

export type PrintableNotice = {
  issuedOn: string;
  /** Every material that was missing, exactly as listed on the notice when it was issued. */
  missing: string[];
  legalBasis: string;
  returnBy: string;
  clerkName: string;
};

export type PrintableDeferral = {
  acceptedOn: string;
  deadline?: string;
  deferred: string[];
  promiseText: string;
  dueDate: string;
  clerkName: string;
};

export type PrintableRefusal = {
  refusedOn: string;
  reason: string;
  referTo: { office: string; address?: string; phone?: string };
  /** The full 救济途径 sentence as printed (行政复议 / 行政诉讼). */
  appealText: string;
  clerkName: string;
};

export type PrintableReferral = {
  referredOn: string;
  place: string;
  phone?: string;
  note?: string;
  clerkName: string;
};

export type PrintableCase = {
  hall: PrintableHall;
  caseNumber: string;
  resident: PrintablePerson;
  agent?: PrintableAgent;
  matter: PrintableMatter;
  /** The clerk at the counter now, printing. */
  clerk: { name: string };
  receivedAt: string;
  receivedOn: string;
  acceptance?: PrintableAcceptance;
  /** Oldest first; the last one is the notice currently open or most recently issued. */
  notices: PrintableNotice[];
  deferral?: PrintableDeferral;
  refusal?: PrintableRefusal;
  referral?: PrintableReferral;
  /** A cancelled case still prints (for the file), marked void so nobody takes it for a live receipt. */
  cancellation?: { reason: string };
};

/** The catalogue entry, as far as printing needs it. Absent for a 私事 referral, which has no catalogue entry. */
export type PrintMatterInput = {
  code: string;
  name: string;
  legalBasis?: string;
  materials?: readonly MaterialRef[];
};

export type PrintResidentInput = { name: string; document: IdDocument; phone?: string };

export type PrintClerkInput = { id: string; name: string };

const APPEAL_MARKERS = ['行政复议', '行政诉讼'];

/**
 * The 救济途径 sentence of a 不予受理告知书: 60 days for 行政复议 (行政复议法 第二十条) and six months for 行政诉讼
 * (行政诉讼法 第四十六条). `reviewBody` is the 行政复议机关, e.g. `北京市朝阳区人民政府`.
 */
export function appealText(reviewBody: string): string {
  return `如对本决定不服，可在收到本告知书之日起六十日内向${reviewBody}申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。`;
}

/**
 * `appealRoute` on a refused event is either the whole sentence, as printed, or only the review body; a bare body
 * gets the standard sentence around it so no notice goes out without the deadlines.
 */
function appealTextOf(appealRoute: string): string {
  const route = appealRoute.trim();
  return APPEAL_MARKERS.some((m) => route.includes(m)) ? route : appealText(route);
}

function person(name: string, document: IdDocument, phone?: string): PrintablePerson {
  return {
    name,
    idTypeLabel: ID_DOCUMENT_TYPE_LABELS[document.type],
    maskedId: maskIdNumber(document.number),
    ...(phone !== undefined ? { maskedPhone: maskPhone(phone) } : {}),
  };
}

/**
 * Maps a folded case to what its documents print. Only events the reducer applied are used (`state.history`),
 * so a rejected event (say, a refusal that arrived after acceptance) never ends up on paper.
 */
export function toPrintableCase(
  state: CaseState,
  events: readonly CaseEvent[],
  resident: PrintResidentInput,
  matter: PrintMatterInput | undefined,
  hall: PrintableHall,
  clerk: PrintClerkInput,
): PrintableCase {
  const byId = new Map(events.filter((e) => e.caseId === state.caseId).map((e) => [e.id, e]));
  const applied = state.history.map((h) => byId.get(h.eventId)).filter((e): e is CaseEvent => e !== undefined);
  const lastOf = <T extends CaseEvent['type']>(type: T) =>
    applied.findLast((e): e is Extract<CaseEvent, { type: T }> => e.type === type);

  const names = new Map<string, string>();
  for (const m of matter?.materials ?? []) names.set(m.id, m.name);
  for (const n of state.notices) for (const m of n.missing) if (!names.has(m.id)) names.set(m.id, m.name);
  for (const m of state.deferral?.deferred ?? []) if (!names.has(m.id)) names.set(m.id, m.name);
  // An id the catalogue no longer knows is still better printed than dropped.
  const nameOf = (id: string) => names.get(id) ?? id;
  // Catalogue order is the order of the checklist on the counter; unknown ids go last.
  const rank = new Map((matter?.materials ?? []).map((m, i) => [m.id, i]));
  const byCatalogue = (a: string, b: string) =>
    (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0);

  const clerkNameOf = (e: CaseEvent | undefined) =>
    e?.actorName ?? (e === undefined || e.actor === clerk.id ? clerk.name : e.actor);

  const result: PrintableCase = {
    hall,
    caseNumber: state.caseNumber,
    resident: person(resident.name, resident.document, resident.phone),
    matter: {
      code: state.matterCode,
      name: state.matterName,
      ...(matter?.legalBasis !== undefined ? { legalBasis: matter.legalBasis } : {}),
      handling: state.handling,
      timeLimitDays: state.timeLimitDays,
    },
    clerk: { name: clerk.name },
    receivedAt: state.receivedAt,
    receivedOn: hallDateOf(state.receivedAt),
    notices: [],
  };
  if (state.agent !== undefined) {
    result.agent = { ...person(state.agent.name, state.agent.document), relation: state.agent.relation };
  }

  if (state.acceptedAt !== undefined) {
    const acceptIndex = applied.findIndex((e) => e.type === 'accepted' || e.type === 'accepted-with-deferral');
    const acceptEvent = applied[acceptIndex];
    const handedIn = new Set<string>();
    for (const e of applied.slice(0, acceptIndex + 1)) {
      if (e.type === 'accepted' || e.type === 'accepted-with-deferral') e.payload.materialsPresent.forEach((id) => handedIn.add(id));
      if (e.type === 'supplemented') e.payload.materialsProvided.forEach((id) => handedIn.add(id));
    }
    const completion = state.completions[0];
    result.acceptance = {
      acceptedAt: state.acceptedAt,
      acceptedOn: hallDateOf(state.acceptedAt),
      ...(state.deadline !== undefined ? { deadline: state.deadline } : {}),
      materials: [...handedIn].sort(byCatalogue).map(nameOf),
      ...(completion !== undefined ? { completedOn: hallDateOf(completion.at) } : {}),
      clerkName: clerkNameOf(acceptEvent),
    };
  }

  result.notices = state.notices.map((n) => ({
    issuedOn: hallDateOf(n.issuedAt),
    missing: n.missing.map((m) => m.name),
    legalBasis: n.legalBasis,
    returnBy: n.returnBy,
    clerkName: clerkNameOf(byId.get(n.eventId)),
  }));

  if (state.deferral !== undefined) {
    const d = state.deferral;
    const e = byId.get(d.eventId);
    const deadline = e?.type === 'accepted-with-deferral' ? e.payload.deadline : state.deadline;
    result.deferral = {
      acceptedOn: hallDateOf(e?.at ?? state.acceptedAt ?? state.receivedAt),
      ...(deadline !== undefined ? { deadline } : {}),
      deferred: d.deferred.map((m) => m.name),
      promiseText: d.promiseText,
      dueDate: d.dueDate,
      clerkName: clerkNameOf(e),
    };
  }

  if (state.refusal !== undefined) {
    const r = state.refusal;
    const e = lastOf('refused');
    result.refusal = {
      refusedOn: hallDateOf(e?.at ?? state.closedAt ?? state.receivedAt),
      reason: r.reason,
      referTo: { ...r.referTo },
      appealText: appealTextOf(r.appealRoute),
      clerkName: clerkNameOf(e),
    };
  }

  if (state.referral !== undefined) {
    const r = state.referral;
    const e = lastOf('referred');
    result.referral = {
      referredOn: hallDateOf(e?.at ?? state.closedAt ?? state.receivedAt),
      place: r.place,
      ...(r.phone !== undefined ? { phone: r.phone } : {}),
      ...(r.note !== undefined ? { note: r.note } : {}),
      clerkName: clerkNameOf(e),
    };
  }

  if (state.cancellation !== undefined) result.cancellation = { reason: state.cancellation.reason };
  return result;
}
