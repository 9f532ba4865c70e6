import type { ErrorCode } from '@shared/errors/codes';
import { ERROR_CODES } from '@shared/errors/codes';
import { messageFor } from '@shared/errors/messages.zh-CN';

/**
 * Codes only the local store raises that shared/errors/codes.ts does not list yet. They belong there (with their
 * Chinese text in messages.zh-CN.ts); shared/ is owned elsewhere, so they wait here until moved, and the
 * messages below are the single place their text lives meanwhile.
 */
export const STORE_ONLY_CODES = ['resident/duplicate-document', 'resident/not-found', 'case/duplicate-number'] as const;
export type StoreOnlyCode = (typeof STORE_ONLY_CODES)[number];
export type StoreErrorCode = ErrorCode | StoreOnlyCode;

const STORE_MESSAGES_ZH_CN: Record<StoreOnlyCode, string> = {
  'resident/duplicate-document': '该证件号码已登记，请直接查找该居民',
  'resident/not-found': '未找到该居民，可能已被其他窗口更新，请重新查找',
  'case/duplicate-number': '办件编号已被使用，请重试',
};

/** A command refused, with nothing written. Carries a code (for the hotline) and details, never personal data. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly details: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'StoreError';
  }
}

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}

const sharedCodes: ReadonlySet<string> = new Set(ERROR_CODES);

export function storeErrorMessage(code: StoreErrorCode, details: Record<string, string | number> = {}): string {
  if (sharedCodes.has(code)) return messageFor(code as ErrorCode, details);
  return STORE_MESSAGES_ZH_CN[code as StoreOnlyCode];
}

/**
 * What a screen shows when a command fails: the store's code and its Chinese message (with its details), or
 * `internal/unexpected` for anything that is not a StoreError (a bug, a closing database).
 */
export function failureOf(err: unknown): { code: StoreErrorCode; message: string } {
  const code: StoreErrorCode = isStoreError(err) ? err.code : 'internal/unexpected';
  return { code, message: storeErrorMessage(code, isStoreError(err) ? err.details : {}) };
}
