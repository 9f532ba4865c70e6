import type { CalendarFailure, DeadlineResult } from '@shared/domain/calendar/calendar';
import type { Material, Matter } from '@shared/domain/catalogue/matter';

/**
 * What the counter may decide for a matter, given which materials the clerk ticked. Pure, so the rules of the
 * window (行政许可法 第三十二条: everything missing is told at once; 容缺 only for items the catalogue allows)
 * are tested without a screen.
 */

export type MaterialCheck = {
  present: Material[];
  missingMandatory: Material[];
  missingDeferrable: Material[];
  /** 视情况 items not handed in: never block, never listed on a notice. */
  missingOptional: Material[];
};

export function checkMaterials(matter: Pick<Matter, 'materials'>, ticked: ReadonlySet<string>): MaterialCheck {
  const check: MaterialCheck = { present: [], missingMandatory: [], missingDeferrable: [], missingOptional: [] };
  for (const material of matter.materials) {
    if (ticked.has(material.id)) check.present.push(material);
    else if (material.requirement === 'mandatory') check.missingMandatory.push(material);
    else if (material.requirement === 'deferrable') check.missingDeferrable.push(material);
    else check.missingOptional.push(material);
  }
  return check;
}

export type IntakeChoice = 'accept' | 'deferral' | 'notice' | 'refuse';

/**
 * The decisions open to the clerk, most fitting first. Refusal is always possible (the applicant may simply not
 * qualify); acceptance needs every required item; 容缺 is only for a gap made of deferrable items.
 */
export function availableChoices(check: MaterialCheck): IntakeChoice[] {
  const mandatoryGap = check.missingMandatory.length > 0;
  const deferrableGap = check.missingDeferrable.length > 0;
  if (!mandatoryGap && !deferrableGap) return ['accept', 'refuse'];
  if (!mandatoryGap) return ['deferral', 'notice', 'refuse'];
  return ['notice', 'refuse'];
}

/** Everything the one-time notice must list: mandatory and deferrable gaps alike (no second notice later). */
export function noticeItems(check: MaterialCheck): Material[] {
  return [...check.missingMandatory, ...check.missingDeferrable];
}

export const CALENDAR_UNKNOWN_MESSAGE = '节假日安排未公布，无法计算办结期限';

export type DeadlinePreview =
  | { kind: 'none' }
  | { kind: 'date'; date: string }
  | { kind: 'unknown'; message: string; year?: number };

type AddWorkingDays = { addWorkingDays(start: string, n: number): DeadlineResult };

/** The promised date of a 承诺件 accepted today; 即办件 have none. Never guessed when the calendar cannot answer. */
export function promisedDeadline(calendar: AddWorkingDays, today: string, matter: Pick<Matter, 'handling' | 'timeLimitDays'>): DeadlinePreview {
  if (matter.handling === 'immediate') return { kind: 'none' };
  return workingDaysAhead(calendar, today, matter.timeLimitDays);
}

/** `n` working days after `today`, or why it cannot be said. */
export function workingDaysAhead(calendar: AddWorkingDays, today: string, n: number): DeadlinePreview {
  const result = calendar.addWorkingDays(today, n);
  if (result.ok && result.date !== null) return { kind: 'date', date: result.date };
  if (!result.ok) return unknown(result);
  // No pauses were passed, so an open pause cannot stop the count; treat it as unknown rather than guess.
  return { kind: 'unknown', message: CALENDAR_UNKNOWN_MESSAGE };
}

function unknown(failure: CalendarFailure): DeadlinePreview {
  return failure.code === 'calendar/unknown-year'
    ? { kind: 'unknown', message: CALENDAR_UNKNOWN_MESSAGE, year: failure.year }
    : { kind: 'unknown', message: CALENDAR_UNKNOWN_MESSAGE };
}

/** Working days the resident gets by default to bring missing items (补正) or deferred ones (容缺). */
export const DEFAULT_RETURN_DAYS = 5;

/** The default text of the 容缺承诺书, which the resident reads and signs. */
export function defaultPromiseText(items: readonly Pick<Material, 'name'>[], dueDate: string): string {
  return `本人承诺于${dueDate}前补交以下材料：${items.map((m) => m.name).join('、')}。逾期未补交的，视为撤回申请，相关后果由本人承担。`;
}

/** Fallback legal basis of a 补正 notice when the catalogue entry names none (居务 matters always have one). */
export const NOTICE_LEGAL_BASIS_FALLBACK = '《中华人民共和国行政许可法》第三十二条';

export const REFUSAL_REASONS = [
  '申请事项不属于本社区受理范围',
  '申请人不符合该事项的申请条件',
  '申请材料存在虚假内容',
] as const;
