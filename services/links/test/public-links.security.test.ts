import { randomToken, sha256Hex } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinksHarness, sayingAgent, startLinksHarness } from './links-harness.js';

describe('public links across tenants', () => {
  let h: LinksHarness;

  beforeAll(async () => {
    h = await startLinksHarness();
  });
  afterAll(async () => h?.stop());

  it("another tenant's link is not_found, even through an agent of the same name, and stays untouched", async () => {
    const owner = (await h.client.request('links.tenants.create', { name: 'Owner' })).id;
    const stranger = (await h.client.request('links.tenants.create', { name: 'Stranger' })).id;
    await h.client.request('links.agents.create', { tenantId: owner, name: 'bot', config: sayingAgent('mine') });
    await h.client.request('links.agents.create', { tenantId: stranger, name: 'bot', config: sayingAgent('theirs') });
    const link = await h.client.request('links.links.create', {
      tenantId: owner,
      agentName: 'bot',
      settings: { title: 'Mine' } as never,
      publicBaseUrl: 'http://x',
    });

    expect((await h.client.request('links.links.list', { tenantId: stranger, agentName: 'bot' })).links).toEqual([]);
    await expect(
      h.client.request('links.links.update', { tenantId: stranger, agentName: 'bot', linkId: link.id, changes: { active: false } }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(h.client.request('links.links.delete', { tenantId: stranger, agentName: 'bot', linkId: link.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(h.client.request('links.links.list', { tenantId: stranger, agentName: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.client.request('links.links.create', { tenantId: stranger, agentName: 'nobody', settings: { title: 'x' } as never, publicBaseUrl: 'http://x' }),
    ).rejects.toMatchObject({ code: 'not_found' });

    expect(await h.client.request('links.links.resolve', { tokenHash: sha256Hex(link.token) })).toMatchObject({
      tenantId: owner,
      state: 'active',
      title: 'Mine',
    });
    // A token nobody was given resolves to nothing.
    await expect(h.client.request('links.links.resolve', { tokenHash: sha256Hex(randomToken(24)) })).rejects.toMatchObject({ code: 'not_found' });
  });
});
