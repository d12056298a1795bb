import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinksHarness, sayingAgent, startLinksHarness } from './links-harness.js';

describe('links that closed', () => {
  let h: LinksHarness;
  let tenantId: string;
  const announced: Array<{ linkId: string; reason: string }> = [];

  beforeAll(async () => {
    h = await startLinksHarness();
    tenantId = (await h.client.request('links.tenants.create', { name: 'Closures' })).id;
    await h.client.request('links.agents.create', { tenantId, name: 'helper', config: sayingAgent('hi') });
    h.client.consume('events.link.closed', 'link-closure-test', async (event) => {
      announced.push(event);
    });
  });
  afterAll(async () => h?.stop());

  const create = async (settings: Record<string, unknown> = {}) =>
    (
      await h.client.request('links.links.create', {
        tenantId,
        agentName: 'helper',
        settings: { title: 'Help', ...settings } as never,
        publicBaseUrl: 'https://chat.example.com',
      })
    ).id;
  const update = (linkId: string, changes: Record<string, unknown>) =>
    h.client.request('links.links.update', { tenantId, agentName: 'helper', linkId, changes: changes as never });

  it('answers which of the asked links closed and how; open and unknown links are left out', async () => {
    const open = await create({ expires_in_hours: 1 });
    const expired = await create({ expires_in_hours: 1 });
    const deactivated = await create();
    const deleted = await create();
    const deactivatedThenDeleted = await create();
    // Expiry comes with time, not through management: the row is moved into the past.
    await sql`UPDATE public_links SET expires_at = now() - interval '1 second' WHERE id = ${expired}`.execute(h.ctx.db);
    await update(deactivated, { active: false });
    await h.client.request('links.links.delete', { tenantId, agentName: 'helper', linkId: deleted });
    await update(deactivatedThenDeleted, { active: false });
    await h.client.request('links.links.delete', { tenantId, agentName: 'helper', linkId: deactivatedThenDeleted });

    const { links } = await h.client.request('links.links.closed', {
      ids: [open, expired, deactivated, deleted, deactivatedThenDeleted, 'lnk_unknownunknown00'],
    });
    expect(links.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: expired, reason: 'link_expired' },
        { id: deactivated, reason: 'link_deactivated' },
        { id: deleted, reason: 'link_deleted' },
        { id: deactivatedThenDeleted, reason: 'link_deleted' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('announces a link deactivated or deleted through management, and not one changed otherwise', async () => {
    const renamed = await create();
    const deactivated = await create();
    const deleted = await create();
    await update(renamed, { title: 'Other' });
    await update(deactivated, { active: false });
    await h.client.request('links.links.delete', { tenantId, agentName: 'helper', linkId: deleted });

    await waitFor(() => announced.some((e) => e.linkId === deleted));
    expect(announced.filter((e) => [renamed, deactivated, deleted].includes(e.linkId))).toEqual([
      expect.objectContaining({ linkId: deactivated, reason: 'link_deactivated', tenantId }),
      expect.objectContaining({ linkId: deleted, reason: 'link_deleted', tenantId }),
    ]);
    // Reactivating announces nothing.
    await update(deactivated, { active: true });
    expect((await h.client.request('links.links.closed', { ids: [deactivated] })).links).toEqual([]);
  });
});
