import { MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@shared/sync/protocol';
import { HttpError } from '../http-error';

/**
 * Version negotiation: the client states its protocol version (header on every call, and again in push and
 * enrol bodies). Older than we support → 426 `sync/protocol-too-old` (the client must upgrade); newer than we
 * speak → 400 `sync/protocol-unsupported` (the server must be upgraded; the client keeps its outbox and waits).
 * A missing header counts as too old: clients before versioning never sent one.
 */
export function checkProtocol(raw: unknown): void {
  const version = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  const details = { minProtocol: MIN_PROTOCOL_VERSION, serverProtocol: PROTOCOL_VERSION };
  if (version < MIN_PROTOCOL_VERSION) throw new HttpError(426, { code: 'sync/protocol-too-old', details });
  if (version > PROTOCOL_VERSION) throw new HttpError(400, { code: 'sync/protocol-unsupported', details });
}

export function checkProtocolHeader(headers: Record<string, string | string[] | undefined>): void {
  checkProtocol(headers[PROTOCOL_HEADER]);
}
