import { checkReadiness } from '@parley/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, expectError, type GatewayHarness, startGatewayHarness } from './gateway-harness.js';

describe('the gateway when Redis goes away', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('a message (its signature needs the shared replay store) answers 503 with Retry-After, not 500, and recovers', async () => {
    const agent = await h.seedAgent();
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const path = `/api/chat/sessions/${created.body.session_id}/messages`;
    expect((await h.signed('POST', path, { content: 'before' })).status).toBe(200);

    h.redis.disconnect();
    try {
      const down = await h.signed('POST', path, { content: 'during' });
      expectError(down, 503, 'unavailable');
      expect(down.headers['retry-after']).toBeDefined();
      expect(await checkReadiness({ redis: async () => void (await h.redis.ping()) })).toMatchObject({ ready: false });
      // Reads and rate-limited management calls need no Redis: they keep answering.
      expect((await h.signed('GET', `/api/chat/sessions/${created.body.session_id}`)).status).toBe(200);
      expect(
        (await h.inject({ method: 'GET', url: '/api/agents', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': agent.tenantId } })).status,
      ).toBe(200);
    } finally {
      await h.redis.connect();
    }
    expect((await h.signed('POST', path, { content: 'after' })).status).toBe(200);
  });
});
