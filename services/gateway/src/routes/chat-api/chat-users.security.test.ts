import { computeSignature, signRequest } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_SECRET, expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

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

  it('a signed read may be repeated (it repeats no effect)', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const first = await h.signed('GET', `${path}?limit=1`, undefined, { now });
    const again = await h.signed('GET', `${path}?limit=1`, undefined, { now });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.body.conversations).toHaveLength(1);
  });

  describe('the signature covers the query string, exactly as sent', () => {
    const ts = () => String(Math.floor(Date.now() / 1000));
    const send = (url: string, timestamp: string, signature: string) =>
      h.inject({ method: 'GET', url, headers: { 'x-timestamp': timestamp, 'x-signature': signature } });

    it('a request signed with its query is accepted, and the query applies', async () => {
      const timestamp = ts();
      const target = `${path}?limit=1`;
      const answer = await send(target, timestamp, computeSignature(CHAT_SECRET, timestamp, 'GET', target, ''));
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.conversations).toHaveLength(1);
    });

    it('signed for ?limit=1, sent with ?limit=50, another cursor or an added parameter: 401 bad_signature', async () => {
      const timestamp = ts();
      const signature = computeSignature(CHAT_SECRET, timestamp, 'GET', `${path}?limit=1`, '');
      // The request as signed is accepted (a read may be repeated) …
      expect((await send(`${path}?limit=1`, timestamp, signature)).status).toBe(200);
      // … its query changed by whoever saw it is not.
      for (const url of [
        `${path}?limit=50`,
        `${path}?limit=1&cursor=abc`,
        `${path}?limit=1&tenant_id=00000000-0000-4000-8000-000000000000`,
        `${path}?limit=1&`,
      ]) {
        const answer = await send(url, timestamp, signature);
        expectError(answer, 401, 'unauthorized');
        expect(answer.body.error.details, url).toEqual({ reason: 'bad_signature' });
        expect(answer.text).not.toContain('conversation_id');
      }
    });

    it('a query dropped, or added to a request signed without one, is refused', async () => {
      const timestamp = ts();
      const withQuery = computeSignature(CHAT_SECRET, timestamp, 'GET', `${path}?limit=1`, '');
      expect((await send(path, timestamp, withQuery)).body.error.details).toEqual({ reason: 'bad_signature' });
      const bare = computeSignature(CHAT_SECRET, timestamp, 'GET', path, '');
      expect((await send(`${path}?limit=50`, timestamp, bare)).body.error.details).toEqual({ reason: 'bad_signature' });
      // The bare path still signs the bare path: routes without a query are unaffected.
      expect((await send(path, timestamp, bare)).status).toBe(200);
    });

    it('the bytes as sent, not re-encoded nor sorted: parameters in another order or encoding are another request', async () => {
      const timestamp = ts();
      const signature = computeSignature(CHAT_SECRET, timestamp, 'GET', `${path}?limit=1&cursor=`, '');
      expect((await send(`${path}?cursor=&limit=1`, timestamp, signature)).body.error.details).toEqual({ reason: 'bad_signature' });
      const encoded = computeSignature(CHAT_SECRET, timestamp, 'GET', `${path}?limit=%31`, '');
      expect((await send(`${path}?limit=1`, timestamp, encoded)).body.error.details).toEqual({ reason: 'bad_signature' });
      expect((await send(`${path}?limit=%31`, timestamp, encoded)).status).toBe(200);
    });
  });

  it('public visitors signed in as the same user id are not listed: their ids belong to the host site', async () => {
    const agent = await h.seedAgent();
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'x' } as never,
      publicBaseUrl: 'http://x',
    });
    const made = await h.admin('POST', `/api/agents/${agent.name}/public-links/${link.id}/identity-secret`, undefined, agent.tenantId);
    const { createHmac } = await import('node:crypto');
    const user = { user_id: 'vip', user_hash: createHmac('sha256', made.body.secret).update('vip').digest('hex') };
    const visitor = await h.inject({
      method: 'POST',
      url: `/api/public/sessions/${link.token}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ user }),
    });
    expect(visitor.status, visitor.text).toBe(201);
    const listed = await h.signed('GET', path);
    expect(listed.body.conversations.map((c: { conversation_id: string }) => c.conversation_id)).not.toContain(visitor.body.conversation_id);
    expect(listed.body.conversations).toHaveLength(1);
  });
});
