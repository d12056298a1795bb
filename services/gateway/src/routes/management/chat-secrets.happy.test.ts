import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { expectBadSignature, signedRequest, signedWith, tenantWithSecret } from './chat-secrets.test-kit.js';

/** A tenant's own Text Chat API secrets: made, listed without the secret, signing that tenant's requests, rotated, deleted. */
describe('Text Chat API secrets', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('makes a secret shown once that signs its tenant’s sessions, messages, reads, escalations and user conversations', async () => {
    const agent = await h.seedAgent();
    const owner = (await h.admin('POST', `/api/tenants/${agent.tenantId}/keys`)).body.key as string;
    const created = await h.withKey(owner, 'POST', '/api/chat-secrets');
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({
      secret_id: expect.stringMatching(/^chs_/),
      secret: expect.stringMatching(/^chsec_[A-Za-z0-9_-]{43}$/),
      created_at: expect.any(String),
    });
    const { secret, secret_id: secretId } = created.body;

    const session = await signedWith(h, secret, 'POST', '/api/chat/sessions', {
      tenant_id: agent.tenantId,
      agent_id: agent.agentId,
      metadata: { user_id: 'rider-7' },
    });
    expect(session.status, session.text).toBe(201);
    expect(session.body.initial_message).toBe('Say something.');
    const path = `/api/chat/sessions/${session.body.session_id}`;
    const sent = await signedWith(h, secret, 'POST', `${path}/messages`, { content: 'hello' });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.response).toBe('Noted.');
    const status = await signedWith(h, secret, 'GET', path);
    expect(status.status, status.text).toBe(200);
    expect(status.body).toMatchObject({ session_id: session.body.session_id, turns: 1, status: 'active' });
    expect((await signedWith(h, secret, 'GET', `${path}/escalations`)).status).toBe(200);
    const listed = await signedWith(h, secret, 'GET', `/api/chat/users/rider-7/conversations?tenant_id=${agent.tenantId}`);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.conversations.map((c: { session_id: string }) => c.session_id)).toEqual([session.body.session_id]);
    const ended = await signedWith(h, secret, 'DELETE', path);
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body.success).toBe(true);

    // Listed without the secret; its last use is recorded.
    const secrets = await waitFor(async () => {
      const list = await h.withKey(owner, 'GET', '/api/chat-secrets');
      return list.body.secrets?.[0]?.last_used_at ? list : false;
    });
    expect(secrets.status).toBe(200);
    expect(secrets.text).not.toContain(secret);
    expect(secrets.body).toEqual({ secrets: [{ secret_id: secretId, created_at: created.body.created_at, last_used_at: expect.any(String) }] });

    // The audit log names the secret by its id, never the secret.
    const entries = await waitFor(async () => {
      const audit = await h.withKey(owner, 'GET', '/api/audit?action=chat_secret.create');
      return audit.body.entries?.length === 1 ? audit : false;
    });
    expect(entries.body.entries[0]).toMatchObject({ action: 'chat_secret.create', target: { kind: 'chat_secret', id: secretId } });
    expect(entries.text).not.toContain(secret);
  });

  it('keeps two secrets live at once, so a backend rotates without downtime; the old one is refused once deleted, on every gateway', async () => {
    const tenant = await tenantWithSecret(h);
    const other = await h.startGateway();
    const create = (secret: string) => signedWith(h, secret, 'POST', '/api/chat/sessions', { tenant_id: tenant.tenantId, agent_id: tenant.agentId });
    const createOnOther = async (secret: string) =>
      (await other.inject(signedRequest(secret, 'POST', '/api/chat/sessions', { tenant_id: tenant.tenantId, agent_id: tenant.agentId }))).statusCode;
    // Both gateways have the tenant's one secret cached.
    expect((await create(tenant.secret)).status).toBe(201);
    expect(await createOnOther(tenant.secret)).toBe(201);

    const next = await h.withKey(tenant.owner, 'POST', '/api/chat-secrets');
    expect(next.status).toBe(201);
    // The new secret signs at once on both, the old one still does.
    for (const secret of [tenant.secret, next.body.secret]) {
      expect((await create(secret)).status).toBe(201);
      expect(await createOnOther(secret)).toBe(201);
    }
    const both = await h.withKey(tenant.owner, 'GET', '/api/chat-secrets');
    expect(both.body.secrets.map((s: { secret_id: string }) => s.secret_id)).toEqual([tenant.secretId, next.body.secret_id]);

    expect((await h.withKey(tenant.owner, 'DELETE', `/api/chat-secrets/${tenant.secretId}`)).status).toBe(204);
    expectBadSignature(await create(tenant.secret));
    expect(await createOnOther(tenant.secret)).toBe(401);
    expect((await create(next.body.secret)).status).toBe(201);
    expect(await createOnOther(next.body.secret)).toBe(201);
    const after = await h.withKey(tenant.owner, 'GET', '/api/chat-secrets');
    expect(after.body.secrets.map((s: { secret_id: string }) => s.secret_id)).toEqual([next.body.secret_id]);
    // Deleted means gone: a second DELETE finds nothing.
    expect((await h.withKey(tenant.owner, 'DELETE', `/api/chat-secrets/${tenant.secretId}`)).status).toBe(404);
  });

  it('leaves CHAT_API_SECRET signing for every tenant, tenant secrets or not', async () => {
    const withSecret = await tenantWithSecret(h);
    const without = await h.seedAgent();
    for (const agent of [withSecret, without]) {
      const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
      expect(created.status, created.text).toBe(201);
      expect((await h.signed('POST', `/api/chat/sessions/${created.body.session_id}/messages`, { content: 'hi' })).status).toBe(200);
    }
    // A session made with the tenant's secret is the platform's to read as well.
    const made = await signedWith(h, withSecret.secret, 'POST', '/api/chat/sessions', { tenant_id: withSecret.tenantId, agent_id: withSecret.agentId });
    expect((await h.signed('GET', `/api/chat/sessions/${made.body.session_id}`)).status).toBe(200);
  });

  it('accepts a tenant-signed message once, and again as it was after an error', async () => {
    const tenant = await tenantWithSecret(h);
    const session = await signedWith(h, tenant.secret, 'POST', '/api/chat/sessions', { tenant_id: tenant.tenantId, agent_id: tenant.agentId });
    const path = `/api/chat/sessions/${session.body.session_id}`;
    const message = signedRequest(tenant.secret, 'POST', `${path}/messages`, { content: 'once' });
    expect((await h.inject(message)).status).toBe(200);
    const replayed = await h.inject(message);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.details.reason).toBe('replayed');

    expect((await signedWith(h, tenant.secret, 'DELETE', path)).status).toBe(200);
    const late = signedRequest(tenant.secret, 'POST', `${path}/messages`, { content: 'too late' });
    expect((await h.inject(late)).status).toBe(410);
    // An error had no effect: the same signed request is taken again (and refused for its own reason).
    expect((await h.inject(late)).status).toBe(410);
  });

  it('keeps the secret sealed in the database, never in clear', async () => {
    const tenant = await tenantWithSecret(h);
    const rows = await h.ctx.db.selectFrom('chat_api_secrets').selectAll().where('tenant_id', '=', tenant.tenantId).execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.id).toBe(tenant.secretId);
    const stored = [JSON.stringify(row), ...(['utf8', 'hex', 'base64', 'base64url', 'latin1'] as const).map((encoding) => row.sealed.toString(encoding))];
    const random = tenant.secret.slice('chsec_'.length);
    for (const text of stored) {
      expect(text).not.toContain(tenant.secret);
      expect(text).not.toContain(random);
    }
    // And yet it signs: what is stored is the secret, sealed.
    expect((await signedWith(h, tenant.secret, 'POST', '/api/chat/sessions', { tenant_id: tenant.tenantId, agent_id: tenant.agentId })).status).toBe(201);
  });

  it('keeps at most 5 live at once: the 6th is a conflict saying what to do, and deleting one makes room', async () => {
    const tenant = await tenantWithSecret(h);
    for (let i = 0; i < 4; i++) expect((await h.withKey(tenant.owner, 'POST', '/api/chat-secrets')).status).toBe(201);
    const sixth = await h.withKey(tenant.owner, 'POST', '/api/chat-secrets');
    expect(sixth.status, sixth.text).toBe(409);
    expect(sixth.body.error).toMatchObject({ code: 'conflict', details: { reason: 'too_many_secrets', max: 5 } });
    expect(sixth.body.error.message).toMatch(/at most 5 .*delete one/i);
    // Made at once, they still stop at 5.
    expect((await h.withKey(tenant.owner, 'DELETE', `/api/chat-secrets/${tenant.secretId}`)).status).toBe(204);
    const burst = await Promise.all([1, 2, 3].map(() => h.withKey(tenant.owner, 'POST', '/api/chat-secrets')));
    expect(burst.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await h.withKey(tenant.owner, 'GET', '/api/chat-secrets')).body.secrets).toHaveLength(5);
  });

  it('is managed by the admin key for the tenant X-Tenant-Id names', async () => {
    const agent = await h.seedAgent();
    const created = await h.admin('POST', '/api/chat-secrets', undefined, agent.tenantId);
    expect(created.status, created.text).toBe(201);
    expect((await h.admin('GET', '/api/chat-secrets', undefined, agent.tenantId)).body.secrets).toHaveLength(1);
    expect((await signedWith(h, created.body.secret, 'POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId })).status).toBe(201);
    expect((await h.admin('DELETE', `/api/chat-secrets/${created.body.secret_id}`, undefined, agent.tenantId)).status).toBe(204);
    expect((await h.admin('GET', '/api/chat-secrets', undefined, agent.tenantId)).body).toEqual({ secrets: [] });
  });
});
