import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinksHarness, sayingAgent, startLinksHarness } from './links-harness.js';

describe('tenant isolation in the registry', () => {
  let h: LinksHarness;

  beforeAll(async () => {
    h = await startLinksHarness();
  });
  afterAll(async () => h?.stop());

  it("another tenant's agent is not_found, by name or by id, and cannot be changed", async () => {
    const owner = await h.client.request('links.tenants.create', { name: 'Owner' });
    const stranger = await h.client.request('links.tenants.create', { name: 'Stranger' });
    const agent = await h.client.request('links.agents.create', { tenantId: owner.id, name: 'private', config: sayingAgent('mine') });

    await expect(h.client.request('links.agents.get', { tenantId: stranger.id, name: 'private' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.client.request('links.agents.resolve-version', { tenantId: stranger.id, agentId: agent.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.client.request('links.agents.resolve-version', { tenantId: stranger.id, agentId: agent.id, version: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      h.client.request('links.agents.create-version', { tenantId: stranger.id, name: 'private', config: sayingAgent('theirs') }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.client.request('links.agents.set-active-version', { tenantId: stranger.id, name: 'private', version: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await h.client.request('links.agents.list', { tenantId: stranger.id })).agents).toEqual([]);

    // The stranger may use the same name for an agent of its own; the owner's is untouched.
    const theirs = await h.client.request('links.agents.create', { tenantId: stranger.id, name: 'private', config: sayingAgent('theirs') });
    expect(theirs.id).not.toBe(agent.id);
    expect(await h.client.request('links.agents.get', { tenantId: owner.id, name: 'private' })).toMatchObject({
      id: agent.id,
      config: sayingAgent('mine'),
      versions: [{ version: 1, active: true }],
    });
  });
});
