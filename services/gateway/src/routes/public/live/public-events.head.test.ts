import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink, startSession } from './public-events.test-kit.js';

interface HeadAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Bytes that came after the head: a HEAD answer has none. */
  bodyBytes: number;
  ms: number;
}

/** HEAD over a real connection; fails when no complete answer arrives within `timeoutMs`. */
function head(baseUrl: string, path: string, headers: Record<string, string> = {}, timeoutMs = 1_000): Promise<HeadAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method: 'HEAD', headers, agent: false }, (res) => {
      let bodyBytes = 0;
      res.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bodyBytes, ms: Date.now() - started });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`HEAD ${path}: no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/** HEAD on the streaming routes answers at once, as the GET would begin, and opens no stream (docs/api.md). */
describe('HEAD on the streaming routes', () => {
  let h: GatewayHarness;
  let baseUrl: string;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => h?.stop());

  it("a visitor's SSE stream: 200 with the stream's headers and no body, within a second, and no stream slot taken", async () => {
    const { token, link } = await seedLink(h);
    const { session } = await startSession(h, link);
    // More HEADs than a session may hold streams (LIVE_STREAMS_PER_SESSION, 5): none of them holds one.
    for (let i = 0; i < 7; i++) {
      const answer = await head(baseUrl, `/api/public/events/${token}?session=${session}`);
      expect(answer.status).toBe(200);
      expect(String(answer.headers['content-type'])).toMatch(/^text\/event-stream/);
      expect(answer.headers['x-request-id']).toBeTruthy();
      expect(answer.bodyBytes).toBe(0);
      expect(answer.ms).toBeLessThan(1_000);
    }
  });

  it('a HEAD the GET would refuse answers its status, without a body: unknown link 404, no session 401, an ended session 410', async () => {
    const open = await seedLink(h);
    const { session: openSession } = await startSession(h, open.link);
    expect((await head(baseUrl, `/api/public/events/${'A'.repeat(32)}?session=${openSession}`)).status).toBe(404);
    const unknown = await head(baseUrl, `/api/public/events/${open.token}`);
    expect(unknown.status).toBe(401);
    expect(unknown.bodyBytes).toBe(0);
    const { agent, token, link, linkId } = await seedLink(h);
    const { session } = await startSession(h, link);
    await h.bus.request('links.links.update', { tenantId: agent.tenantId, agentName: agent.name, linkId, changes: { active: false } });
    expect((await head(baseUrl, `/api/public/events/${token}?session=${session}`)).status).toBe(410);
  });

  it("the operators' inbox stream: 200 with the stream's headers for an operator, 401 without a key, and no body", async () => {
    const agent = await h.seedAgent();
    const answer = await head(baseUrl, '/api/inbox/events', { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': agent.tenantId });
    expect(answer.status).toBe(200);
    expect(String(answer.headers['content-type'])).toMatch(/^text\/event-stream/);
    expect(answer.bodyBytes).toBe(0);
    expect((await head(baseUrl, '/api/inbox/events')).status).toBe(401);
  });

  it("the visitor's WebSocket route: HEAD cannot upgrade, so it answers as a GET without Upgrade does (400), at once", async () => {
    const { token, link } = await seedLink(h);
    const { session } = await startSession(h, link);
    const answer = await head(baseUrl, `/api/public/ws/${token}?session=${session}`);
    expect(answer.status).toBe(400);
    expect(answer.bodyBytes).toBe(0);
    expect((await head(baseUrl, `/api/public/ws/${'A'.repeat(32)}?session=${session}`)).status).toBe(404);
  });
});
