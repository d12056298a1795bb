import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_ADMIN_KEY, type TestPlatform } from './platform-harness.js';
import { manage, type RawResponse } from './signed-client.js';

const staticAgent = (text: string) => ({
  workflow: { initial_node: 'hello', nodes: [{ id: 'hello', name: 'Hello', static_text: text }] },
});

/** Three nodes; the third one's first transition points at a node that does not exist. */
const brokenTransitionAgent = {
  workflow: {
    initial_node: 'a',
    nodes: [
      { id: 'a', name: 'A', static_text: 'a', transitions: [{ to: 'b', condition: 'always' }] },
      { id: 'b', name: 'B', static_text: 'b', transitions: [{ to: 'c', condition: 'user_responded' }] },
      { id: 'c', name: 'C', static_text: 'c', transitions: [{ to: 'nowhere', condition: 'always' }] },
    ],
  },
};

/** Every error, from every route: `{ error: { code, message } }` with the status of its code. */
function expectError(response: RawResponse, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(response.body.error.message.length).toBeGreaterThan(0);
}

/** A raw request, for bodies and headers the typed helpers never send. */
async function raw(h: TestPlatform, method: string, path: string, init: { headers?: Record<string, string>; body?: string }) {
  const response = await fetch(`${h.platform.url}${path}`, { method, headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: init.body }) });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text so the assertion shows it.
  }
  return { status: response.status, headers: response.headers, body };
}

