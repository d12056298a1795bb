import { signRequest } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { expectBadSignature, signedWith, type TenantWithSecret, tenantWithSecret } from './chat-secrets.test-kit.js';

/** Bad input to the secrets routes, and tenant-signed requests that name no tenant: 4xx, never 500. */
describe('Text Chat API secrets: bad input', () => {
  let h: GatewayHarness;
  let t: TenantWithSecret;

  beforeAll(async () => {
    h = await startGatewayHarness();
    t = await tenantWithSecret(h);
  });
  afterAll(async () => h?.stop());

  it('refuses a body with fields, a body that is not JSON, and an unknown or overlong secret id', async () => {
    expectError(await h.withKey(t.owner, 'POST', '/api/chat-secrets', { name: 'backend' }), 400, 'invalid');
    expectError(
      await h.inject({
        method: 'POST',
        url: '/api/chat-secrets',
        headers: { authorization: `Bearer ${t.owner}`, 'content-type': 'application/json' },
        payload: '{',
      }),
      400,
      'invalid',
      /not valid JSON/,
    );
    // `null` and `{}` are no settings, as no body is.
    expect((await h.withKey(t.owner, 'POST', '/api/chat-secrets', null)).status).toBe(201);
    expect((await h.withKey(t.owner, 'POST', '/api/chat-secrets', {})).status).toBe(201);
    expectError(await h.withKey(t.owner, 'DELETE', '/api/chat-secrets/chs_nosuchsecret'), 404, 'not_found', /secret not found/);
    expectError(await h.withKey(t.owner, 'DELETE', `/api/chat-secrets/${'x'.repeat(101)}`), 400, 'invalid');
    expect((await h.withKey(t.owner, 'GET', '/api/chat-secrets')).body.secrets).toHaveLength(3);
  });

  it('needs X-Tenant-Id from the admin key, and a tenant that exists', async () => {
    expectError(await h.admin('POST', '/api/chat-secrets'), 400, 'invalid', /X-Tenant-Id/);
    expectError(await h.admin('GET', '/api/chat-secrets'), 400, 'invalid', /X-Tenant-Id/);
    expectError(await h.admin('GET', '/api/chat-secrets', undefined, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectError(await h.withKey('prl_not-a-key', 'GET', '/api/chat-secrets'), 401, 'unauthorized');
  });

  it('refuses a tenant-signed request that names no tenant as a wrong signature, whatever its shape', async () => {
    const raw = (body: string) => ({
      method: 'POST',
      url: '/api/chat/sessions',
      headers: { 'content-type': 'application/json', ...signRequest(t.secret, 'POST', '/api/chat/sessions', body, Date.now(), { fractional: true }) },
      payload: body,
    });
    expectBadSignature(await h.inject(raw('{')));
    expectBadSignature(await h.inject(raw('[]')));
    expectBadSignature(await h.inject(raw(JSON.stringify({ tenant_id: 'not-a-uuid', agent_id: t.agentId }))));
    expectBadSignature(await h.inject(raw(JSON.stringify({ agent_id: t.agentId }))));
    expectBadSignature(await signedWith(h, t.secret, 'GET', '/api/chat/sessions/not-a-session-id'));
    expectBadSignature(await signedWith(h, t.secret, 'GET', `/api/chat/users/u/conversations?tenant_id=${'x'.repeat(36)}`));
    // Signed for its tenant, the rest of the request is checked as usual: 400, not a signature refusal.
    expectError(await signedWith(h, t.secret, 'POST', '/api/chat/sessions', { tenant_id: t.tenantId, agent_id: t.agentId, extra: 1 }), 400, 'invalid');
    expectError(
      await signedWith(h, t.secret, 'POST', '/api/chat/sessions', { tenant_id: t.tenantId.toUpperCase(), agent_id: '00000000-0000-4000-8000-000000000000' }),
      404,
      'not_found',
    );
    expectError(await signedWith(h, t.secret, 'GET', `/api/chat/users/u/conversations?tenant_id=${t.tenantId}&limit=0`), 400, 'invalid');
  });
});
