import type { FastifyInstance } from 'fastify';
import { PROTOCOL_HEADER } from '@shared/sync/protocol';

/**
 * Cross-origin access for workstations. The UI is never served by this server: Electron loads it from file://
 * (origin `null`) and the browser fallback of `npm start` serves it on another port. Every call authenticates
 * with a bearer credential in a header, never a cookie, so a wildcard origin grants a foreign page nothing it
 * could not do with its own fetch: it still needs the device secret. Credentialed CORS is never enabled.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'retry-after, content-encoding');
    if (request.method === 'OPTIONS') {
      reply
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', `authorization, content-type, content-encoding, ${PROTOCOL_HEADER}`)
        .header('access-control-max-age', '600')
        .code(204)
        .send();
    }
  });
}
