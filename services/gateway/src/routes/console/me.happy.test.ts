import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

/** GET /api/me: who the caller is, for a console to show and to offer only what the role allows. */
describe('GET /api/me', () => {
  let h: GatewayHarness;
  let tenantId: string;
  let owner: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    ({ tenantId, key: owner } = await h.seedTenant('me'));
  });
  afterAll(async () => h?.stop());

  it('names a tenant key by its id and name, with its role and tenant', async () => {
    const viewer = await h.withKey(owner, 'POST', '/api/keys', { name: 'Dashboard', role: 'viewer' });
    const me = await h.withKey(viewer.body.key, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      actor: { kind: 'key', id: viewer.body.key_id, name: 'Dashboard' },
      role: 'viewer',
      tenant_id: tenantId,
      email: null,
      csrf_token: null,
    });
  });

  it('names the admin key, with the tenant X-Tenant-Id names or none', async () => {
    expect((await h.admin('GET', '/api/me')).body).toEqual({
      actor: { kind: 'admin', id: null, name: 'Platform admin' },
      role: 'owner',
      tenant_id: null,
      email: null,
      csrf_token: null,
    });
    expect((await h.admin('GET', '/api/me', undefined, tenantId)).body.tenant_id).toBe(tenantId);
  });

  it('refuses a caller without a key or with an unknown one', async () => {
    expect((await h.inject({ method: 'GET', url: '/api/me' })).status).toBe(401);
    expect((await h.withKey('prl_not-a-key', 'GET', '/api/me')).status).toBe(401);
  });
});
