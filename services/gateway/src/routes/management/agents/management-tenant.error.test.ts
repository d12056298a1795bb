import { randomUUID } from 'node:crypto';
import { exampleOf, type JsonSchema, type OpenApiOperation as Operation, openApiOperations, waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

/** A valid instance of a schema, so a request gets past validation and reaches the tenant check. */
function example(schema: JsonSchema | undefined, key: string): unknown {
  return exampleOf(schema, key, (name, leaf) => {
    if (leaf.format === 'uuid') return randomUUID();
    if (leaf.format === 'email') return 'someone@example.com';
    if (leaf.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString();
    if (leaf.format === 'uri') return 'https://example.com/hook';
    return `probe-${name}`;
  });
}

/**
 * The admin key acts on the tenant X-Tenant-Id names (docs/api.md): one that does not exist is 404
 * on every management route, a malformed one 400 – never a 500 from a row that refers to nothing.
 */
describe('management routes with the admin key and an X-Tenant-Id that names no tenant', () => {
  let h: GatewayHarness;
  let operations: Operation[];
  let real: { tenantId: string; agentId: string; name: string };

  beforeAll(async () => {
    h = await startGatewayHarness({ managementRateLimitPerMinute: 1_000_000, notFoundRateLimitPerMinute: 1_000_000 });
    real = await h.seedAgent();
    const spec = (await h.inject({ method: 'GET', url: '/openapi.json' })).body;
    operations = openApiOperations(spec).filter((op) => op.auth === 'bearer');
  });
  afterAll(async () => h?.stop());

  /** Path parameters of the real tenant's agent (or anything), so only the tenant is wrong. */
  const urlFor = (op: Operation) =>
    op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
      encodeURIComponent(name === 'name' ? real.name : name === 'id' || name.endsWith('_id') ? randomUUID() : 'x'),
    );

  function send(op: Operation, tenantHeader: string) {
    const body = example(op.body, 'body') as Record<string, unknown> | undefined;
    if (body && 'config' in body) body.config = echoAgent;
    return h.inject({
      method: op.method,
      url: urlFor(op),
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': tenantHeader, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  it('covers the management routes of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.some((op) => op.method === 'POST' && op.path === '/api/link-templates')).toBe(true);
  });

  it('a random UUID: 404 not_found on every route, naming X-Tenant-Id, and nothing is created', async () => {
    const failures: string[] = [];
    const tenant = randomUUID();
    for (const op of operations) {
      const answer = await send(op, tenant);
      if (answer.status !== 404 || answer.body?.error?.code !== 'not_found' || answer.body.error.request_id !== answer.headers['x-request-id']) {
        failures.push(`${op.method} ${op.path} → ${answer.status} ${answer.text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    const created = await sql<{ n: number }>`SELECT count(*)::int AS n FROM link_templates WHERE tenant_id = ${tenant}`.execute(h.ctx.db);
    expect(created.rows[0]?.n).toBe(0);
  }, 120_000);

  it('a malformed id: 400 invalid naming X-Tenant-Id on every route', async () => {
    const failures: string[] = [];
    for (const malformed of ['not-a-uuid', `${randomUUID()}x`]) {
      for (const op of operations) {
        const answer = await send(op, malformed);
        if (answer.status !== 400 || answer.body?.error?.code !== 'invalid' || !JSON.stringify(answer.body.error.details).includes('X-Tenant-Id')) {
          failures.push(`${op.method} ${op.path} (${malformed}) → ${answer.status} ${answer.text.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('the POST /api/link-templates of the report: 404 with a random tenant, 201 with the real one', async () => {
    const body = { name: 'spring', settings: { title: 'Hello' } };
    expectError(await h.admin('POST', '/api/link-templates', body, randomUUID()), 404, 'not_found', /tenant/i);
    const made = await h.admin('POST', '/api/link-templates', body, real.tenantId);
    expect(made.status, made.text).toBe(201);
  });

  it('a service asked for a tenant that does not exist (one removed after the check) answers not_found, not internal', async () => {
    const error = await h.bus.request('links.templates.create', { tenantId: randomUUID(), name: 'orphan', settings: { title: 'Hi' } }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('not_found');
  });

  it('a tenant that is removed is refused within seconds: what is remembered of it does not outlive it long', async () => {
    const { tenantId } = await h.seedTenant('short-lived');
    expect((await h.admin('GET', '/api/agents', undefined, tenantId)).status).toBe(200);
    await h.ctx.db.deleteFrom('tenant_api_keys').where('tenant_id', '=', tenantId).execute();
    await h.ctx.db.deleteFrom('tenants').where('id', '=', tenantId).execute();
    const refused = await waitFor(
      async () => {
        const answer = await h.admin('GET', '/api/agents', undefined, tenantId);
        return answer.status === 404 ? answer : false;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    expectError(refused, 404, 'not_found');
  }, 30_000);
});
