import type { ErrorCode } from './codes';

/**
 * Chinese text for each error code. `{name}` placeholders are filled from the error's details.
 * Exhaustive by type: adding a code without its message does not compile.
 */
export const MESSAGES_ZH_CN: Record<ErrorCode, string> = {
  'input/invalid': '输入内容不符合要求',
  'internal/unexpected': '系统发生意外错误，请联系技术支持',
};

export function messageFor(code: ErrorCode, details: Record<string, string | number> = {}): string {
  return MESSAGES_ZH_CN[code].replace(/\{(\w+)\}/g, (_, key: string) => String(details[key] ?? `{${key}}`));
}
