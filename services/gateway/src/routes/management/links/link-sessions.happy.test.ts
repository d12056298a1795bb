import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe("a link's sessions for its owner", () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('lists them newest first, ends one (its visitor is told), and keeps them from other tenants', async () => {
    const { key } = await h.seedTenant('Sessions owner');
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'helper', config: echoAgent })).status).toBe(201);
    const link = await h.withKey(key, 'POST', '/api/agents/helper/public-links', { title: 'Desk' });
    const chat = (content: string) =>
      h.inject({
        method: 'POST',
        url: `/api/public/chat/${link.body.token}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ content }),
      });
    const first = await chat('one');
    const second = await chat('two');
    expect(second.status, second.text).toBe(200);
    const base = `/api/agents/helper/public-links/${link.body.id}/sessions`;

    const listed = await h.withKey(key, 'GET', base);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.sessions.map((s: { conversation_id: string }) => s.conversation_id)).toEqual([second.body.conversation_id, first.body.conversation_id]);
    expect(listed.body.sessions[0]).toMatchObject({ status: 'active', user_messages: 1, ended_at: null });
    expect(listed.text).not.toContain(second.body.session);

    const ended = await h.withKey(key, 'POST', `${base}/${first.body.conversation_id}/end`);
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body).toMatchObject({ conversation_id: first.body.conversation_id, status: 'abandoned', ended_at: expect.any(String) });
    // Ending again answers the session as it is.
    expect((await h.withKey(key, 'POST', `${base}/${first.body.conversation_id}/end`)).body.status).toBe('abandoned');
    const continued = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${link.body.token}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ content: 'still there?', session: first.body.session }),
    });
    expect(continued.status).toBe(410);
    expect((await h.withKey(key, 'GET', `${base}?status=active`)).body.sessions).toHaveLength(1);
    expect((await h.withKey(key, 'GET', `${base}?status=ended`)).body.sessions).toHaveLength(1);

    const stranger = await h.seedTenant('Stranger');
    expect((await h.withKey(stranger.key, 'POST', '/api/agents', { name: 'helper', config: echoAgent })).status).toBe(201);
    expectError(await h.withKey(stranger.key, 'GET', base), 404, 'not_found');
    expectError(await h.withKey(stranger.key, 'POST', `${base}/${second.body.conversation_id}/end`), 404, 'not_found');
    expectError(await h.withKey(key, 'POST', `${base}/not-a-uuid/end`), 404, 'not_found');
    expectError(await h.withKey(key, 'GET', `${base}?limit=0`), 400, 'invalid');
    expect((await h.withKey(key, 'GET', `${base}?status=active`)).body.sessions).toHaveLength(1);
  });
});
