import { type CreateLinkBody, sessionCredentialPattern } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { createLink, helpDeskAgent, visitorPost } from '../../../test/public-link-fixtures.js';

/** An agent whose every answer reads what the host page said: its plan and the page. */
const planAgent = {
  workflow: {
    initial_node: 'ask',
    nodes: [
      { id: 'ask', name: 'Ask', static_text: 'Which plan?', transitions: [{ to: 'plan', condition: 'user_responded' }] },
      {
        id: 'plan',
        name: 'Plan',
        static_text: 'You are on {{context.plan}}, reading {{context.page}}.',
        transitions: [{ to: 'plan', condition: 'user_responded' }],
      },
    ],
  },
};

describe('public chat', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('starts a session without a message (the opening lines in its history), then continues it; it counts against max_sessions', async () => {
    const link = await createLink(h, { max_sessions: 1, passcode: 'open sesame' });
    const refused = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    expect(refused.status, refused.text).toBe(401);
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, { passcode: 'open sesame' }));
    expect(started.status, started.text).toBe(201);
    expect(started.body.session).toMatch(sessionCredentialPattern);
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${started.body.session}` });
    expect(history.body.messages.map((m: { role: string; content: string }) => `${m.role}: ${m.content}`)).toEqual(['assistant: Say something.']);
    const message = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello', session: started.body.session }));
    expect(message.status, message.text).toBe(200);
    expect(message.body).toMatchObject({ response: 'Noted.', conversation_id: started.body.conversation_id });
    const second = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, { passcode: 'open sesame' }));
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({ code: 'quota_exceeded', details: { quota: 'sessions' } });
  });

  it("a session started with the host page's context has its page and variables in its collected data under `context.`, beside the link's variables", async () => {
    const link = await createLink(h, { variables: { plan: 'from the link' } });
    const context = { page: 'https://shop.example/pricing?tab=teams', variables: { plan: 'pro', seats: '12' } };
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, { context }));
    expect(started.status, started.text).toBe(201);
    const view = await h.admin('GET', `/api/conversations/${started.body.conversation_id}`, undefined, link.tenantId);
    expect(view.status, view.text).toBe(200);
    expect(view.body.collected_data).toEqual({
      plan: 'from the link',
      'context.plan': 'pro',
      'context.seats': '12',
      'context.page': 'https://shop.example/pricing?tab=teams',
    });
    // Without a context, nothing under `context.`.
    const plain = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const plainView = await h.admin('GET', `/api/conversations/${plain.body.conversation_id}`, undefined, link.tenantId);
    expect(plainView.body.collected_data).toEqual({ plan: 'from the link' });
  });

  it("a message's context starts its session with it, and a later message's context updates the session before its turn: the page replaced, the variables merged", async () => {
    const agent = await h.seedAgent(planAgent);
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Plans', variables: { plan: 'from the link' } } as CreateLinkBody,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });
    const collected = async (conversationId: string) =>
      (await h.admin('GET', `/api/conversations/${conversationId}`, undefined, agent.tenantId)).body.collected_data as Record<string, string>;
    const chat = (body: Record<string, unknown>, path = '') => h.inject(visitorPost(`/api/public/chat/${link.token}${path}`, body));

    const first = await chat({ content: 'hi', context: { page: '/pricing', variables: { plan: 'pro', seats: '12' } } });
    expect(first.status, first.text).toBe(200);
    expect(first.body.response).toBe('You are on pro, reading /pricing.');
    const session = first.body.session as string;

    // The page changed the plan alone: the page stays, seats stay, the plan is the new one.
    const changed = await chat({ content: 'and now?', session, context: { variables: { plan: 'team', coupon: 'SPRING' } } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ conversation_id: first.body.conversation_id, response: 'You are on team, reading /pricing.' });
    const moved = await chat({ content: 'and here?', session, context: { page: '/checkout' } });
    expect(moved.body.response).toBe('You are on team, reading /checkout.');
    // A message without a context leaves the session's as it is.
    expect((await chat({ content: 'still?', session })).body.response).toBe('You are on team, reading /checkout.');
    expect(await collected(first.body.conversation_id)).toEqual({
      plan: 'from the link',
      'context.page': '/checkout',
      'context.plan': 'team',
      'context.seats': '12',
      'context.coupon': 'SPRING',
    });

    // A new conversation starts with its own message's context alone.
    const fresh = await chat({ content: 'hello again', session, context: { variables: { plan: 'free' } } }, '/new');
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body.conversation_id).not.toBe(first.body.conversation_id);
    expect(await collected(fresh.body.conversation_id)).toEqual({ plan: 'from the link', 'context.plan': 'free' });
  });

  it('a message with a context while a person has the conversation: stored for them, the context taken in for the turns after', async () => {
    const desk = await h.seedAgent(helpDeskAgent({ answer: 'On it.', farewell: 'Bye.' }));
    const deskLink = await h.bus.request('links.links.create', {
      tenantId: desk.tenantId,
      agentName: desk.name,
      settings: { title: 'Desk' } as CreateLinkBody,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });
    const chat = (body: Record<string, unknown>) => h.inject(visitorPost(`/api/public/chat/${deskLink.token}`, body));
    const first = await chat({ content: 'a human please', context: { page: '/help' } });
    expect(first.status, first.text).toBe(200);
    expect(first.body.escalation).toMatchObject({ state: 'waiting' });
    const waiting = await chat({
      content: 'I am on the orders page now',
      session: first.body.session,
      context: { page: '/orders', variables: { order: 'BK-1' } },
    });
    expect(waiting.status, waiting.text).toBe(200);
    expect(waiting.body.response).toBeNull();
    const view = await h.admin('GET', `/api/conversations/${first.body.conversation_id}`, undefined, desk.tenantId);
    expect(view.body.collected_data).toEqual({ 'context.page': '/orders', 'context.order': 'BK-1' });
  });

  it('shows the link, starts a session with the first message, continues it, and a reload gets the history back', async () => {
    const link = await createLink(h, { welcome_message: 'Welcome!', max_messages_per_session: 5 });
    const info = await h.inject({ method: 'GET', url: `/api/public/links/${link.token}` });
    expect(info.status, info.text).toBe(200);
    expect(info.body).toMatchObject({
      title: 'Help desk',
      welcome_message: 'Welcome!',
      requires_passcode: false,
      max_messages_per_session: 5,
      session_timeout_minutes: 30,
    });

    const first = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello' }));
    expect(first.status, first.text).toBe(200);
    expect(first.body.session).toMatch(sessionCredentialPattern);
    expect(first.body).toMatchObject({ response: 'Noted.', remaining_messages: 4, session_ended: false, tool_calls: [] });
    expect(Date.parse(first.body.expires_at)).toBeGreaterThan(Date.now());

    const second = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'and more', session: first.body.session }));
    expect(second.status, second.text).toBe(200);
    expect(second.body).toMatchObject({ session: first.body.session, conversation_id: first.body.conversation_id, remaining_messages: 3 });

    // The page reloads: the credential it kept brings the conversation back.
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${first.body.session}` });
    expect(history.status, history.text).toBe(200);
    expect(history.body.messages.map((m: { role: string; content: string }) => `${m.role}: ${m.content}`)).toEqual([
      'assistant: Say something.',
      'user: hello',
      'assistant: Noted.',
      'user: and more',
      'assistant: Noted.',
    ]);
    expect(history.body.messages[1].id).toBe(first.body.message_id);
  });

  it('Idempotency-Key: a retry with the same key and content answers the first result (same message_id) and runs one turn', async () => {
    const link = await createLink(h, { max_messages_per_session: 5 });
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    const session = started.body.session as string;
    const send = (content: string, key: string) =>
      h.inject(visitorPost(`/api/public/chat/${link.token}`, { content, session }, { headers: { 'idempotency-key': key } }));
    const first = await send('where is my order', 'msg-1');
    expect(first.status, first.text).toBe(200);
    const retried = await send('where is my order', 'msg-1');
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toEqual(first.body);
    // Concurrent retries of the next message: one turn between them, one answer.
    const together = await Promise.all([1, 2, 3].map(() => send('and when does it come', 'msg-2')));
    for (const r of together) expect(r.status, r.text).toBe(200);
    expect(new Set(together.map((r) => r.body.message_id)).size).toBe(1);
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${session}` });
    expect(history.body.messages.filter((m: { role: string }) => m.role === 'user').map((m: { id: string; content: string }) => [m.id, m.content])).toEqual([
      [first.body.message_id, 'where is my order'],
      [together[0]?.body.message_id, 'and when does it come'],
    ]);
    // Two messages counted against the quota of five, whatever the retries.
    const third = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'thanks', session }));
    expect(third.body.remaining_messages).toBe(2);
  });

  it('"new conversation" starts a fresh session, and the old one still has its own history', async () => {
    const link = await createLink(h);
    const first = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'first' }));
    const fresh = await h.inject(visitorPost(`/api/public/chat/${link.token}/new`, { content: 'second', session: first.body.session }));
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body.session).toMatch(sessionCredentialPattern);
    expect(fresh.body.session).not.toBe(first.body.session);
    expect(fresh.body.conversation_id).not.toBe(first.body.conversation_id);
    const old = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${first.body.session}` });
    expect(old.body.messages.filter((m: { role: string }) => m.role === 'user').map((m: { content: string }) => m.content)).toEqual(['first']);
  });
});
