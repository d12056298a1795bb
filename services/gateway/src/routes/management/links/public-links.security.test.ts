import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe('public link management across tenants', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it("another tenant's key cannot see, change or delete a link, even through an agent of the same name", async () => {
    const owner = await h.seedTenant('Owner');
    const stranger = await h.seedTenant('Stranger');
    for (const { key } of [owner, stranger]) expect((await h.withKey(key, 'POST', '/api/agents', { name: 'bot', config: echoAgent })).status).toBe(201);
    const link = await h.withKey(owner.key, 'POST', '/api/agents/bot/public-links', { title: 'Mine' });
    expect(link.status).toBe(201);

    expect((await h.withKey(stranger.key, 'GET', '/api/agents/bot/public-links')).body.links).toEqual([]);
    expectError(await h.withKey(stranger.key, 'PUT', `/api/agents/bot/public-links/${link.body.id}`, { active: false }), 404, 'not_found');
    expectError(await h.withKey(stranger.key, 'DELETE', `/api/agents/bot/public-links/${link.body.id}`), 404, 'not_found');
    // A tenant key naming another tenant gets nothing of it either.
    expect((await h.withKey(stranger.key, 'GET', '/api/agents/bot/public-links', undefined, owner.tenantId)).body.links).toEqual([]);

    const mine = await h.withKey(owner.key, 'GET', '/api/agents/bot/public-links');
    expect(mine.body.links).toMatchObject([{ id: link.body.id, active: true, title: 'Mine' }]);
  });

  it('no key, or an unknown one: 401 before anything is read', async () => {
    const agent = await h.seedAgent();
    expectError(await h.inject({ method: 'GET', url: `/api/agents/${agent.name}/public-links` }), 401, 'unauthorized');
    expectError(await h.withKey('prl_not-a-real-key', 'POST', `/api/agents/${agent.name}/public-links`, { title: 'x' }), 401, 'unauthorized');
    expect((await h.admin('GET', `/api/agents/${agent.name}/public-links`, undefined, agent.tenantId)).body.links).toEqual([]);
  });
});
