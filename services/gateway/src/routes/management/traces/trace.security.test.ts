import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe('a conversation’s trace: the tenant’s editors only', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it("answers another tenant's conversation as a missing one, and needs an editor's key", async () => {
    const owner = await h.seedTenant('Owner');
    const other = await h.seedTenant('Other');
    expect((await h.withKey(owner.key, 'POST', '/api/agents', { name: 'echo', config: echoAgent })).status).toBe(201);
    const agent = (await h.withKey(owner.key, 'GET', '/api/agents/echo')).body;
    const session = await h.signed('POST', '/api/chat/sessions', { tenant_id: owner.tenantId, agent_id: agent.id });
    expect(session.status, session.text).toBe(201);
    const url = `/api/conversations/${session.body.conversation_id}/trace`;
    const editor = await h.admin('POST', `/api/tenants/${owner.tenantId}/keys`, { name: 'builder', role: 'editor' });
    const viewer = await h.admin('POST', `/api/tenants/${owner.tenantId}/keys`, { name: 'analyst', role: 'viewer' });

    const own = await h.withKey(editor.body.key, 'GET', url);
    expect(own.status, own.text).toBe(200);
    expect(own.body.turns.map((t: { turn: number }) => t.turn)).toEqual([0]);

    const missing = await h.withKey(other.key, 'GET', '/api/conversations/00000000-0000-4000-8000-000000000000/trace');
    expectError(missing, 404, 'not_found');
    const foreign = await h.withKey(other.key, 'GET', url);
    expectError(foreign, 404, 'not_found');
    expect(foreign.body.error.message).toBe(missing.body.error.message);
    expectError(await h.admin('GET', url, undefined, other.tenantId), 404, 'not_found');
    expectError(await h.withKey(owner.key, 'GET', '/api/conversations/not-a-uuid/trace'), 404, 'not_found');

    const refused = await h.withKey(viewer.body.key, 'GET', url);
    expectError(refused, 403, 'forbidden');
    expect(refused.body.error.details.required_role).toBe('editor');
    expectError(await h.inject({ method: 'GET', url }), 401, 'unauthorized');
  });
});
