import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { ADDRESSES, analyticsWhen, frontDeskAgent, visit } from './analytics.test-kit.js';

describe('analytics: a tenant sees only its own', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it("answers another tenant's link or agent as not found, and needs a key", async () => {
    const owner = await h.seedTenant('Owner');
    const other = await h.seedTenant('Other');
    expect((await h.withKey(owner.key, 'POST', '/api/agents', { name: 'desk', config: frontDeskAgent })).status).toBe(201);
    const link = (await h.withKey(owner.key, 'POST', '/api/agents/desk/public-links', { title: 'Mine' })).body;
    expect((await visit(h, `/api/public/chat/${link.token}`, { content: 'hello' }, ADDRESSES.gb)).status).toBe(200);
    await analyticsWhen(h, `/api/links/${link.id}/analytics`, owner.tenantId, (b) => b.sessions.started === 1);

    expect((await h.withKey(owner.key, 'GET', `/api/links/${link.id}/analytics`)).body.countries).toEqual([{ country: 'GB', sessions: 1 }]);
    expectError(await h.withKey(other.key, 'GET', `/api/links/${link.id}/analytics`), 404, 'not_found');
    expectError(await h.withKey(other.key, 'GET', '/api/agents/desk/analytics'), 404, 'not_found');
    expectError(await h.admin('GET', `/api/links/${link.id}/analytics`, undefined, other.tenantId), 404, 'not_found');
    expectError(await h.inject({ method: 'GET', url: `/api/links/${link.id}/analytics` }), 401, 'unauthorized');
    expectError(await h.admin('GET', `/api/links/${link.id}/analytics`), 400, 'invalid');
  });
});
