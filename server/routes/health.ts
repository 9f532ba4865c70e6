import type { FastifyInstance } from 'fastify';
import { API_PATHS, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type HealthResponse } from '@shared/sync/protocol';
import type { RouteContext } from '../app';

/** Liveness and the protocol range, unauthenticated and without version header: it is what a client asks first. */
export function healthRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.get(API_PATHS.health, async (): Promise<HealthResponse> => {
    await ctx.db.query('SELECT 1');
    return { status: 'ok', protocol: PROTOCOL_VERSION, minProtocol: MIN_PROTOCOL_VERSION, serverTime: ctx.now() };
  });
}
