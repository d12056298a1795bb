import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { sessionFor, withSession } from './members.test-kit.js';

/** Console sessions: the CSRF token on every change, and a member removed or changed is so at once on every gateway. */
describe('console sessions', () => {
  let h: GatewayHarness;
  let tenantId: string;
  let owner: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    ({ tenantId, key: owner } = await h.seedTenant('sessions'));
  });
  afterAll(async () => h?.stop());

  const member = async (email: string, role: string) => {
    const made = await h.withKey(owner, 'POST', '/api/members', { email, name: email.split('@')[0], role });
    expect(made.status).toBe(201);
    const cookie = await sessionFor(h, { tenantId, memberId: made.body.member_id, email });
    return { id: made.body.member_id as string, cookie };
  };

  it('refuses a change without the CSRF token or with another session’s, and takes it with its own', async () => {
    const { cookie } = await member('csrf@example.com', 'owner');
    const { cookie: otherCookie } = await member('csrf2@example.com', 'owner');
    const csrf = (await withSession(h, cookie, 'GET', '/api/me')).body.csrf_token as string;
    const otherCsrf = (await withSession(h, otherCookie, 'GET', '/api/me')).body.csrf_token as string;
    expect(csrf).not.toBe(otherCsrf);
    const body = { name: 'Made by a member', role: 'viewer' };
    for (const token of [undefined, '', otherCsrf, `${csrf}x`]) {
      const refused = await withSession(h, cookie, 'POST', '/api/keys', { body, ...(token === undefined ? {} : { csrf: token }) });
      expectError(refused, 403, 'forbidden');
      expect(refused.body.error.details).toEqual({ reason: 'csrf' });
    }
    expectError(await withSession(h, cookie, 'DELETE', '/api/members/mem_x'), 403, 'forbidden');
    expect((await h.withKey(owner, 'GET', '/api/keys')).body.keys.map((k: { name: string }) => k.name)).not.toContain(body.name);
    const made = await withSession(h, cookie, 'POST', '/api/keys', { body, csrf });
    expect(made.status, made.text).toBe(201);
  });

  it('refuses an unknown session cookie with 401', async () => {
    const answer = await withSession(h, 'not-a-session', 'GET', '/api/me');
    expectError(answer, 401, 'unauthorized', /console session/);
  });

  it('ends a removed member’s session at once, on this gateway and on another', async () => {
    const other = await h.startGateway();
    const { id, cookie } = await member('leaving@example.com', 'editor');
    // Both gateways have the session in their caches.
    expect((await withSession(h, cookie, 'GET', '/api/agents')).status).toBe(200);
    expect((await withSession(h, cookie, 'GET', '/api/agents', { app: other })).status).toBe(200);
    expect((await h.withKey(owner, 'DELETE', `/api/members/${id}`)).status).toBe(204);
    expectError(await withSession(h, cookie, 'GET', '/api/agents'), 401, 'unauthorized');
    expectError(await withSession(h, cookie, 'GET', '/api/agents', { app: other }), 401, 'unauthorized');
  });

  it('applies a lowered role at once, on every gateway', async () => {
    const other = await h.startGateway();
    const { id, cookie } = await member('lowered@example.com', 'editor');
    expect((await withSession(h, cookie, 'GET', '/api/agents/x/public-links/y/sessions', { app: other })).status).toBe(404);
    expect((await h.withKey(owner, 'PUT', `/api/members/${id}`, { role: 'viewer' })).status).toBe(200);
    const refused = await withSession(h, cookie, 'GET', '/api/agents/x/public-links/y/sessions', { app: other });
    expectError(refused, 403, 'forbidden');
    expect(refused.body.error.details).toEqual({ required_role: 'editor', role: 'viewer' });
    expect((await withSession(h, cookie, 'GET', '/api/me')).body.role).toBe('viewer');
  });

  it('keeps a member to their own tenant', async () => {
    const { cookie } = await member('mine@example.com', 'owner');
    const { tenantId: otherTenant } = await h.seedTenant('sessions-other');
    // X-Tenant-Id changes nothing for a member; another tenant is not found.
    const me = await withSession(h, cookie, 'GET', '/api/me', { headers: { 'x-tenant-id': otherTenant } });
    expect(me.body.tenant_id).toBe(tenantId);
    const csrf = me.body.csrf_token as string;
    expectError(await withSession(h, cookie, 'PUT', `/api/tenants/${otherTenant}`, { body: { name: 'Taken over' }, csrf }), 404, 'not_found');
    const tenants = await withSession(h, cookie, 'GET', '/api/tenants');
    expect(tenants.body).toMatchObject({ scope: 'tenant', tenants: [{ id: tenantId }] });
  });
});
