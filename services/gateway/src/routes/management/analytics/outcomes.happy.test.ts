import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../../test/webhook-receiver.js';
import { lastOf, rate, startChat, thumb } from '../../public/feedback/public-feedback.test-kit.js';
import { analyticsWhen } from './analytics.test-kit.js';
import { apiSession, endSession, outcomeOf, outcomesAgent, say } from './outcomes.test-kit.js';

describe('outcomes: when a conversation counts as resolved', () => {
  let h: GatewayHarness;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    h = await startGatewayHarness({}, { webhooks: { allowPrivate: true, retryDelaysSeconds: [1], pollIntervalMs: 100 } });
  });
  afterAll(async () => {
    await h?.stop();
    await hooks?.close();
  });

  /** An agent of a fresh tenant, a link on it, and a webhook of the tenant's on conversation.resolved. */
  async function setUp() {
    const agent = await h.seedAgent(outcomesAgent);
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Help desk', rate_limit_per_minute: 1_000 } as never,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });
    const hook = await h.admin('POST', '/api/webhooks', { url: `${hooks.origin}/hooks`, events: ['conversation.resolved'] }, agent.tenantId);
    expect(hook.status, hook.text).toBe(201);
    return { ...agent, linkId: link.id, token: link.token };
  }
  const deliveriesOf = (conversationId: string) => hooks.received.filter((d) => d.data.conversation_id === conversationId);

  it('a resolving node, a thumb up, a good score and a clean end resolve; an escalation, a bad score or a 3 do not; a webhook tells each once', async () => {
    const desk = await setUp();

    // The Text Chat API: "thanks" reaches the node marked `resolves`.
    const byNode = await apiSession(h, desk);
    await say(h, byNode.sessionId, 'thanks, that fixed it');
    // A clean end: nothing escalated, no negative feedback.
    const byEnd = await apiSession(h, desk);
    await say(h, byEnd.sessionId, 'bye');
    // Ended after an escalation: not resolved.
    const escalated = await apiSession(h, desk);
    await say(h, escalated.sessionId, 'a human please');
    await endSession(h, escalated.sessionId);
    // Still open, nothing said: not resolved.
    const open = await apiSession(h, desk);

    // A visitor's thumb up on the agent's answer.
    const thumbed = await startChat(h, desk.token, 'my kettle is broken');
    const answer = await lastOf(h, desk.token, thumbed.session, 'assistant');
    expect((await thumb(h, desk.token, answer.id, { session: thumbed.session, rating: 'up' })).status).toBe(204);
    // A score of 4.
    const scored = await startChat(h, desk.token, 'my toaster is broken');
    expect((await rate(h, desk.token, { session: scored.session, score: 4 })).status).toBe(204);
    // A score of 3 says neither; a thumb down before the end keeps the end from resolving.
    const neutral = await startChat(h, desk.token, 'my lamp flickers');
    expect((await rate(h, desk.token, { session: neutral.session, score: 3 })).status).toBe(204);
    const unhappy = await startChat(h, desk.token, 'my fridge hums');
    const unhappyAnswer = await lastOf(h, desk.token, unhappy.session, 'assistant');
    expect((await thumb(h, desk.token, unhappyAnswer.id, { session: unhappy.session, rating: 'down' })).status).toBe(204);
    const visitorBye = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${desk.token}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ session: unhappy.session, content: 'bye' }),
    });
    expect(visitorBye.status, visitorBye.text).toBe(200);

    expect(await outcomeOf(h, byNode.conversationId)).toBe('node');
    expect(await outcomeOf(h, byEnd.conversationId)).toBe('ended');
    expect(await outcomeOf(h, thumbed.conversationId)).toBe('feedback');
    expect(await outcomeOf(h, scored.conversationId)).toBe('feedback');
    for (const none of [escalated, open, neutral, unhappy]) expect(await outcomeOf(h, none.conversationId)).toBeNull();

    // One delivery per resolution, with what it was.
    await waitFor(() => hooks.received.filter((d) => d.data.agent && (d.data.agent as { id: string }).id === desk.agentId).length >= 4, { timeoutMs: 10_000 });
    const nodeHook = deliveriesOf(byNode.conversationId);
    expect(nodeHook).toHaveLength(1);
    expect(nodeHook[0]).toMatchObject({
      type: 'conversation.resolved',
      data: {
        conversation_id: byNode.conversationId,
        link_id: null,
        channel: 'api',
        agent: { id: desk.agentId, name: desk.name, version: 1 },
        resolved: true,
        reason: 'node',
        resolved_at: expect.any(String),
      },
    });
    expect(deliveriesOf(byEnd.conversationId).map((d) => d.data.reason)).toEqual(['ended']);
    expect(deliveriesOf(thumbed.conversationId).map((d) => [d.data.reason, d.data.channel, d.data.link_id])).toEqual([['feedback', 'link', desk.linkId]]);
    expect(deliveriesOf(scored.conversationId).map((d) => d.data.reason)).toEqual(['feedback']);
    for (const none of [escalated, open, neutral, unhappy]) expect(deliveriesOf(none.conversationId)).toEqual([]);

    // Analytics: the link has 4 sessions, 1 ended (unresolved: its thumb down), 2 resolved by feedback;
    // the agent adds the API's 4 sessions, of which 2 ended resolved and 1 ended escalated.
    const byLink = await analyticsWhen(
      h,
      `/api/links/${desk.linkId}/analytics?bucket=hour`,
      desk.tenantId,
      (b) => b.sessions.resolved === 2 && b.sessions.completed === 1,
    );
    expect(byLink.sessions).toMatchObject({ started: 4, completed: 1, resolved: 2 });
    // Resolved while still open counts too, so the rate is capped at 1.
    expect(byLink.resolution_rate).toBe(1);
    const byAgent = await analyticsWhen(
      h,
      `/api/agents/${desk.name}/analytics?bucket=hour`,
      desk.tenantId,
      (b) => b.sessions.resolved === 4 && b.sessions.completed === 3,
    );
    expect(byAgent.sessions).toMatchObject({ started: 8, completed: 3, escalated: 1, resolved: 4 });
    expect(byAgent.resolution_rate).toBe(1);
    // One version only: no comparison.
    expect(byAgent.versions).toBeUndefined();
    expect(byAgent.resolution_difference).toBeUndefined();
  });

  it('negative feedback after a clean end takes the resolution back (once), never one made by a node or by feedback', async () => {
    const desk = await setUp();
    const send = (session: string, content: string) =>
      h.inject({
        method: 'POST',
        url: `/api/public/chat/${desk.token}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ session, content }),
      });

    const ended = await startChat(h, desk.token, 'my kettle is broken');
    expect((await send(ended.session, 'bye')).status).toBe(200);
    expect(await outcomeOf(h, ended.conversationId)).toBe('ended');
    const resolvedHour = await analyticsWhen(h, `/api/links/${desk.linkId}/analytics?bucket=hour`, desk.tenantId, (b) => b.sessions.resolved === 1);
    expect(resolvedHour.resolution_rate).toBe(1);

    // A bad score after the end: no longer resolved; a second one takes nothing more back.
    expect((await rate(h, desk.token, { session: ended.session, score: 1 })).status).toBe(204);
    expect((await rate(h, desk.token, { session: ended.session, score: 2 })).status).toBe(204);
    expect(await outcomeOf(h, ended.conversationId)).toBeNull();

    // Resolved by its node, then a thumb down and a bad score: it stays resolved.
    const byNode = await startChat(h, desk.token, 'thanks, all good');
    const nodeAnswer = await lastOf(h, desk.token, byNode.session, 'assistant');
    expect((await thumb(h, desk.token, nodeAnswer.id, { session: byNode.session, rating: 'down' })).status).toBe(204);
    expect((await send(byNode.session, 'bye')).status).toBe(200);
    expect((await rate(h, desk.token, { session: byNode.session, score: 1 })).status).toBe(204);
    expect(await outcomeOf(h, byNode.conversationId)).toBe('node');

    await waitFor(() => deliveriesOf(ended.conversationId).length >= 2 && deliveriesOf(byNode.conversationId).length >= 1, { timeoutMs: 10_000 });
    const told = deliveriesOf(ended.conversationId).sort((a, b) => Number(b.data.resolved) - Number(a.data.resolved));
    expect(told.map((d) => [d.data.resolved, d.data.reason])).toEqual([
      [true, 'ended'],
      [false, 'ended'],
    ]);
    // The take-back names the time of the resolution it takes back.
    expect(told[1]?.data.resolved_at).toBe(told[0]?.data.resolved_at);
    expect(deliveriesOf(byNode.conversationId).map((d) => [d.data.resolved, d.data.reason])).toEqual([[true, 'node']]);

    // Analytics: the ended one is subtracted from the hour it was counted in; 2 ended, 1 resolved.
    const after = await analyticsWhen(
      h,
      `/api/links/${desk.linkId}/analytics?bucket=hour`,
      desk.tenantId,
      (b) => b.sessions.completed === 2 && b.sessions.resolved === 1,
    );
    expect(after.resolution_rate).toBe(0.5);
    expect(after.sessions.resolved).toBe(1);
  });

  it('a visitor’s export shows each conversation’s outcome', async () => {
    const desk = await setUp();
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: desk.tenantId, agent_id: desk.agentId, metadata: { user_id: 'resolved-user' } });
    expect(created.status, created.text).toBe(201);
    await say(h, created.body.session_id, 'thanks');
    const other = await h.signed('POST', '/api/chat/sessions', { tenant_id: desk.tenantId, agent_id: desk.agentId, metadata: { user_id: 'resolved-user' } });
    expect(other.status, other.text).toBe(201);

    const exported = await h.admin('GET', '/api/visitors/users/resolved-user/export', undefined, desk.tenantId);
    expect(exported.status, exported.text).toBe(200);
    const byId = new Map((exported.body.conversations as Array<{ id: string; resolution: unknown }>).map((c) => [c.id, c.resolution]));
    expect(byId.get(created.body.conversation_id)).toEqual({ reason: 'node', resolved_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(byId.get(other.body.conversation_id)).toBeNull();
  });

  it('a resolution announced twice, or ended twice at once, counts and is delivered once', async () => {
    const desk = await setUp();
    const session = await apiSession(h, desk);
    // Two ends racing: one ends it (the other is 410), and one resolution comes of it.
    const ends = await Promise.all([1, 2].map(() => h.signed('DELETE', `/api/chat/sessions/${session.sessionId}`)));
    expect(ends.map((e) => e.status).sort()).toEqual([200, 410]);
    expect(await outcomeOf(h, session.conversationId)).toBe('ended');
    const first = await analyticsWhen(h, `/api/agents/${desk.name}/analytics?bucket=hour`, desk.tenantId, (b) => b.sessions.resolved === 1);
    expect(first.sessions.resolved).toBe(1);
    await waitFor(() => deliveriesOf(session.conversationId).length === 1, { timeoutMs: 10_000 });

    // The same resolution on the bus again – redelivered as it was, and announced again under a new id.
    const row = await h.db
      .selectFrom('text_conversations')
      .select(['resolved_at', 'agent_version'])
      .where('id', '=', session.conversationId)
      .executeTakeFirstOrThrow();
    const event = {
      eventId: crypto.randomUUID(),
      conversationId: session.conversationId,
      tenantId: desk.tenantId,
      agentId: desk.agentId,
      agentVersion: row.agent_version,
      linkId: null,
      channel: 'api' as const,
      reason: 'ended' as const,
      resolved: true,
      resolvedAt: new Date(row.resolved_at as Date).toISOString(),
      at: new Date().toISOString(),
    };
    await h.bus.publish('events.conversation.resolved', event);
    await h.bus.publish('events.conversation.resolved', event);
    await h.bus.publish('events.conversation.resolved', { ...event, eventId: crypto.randomUUID() });
    // A later session resolved after them shows the consumers got past the repeats.
    const later = await apiSession(h, desk);
    await say(h, later.sessionId, 'thanks');
    const report = await analyticsWhen(h, `/api/agents/${desk.name}/analytics?bucket=hour`, desk.tenantId, (b) => b.sessions.resolved >= 2);
    expect(report.sessions.resolved).toBe(2);
    await waitFor(() => deliveriesOf(later.conversationId).length === 1, { timeoutMs: 10_000 });
    expect(deliveriesOf(session.conversationId)).toHaveLength(1);
  });
});
