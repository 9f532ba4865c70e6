import type { CaseState } from '@shared/domain/case/reducer';

/**
 * The next legal steps for a case, as the case page offers them. Mirrors the reducer's rules (a test applies each
 * offered action to the reducer and expects it to pass, and each withheld one to be refused), so the page never
 * shows a button whose click can only fail.
 */
export const CASE_ACTIONS = ['accept', 'supplement', 'complete', 'forward', 'return', 'cancel', 'rate'] as const;
export type CaseActionKind = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABELS: Record<CaseActionKind, string> = {
  accept: '受理',
  supplement: '补正材料',
  complete: '办结',
  forward: '转办',
  return: '登记退回/办理结果',
  cancel: '撤销',
  rate: '评价',
};

export function availableActions(state: CaseState): CaseActionKind[] {
  const actions: CaseActionKind[] = [];
  const s = state.status;
  if (s === 'received' && state.triage !== 'private') actions.push('accept');
  if (s === 'awaiting-supplement' || (s === 'deferred' && (state.deferral?.outstanding.length ?? 0) > 0)) actions.push('supplement');
  if (s === 'accepted') actions.push('complete', 'forward');
  if (s === 'forwarded') actions.push('return');
  if (s !== 'completed' && s !== 'refused' && s !== 'referred' && s !== 'cancelled') actions.push('cancel');
  if ((s === 'completed' || s === 'refused' || s === 'referred') && state.rating === undefined) actions.push('rate');
  return actions;
}

/** Material ids still owed: the open notice's, else the deferral's. */
export function outstandingMaterials(state: CaseState): { id: string; name: string }[] {
  if (state.status === 'awaiting-supplement') {
    const notice = state.notices.at(-1);
    if (notice === undefined) return [];
    return notice.missing.filter((m) => notice.outstanding.includes(m.id));
  }
  if (state.deferral !== undefined) {
    const d = state.deferral;
    return d.deferred.filter((m) => d.outstanding.includes(m.id));
  }
  return [];
}
