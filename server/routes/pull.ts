import type { FastifyInstance } from 'fastify';
import { API_PATHS, CursorSchema, PROTOCOL_VERSION, PullQuerySchema, type PullResponse } from '@shared/sync/protocol';
import type { RouteContext } from '../app';
import { guard } from '../hooks/route-hooks';
import { HttpError } from '../http-error';
import { readChanges } from '../sync/read-changes';
import { parseOr400 } from './validation';

export function pullRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.get(API_PATHS.pull, { onRequest: guard(ctx, { device: true }) }, async (request): Promise<PullResponse> => {
    const query = request.query as { since?: unknown };
    if (query.since !== undefined && !CursorSchema.safeParse(query.since).success) {
      throw new HttpError(400, { code: 'sync/bad-cursor' });
    }
    const { since, limit } = parseOr400(PullQuerySchema, query);
    const page = await readChanges(ctx.db, request.device!, Number(since), limit);
    return { protocol: PROTOCOL_VERSION, ...page };
  });
}
