import { ERROR_CODES, type ErrorCode } from '@shared/errors/codes';
import { MESSAGES_ZH_CN, messageFor } from '@shared/errors/messages.zh-CN';

const known: ReadonlySet<string> = new Set(ERROR_CODES);

/** Chinese text for a code from the server or the engine. A newer server's unknown code gets the generic text
 * (the UI shows the code beside it, for the hotline). */
export function syncMessage(code: string, details: Record<string, string | number> = {}): string {
  if (known.has(code)) return messageFor(code as ErrorCode, details);
  return MESSAGES_ZH_CN['internal/unexpected'];
}
