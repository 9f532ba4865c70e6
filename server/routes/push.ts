import type { FastifyInstance } from 'fastify';
import {
  API_PATHS,
  MAX_BATCH_BYTES,
  MAX_OPS_PER_BATCH,
  PROTOCOL_VERSION,
  type PushResponse,
} from '@shared/sync/protocol';
import type { RouteContext } from '../app';
import { checkProtocol } from '../hooks/protocol-guard';
import { guard } from '../hooks/route-hooks';
import { HttpError } from '../http-error';
import { applyPush } from '../sync/apply-push';
import { CompiledPushRequestSchema } from '../sync/compiled-schemas';
import { parseOr400 } from './validation';

export function pushRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.post(
    API_PATHS.push,
    { bodyLimit: MAX_BATCH_BYTES, onRequest: guard(ctx, { device: true }) },
    async (request): Promise<PushResponse> => {
      const device = request.device!;
      const raw = request.body as { ops?: unknown } | null;
      // Counted before the schema so the client learns it must split the batch, not that the batch is malformed.
      if (raw && Array.isArray(raw.ops) && raw.ops.length > MAX_OPS_PER_BATCH) {
        throw new HttpError(413, { code: 'sync/too-many-ops', details: { max: MAX_OPS_PER_BATCH } });
      }
      const body = parseOr400(CompiledPushRequestSchema, raw);
      checkProtocol(body.protocol);
      if (body.deviceId !== device.deviceId) throw new HttpError(403, { code: 'sync/device-mismatch' });
      const first = body.ops[0]?.seq;
      let answer: Awaited<ReturnType<typeof applyPush>>;
      try {
        answer = await applyPush(ctx.db, device, body.ops, ctx.now());
      } catch (err) {
        // Early (its predecessor is still on the wire or being applied): hold it for that one, then once more.
        if (first === undefined || !isSeqGap(err) || !(await ctx.sequencer.waitFor(device.deviceId, first - 1))) throw err;
        answer = await applyPush(ctx.db, device, body.ops, ctx.now());
      }
      ctx.sequencer.acknowledged(device.deviceId, answer.ackThrough);
      return { protocol: PROTOCOL_VERSION, ackThrough: answer.ackThrough, results: answer.results };
    },
  );
}

/** The batch starts above the watermark + 1 (applyPush refuses it before writing anything). */
function isSeqGap(err: unknown): boolean {
  return err instanceof HttpError && err.body.code === 'sync/seq-gap';
}
