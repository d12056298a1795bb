import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

describe("Text Chat API: a user's conversations – refusals", () => {
  let h: GatewayHarness;
  let agent: { tenantId: string; agentId: string };

  beforeAll(async () => {
    h = await startGatewayHarness();
    agent = await h.seedAgent();
  });
  afterAll(async () => h?.stop());

  it('400 for a page size out of 1..100, a cursor it never gave, a tenant_id that is no uuid; a details entry names each', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?limit=2.5', 'limit'],
      ['?limit=ten', 'limit'],
      ['?cursor=%7B%7D', 'cursor'],
      [`?cursor=${Buffer.from('["2026-01-01T00:00:00.000000Z","not-a-uuid"]').toString('base64url')}`, 'cursor'],
      ['?tenant_id=acme', 'tenant_id'],
    ]) {
      const refused = await h.signed('GET', `/api/chat/users/u-1/conversations${query}`);
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details), query).toContain(field);
    }
    const overlong = await h.signed('GET', `/api/chat/users/${'x'.repeat(256)}/conversations`);
    expectError(overlong, 400, 'invalid');
    expect(JSON.stringify(overlong.body.error.details)).toContain('user_id');
    // Past the router's longest parameter no route matches: such a user cannot exist.
    expectError(await h.signed('GET', `/api/chat/users/${'x'.repeat(300)}/conversations`), 404, 'not_found');
  });

  it('a session whose metadata.user_id cannot name a user is refused at creation (400 naming the field); null means none', async () => {
    for (const user_id of ['', 'x'.repeat(256), { id: 1 }, [1], true, 1.5]) {
      const refused = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { user_id } });
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details)).toContain('metadata.user_id');
    }
    const none = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { user_id: null } });
    expect(none.status, none.text).toBe(201);
  });
});
