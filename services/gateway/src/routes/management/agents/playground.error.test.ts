import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe('the playground refuses what it cannot do', () => {
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };
  let sessionPath: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    tenant = await h.seedTenant('Shop');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'echo', config: echoAgent })).status).toBe(201);
    const started = await h.withKey(tenant.key, 'POST', '/api/agents/echo/playground/sessions', {});
    sessionPath = `/api/agents/echo/playground/sessions/${started.body.session_id}/messages`;
  });
  afterAll(async () => h?.stop());

  it('unknown agents, versions and sessions: 404', async () => {
    expectError(await h.withKey(tenant.key, 'POST', '/api/agents/nobody/playground/sessions', {}), 404, 'not_found');
    expectError(await h.withKey(tenant.key, 'POST', '/api/agents/echo/playground/sessions', { version: 7 }), 404, 'not_found');
    for (const id of ['text_unknownunknownunknown', 'x', 'text_', '%E2%9C%93']) {
      expectError(await h.withKey(tenant.key, 'POST', `/api/agents/echo/playground/sessions/${id}/messages`, { content: 'hi' }), 404, 'not_found');
    }
  });

  it('bad bodies: 400 naming the field; an ended session: 410', async () => {
    for (const body of [{ version: 0 }, { version: 2_147_483_648 }, { version: '1' }, { extra: true }]) {
      const refused = await h.withKey(tenant.key, 'POST', '/api/agents/echo/playground/sessions', body);
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details.length).toBeGreaterThan(0);
    }
    for (const body of [{}, { content: '' }, { content: 'x'.repeat(10_001) }, { content: 'a\u0000b' }, { content: 'hi', session: 'x' }]) {
      expectError(await h.withKey(tenant.key, 'POST', sessionPath, body), 400, 'invalid');
    }
    expect((await h.withKey(tenant.key, 'POST', sessionPath, { content: 'stop' })).body).toMatchObject({ session_ended: true });
    expectError(await h.withKey(tenant.key, 'POST', sessionPath, { content: 'hello?' }), 410, 'gone');
  });

  it('the admin key without X-Tenant-Id: 400 naming the header', async () => {
    const refused = await h.admin('POST', '/api/agents/echo/playground/sessions', {});
    expectError(refused, 400, 'invalid');
    expect(refused.body.error.details).toEqual([{ path: 'X-Tenant-Id', message: 'required' }]);
  });
});