describe('Management API', () => {
  let h: TestPlatform;
  /** Calls with a tenant key. */
  const asKey = (key: string, method: string, path: string, body?: unknown, tenantId?: string) => manage(h.platform.url, key, method, path, body, tenantId);

  beforeAll(async () => {
    h = await startTestPlatform();
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

    it('a tenant key is shown once and only its hash is stored', async () => {
      const tenant = await h.admin('POST', '/api/tenants', { name: 'Key Holder' });
      const first = await h.admin('POST', `/api/tenants/${tenant.body.id}/keys`);
      const second = await h.admin('POST', `/api/tenants/${tenant.body.id}/keys`);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ key_id: expect.any(String), key: expect.any(String) });
      expect(first.body.key.length).toBeGreaterThanOrEqual(32);
      expect(second.body.key).not.toBe(first.body.key);
      expect(second.body.key_id).not.toBe(first.body.key_id);

      const rows = await sql<{ id: string; key_hash: string; row: string }>`
        SELECT id, key_hash, row_to_json(k)::text AS row FROM tenant_api_keys k WHERE tenant_id = ${tenant.body.id} ORDER BY created_at`.execute(h.ctx.db);
      expect(rows.rows).toHaveLength(2);
      const byId = new Map(rows.rows.map((r) => [r.id, r]));
      for (const { key_id, key } of [first.body, second.body]) {
        const row = byId.get(key_id);
        expect(row?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
      }
      // Neither the key nor any long piece of it is anywhere in the table.
      const table = await sql<{ dump: string }>`SELECT coalesce(string_agg(row_to_json(k)::text, ''), '') AS dump FROM tenant_api_keys k`.execute(h.ctx.db);
      for (const { key } of [first.body, second.body]) {
        expect(table.rows[0]?.dump).not.toContain(key);
        expect(table.rows[0]?.dump).not.toContain(key.slice(-16));
      }
      // The key works, and works as that tenant.
      expect((await asKey(first.body.key, 'GET', '/api/agents')).status).toBe(200);
    });

    it('keys for a tenant that does not exist: 404', async () => {
      expectError(await h.admin('POST', `/api/tenants/${randomUUID()}/keys`), 404, 'not_found');
    });

    it('refuses a tenant without a name and unknown fields: 400 naming the field', async () => {
      const empty = await h.admin('POST', '/api/tenants', { name: '  ' });
      expectError(empty, 400, 'invalid');
      expect(JSON.stringify(empty.body.error)).toContain('name');
      expectError(await h.admin('POST', '/api/tenants', { name: 'x', plan: 'gold' }), 400, 'invalid');
      expectError(await h.admin('POST', '/api/tenants'), 400, 'invalid');
    });
  });

  describe('authentication', () => {
    it('missing, unknown and malformed bearer keys: 401', async () => {
      expectError(await raw(h, 'GET', '/api/agents', {}), 401, 'unauthorized');
      expectError(await raw(h, 'POST', '/api/tenants', { headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }), 401, 'unauthorized');
      expectError(await asKey('prl_not-a-key-anyone-was-given', 'GET', '/api/agents'), 401, 'unauthorized');
      expectError(await asKey('prl_not-a-key-anyone-was-given', 'POST', '/api/tenants', { name: 'x' }), 401, 'unauthorized');
      for (const authorization of [`Basic ${Buffer.from(`admin:${TEST_ADMIN_KEY}`).toString('base64')}`, 'Bearer', 'Bearer ', TEST_ADMIN_KEY, `Bearer ${TEST_ADMIN_KEY} extra`]) {
        expectError(await raw(h, 'GET', '/api/agents', { headers: { authorization } }), 401, 'unauthorized');
      }
      const tenants = await h.ctx.db.selectFrom('tenants').select('name').where('name', '=', 'x').execute();
      expect(tenants).toEqual([]);
    });

    it('a bad X-Tenant-Id: 400 naming X-Tenant-Id', async () => {
      for (const tenantId of ['not-a-uuid', '1234', `${randomUUID()}x`]) {
        const response = await h.admin('GET', '/api/agents', undefined, tenantId);
        expectError(response, 400, 'invalid');
        expect(JSON.stringify(response.body.error)).toContain('X-Tenant-Id');
      }
    });

    it('an X-Tenant-Id naming no tenant: 404, not an empty list', async () => {
      expectError(await h.admin('GET', '/api/agents', undefined, randomUUID()), 404, 'not_found');
      expectError(await h.admin('POST', '/api/agents', { name: 'a', config: staticAgent('a') }, randomUUID()), 404, 'not_found');
    });

    it('the admin key on agent routes without X-Tenant-Id: 400 naming X-Tenant-Id', async () => {
      for (const [method, path, body] of [
        ['GET', '/api/agents', undefined],
        ['GET', '/api/agents/anything', undefined],
        ['POST', '/api/agents', { name: 'a', config: staticAgent('a') }],
        ['POST', '/api/agents/anything/versions', { config: staticAgent('a') }],
        ['PUT', '/api/agents/anything/active-version', { version: 1 }],
      ] as const) {
        const response = await h.admin(method, path, body);
        expectError(response, 400, 'invalid');
        expect(response.body.error.message).toContain('X-Tenant-Id');
        expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'X-Tenant-Id' })]);
      }
    });
  });

  describe('tenant isolation', () => {
    let tenantA: string;
    let tenantB: string;
    let keyA: string;
    let keyB: string;
    let agentId: string;

    beforeAll(async () => {
      tenantA = (await h.admin('POST', '/api/tenants', { name: 'Tenant A' })).body.id;
      tenantB = (await h.admin('POST', '/api/tenants', { name: 'Tenant B' })).body.id;
      keyA = (await h.admin('POST', `/api/tenants/${tenantA}/keys`)).body.key;
      keyB = (await h.admin('POST', `/api/tenants/${tenantB}/keys`)).body.key;
    });

    it('a tenant key creates, lists and gets its own agents', async () => {
      const created = await asKey(keyA, 'POST', '/api/agents', { name: 'support', config: staticAgent('Hello from A.') });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'support', active_version: 1 });
      agentId = created.body.id;

      const list = await asKey(keyA, 'GET', '/api/agents');
      expect(list.status).toBe(200);
      expect(list.body.agents).toEqual([expect.objectContaining({ id: agentId, name: 'support', active_version: 1 })]);

      const detail = await asKey(keyA, 'GET', '/api/agents/support');
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: agentId, name: 'support', active_version: 1, config: staticAgent('Hello from A.') });
      expect(detail.body.versions).toEqual([{ version: 1, created_at: expect.any(String), active: true }]);

      const row = await h.ctx.db.selectFrom('agents').select('tenant_id').where('id', '=', agentId).executeTakeFirstOrThrow();
      expect(row.tenant_id).toBe(tenantA);
    });

    it("another tenant's key gets 404 for them and never their data", async () => {
      const attempts = [
        await asKey(keyB, 'GET', '/api/agents/support'),
        await asKey(keyB, 'POST', '/api/agents/support/versions', { config: staticAgent('hijacked') }),
        await asKey(keyB, 'PUT', '/api/agents/support/active-version', { version: 1 }),
      ];
      for (const attempt of attempts) {
        expectError(attempt, 404, 'not_found');
        expect(JSON.stringify(attempt.body)).not.toContain('Hello from A.');
        expect(JSON.stringify(attempt.body)).not.toContain(agentId);
      }
      const list = await asKey(keyB, 'GET', '/api/agents');
      expect(list.status).toBe(200);
      expect(list.body.agents).toEqual([]);
      const versions = await h.ctx.db.selectFrom('agent_versions').select('version').where('agent_id', '=', agentId).execute();
      expect(versions).toEqual([{ version: 1 }]);
    });

    it('X-Tenant-Id does not let a tenant key act on another tenant', async () => {
      const crossed = await asKey(keyB, 'GET', '/api/agents/support', undefined, tenantA);
      expectError(crossed, 404, 'not_found');
      const list = await asKey(keyB, 'GET', '/api/agents', undefined, tenantA);
      expect(list.body.agents).toEqual([]);
    });

    it('agent names are per tenant: B may have its own "support"', async () => {
      const own = await asKey(keyB, 'POST', '/api/agents', { name: 'support', config: staticAgent('Hello from B.') });
      expect(own.status).toBe(201);
      expect(own.body.id).not.toBe(agentId);
      expect((await asKey(keyB, 'GET', '/api/agents/support')).body.config).toEqual(staticAgent('Hello from B.'));
      expect((await asKey(keyA, 'GET', '/api/agents/support')).body.config).toEqual(staticAgent('Hello from A.'));
    });

    it('the admin acting with X-Tenant-Id sees that tenant’s agents', async () => {
      const detail = await h.admin('GET', '/api/agents/support', undefined, tenantA);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: agentId, config: staticAgent('Hello from A.') });
      const list = await h.admin('GET', '/api/agents', undefined, tenantA.toUpperCase());
      expect(list.body.agents.map((a: { id: string }) => a.id)).toEqual([agentId]);
      expectError(await h.admin('GET', '/api/agents/support', undefined, randomUUID()), 404, 'not_found');
      expectError(await h.admin('POST', '/api/agents', { name: 'ghost', config: staticAgent('x') }, randomUUID()), 404, 'not_found');
    });

    it('a tenant key cannot create tenants (403) nor mint keys for another tenant (404)', async () => {
      expectError(await asKey(keyA, 'POST', '/api/tenants', { name: 'Sneaky' }), 403, 'forbidden');
      expectError(await asKey(keyA, 'POST', `/api/tenants/${tenantB}/keys`), 404, 'not_found');
      expect(await h.ctx.db.selectFrom('tenants').select('id').where('name', '=', 'Sneaky').execute()).toEqual([]);
      const keysOfB = await h.ctx.db.selectFrom('tenant_api_keys').select('id').where('tenant_id', '=', tenantB).execute();
      expect(keysOfB).toHaveLength(1);
      // Its own tenant's keys it may mint.
      const own = await asKey(keyA, 'POST', `/api/tenants/${tenantA}/keys`);
      expect(own.status).toBe(201);
      expect((await asKey(own.body.key, 'GET', '/api/agents/support')).body.id).toBe(agentId);
    });
  });

  describe('agents and versions', () => {
    let tenantId: string;
    const admin = (method: string, path: string, body?: unknown) => h.admin(method, path, body, tenantId);

    beforeAll(async () => {
      tenantId = (await h.admin('POST', '/api/tenants', { name: 'Versions' })).body.id;
      expect((await admin('POST', '/api/agents', { name: 'front-desk', config: staticAgent('v1') })).status).toBe(201);
    });

    it('an invalid config: 400 naming the path of the first error', async () => {
      const transition = await admin('POST', '/api/agents', { name: 'broken', config: brokenTransitionAgent });
      expectError(transition, 400, 'invalid');
      expect(transition.body.error.message).toContain('config.workflow.nodes[2].transitions[0].to');
      expect(transition.body.error.details[0]).toMatchObject({ path: 'config.workflow.nodes[2].transitions[0].to' });

      const initial = await admin('POST', '/api/agents', {
        name: 'broken',
        config: { workflow: { initial_node: 'missing', nodes: [{ id: 'hello', name: 'Hello', static_text: 'hi' }] } },
      });
      expectError(initial, 400, 'invalid');
      expect(initial.body.error.message).toContain('config.workflow.initial_node');
      expect(initial.body.error.details[0]).toMatchObject({ path: 'config.workflow.initial_node' });

      const noWorkflow = await admin('POST', '/api/agents', { name: 'broken', config: {} });
      expectError(noWorkflow, 400, 'invalid');
      expect(noWorkflow.body.error.details[0].path).toBe('config.workflow');

      // Nothing of the refused configs was saved.
      expect(await h.ctx.db.selectFrom('agents').select('id').where('name', '=', 'broken').execute()).toEqual([]);
    });

    it('an invalid agent name or body: 400 naming the field', async () => {
      const badName = await admin('POST', '/api/agents', { name: 'has spaces', config: staticAgent('x') });
      expectError(badName, 400, 'invalid');
      expect(JSON.stringify(badName.body.error)).toContain('name');
      expectError(await admin('POST', '/api/agents', { config: staticAgent('x') }), 400, 'invalid');
      expectError(await admin('PUT', '/api/agents/front-desk/active-version', { version: 'two' }), 400, 'invalid');
      expectError(await admin('PUT', '/api/agents/front-desk/active-version', { version: 0 }), 400, 'invalid');
    });

    it('a duplicate agent name: 409', async () => {
      expectError(await admin('POST', '/api/agents', { name: 'front-desk', config: staticAgent('again') }), 409, 'conflict');
      const rows = await h.ctx.db.selectFrom('agents').select('id').where('tenant_id', '=', tenantId).where('name', '=', 'front-desk').execute();
      expect(rows).toHaveLength(1);
    });

    it('a new version: 201 {version: 2}; the active one stays until changed', async () => {
      const created = await admin('POST', '/api/agents/front-desk/versions', { config: staticAgent('v2') });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ version: 2 });

      const detail = await admin('GET', '/api/agents/front-desk');
      expect(detail.body).toMatchObject({ name: 'front-desk', active_version: 1, config: staticAgent('v1') });
      expect(detail.body.versions.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
        [1, true],
        [2, false],
      ]);
    });

    it('an invalid version config: 400 with its path, and no version is added', async () => {
      const refused = await admin('POST', '/api/agents/front-desk/versions', { config: brokenTransitionAgent });
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details[0].path).toBe('config.workflow.nodes[2].transitions[0].to');
      expect((await admin('GET', '/api/agents/front-desk')).body.versions).toHaveLength(2);
      expectError(await admin('POST', '/api/agents/nobody/versions', { config: staticAgent('x') }), 404, 'not_found');
    });

    it('switching the active version: a missing one is 404, version 2 is 200 and GET reflects it', async () => {
      expectError(await admin('PUT', '/api/agents/front-desk/active-version', { version: 9 }), 404, 'not_found');
      expectError(await admin('PUT', '/api/agents/nobody/active-version', { version: 1 }), 404, 'not_found');
      expect((await admin('GET', '/api/agents/front-desk')).body.active_version).toBe(1);

      const switched = await admin('PUT', '/api/agents/front-desk/active-version', { version: 2 });
      expect(switched.status).toBe(200);
      expect(switched.body).toMatchObject({ name: 'front-desk', active_version: 2 });

      const detail = await admin('GET', '/api/agents/front-desk');
      expect(detail.body).toMatchObject({ active_version: 2, config: staticAgent('v2') });
      expect(detail.body.versions.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
        [1, false],
        [2, true],
      ]);
      expect((await admin('GET', '/api/agents')).body.agents).toEqual([expect.objectContaining({ name: 'front-desk', active_version: 2 })]);
    });

    it('an unknown agent: 404', async () => {
      expectError(await admin('GET', '/api/agents/nobody'), 404, 'not_found');
    });
  });

  describe('malformed requests', () => {
    let tenantId: string;
    const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${TEST_ADMIN_KEY}`, 'x-tenant-id': tenantId, ...extra });

    beforeAll(async () => {
      tenantId = (await h.admin('POST', '/api/tenants', { name: 'Malformed' })).body.id;
    });

    it('malformed JSON: 400', async () => {
      for (const body of ['{"name": "x", "config":', 'not json', '{"name": "x",}']) {
        expectError(await raw(h, 'POST', '/api/agents', { headers: headers({ 'content-type': 'application/json' }), body }), 400, 'invalid');
      }
      expectError(await raw(h, 'POST', '/api/tenants', { headers: headers({ 'content-type': 'application/json' }), body: '{' }), 400, 'invalid');
      expect(await h.ctx.db.selectFrom('agents').select('id').where('tenant_id', '=', tenantId).execute()).toEqual([]);
    });

    it('a body that is not JSON: 400', async () => {
      expectError(await raw(h, 'POST', '/api/agents', { headers: headers({ 'content-type': 'text/plain' }), body: 'name=x' }), 400, 'invalid');
    });

    it('an unknown route: 404 in the same shape', async () => {
      expectError(await h.admin('GET', '/api/nothing-here', undefined, tenantId), 404, 'not_found');
    });
  });
});
