import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from '../../../../test/gateway-harness.js';

const staticAgent = (text: string) => ({
  workflow: { initial_node: 'hello', nodes: [{ id: 'hello', name: 'Hello', static_text: text }] },
});

/** The headers every answer carries, whatever its status (helmet, strict CSP for JSON). */
function expectSecurityHeaders(response: InjectResult, what: string): void {
  const csp = String(response.headers['content-security-policy'] ?? '');
  expect(csp, what).toContain("default-src 'none'");
  expect(response.headers['x-content-type-options'], what).toBe('nosniff');
  expect(response.headers['strict-transport-security'], what).toMatch(/max-age=\d+/);
  expect(response.headers['x-frame-options'], what).toMatch(/^(DENY|SAMEORIGIN)$/);
  expect(response.headers['referrer-policy'], what).toBe('no-referrer');
}

describe('Management API: keys, tenants and who may see what', () => {
  let h: GatewayHarness;
  let a: { tenantId: string; key: string };
  let b: { tenantId: string; key: string };
  let agentId: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    a = await h.seedTenant('Tenant A');
    b = await h.seedTenant('Tenant B');
    const created = await h.withKey(a.key, 'POST', '/api/agents', { name: 'support', config: staticAgent('Hello from A.') });
    expect(created.status).toBe(201);
    agentId = created.body.id;
  });
  afterAll(async () => h?.stop());

  it('missing, unknown and malformed bearer keys: 401, and nothing is created', async () => {
    expectError(await h.inject({ method: 'GET', url: '/api/agents' }), 401, 'unauthorized');
    expectError(
      await h.inject({ method: 'POST', url: '/api/tenants', headers: { 'content-type': 'application/json' }, payload: '{"name":"x"}' }),
      401,
      'unauthorized',
    );
    expectError(await h.withKey('prl_not-a-key-anyone-was-given', 'GET', '/api/agents'), 401, 'unauthorized', /unknown API key/);
    expectError(await h.withKey('prl_not-a-key-anyone-was-given', 'POST', '/api/tenants', { name: 'x' }), 401, 'unauthorized');
    for (const authorization of [
      `Basic ${Buffer.from(`admin:${ADMIN_KEY}`).toString('base64')}`,
      'Bearer',
      'Bearer ',
      ADMIN_KEY,
      `Bearer ${ADMIN_KEY} extra`,
    ]) {
      expectError(await h.inject({ method: 'GET', url: '/api/agents', headers: { authorization } }), 401, 'unauthorized');
    }
    expect(await h.ctx.db.selectFrom('tenants').select('name').where('name', '=', 'x').execute()).toEqual([]);
  });

  it("another tenant's key gets 404 for its agents and never their data", async () => {
    const attempts = [
      await h.withKey(b.key, 'GET', '/api/agents/support'),
      await h.withKey(b.key, 'POST', '/api/agents/support/versions', { config: staticAgent('hijacked') }),
      await h.withKey(b.key, 'PUT', '/api/agents/support/active-version', { version: 1 }),
    ];
    for (const attempt of attempts) {
      expectError(attempt, 404, 'not_found');
      expect(attempt.text).not.toContain('Hello from A.');
      expect(attempt.text).not.toContain(agentId);
    }
    const list = await h.withKey(b.key, 'GET', '/api/agents');
    expect(list.status).toBe(200);
    expect(list.body.agents).toEqual([]);
    const versions = await h.ctx.db.selectFrom('agent_versions').select('version').where('agent_id', '=', agentId).execute();
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('X-Tenant-Id does not let a tenant key act on another tenant', async () => {
    expectError(await h.withKey(b.key, 'GET', '/api/agents/support', undefined, a.tenantId), 404, 'not_found');
    const list = await h.withKey(b.key, 'GET', '/api/agents', undefined, a.tenantId);
    expect(list.status).toBe(200);
    expect(list.body.agents).toEqual([]);
  });

  it('a tenant key cannot create tenants (403) nor mint keys for another tenant (404)', async () => {
    expectError(await h.withKey(a.key, 'POST', '/api/tenants', { name: 'Sneaky' }), 403, 'forbidden');
    expectError(await h.withKey(a.key, 'POST', `/api/tenants/${b.tenantId}/keys`), 404, 'not_found');
    expect(await h.ctx.db.selectFrom('tenants').select('id').where('name', '=', 'Sneaky').execute()).toEqual([]);
    const keysOfB = await h.ctx.db.selectFrom('tenant_api_keys').select('id').where('tenant_id', '=', b.tenantId).execute();
    expect(keysOfB).toHaveLength(1);
  });

  it('security headers on every answer: JSON, errors and the 404', async () => {
    const answers: Array<[string, InjectResult]> = [
      ['201', await h.admin('POST', '/api/tenants', { name: 'Headers' })],
      ['200', await h.withKey(a.key, 'GET', '/api/agents')],
      ['400', await h.admin('POST', '/api/tenants', { name: '' })],
      ['401', await h.inject({ method: 'GET', url: '/api/agents' })],
      ['403', await h.withKey(a.key, 'POST', '/api/tenants', { name: 'Sneaky' })],
      ['404 of a route', await h.withKey(a.key, 'GET', '/api/agents/nobody')],
      ['404 of no route', await h.inject({ method: 'GET', url: '/no/such/route' })],
      [
        'malformed JSON',
        await h.inject({
          method: 'POST',
          url: '/api/tenants',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          payload: '{',
        }),
      ],
    ];
    expect(answers.map(([what, response]) => [what, response.status])).toEqual([
      ['201', 201],
      ['200', 200],
      ['400', 400],
      ['401', 401],
      ['403', 403],
      ['404 of a route', 404],
      ['404 of no route', 404],
      ['malformed JSON', 400],
    ]);
    for (const [what, response] of answers) expectSecurityHeaders(response, what);
  });
});

