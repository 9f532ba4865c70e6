import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER } from '@shared/sync/protocol';
import { registerCors } from './cors';

async function appWithRoute() {
  const app = Fastify();
  registerCors(app);
  app.post('/api/v1/sync/push', async () => ({ ok: true }));
  return app;
}

describe('CORS for workstations on file:// or another port', () => {
  it('answers a preflight with the headers a push needs, without reaching the route', async () => {
    const app = await appWithRoute();
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/sync/push',
      headers: { origin: 'null', 'access-control-request-method': 'POST' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-allow-headers'])).toContain('authorization');
    expect(String(res.headers['access-control-allow-headers'])).toContain(PROTOCOL_HEADER);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    await app.close();
  });

  it('marks ordinary answers readable cross-origin and exposes Retry-After', async () => {
    const app = await appWithRoute();
    const res = await app.inject({ method: 'POST', url: '/api/v1/sync/push', payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-expose-headers'])).toContain('retry-after');
    await app.close();
  });
});
