import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from '../../../../test/gateway-harness.js';

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

const detailsOf = (response: InjectResult) => JSON.stringify(response.body.error.details);

describe('Management API: bad input is a 4xx naming the field, never a 500', () => {
  let h: GatewayHarness;
  let tenantId: string;
  const admin = (method: string, path: string, body?: unknown) => h.admin(method, path, body, tenantId);
  /** A body sent exactly as given, with the admin key acting on the tenant. */
  const raw = (method: string, path: string, payload: string, contentType = 'application/json') =>
    h.inject({ method, url: path, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': tenantId, 'content-type': contentType }, payload });
  const agentsNamed = (name: string) => h.ctx.db.selectFrom('agents').select('id').where('name', '=', name).execute();
  const tenantsNamed = (pattern: string) => h.ctx.db.selectFrom('tenants').select('id').where('name', 'like', pattern).execute();

  beforeAll(async () => {
    h = await startGatewayHarness();
    tenantId = (await h.admin('POST', '/api/tenants', { name: 'Errors' })).body.id;
    expect((await admin('POST', '/api/agents', { name: 'front-desk', config: staticAgent('v1') })).status).toBe(201);
    expect((await admin('POST', '/api/agents/front-desk/versions', { config: staticAgent('v2') })).status).toBe(201);
  });
  afterAll(async () => h?.stop());

  describe('tenants and keys', () => {
    it('keys for a tenant that does not exist: 404', async () => {
      expectError(await h.admin('POST', `/api/tenants/${randomUUID()}/keys`), 404, 'not_found');
    });

    it('refuses a tenant without a name and unknown fields: 400 naming the field', async () => {
      const empty = await h.admin('POST', '/api/tenants', { name: '  ' });
      expectError(empty, 400, 'invalid');
      expect(detailsOf(empty)).toContain('body.name');
      const unknown = await h.admin('POST', '/api/tenants', { name: 'x', plan: 'gold' });
      expectError(unknown, 400, 'invalid');
      expect(JSON.stringify(unknown.body.error)).toContain('plan');
      expectError(await h.admin('POST', '/api/tenants'), 400, 'invalid');
      expect(await h.ctx.db.selectFrom('tenants').select('id').where('name', 'in', ['x', '  ']).execute()).toEqual([]);
    });
  });

  describe('X-Tenant-Id', () => {
    it('a bad X-Tenant-Id: 400 naming X-Tenant-Id', async () => {
      for (const bad of ['not-a-uuid', '1234', `${randomUUID()}x`]) {
        const response = await h.admin('GET', '/api/agents', undefined, bad);
        expectError(response, 400, 'invalid', /X-Tenant-Id/);
        expect(detailsOf(response)).toContain('X-Tenant-Id');
      }
    });

    it('an X-Tenant-Id naming no tenant: 404, not an empty list, and nothing is created', async () => {
      const nobody = randomUUID();
      expectError(await h.admin('GET', '/api/agents', undefined, nobody), 404, 'not_found');
      expectError(await h.admin('GET', '/api/agents/front-desk', undefined, nobody), 404, 'not_found');
      expectError(await h.admin('POST', '/api/agents', { name: 'ghost', config: staticAgent('x') }, nobody), 404, 'not_found');
      expect(await agentsNamed('ghost')).toEqual([]);
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
        expectError(response, 400, 'invalid', /X-Tenant-Id/);
        expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'X-Tenant-Id' })]);
      }
    });
  });

  describe('agents and versions', () => {
    it('an invalid config: 400 naming the path of the first error, and nothing is saved', async () => {
      const transition = await admin('POST', '/api/agents', { name: 'broken', config: brokenTransitionAgent });
      expectError(transition, 400, 'invalid', /config\.workflow\.nodes\[2\]\.transitions\[0\]\.to/);
      expect(transition.body.error.details[0]).toMatchObject({ path: 'config.workflow.nodes[2].transitions[0].to' });

      const initial = await admin('POST', '/api/agents', {
        name: 'broken',
        config: { workflow: { initial_node: 'missing', nodes: [{ id: 'hello', name: 'Hello', static_text: 'hi' }] } },
      });
      expectError(initial, 400, 'invalid', /config\.workflow\.initial_node/);
      expect(initial.body.error.details[0]).toMatchObject({ path: 'config.workflow.initial_node' });

      const noWorkflow = await admin('POST', '/api/agents', { name: 'broken', config: {} });
      expectError(noWorkflow, 400, 'invalid');
      expect(noWorkflow.body.error.details[0].path).toBe('config.workflow');

      expect(await agentsNamed('broken')).toEqual([]);
    });

    it('an invalid agent name or body: 400 naming the field', async () => {
      const badName = await admin('POST', '/api/agents', { name: 'has spaces', config: staticAgent('x') });
      expectError(badName, 400, 'invalid');
      expect(detailsOf(badName)).toContain('body.name');
      expectError(await admin('POST', '/api/agents', { config: staticAgent('x') }), 400, 'invalid');
      for (const version of ['two', 0, -1, 1.5]) {
        const response = await admin('PUT', '/api/agents/front-desk/active-version', { version });
        expectError(response, 400, 'invalid');
        expect(detailsOf(response)).toContain('version');
      }
      expect(await agentsNamed('has spaces')).toEqual([]);
    });

    it('a duplicate agent name: 409, and the first agent is untouched', async () => {
      expectError(await admin('POST', '/api/agents', { name: 'front-desk', config: staticAgent('again') }), 409, 'conflict');
      const rows = await h.ctx.db.selectFrom('agents').select('id').where('tenant_id', '=', tenantId).where('name', '=', 'front-desk').execute();
      expect(rows).toHaveLength(1);
      expect((await admin('GET', '/api/agents/front-desk')).body.config).toEqual(staticAgent('v1'));
    });

    it('an invalid version config: 400 with its path, and no version is added', async () => {
      const refused = await admin('POST', '/api/agents/front-desk/versions', { config: brokenTransitionAgent });
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details[0].path).toBe('config.workflow.nodes[2].transitions[0].to');
      expect((await admin('GET', '/api/agents/front-desk')).body.versions).toHaveLength(2);
    });

    it('a version or active version for an unknown agent: 404', async () => {
      expectError(await admin('POST', '/api/agents/nobody/versions', { config: staticAgent('x') }), 404, 'not_found');
      expectError(await admin('PUT', '/api/agents/nobody/active-version', { version: 1 }), 404, 'not_found');
    });

    it('switching to a version that does not exist: 404, and the active version stays', async () => {
      expectError(await admin('PUT', '/api/agents/front-desk/active-version', { version: 9 }), 404, 'not_found');
      expect((await admin('GET', '/api/agents/front-desk')).body.active_version).toBe(1);
    });

    it('a version past the integer column (2^31, 2^32) is 400 naming `version`; 2^31 - 1 is simply not found', async () => {
      for (const version of [2_147_483_648, 4_294_967_296]) {
        const response = await admin('PUT', '/api/agents/front-desk/active-version', { version });
        expectError(response, 400, 'invalid');
        expect(detailsOf(response)).toContain('body.version');
      }
      expectError(await admin('PUT', '/api/agents/front-desk/active-version', { version: 2_147_483_647 }), 404, 'not_found');
      expect((await admin('GET', '/api/agents/front-desk')).body.active_version).toBe(1);
    });

    it('an unknown agent: 404', async () => {
      expectError(await admin('GET', '/api/agents/nobody'), 404, 'not_found');
    });
  });

  describe('text PostgreSQL cannot hold', () => {
    it('U+0000 in a tenant name: 400 naming body.name, and no tenant is created', async () => {
      const response = await h.admin('POST', '/api/tenants', { name: 'Nul\u0000Corp' });
      expectError(response, 400, 'invalid', /U\+0000/);
      expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'body.name' })]);
      expect(await tenantsNamed('Nul%Corp')).toEqual([]);
    });

    it('U+0000 in an agent name: 400 naming body.name', async () => {
      const response = await admin('POST', '/api/agents', { name: 'nul\u0000agent', config: staticAgent('x') });
      expectError(response, 400, 'invalid', /U\+0000/);
      expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'body.name' })]);
    });

    it('U+0000 in a node’s static_text: 400 naming the node, for a new agent and a new version', async () => {
      const path = 'body.config.workflow.nodes[0].static_text';
      const agent = await admin('POST', '/api/agents', { name: 'nul-text', config: staticAgent('Hello\u0000') });
      expectError(agent, 400, 'invalid', /U\+0000/);
      expect(agent.body.error.details).toEqual([expect.objectContaining({ path })]);
      const version = await admin('POST', '/api/agents/front-desk/versions', { config: staticAgent('v3\u0000') });
      expectError(version, 400, 'invalid', /U\+0000/);
      expect(version.body.error.details).toEqual([expect.objectContaining({ path })]);
      expect(await agentsNamed('nul-text')).toEqual([]);
      expect((await admin('GET', '/api/agents/front-desk')).body.versions).toHaveLength(2);
    });

    it('U+0000 in a path parameter: 400 naming params.name', async () => {
      for (const [method, path, body] of [
        ['GET', '/api/agents/%00', undefined],
        ['GET', '/api/agents/front%00desk', undefined],
        ['POST', '/api/agents/%00/versions', { config: staticAgent('x') }],
        ['PUT', '/api/agents/%00/active-version', { version: 1 }],
      ] as const) {
        const response = await admin(method, path, body);
        expectError(response, 400, 'invalid', /U\+0000/);
        expect(response.body.error.details, `${method} ${path}`).toEqual([expect.objectContaining({ path: 'params.name' })]);
      }
    });

    it('lone surrogates in an agent config: 400 naming the field, and nothing is stored', async () => {
      const high = await raw(
        'POST',
        '/api/agents',
        '{"name":"surrogate-high","config":{"workflow":{"initial_node":"hello","nodes":[{"id":"hello","name":"Hello","static_text":"x\\ud800y"}]}}}',
      );
      expectError(high, 400, 'invalid', /surrogate/);
      expect(high.body.error.details).toEqual([expect.objectContaining({ path: 'body.config.workflow.nodes[0].static_text' })]);
      const low = await raw(
        'POST',
        '/api/agents',
        '{"name":"surrogate-low","config":{"workflow":{"initial_node":"hello","nodes":[{"id":"hello","name":"\\udc00","static_text":"hi"}]}}}',
      );
      expectError(low, 400, 'invalid', /surrogate/);
      expect(low.body.error.details).toEqual([expect.objectContaining({ path: 'body.config.workflow.nodes[0].name' })]);
      const version = await raw('POST', '/api/agents/front-desk/versions', '{"config":{"workflow":{"initial_node":"\\udc00x","nodes":[]}}}');
      expectError(version, 400, 'invalid', /surrogate/);
      expect(version.body.error.details).toEqual([expect.objectContaining({ path: 'body.config.workflow.initial_node' })]);

      expect(await h.ctx.db.selectFrom('agents').select('id').where('name', 'like', 'surrogate-%').execute()).toEqual([]);
      expect((await admin('GET', '/api/agents/front-desk')).body.versions).toHaveLength(2);
      // A proper pair is one character: accepted as sent.
      const paired = await raw(
        'POST',
        '/api/agents',
        '{"name":"surrogate-pair","config":{"workflow":{"initial_node":"hello","nodes":[{"id":"hello","name":"Hello","static_text":"\\ud83d\\ude42"}]}}}',
      );
      expect(paired.status, paired.text).toBe(201);
      expect((await admin('GET', '/api/agents/surrogate-pair')).body.config).toEqual(staticAgent('🙂'));
    });

    it('lone surrogates in a tenant name: 400 naming body.name, and no tenant is created', async () => {
      for (const name of ['Surrogate \\ud800 Corp', 'Surrogate \\udc00 Corp', 'Surrogate \\udc00\\ud800 Corp']) {
        const response = await raw('POST', '/api/tenants', `{"name":"${name}"}`);
        expectError(response, 400, 'invalid', /surrogate/);
        expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'body.name' })]);
      }
      expect(await tenantsNamed('Surrogate%')).toEqual([]);
    });
  });

  describe('malformed requests', () => {
    it('malformed JSON: 400, and nothing is created', async () => {
      for (const body of ['{"name": "x", "config":', 'not json', '{"name": "x",}']) {
        expectError(await raw('POST', '/api/agents', body), 400, 'invalid', /not valid JSON/);
      }
      expectError(await raw('POST', '/api/tenants', '{'), 400, 'invalid', /not valid JSON/);
      expect(await agentsNamed('x')).toEqual([]);
    });

    it('a body that is not JSON: 400 naming Content-Type', async () => {
      expectError(await raw('POST', '/api/agents', 'name=x', 'text/plain'), 400, 'invalid', /Content-Type/);
    });

    it('an unknown route: 404 in the same shape', async () => {
      expectError(await admin('GET', '/api/nothing-here'), 404, 'not_found');
    });
  });
});
