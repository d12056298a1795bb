import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { firstReply, linkOf, versionedAgent } from './agent-versions.test-kit.js';

describe('agent versions: whose they are', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it("another tenant's key reads, publishes and pins none of an agent's versions; the admin key acts with X-Tenant-Id", async () => {
    const owner = await versionedAgent(h, 'Owner');
    const stranger = await h.seedTenant('Stranger');
    expectError(await h.withKey(stranger.key, 'GET', '/api/agents/desk/versions/2'), 404, 'not_found');
    expectError(await h.withKey(stranger.key, 'GET', '/api/agents/desk/versions/2', undefined, owner.tenantId), 404, 'not_found');
    expectError(await h.withKey(stranger.key, 'PUT', '/api/agents/desk/active-version', { version: 2 }), 404, 'not_found');
    expect((await h.withKey(owner.key, 'GET', '/api/agents/desk/versions/2')).body).toMatchObject({ state: 'draft' });

    const admin = await h.admin('GET', '/api/agents/desk/versions/2', undefined, owner.tenantId);
    expect(admin.status, admin.text).toBe(200);
    expect(admin.body).toMatchObject({ version: 2, state: 'draft' });
  });

  it('a viewer reads a draft but neither saves nor publishes one', async () => {
    const owner = await versionedAgent(h, 'Viewer reads');
    const viewer = await h.withKey(owner.key, 'POST', '/api/keys', { name: 'Reader', role: 'viewer' });
    expect(viewer.status, viewer.text).toBe(201);
    expect((await h.withKey(viewer.body.key, 'GET', '/api/agents/desk/versions/2')).status).toBe(200);
    expectError(await h.withKey(viewer.body.key, 'PUT', '/api/agents/desk/active-version', { version: 2 }), 403, 'forbidden');
    expectError(await h.withKey(viewer.body.key, 'POST', '/api/agents/desk/versions', { config: {} }), 403, 'forbidden');
    expect((await h.withKey(owner.key, 'GET', '/api/agents/desk/versions/2')).body).toMatchObject({ state: 'draft', published_at: null });
  });

  it("a visitor never learns of a link's pin or split: its public info has neither, and the draft runs only where pinned", async () => {
    const owner = await versionedAgent(h, 'Quiet preview');
    const preview = await linkOf(h, owner, { version: 2 });
    const info = await h.inject({ method: 'GET', url: `/api/public/links/${preview.token}` });
    expect(info.status, info.text).toBe(200);
    expect(info.body).not.toHaveProperty('version');
    expect(info.body).not.toHaveProperty('split');
    expect((await firstReply(h, preview.token)).body.response).toBe('two');
    // The Text Chat API asked for another tenant's agent with the draft's number finds nothing.
    const stranger = await versionedAgent(h, 'Other tenant');
    const api = await h.signed('POST', '/api/chat/sessions', { tenant_id: stranger.tenantId, agent_id: owner.agentId, version: 2 });
    expectError(api, 404, 'not_found');
  });
});
