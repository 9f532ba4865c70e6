import type { ErrorBody } from '@shared/sync/protocol';
import type { ErrorCode } from '@shared/errors/codes';

/** An answer other than 2xx, with the body the client gets. Thrown anywhere below a route; app.ts sends it. */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly body: ErrorBody & { code: ErrorCode },
    readonly headers: Record<string, string> = {},
  ) {
    super(body.code);
  }
}
