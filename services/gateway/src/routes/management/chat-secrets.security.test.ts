import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, type InjectResult, startGatewayHarness } from '../../../test/gateway-harness.js';
import { expectBadSignature, signedWith, type TenantWithSecret, tenantWithSecret } from './chat-secrets.test-kit.js';

/** A session id of the right shape that no session has. */
const NO_SESSION = 'text_AAAAAAAAAAAAAAAAAAAAAA';

/** A refusal as a client sees it: everything but its request id. */
const refusal = (response: InjectResult) => ({
  status: response.status,
  code: response.body.error?.code,
  message: response.body.error?.message,
  details: response.body.error?.details,
});

/** A tenant's secret signs that tenant's requests only: another tenant's are refused as a wrong signature. */
describe('Text Chat API secrets: tenant isolation', () => {
  let h: GatewayHarness;
  let a: TenantWithSecret;
  let b: TenantWithSecret;
  /** A session of tenant B, with a user id tenant A's backend uses too. */
  let bSession: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    a = await tenantWithSecret(h);
    b = await tenantWithSecret(h);
    const created = await signedWith(h, b.secret, 'POST', '/api/chat/sessions', {
      tenant_id: b.tenantId,
      agent_id: b.agentId,
      metadata: { user_id: 'shared' },
    });
    expect(created.status, created.text).toBe(201);
    bSession = created.body.session_id;
  });
  afterAll(async () => h?.stop());

  it('does not create a session in another tenant', async () => {
    expectBadSignature(await signedWith(h, a.secret, 'POST', '/api/chat/sessions', { tenant_id: b.tenantId, agent_id: b.agentId }));
    // Its own tenant with another tenant's agent: signed, but the agent is not found there.
    expect((await signedWith(h, a.secret, 'POST', '/api/chat/sessions', { tenant_id: a.tenantId, agent_id: b.agentId })).status).toBe(404);
  });

  it('does not reach another tenant’s session: refused exactly as a session that does not exist', async () => {
    const routes: Array<[string, (session: string) => string, unknown]> = [
      ['POST', (s) => `/api/chat/sessions/${s}/messages`, { content: 'let me in' }],
      ['GET', (s) => `/api/chat/sessions/${s}`, undefined],
      ['GET', (s) => `/api/chat/sessions/${s}/escalations`, undefined],
      ['POST', (s) => `/api/chat/sessions/${s}/escalate`, { reason: 'let me in' }],
      ['DELETE', (s) => `/api/chat/sessions/${s}`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const others = await signedWith(h, a.secret, method, path(bSession), body);
      const nobodys = await signedWith(h, a.secret, method, path(NO_SESSION), body);
      expectBadSignature(others);
      expect(refusal(others), `${method} ${path('…')}`).toEqual(refusal(nobodys));
    }
    // Tenant B's session is untouched: no message, no escalation, not ended.
    const status = await signedWith(h, b.secret, 'GET', `/api/chat/sessions/${bSession}`);
    expect(status.body).toMatchObject({ status: 'active', turns: 0 });
    expect((await signedWith(h, b.secret, 'GET', `/api/chat/sessions/${bSession}/escalations`)).body.escalations).toEqual([]);
    // The platform's secret still tells an unknown session from a known one, as before.
    expect((await h.signed('GET', `/api/chat/sessions/${NO_SESSION}`)).status).toBe(404);
  });

  it('lists a user’s conversations of its own tenant only, which it must name', async () => {
    const mine = await signedWith(h, a.secret, 'POST', '/api/chat/sessions', { tenant_id: a.tenantId, agent_id: a.agentId, metadata: { user_id: 'shared' } });
    const own = await signedWith(h, a.secret, 'GET', `/api/chat/users/shared/conversations?tenant_id=${a.tenantId}`);
    expect(own.status, own.text).toBe(200);
    expect(own.body.conversations.map((c: { session_id: string }) => c.session_id)).toEqual([mine.body.session_id]);
    expectBadSignature(await signedWith(h, a.secret, 'GET', `/api/chat/users/shared/conversations?tenant_id=${b.tenantId}`));
    // Without tenant_id the list spans every tenant: the platform's secret only.
    expectBadSignature(await signedWith(h, a.secret, 'GET', '/api/chat/users/shared/conversations'));
    const everyTenant = await h.signed('GET', '/api/chat/users/shared/conversations');
    expect(everyTenant.body.conversations.map((c: { session_id: string }) => c.session_id).sort()).toEqual([bSession, mine.body.session_id].sort());
  });

  it('keeps each tenant’s secrets to itself: another tenant’s secret id is not found, and lists never show it', async () => {
    expect((await h.withKey(b.owner, 'DELETE', `/api/chat-secrets/${a.secretId}`)).status).toBe(404);
    const listed = await h.withKey(b.owner, 'GET', '/api/chat-secrets');
    expect(listed.body.secrets.map((s: { secret_id: string }) => s.secret_id)).toEqual([b.secretId]);
    // A's secret still signs.
    expect((await signedWith(h, a.secret, 'GET', `/api/chat/users/shared/conversations?tenant_id=${a.tenantId}`)).status).toBe(200);
  });

  it('is for owners: a lesser key may not see, make or delete secrets', async () => {
    const editor = (await h.withKey(a.owner, 'POST', '/api/keys', { name: 'Editor', role: 'editor' })).body.key as string;
    for (const [method, path] of [
      ['GET', '/api/chat-secrets'],
      ['POST', '/api/chat-secrets'],
      ['DELETE', `/api/chat-secrets/${a.secretId}`],
    ] as const) {
      const refused = await h.withKey(editor, method, path);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error.details.required_role).toBe('owner');
    }
    expect((await h.withKey(a.owner, 'GET', '/api/chat-secrets')).body.secrets).toHaveLength(1);
  });
});
