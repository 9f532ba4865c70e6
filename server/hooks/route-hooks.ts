import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../app';
import { authenticate } from './authenticate';
import { checkProtocolHeader } from './protocol-guard';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Slot releases a request holds. Released when the response is sent or the connection closes, whichever comes
 * first; a slot taken after that (a hook still running when the client hung up) is released at once, so a
 * counter can never leak.
 */
export class Slots {
  #releases: (() => void)[] = [];
  #done = false;

  hold(release: () => void): void {
    if (this.#done) release();
    else this.#releases.push(release);
  }

  releaseAll(): void {
    this.#done = true;
    for (const release of this.#releases.splice(0)) release();
  }
}

/** Cheapest first: refuse under load, then an unsupported protocol, then check the credential (one query).
 * All run before the body is read, so a refused request costs no parsing. */
export function guard(ctx: RouteContext, { device }: { device: boolean }): Hook[] {
  const hooks: Hook[] = [
    async (request) => {
      request.slots?.hold(ctx.shedder.acquireGlobal());
    },
    async (request) => checkProtocolHeader(request.headers),
  ];
  if (device) {
    hooks.push(async (request) => {
      const authed = await authenticate(ctx.db, request.headers.authorization, ctx.now());
      request.slots?.hold(ctx.shedder.acquireDevice(authed.deviceId));
      request.device = authed;
    });
  }
  return hooks;
}
