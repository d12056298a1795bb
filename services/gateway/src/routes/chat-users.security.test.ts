import { signRequest } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_SECRET, expectError, type GatewayHarness, startGatewayHarness } from '../../test/gateway-harness.js';

describe("Text Chat API: a user's conversations are for the signed backend only", () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
    const agent = await h.seedAgent();
    await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { user_id: 'vip' } });
  });
  afterAll(async () => h?.stop());

  const path = '/api/chat/users/vip/conversations';

  it('401 without a signature, with a wrong one, or one made for another user’s path; each names its reason', async () => {
    const unsigned = await h.inject({ method: 'GET', url: path });
    expectError(unsigned, 401, 'unauthorized');
    expect(unsigned.body.error.details).toEqual({ reason: 'missing_signature' });
    const wrong = await h.inject({ method: 'GET', url: path, headers: signRequest('another-secret-0123456789abcdef', 'GET', path, '') });
    expect(wrong.body.error.details).toEqual({ reason: 'bad_signature' });
    // Signed for someone else's list, sent for this one.
    const moved = await h.inject({ method: 'GET', url: path, headers: signRequest(CHAT_SECRET, 'GET', '/api/chat/users/me/conversations', '') });
    expectError(moved, 401, 'unauthorized');
    expect(moved.body.error.details).toEqual({ reason: 'bad_signature' });
    const stale = await h.inject({ method: 'GET', url: path, headers: signRequest(CHAT_SECRET, 'GET', path, '', Date.now() - 600_000) });
    expect(stale.body.error.details).toEqual({ reason: 'outside_window' });
    for (const response of [unsigned, wrong, moved, stale]) expect(response.text).not.toContain('conversation_id');
  });

  it('a signed read may be repeated (it repeats no effect), and the query string is outside the signature', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const first = await h.signed('GET', `${path}?limit=1`, undefined, { now });
    const again = await h.signed('GET', `${path}?limit=1`, undefined, { now });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.body.conversations).toHaveLength(1);
  });

  it('public visitors signed in as the same user id are not listed: their ids belong to the host site', async () => {
    const agent = await h.seedAgent();
    const link = await h.bus.request('links.create', { tenantId: agent.tenantId, agentName: agent.name, settings: { title: 'x' } as never, publicBaseUrl: 'http://x' });
    const made = await h.admin('POST', `/api/agents/${agent.name}/public-links/${link.id}/identity-secret`, undefined, agent.tenantId);
    const { createHmac } = await import('node:crypto');
    const user = { user_id: 'vip', user_hash: createHmac('sha256', made.body.secret).update('vip').digest('hex') };
    const visitor = await h.inject({ method: 'POST', url: `/api/public/sessions/${link.token}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ user }) });
    expect(visitor.status, visitor.text).toBe(201);
    const listed = await h.signed('GET', path);
    expect(listed.body.conversations.map((c: { conversation_id: string }) => c.conversation_id)).not.toContain(visitor.body.conversation_id);
    expect(listed.body.conversations).toHaveLength(1);
  });
});
