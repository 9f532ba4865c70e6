import type { FastifyInstance } from 'fastify';
import { API_PATHS, CursorSchema, PullQuerySchema } from '@shared/sync/protocol';
import type { RouteContext } from '../app';
import { guard } from '../hooks/route-hooks';
import { HttpError } from '../http-error';
import { pullResponseJson, readChanges } from '../sync/read-changes';
import { parseOr400 } from './validation';

export function pullRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.get(API_PATHS.pull, { onRequest: guard(ctx, { device: true }) }, async (request, reply): Promise<string> => {
    const query = request.query as { since?: unknown };
    if (query.since !== undefined && !CursorSchema.safeParse(query.since).success) {
      throw new HttpError(400, { code: 'sync/bad-cursor' });
    }
    const { since, limit } = parseOr400(PullQuerySchema, query);
    const page = await readChanges(ctx.db, request.device!, Number(since), limit);
    // A `PullResponse` (shared/sync/protocol.ts) written as text: see pullResponseJson.
    void reply.type('application/json; charset=utf-8');
    return pullResponseJson(page);
  });
}
