import { sessionCredentialPattern } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../../test/public-link-fixtures.js';

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
