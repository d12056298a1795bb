import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

/** A tenant's own keys: made with a role and expiry, listed without the key, revoked at once. */
describe('API keys', () => {
  let h: GatewayHarness;
  let tenantId: string;
  let owner: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    ({ tenantId, key: owner } = await h.seedTenant('keys'));
  });
  afterAll(async () => h?.stop());

  it('creates a key shown once, lists keys without it, and refuses it once revoked', async () => {
    const created = await h.withKey(owner, 'POST', '/api/keys', { name: 'Reporting', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      key_id: expect.stringMatching(/^key_/),
      key: expect.stringMatching(/^prl_/),
      name: 'Reporting',
      role: 'viewer',
      expires_at: null,
    });
    const viewer = created.body.key as string;
    expect((await h.withKey(viewer, 'GET', '/api/agents')).status).toBe(200);

    // The key's use is recorded on the side (the request does not wait for it): listed once it is.
    const lastUsed = async () =>
      (await h.withKey(owner, 'GET', '/api/keys')).body.keys.find((key: { key_id: string }) => key.key_id === created.body.key_id)?.last_used_at;
    await waitFor(async () => (await lastUsed()) !== null, { timeoutMs: 5_000 });
    const listed = await h.withKey(owner, 'GET', '/api/keys');
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(viewer);
    const entry = listed.body.keys.find((key: { key_id: string }) => key.key_id === created.body.key_id);
    expect(entry).toEqual({
      key_id: created.body.key_id,
      name: 'Reporting',
      role: 'viewer',
      created_at: expect.any(String),
      last_used_at: expect.any(String),
      expires_at: null,
      revoked_at: null,
    });
    // The seeded key, made before by the admin, is an owner key.
    expect(listed.body.keys[0].role).toBe('owner');

    expect((await h.withKey(owner, 'DELETE', `/api/keys/${created.body.key_id}`)).status).toBe(204);
    const refused = await h.withKey(viewer, 'GET', '/api/agents');
    expect(refused.status).toBe(401);
    // Another gateway in front of the same services refuses it too.
    const other = await h.startGateway();
    expect((await other.inject({ method: 'GET', url: '/api/agents', headers: { authorization: `Bearer ${viewer}` } })).statusCode).toBe(401);
    const after = (await h.withKey(owner, 'GET', '/api/keys')).body.keys.find((key: { key_id: string }) => key.key_id === created.body.key_id);
    expect(after.revoked_at).toEqual(expect.any(String));

    // The audit log names the key that did it (written from the change's event, so within moments).
    const entries = await waitFor(async () => {
      const listed = (await h.withKey(owner, 'GET', '/api/audit?action=key.revoke')).body.entries;
      return listed.length > 0 ? listed : false;
    });
    expect(entries[0]).toMatchObject({ action: 'key.revoke', target: { kind: 'key', id: created.body.key_id }, actor: { kind: 'key', name: 'Support' } });
  });

  it('refuses an expired key', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const created = await h.withKey(owner, 'POST', '/api/keys', { name: 'Short-lived', role: 'editor', expires_at: expiresAt });
    expect(created.status).toBe(201);
    expect(created.body.expires_at).toBe(expiresAt);
    expect((await h.withKey(created.body.key, 'GET', '/api/agents')).status).toBe(200);
    // Refused once its own expiry passes (the database's clock decides it), not only once the
    // gateway's cache of resolved keys (5 s) would let it go: that would be past this deadline.
    await waitFor(async () => (await h.withKey(created.body.key, 'GET', '/api/agents')).status === 401, { timeoutMs: 3_000, intervalMs: 100 });
  });

  it('refuses a bad role, an expiry in the past, a role above the caller’s own and another tenant’s key', async () => {
    const badRole = await h.withKey(owner, 'POST', '/api/keys', { name: 'x', role: 'root' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.details[0].path).toBe('body.role');
    const past = await h.withKey(owner, 'POST', '/api/keys', { name: 'x', role: 'viewer', expires_at: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].path).toBe('body.expires_at');
    expect((await h.withKey(owner, 'POST', '/api/keys', { role: 'viewer' })).status).toBe(400);

    const editor = (await h.withKey(owner, 'POST', '/api/keys', { name: 'Editor', role: 'editor' })).body.key as string;
    const above = await h.withKey(editor, 'POST', '/api/keys', { name: 'x', role: 'owner' });
    expect(above.status).toBe(403);
    expect(above.body.error.details.required_role).toBe('owner');
    expect((await h.withKey(editor, 'POST', `/api/tenants/${tenantId}/keys`, { role: 'owner' })).status).toBe(403);
    expect((await h.withKey(editor, 'GET', '/api/keys')).status).toBe(403);

    const other = await h.seedTenant('keys elsewhere');
    const theirs = (await h.withKey(other.key, 'GET', '/api/keys')).body.keys[0].key_id as string;
    const foreign = await h.withKey(owner, 'DELETE', `/api/keys/${theirs}`);
    expect(foreign.status).toBe(404);
    expect((await h.withKey(other.key, 'GET', '/api/agents')).status).toBe(200);
    expect((await h.withKey(owner, 'DELETE', '/api/keys/key_nothing')).status).toBe(404);

    // The admin key makes an owner key unless the role says otherwise.
    const made = await h.admin('POST', `/api/tenants/${tenantId}/keys`, { name: 'Desk', role: 'operator' });
    expect(made.body).toMatchObject({ role: 'operator', expires_at: null });
    expect((await h.admin('POST', `/api/tenants/${tenantId}/keys`)).body.role).toBe('owner');
    // And the admin key may use the tenant's key routes as an owner.
    expect((await h.admin('GET', '/api/keys', undefined, tenantId)).status).toBe(200);
  });
});
