import type { Handling } from '../case/events';
import type { QueueSubject } from '../case/overdue';
import { CLOSED_STATUSES, type CaseState, type CaseStatus } from '../case/reducer';
import { maskName } from '../mask';

/**
 * What the daily log and the hall board need of an open case that nothing happened to in the log's window: enough
 * to list it as pending or overdue (`classifyForQueue` reads only these fields) or to count it as on track, and
 * nothing else. A busy hall has thousands of open cases; the store keeps these summaries packed many to a row
 * (renderer/src/store/open-case-digest.ts), because reading a whole case row costs ~50 µs in Chromium whatever its
 * size, and reading its resident for the name as much again.
 *
 * A summary stands for the case as of the window only when nothing was recorded on the case after the window: the
 * caller gives the summaries of such cases only, and the whole rows of the others (see `DailyLogInput.openCases`).
 */
export type OpenCaseSummary = QueueSubject & {
  caseId: string;
  caseNumber: string;
  status: CaseStatus;
  handling: Handling;
  receivedAt: string;
  matterName: string;
  residentId: string;
  /**
   * The resident's name, masked (`maskName`), as the store last knew it; absent when the resident record was not
   * on the workstation when the summary was written (the log then looks the resident up).
   */
  residentMaskedName?: string;
  /** Who received the case and where: the log's clerk column and its counter filter. */
  receivedBy: { staffId: string; name?: string; workstationId: string };
};

export function isOpenStatus(status: CaseStatus): boolean {
  return !CLOSED_STATUSES.includes(status);
}

/**
 * The summary of a case, or null when the case is closed (or has no `received` entry, which a folded state always
 * has). `residentName` is the resident's whole name when known; only its mask is kept.
 */
export function openCaseSummaryOf(state: CaseState, residentName?: string): OpenCaseSummary | null {
  const received = state.history[0];
  if (!isOpenStatus(state.status) || received === undefined) return null;
  const notice = state.notices[state.notices.length - 1];
  return {
    caseId: state.caseId,
    caseNumber: state.caseNumber,
    status: state.status,
    handling: state.handling,
    timeLimitDays: state.timeLimitDays,
    receivedAt: state.receivedAt,
    ...(state.acceptedAt !== undefined ? { acceptedAt: state.acceptedAt } : {}),
    ...(state.deadline !== undefined ? { deadline: state.deadline } : {}),
    pauses: state.pauses.map((p) => ({ ...p })),
    notices: notice === undefined ? [] : [{ returnBy: notice.returnBy }],
    ...(state.deferral !== undefined ? { deferral: { dueDate: state.deferral.dueDate, outstanding: [...state.deferral.outstanding] } } : {}),
    matterName: state.matterName,
    residentId: state.residentId,
    ...(residentName !== undefined ? { residentMaskedName: maskName(residentName) } : {}),
    receivedBy: {
      staffId: received.actor,
      ...(received.actorName !== undefined ? { name: received.actorName } : {}),
      workstationId: received.workstationId,
    },
  };
}
