import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, HealthResponseSchema } from '@shared/sync/protocol';
import { startServer, type RunningServer } from './start-server';
import { freshPglite } from './test-support/harness';

describe('startServer', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, db: await freshPglite() });
  });
  afterAll(async () => server?.close());

  it('listens on a free port and answers over real HTTP', async () => {
    expect(server.port).toBeGreaterThan(0);
    const res = await fetch(`${server.url}${API_PATHS.health}`);
    expect(res.status).toBe(200);
    expect(HealthResponseSchema.parse(await res.json()).status).toBe('ok');
  });

  it('compresses large answers for a client that accepts gzip', async () => {
    // 404 bodies are tiny; the 426 of a pull without version header is too. Compression is exercised on a
    // large pull in sync-protocol.test.ts; here only that the header negotiation reaches the wire intact.
    const res = await fetch(`${server.url}${API_PATHS.pull}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(426);
    const body = res.headers.get('content-encoding') === 'gzip' ? JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()) : await res.json();
    expect(body.code).toBe('sync/protocol-too-old');
  });
});
