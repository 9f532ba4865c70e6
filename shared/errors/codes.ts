/**
 * Every error the product can report, as a stable code. The server sends `{ code }`, the UI looks the
 * message up in messages.zh-CN.ts; the hotline asks for the code. Grouped by area; add new codes here and
 * their Chinese message in the same change (the message table is exhaustive, so a missing one fails typecheck).
 */
export const ERROR_CODES = [
  // generic
  'input/invalid',
  'internal/unexpected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error that carries a code (and optional structured details for the message), never user text. */
export class YizhanError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'YizhanError';
  }
}
