import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

const staticAgent = (text: string) => ({
  workflow: { initial_node: 'hello', nodes: [{ id: 'hello', name: 'Hello', static_text: text }] },
});

const versionFlags = (detail: { body: any }) => detail.body.versions.map((v: { version: number; active: boolean }) => [v.version, v.active]);

describe('Management API: tenants, keys, agents and versions', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  describe('tenants and keys', () => {
    it('the admin creates a tenant: 201 {id, name}', async () => {
      const created = await h.admin('POST', '/api/tenants', { name: 'Acme Clinics' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Acme Clinics' });
      const row = await h.ctx.db.selectFrom('tenants').select(['id', 'name']).where('id', '=', created.body.id).executeTakeFirst();
      expect(row).toEqual({ id: created.body.id, name: 'Acme Clinics' });
    });

    it('GET /api/tenants: every tenant for the admin key, only its own for a tenant key', async () => {
      const first = (await h.admin('POST', '/api/tenants', { name: 'Listed one' })).body;
      const second = await h.seedTenant('Listed two');
      const all = await h.admin('GET', '/api/tenants');
      expect(all.status, all.text).toBe(200);
      expect(all.body.scope).toBe('platform');
      const names = all.body.tenants.map((t: { name: string }) => t.name);
      expect(names).toEqual(expect.arrayContaining(['Listed one', 'Listed two']));
      // Oldest first.
      expect(names.indexOf('Listed one')).toBeLessThan(names.indexOf('Listed two'));
      expect(all.body.tenants.find((t: { id: string }) => t.id === first.id)).toEqual({
        id: first.id,
        name: 'Listed one',
        operator_email: null,
        tokens_per_day: null,
        created_at: first.created_at,
      });

      const own = await h.withKey(second.key, 'GET', '/api/tenants');
      expect(own.status, own.text).toBe(200);
      expect(own.body).toEqual({
        scope: 'tenant',
        tenants: [{ id: second.tenantId, name: 'Listed two', operator_email: null, tokens_per_day: null, created_at: expect.any(String) }],
      });
      // X-Tenant-Id does not widen a tenant key's view.
      expect((await h.withKey(second.key, 'GET', '/api/tenants', undefined, first.id)).body.tenants).toHaveLength(1);
    });

    it('a tenant has an operator email, set at creation or later (its own key may change it; 400 for a bad address)', async () => {
      const created = await h.admin('POST', '/api/tenants', { name: 'Mailed', operator_email: 'desk@mailed.example' });
      expect(created.body).toMatchObject({ name: 'Mailed', operator_email: 'desk@mailed.example' });
      const key = (await h.admin('POST', `/api/tenants/${created.body.id}/keys`)).body.key as string;
      const changed = await h.withKey(key, 'PUT', `/api/tenants/${created.body.id}`, { operator_email: 'support@mailed.example', name: 'Mailed Inc' });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body).toMatchObject({ name: 'Mailed Inc', operator_email: 'support@mailed.example' });
      expect((await h.withKey(key, 'PUT', `/api/tenants/${created.body.id}`, { operator_email: null })).body.operator_email).toBeNull();
      const refused = await h.withKey(key, 'PUT', `/api/tenants/${created.body.id}`, { operator_email: 'not an address' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].path).toBe('body.operator_email');
      const other = (await h.admin('POST', '/api/tenants', { name: 'Other' })).body.id as string;
      expect((await h.withKey(key, 'PUT', `/api/tenants/${other}`, { name: 'Taken over' })).status).toBe(404);
      expect((await h.admin('PUT', '/api/tenants/00000000-0000-4000-8000-000000000000', { name: 'Nobody' })).status).toBe(404);
    });

    it('a tenant key is shown once and only its hash is stored', async () => {
      const tenant = await h.admin('POST', '/api/tenants', { name: 'Key Holder' });
      const first = await h.admin('POST', `/api/tenants/${tenant.body.id}/keys`);
      const second = await h.admin('POST', `/api/tenants/${tenant.body.id}/keys`);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ key_id: expect.any(String), key: expect.any(String) });
      expect(first.body.key.length).toBeGreaterThanOrEqual(32);
      expect(second.body.key).not.toBe(first.body.key);
      expect(second.body.key_id).not.toBe(first.body.key_id);

      const rows = await h.ctx.db.selectFrom('tenant_api_keys').select(['id', 'key_hash']).where('tenant_id', '=', tenant.body.id).execute();
      expect(rows).toHaveLength(2);
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const { key_id, key } of [first.body, second.body]) {
        expect(byId.get(key_id)?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
      }
      // Neither the key nor any long piece of it is anywhere in the table.
      const table = JSON.stringify(await h.ctx.db.selectFrom('tenant_api_keys').selectAll().execute());
      for (const { key } of [first.body, second.body]) {
        expect(table).not.toContain(key);
        expect(table).not.toContain(key.slice(-16));
      }
      // The key works, and works as that tenant.
      expect((await h.withKey(first.body.key, 'GET', '/api/agents')).status).toBe(200);
    });
  });

  describe('a tenant key on its own tenant', () => {
    let a: { tenantId: string; key: string };
    let b: { tenantId: string; key: string };
    let agentId: string;

    beforeAll(async () => {
      a = await h.seedTenant('Tenant A');
      b = await h.seedTenant('Tenant B');
    });

    it('creates, lists and gets its own agents', async () => {
      const created = await h.withKey(a.key, 'POST', '/api/agents', { name: 'support', config: staticAgent('Hello from A.') });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'support', active_version: 1 });
      agentId = created.body.id;

      const list = await h.withKey(a.key, 'GET', '/api/agents');
      expect(list.status).toBe(200);
      expect(list.body.agents).toEqual([expect.objectContaining({ id: agentId, name: 'support', active_version: 1 })]);

      const detail = await h.withKey(a.key, 'GET', '/api/agents/support');
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: agentId, name: 'support', active_version: 1, config: staticAgent('Hello from A.') });
      expect(detail.body.versions).toEqual([
        { version: 1, state: 'published', created_at: expect.any(String), published_at: expect.any(String), active: true },
      ]);

      const row = await h.ctx.db.selectFrom('agents').select('tenant_id').where('id', '=', agentId).executeTakeFirstOrThrow();
      expect(row.tenant_id).toBe(a.tenantId);
    });

    it('agent names are per tenant: B may have its own "support"', async () => {
      const own = await h.withKey(b.key, 'POST', '/api/agents', { name: 'support', config: staticAgent('Hello from B.') });
      expect(own.status).toBe(201);
      expect(own.body.id).not.toBe(agentId);
      expect((await h.withKey(b.key, 'GET', '/api/agents/support')).body.config).toEqual(staticAgent('Hello from B.'));
      expect((await h.withKey(a.key, 'GET', '/api/agents/support')).body.config).toEqual(staticAgent('Hello from A.'));
    });

    it('the admin acting with X-Tenant-Id (any case) sees that tenant’s agents', async () => {
      const detail = await h.admin('GET', '/api/agents/support', undefined, a.tenantId);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: agentId, config: staticAgent('Hello from A.') });
      const list = await h.admin('GET', '/api/agents', undefined, a.tenantId.toUpperCase());
      expect(list.body.agents.map((agent: { id: string }) => agent.id)).toEqual([agentId]);
    });

    it('mints more keys for its own tenant, and they act as that tenant', async () => {
      const own = await h.withKey(a.key, 'POST', `/api/tenants/${a.tenantId}/keys`);
      expect(own.status).toBe(201);
      expect((await h.withKey(own.body.key, 'GET', '/api/agents/support')).body.id).toBe(agentId);
    });
  });

  describe('versions', () => {
    let tenantId: string;
    const admin = (method: string, path: string, body?: unknown) => h.admin(method, path, body, tenantId);

    beforeAll(async () => {
      tenantId = (await h.admin('POST', '/api/tenants', { name: 'Versions' })).body.id;
      expect((await admin('POST', '/api/agents', { name: 'front-desk', config: staticAgent('v1') })).status).toBe(201);
    });

    it('a new version: 201 {version: 2, state: "draft"}; the active one stays until changed', async () => {
      const created = await admin('POST', '/api/agents/front-desk/versions', { config: staticAgent('v2') });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ version: 2, state: 'draft' });

      const detail = await admin('GET', '/api/agents/front-desk');
      expect(detail.body).toMatchObject({ name: 'front-desk', active_version: 1, config: staticAgent('v1') });
      expect(versionFlags(detail)).toEqual([
        [1, true],
        [2, false],
      ]);
    });

    it('switching the active version to 2: 200, and GET and the list reflect it', async () => {
      const switched = await admin('PUT', '/api/agents/front-desk/active-version', { version: 2 });
      expect(switched.status).toBe(200);
      expect(switched.body).toMatchObject({ name: 'front-desk', active_version: 2 });

      const detail = await admin('GET', '/api/agents/front-desk');
      expect(detail.body).toMatchObject({ active_version: 2, config: staticAgent('v2') });
      expect(versionFlags(detail)).toEqual([
        [1, false],
        [2, true],
      ]);
      expect((await admin('GET', '/api/agents')).body.agents).toEqual([expect.objectContaining({ name: 'front-desk', active_version: 2 })]);
    });
  });
});
