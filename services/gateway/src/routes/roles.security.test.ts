import { type Role, roles } from '@parley/contracts';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, type GatewayHarness, startGatewayHarness } from '../../test/gateway-harness.js';
import { installRequestPipeline } from '../auth/request-pipeline.js';
import { callTool, httpClient, listen } from './mcp/mcp.test-kit.js';

/** Made-up values for a route's path parameters: each names something that does not exist. */
const PARAMS: Record<string, string> = {
  email: 'nobody@example.com',
  user_id: 'nobody',
  phone: '+15550000000',
  name: 'no-such-agent',
};
const NOWHERE = '00000000-0000-4000-8000-000000000000';

function pathOf(url: string): string {
  return url.replace(/:([a-z_]+)/g, (_m, name: string) => encodeURIComponent(PARAMS[name] ?? NOWHERE));
}

/** What a key of each role may call: every bearer route × every role, each route's role from its own config. */
describe('roles', () => {
  let h: GatewayHarness;
  let tenantId: string;
  const keys = {} as Record<Role, string>;
  /** Every bearer route the gateway has, as /openapi.json lists it. */
  let bearerRoutes: string[];
  /** The least role of each bearer route, as its config declares it ('METHOD /path' → role). */
  let declaredRoles: Map<string, Role | undefined>;

  beforeAll(async () => {
    h = await startGatewayHarness({ managementRateLimitPerMinute: 100_000 });
    ({ tenantId } = await h.seedTenant('roles'));
    for (const role of roles) {
      const created = await h.admin('POST', `/api/tenants/${tenantId}/keys`, { name: `${role} key`, role });
      expect(created.status).toBe(201);
      expect(created.body.role).toBe(role);
      keys[role] = created.body.key;
    }
    const spec = await h.inject({ method: 'GET', url: '/openapi.json' });
    bearerRoutes = [];
    for (const [path, operations] of Object.entries(spec.body.paths as Record<string, Record<string, { security?: unknown[] }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const bearer = operation.security?.some((entry) => typeof entry === 'object' && entry !== null && 'bearer' in entry);
        if (bearer) bearerRoutes.push(`${method.toUpperCase()} ${path.replace(/\{([a-z_]+)\}/g, ':$1')}`);
      }
    }
    declaredRoles = new Map(
      h.app.declaredRoutes.filter((route) => route.config.auth === 'management').map((route) => [`${route.method} ${route.url}`, route.config.role]),
    );
  });
  afterAll(async () => h?.stop());

  it('has a role in its config for every bearer route the document lists, and the document lists every one', () => {
    expect(bearerRoutes.length).toBeGreaterThan(50);
    const missing = bearerRoutes.filter((route) => declaredRoles.get(route) === undefined);
    expect(missing, 'bearer routes without a role in their config').toEqual([]);
    expect([...declaredRoles.keys()].filter((route) => !bearerRoutes.includes(route))).toEqual([]);
  });

  it('serves the public families with no credential at all: the public chat, and a link over AG-UI and A2A', async () => {
    const spec = (await h.inject({ method: 'GET', url: '/openapi.json' })).body;
    const publicRoutes = Object.entries(spec.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(([path, operations]) =>
      path.startsWith('/api/public/') || path.startsWith('/a2a/')
        ? Object.entries(operations).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, security: operation.security }))
        : [],
    );
    expect(publicRoutes.map((entry) => entry.route)).toEqual(
      expect.arrayContaining([
        'POST /api/public/chat/{token}',
        'POST /api/public/agui/{token}',
        'GET /a2a/{token}/.well-known/agent-card.json',
        'POST /a2a/{token}',
      ]),
    );
    expect(publicRoutes.filter((entry) => entry.security?.length !== 0)).toEqual([]);
    const declared = h.app.declaredRoutes.filter((route) => route.url.startsWith('/api/public/') || route.url.startsWith('/a2a/'));
    expect(declared.filter((route) => route.config.auth === 'management' || route.config.role !== undefined)).toEqual([]);
  });

  it('refuses to add a bearer route that has no role', async () => {
    const app = Fastify();
    installRequestPipeline(app, { hmac: {} as never, management: {} as never });
    expect(() => app.get('/api/without-a-role', { config: { auth: 'management' } }, async () => ({}))).toThrow(/needs its least role/);
    await app.close();
  });

  it('lets each role call what its role includes and refuses the rest with 403 and the role needed', async () => {
    const wrong: string[] = [];
    for (const route of bearerRoutes) {
      const [method, url] = route.split(' ') as [string, string];
      const required = declaredRoles.get(route);
      for (const role of roles) {
        const allowed = roles.indexOf(role) <= roles.indexOf(required as Role);
        // An empty JSON object: past the role check it is refused as invalid or not found, never acted on.
        const answer = await h.inject({
          method,
          url: `${pathOf(url)}${url === '/api/inbox/events' ? '?limit=0&cursor=x' : ''}`,
          headers: { authorization: `Bearer ${keys[role]}`, ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{"__":1}' }),
        });
        const refused = answer.status === 403 && answer.body?.error?.code === 'forbidden' && answer.body.error.details?.required_role !== undefined;
        if (allowed && refused) wrong.push(`${route} as ${role}: refused`);
        if (!allowed && !(refused && answer.body.error.details.required_role === required))
          wrong.push(`${route} as ${role}: ${answer.status} ${answer.text.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('lets the admin key act as an owner of the tenant', async () => {
    expect((await h.admin('GET', '/api/audit', undefined, tenantId)).status).toBe(200);
  });

  it('holds MCP tools to the key’s role: a viewer lists links and analytics but changes nothing', async () => {
    const { name: agent } = await h.admin('POST', '/api/agents', { name: 'mcp-roles', config: echoAgent }, tenantId).then((r) => r.body);
    const link = await h.withKey(keys.editor, 'POST', `/api/agents/${agent}/public-links`, { title: 'By an editor' });
    expect(link.status).toBe(201);
    const baseUrl = await listen(h);
    const { client } = await httpClient(baseUrl, keys.viewer);
    try {
      const listed = await callTool(client, 'list_temporary_chat_links', { agent });
      expect(listed.isError).toBe(false);
      const analytics = await callTool(client, 'get_temporary_chat_analytics', { link_id: link.body.id });
      expect(analytics.isError).toBe(false);
      const created = await callTool(client, 'create_temporary_chat_link', { agent, title: 'Not allowed' });
      expect(created.isError).toBe(true);
      expect(created.body.error.code).toBe('forbidden');
      expect(created.body.error.details.required_role).toBe('editor');
      expect(created.text).toContain('editor');
      const updated = await callTool(client, 'update_temporary_chat_link', { agent, id: link.body.id, title: 'Renamed' });
      expect(updated.body.error.details.required_role).toBe('editor');
      const deleted = await callTool(client, 'delete_temporary_chat_link', { agent, id: link.body.id });
      expect(deleted.body.error.details.required_role).toBe('editor');
    } finally {
      await client.close();
    }
    expect((await h.withKey(keys.viewer, 'GET', `/api/agents/${agent}/public-links`)).body.links).toHaveLength(1);
  });
});
