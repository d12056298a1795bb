import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe('knowledge gaps: a tenant sees only its own agents’', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it("answers another tenant's agent as not found, needs a key, and lets a viewer read them", async () => {
    const owner = await h.seedTenant('Owner');
    const other = await h.seedTenant('Other');
    const viewer = await h.admin('POST', `/api/tenants/${owner.tenantId}/keys`, { name: 'analyst', role: 'viewer' });
    expect(
      (
        await h.withKey(owner.key, 'POST', '/api/agents', {
          name: 'desk',
          config: { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', type: 'end', static_text: 'Hi.' }] } },
        })
      ).status,
    ).toBe(201);

    expect((await h.withKey(viewer.body.key, 'GET', '/api/agents/desk/knowledge-gaps')).body).toEqual({ gaps: [] });
    expectError(await h.withKey(other.key, 'GET', '/api/agents/desk/knowledge-gaps'), 404, 'not_found');
    expectError(await h.admin('GET', '/api/agents/desk/knowledge-gaps', undefined, other.tenantId), 404, 'not_found');
    expectError(await h.inject({ method: 'GET', url: '/api/agents/desk/knowledge-gaps' }), 401, 'unauthorized');
    expectError(await h.admin('GET', '/api/agents/desk/knowledge-gaps'), 400, 'invalid');
  });
});
