import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyHash, type LinksHarness, sayingAgent, startLinksHarness } from './links-harness.js';

describe('the registry over the bus', () => {
  let h: LinksHarness;

  beforeAll(async () => {
    h = await startLinksHarness();
  });
  afterAll(async () => h?.stop());

  it('creates tenants and tells which exist', async () => {
    const tenant = await h.client.request('links.tenants.create', { name: 'Acme' });
    expect(tenant).toMatchObject({ name: 'Acme' });
    expect(Number.isNaN(Date.parse(tenant.created_at))).toBe(false);
    expect(await h.client.request('links.tenants.exists', { tenantId: tenant.id })).toEqual({ exists: true });
    expect(await h.client.request('links.tenants.exists', { tenantId: randomUUID() })).toEqual({ exists: false });
  });

  it('issues tenant keys that resolve, by their hash, to their tenant', async () => {
    const acme = await h.client.request('links.tenants.create', { name: 'Acme keys' });
    const globex = await h.client.request('links.tenants.create', { name: 'Globex keys' });
    const first = await h.client.request('links.tenants.create-key', { tenantId: acme.id });
    const second = await h.client.request('links.tenants.create-key', { tenantId: acme.id, name: 'Night shift' });
    const other = await h.client.request('links.tenants.create-key', { tenantId: globex.id });
    expect(first.key).toMatch(/^prl_[A-Za-z0-9_-]{32}$/);
    expect(new Set([first.key, second.key, other.key]).size).toBe(3);

    expect(await h.client.request('links.tenants.resolve-key', { keyHash: keyHash(first.key) })).toEqual({
      tenantId: acme.id,
      keyId: first.key_id,
      name: 'Support',
      role: 'owner',
      expiresAt: null,
    });
    expect(await h.client.request('links.tenants.resolve-key', { keyHash: keyHash(second.key) })).toEqual({
      tenantId: acme.id,
      keyId: second.key_id,
      name: 'Night shift',
      role: 'owner',
      expiresAt: null,
    });
    expect(await h.client.request('links.tenants.resolve-key', { keyHash: keyHash(other.key) })).toEqual({
      tenantId: globex.id,
      keyId: other.key_id,
      name: 'Support',
      role: 'owner',
      expiresAt: null,
    });
  });

  it('keeps agents with versions, one of them active, and their configs as saved', async () => {
    const tenant = await h.client.request('links.tenants.create', { name: 'Versions' });
    const created = await h.client.request('links.agents.create', { tenantId: tenant.id, name: 'greeter', config: sayingAgent('v1') });
    expect(created).toMatchObject({ name: 'greeter', active_version: 1 });

    expect(await h.client.request('links.agents.create-version', { tenantId: tenant.id, name: 'greeter', config: sayingAgent('v2') })).toEqual({
      version: 2,
      state: 'draft',
    });
    expect(await h.client.request('links.agents.create-version', { tenantId: tenant.id, name: 'greeter', config: sayingAgent('v3') })).toEqual({
      version: 3,
      state: 'draft',
    });
    const detail = await h.client.request('links.agents.get', { tenantId: tenant.id, name: 'greeter' });
    expect(detail).toMatchObject({ id: created.id, active_version: 1, config: sayingAgent('v1') });
    expect(detail.versions.map((v) => [v.version, v.active, v.state])).toEqual([
      [1, true, 'published'],
      [2, false, 'draft'],
      [3, false, 'draft'],
    ]);

    expect(await h.client.request('links.agents.set-active-version', { tenantId: tenant.id, name: 'greeter', version: 2 })).toMatchObject({
      active_version: 2,
      published: true,
    });
    expect(await h.client.request('links.agents.get-version', { tenantId: tenant.id, name: 'greeter', version: 3 })).toMatchObject({
      state: 'draft',
      published_at: null,
      config: sayingAgent('v3'),
    });
    expect(await h.client.request('links.agents.get', { tenantId: tenant.id, name: 'greeter' })).toMatchObject({
      active_version: 2,
      config: sayingAgent('v2'),
    });
    expect(await h.client.request('links.agents.config', { agentId: created.id, version: 3 })).toEqual({ config: sayingAgent('v3') });

    await h.client.request('links.agents.create', { tenantId: tenant.id, name: 'another', config: sayingAgent('other') });
    expect((await h.client.request('links.agents.list', { tenantId: tenant.id })).agents.map((a) => [a.name, a.active_version])).toEqual([
      ['another', 1],
      ['greeter', 2],
    ]);
  });

  it('resolves the version a new session runs: the active one, or the one pinned, active or not', async () => {
    const tenant = await h.client.request('links.tenants.create', { name: 'Resolve' });
    const agent = await h.client.request('links.agents.create', { tenantId: tenant.id, name: 'pinned', config: sayingAgent('v1') });
    await h.client.request('links.agents.create-version', { tenantId: tenant.id, name: 'pinned', config: sayingAgent('v2') });
    await h.client.request('links.agents.set-active-version', { tenantId: tenant.id, name: 'pinned', version: 2 });
    const resolve = (version?: number) =>
      h.client.request('links.agents.resolve-version', { tenantId: tenant.id, agentId: agent.id, ...(version === undefined ? {} : { version }) });

    expect(await resolve()).toEqual({ agentId: agent.id, version: 2, isActiveVersion: true });
    // An inactive version pinned: it runs, and says it is not the active one.
    expect(await resolve(1)).toEqual({ agentId: agent.id, version: 1, isActiveVersion: false });
    // The reference: a version asked for by number is reported as not active, even the active one.
    expect(await resolve(2)).toEqual({ agentId: agent.id, version: 2, isActiveVersion: false });
  });
});
