import compress from '@fastify/compress';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { MAX_BATCH_BYTES } from '@shared/sync/protocol';
import type { Db } from './db/db';
import type { AuthedDevice } from './hooks/authenticate';
import { DEFAULT_LOAD_LIMITS, LoadShedder, type LoadLimits } from './hooks/load-shedding';
import { PushSequencer } from './sync/push-sequencer';
import { Slots } from './hooks/route-hooks';
import { registerCors } from './hooks/cors';
import { HttpError } from './http-error';
import { enrollRoute } from './routes/enroll';
import { healthRoute } from './routes/health';
import { pullRoute } from './routes/pull';
import { pushRoute } from './routes/push';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `authenticated` hook on routes that need a device. */
    device: AuthedDevice | null;
    /** Load-shedding slots this request holds; see hooks/route-hooks.ts `hold`. */
    slots: Slots | null;
  }
}

export type AppOptions = {
  db: Db;
  /** Wall clock in ms; tests move it to expire credentials. */
  now?: () => number;
  logger?: FastifyServerOptions['logger'];
  limits?: Partial<LoadLimits>;
  /** Holds an early push for the one before it (push-sequencer.ts); tests pass their own to watch or shorten it. */
  sequencer?: PushSequencer;
};

/** What every route gets: no module-level state, so tests can build as many apps as they like. */
export type RouteContext = { db: Db; now: () => number; shedder: LoadShedder; sequencer: PushSequencer };

/**
 * Builds the district server's Fastify instance (not listening; main.ts / start-server.ts do that). Layout after
 * fastify/demo `src/app.ts`, with routes registered directly rather than autoloaded: there are four.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: MAX_BATCH_BYTES,
    // A body that does not arrive within this time is dropped (slowloris); a batch of 1 MiB takes far less.
    requestTimeout: 60_000,
    connectionTimeout: 0,
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const ctx: RouteContext = {
    db: opts.db,
    now: opts.now ?? Date.now,
    shedder: new LoadShedder({ ...DEFAULT_LOAD_LIMITS, ...opts.limits }),
    sequencer: opts.sequencer ?? new PushSequencer(),
  };

  app.decorateRequest('device', null);
  app.decorateRequest('slots', null);
  // First hook: a CORS preflight is answered before load shedding, protocol checks or authentication.
  registerCors(app);
  app.addHook('onRequest', async (request, reply) => {
    const slots = new Slots();
    request.slots = slots;
    // `close` also fires for a connection dropped mid-request, where onResponse may never run.
    reply.raw.once('close', () => slots.releaseAll());
  });
  app.addHook('onResponse', async (request) => request.slots?.releaseAll());

  // Compresses answers above 1 KiB when the client accepts it, and decodes `content-encoding: gzip` bodies
  // before parsing; bodyLimit then counts decoded bytes, so a gzip bomb stops at MAX_BATCH_BYTES.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['gzip', 'deflate'],
    requestEncodings: ['gzip', 'deflate'],
  });

  // One error handler, at the root, so it sees every route (an encapsulated one would not: fastify#3839).
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).headers(error.headers).send(error.body);
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ code: 'sync/batch-too-large', details: { maxBytes: MAX_BATCH_BYTES } });
    }
    if (status === 503) {
      // Any other 503 is "busy" too. (Fastify's fast 503 while closing, return503OnClosing, bypasses this
      // handler and has no `code`; docs/sync-protocol.md tells clients to treat every 503 as busy.)
      return reply.code(503).header('retry-after', '1').send({ code: 'sync/server-busy', retryAfterMs: 1000 });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx (malformed JSON, wrong content type, bad encoding): the reason is safe to echo as a
      // code, never as text the UI would show.
      return reply.code(status).send({ code: 'input/invalid', details: { reason: error.code ?? 'bad-request' } });
    }
    // 5xx: log it whole, tell the client nothing about the internals.
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ code: 'internal/unexpected' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ code: 'sync/not-found' }));

  healthRoute(app, ctx);
  enrollRoute(app, ctx);
  pushRoute(app, ctx);
  pullRoute(app, ctx);
  return app;
}
