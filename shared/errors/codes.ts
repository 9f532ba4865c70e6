/**
 * Every error the product can report, as a stable code. The server sends `{ code }`, the UI looks the
 * message up in messages.zh-CN.ts; the hotline asks for the code. Grouped by area; add new codes here and
 * their Chinese message in the same change (the message table is exhaustive, so a missing one fails typecheck).
 */
export const ERROR_CODES = [
  // generic
  'input/invalid',
  'internal/unexpected',
  // sync
  'sync/clock-skew',
  'sync/hlc-invalid',
  'sync/protocol-too-old',
  'sync/protocol-unsupported',
  'sync/unauthenticated',
  'sync/credential-revoked',
  'sync/credential-expired',
  'sync/device-mismatch',
  'sync/enroll-code-invalid',
  'sync/seq-gap',
  'sync/too-many-ops',
  'sync/batch-too-large',
  'sync/too-many-requests',
  'sync/server-busy',
  'sync/bad-cursor',
  'sync/not-found',
  'sync/op-invalid',
  'sync/op-kind-unknown',
  'sync/op-server-owned',
  'sync/hall-mismatch',
  'sync/previous-credential-invalid',
  'sync/previous-credential-revoked',
  'sync/previous-credential-other-hall',
  // sync, workstation side (no server answer carries these)
  'sync/offline',
  'sync/timeout',
  'sync/bad-response',
  'sync/not-enrolled',
  'sync/device-reused',
  'sync/outbox-pruned',
  'sync/server-url-invalid',
  'sync/conflict-not-found',
  // case
  'case/not-received',
  'case/already-received',
  'case/wrong-case',
  'case/duplicate-id-conflict',
  'case/illegal-transition',
  'case/closed',
  'case/private-matter',
  'case/deadline-mismatch',
  'case/notice-open',
  'case/no-open-notice',
  'case/unknown-material',
  'case/materials-outstanding',
  'case/not-forwarded',
  'case/already-completed',
  'case/not-completed',
  'case/already-rated',
  'case-number/invalid',
  'case-number/exhausted',
  'case-number/foreign',
  'case-number/clock-behind',
  // ipc
  'ipc/invalid-argument',
  'ipc/untrusted-sender',
  'print/failed',
  'print/printer-not-found',
  'pdf/failed',
  'secret/encryption-unavailable',
  'secret/unreadable',
  'platform/no-secure-storage',
  // id-document
  'id-document/empty',
  'id-document/character',
  'id-document/check-character',
  'id-document/length',
  'id-document/wrong-type',
  'id-document/region',
  'id-document/hmt-prefix',
  'id-document/foreign-prefix',
  'id-document/hk-macao-prefix',
  'id-document/birth-too-early',
  'id-document/birth-month',
  'id-document/birth-day',
  'id-document/birth-future',
  'id-document/checksum',
  'id-document/passport-format',
  'id-document/passport-country',
  // calendar
  'calendar/unknown-year',
  'calendar/invalid-date',
  'calendar/invalid-file',
  // catalogue
  'catalogue/invalid-file',
  'catalogue/invalid-entry',
  'catalogue/duplicate-code',
  'catalogue/unknown-matter',
  // staff sign-in and permissions
  'auth/wrong-secret',
  'auth/locked-out',
  'auth/unknown-staff',
  'auth/unavailable',
  'auth/forbidden',
  'auth/not-signed-in',
  'auth/pin-format',
  'auth/pin-weak',
  'auth/password-length',
  // shifts and handover (交接班)
  'shift/already-on',
  'shift/not-on',
  'handover/not-found',
  'handover/already-acknowledged',
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