describe('Management API: rate limits per client address, kept in Redis', () => {
  let h: GatewayHarness;

  beforeEach(async () => {
    h = await startGatewayHarness({ managementRateLimitPerMinute: 5, notFoundRateLimitPerMinute: 3 });
  });
  afterEach(async () => h?.stop());

  const counterKeys = async () => (await h.redis.keys(`${h.ctx.redisPrefix}*`)).filter((key) => key.includes('ratelimit'));

  it('the 6th management call in a minute is 429 with Retry-After; it has no effect', async () => {
    for (let i = 1; i <= 5; i++) expect((await h.admin('POST', '/api/tenants', { name: `Limited ${i}` })).status).toBe(201);
    const limited = await h.admin('POST', '/api/tenants', { name: 'Limited 6' });
    expectError(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expectSecurityHeaders(limited, '429');
    expect(await h.ctx.db.selectFrom('tenants').select('name').where('name', 'like', 'Limited %').execute()).toHaveLength(5);
    expect(await counterKeys()).not.toEqual([]);
  });

  it('the budget is per client address across the management routes, not per route', async () => {
    const { tenantId, key } = await h.seedTenant('Budget');
    // Two calls spent above; three more on other routes use up the five.
    expect((await h.withKey(key, 'GET', '/api/agents')).status).toBe(200);
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'one', config: staticAgent('x') })).status).toBe(201);
    expect((await h.withKey(key, 'GET', '/api/agents/one')).status).toBe(200);
    expectError(await h.withKey(key, 'POST', '/api/agents/one/versions', { config: staticAgent('y') }), 429, 'rate_limited');
    expectError(await h.admin('PUT', '/api/agents/one/active-version', { version: 1 }, tenantId), 429, 'rate_limited');
    const versions = await h.ctx.db.selectFrom('agent_versions').select('version').execute();
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('guessing keys counts: after 5 refused keys even the right key waits', async () => {
    for (let i = 1; i <= 5; i++) expectError(await h.withKey(`prl_guess-number-${i}-of-many`, 'GET', '/api/agents'), 401, 'unauthorized');
    expectError(await h.withKey('prl_guess-number-6-of-many', 'GET', '/api/agents'), 429, 'rate_limited');
    expectError(await h.admin('GET', '/api/agents'), 429, 'rate_limited');
  });

  it('the 4th request to an unknown route is 429 in the error shape', async () => {
    for (let i = 1; i <= 3; i++) expectError(await h.inject({ method: 'GET', url: `/probe/${i}` }), 404, 'not_found');
    const limited = await h.inject({ method: 'GET', url: '/probe/4' });
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expectSecurityHeaders(limited, '429 of no route');
    expect(await counterKeys()).not.toEqual([]);
    // Probing does not use up the management budget.
    expect((await h.admin('POST', '/api/tenants', { name: 'Still allowed' })).status).toBe(201);
  });
});
