import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { operatorKey } from '../../management/escalations/escalation.test-kit.js';
import { feedbackLink, history, lastOf, rate, startChat, thumb } from './public-feedback.test-kit.js';

describe('visitors’ feedback and ratings', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('a thumb on the agent’s answer shows in the visitor’s history and the operator’s conversation view; a second one replaces it', async () => {
    const link = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, link.token);
    const answer = await lastOf(h, link.token, session, 'assistant');
    expect(answer.content).toBe('Try turning it off and on.');

    const up = await thumb(h, link.token, answer.id, { session, rating: 'up', comment: 'that worked 👍' });
    expect(up.status, up.text).toBe(204);
    expect(up.text).toBe('');
    let shown = await history(h, link.token, session);
    expect(shown.messages.map((m) => [m.role, m.feedback])).toEqual([
      ['assistant', undefined],
      ['user', undefined],
      ['assistant', 'up'],
    ]);
    expect(shown.rating).toBeNull();

    const down = await thumb(h, link.token, answer.id, { session, rating: 'down' });
    expect(down.status, down.text).toBe(204);
    shown = await history(h, link.token, session);
    expect(shown.messages.at(-1)?.feedback).toBe('down');

    const view = await h.admin('GET', `/api/conversations/${conversationId}`, undefined, link.tenantId);
    expect(view.status, view.text).toBe(200);
    const viewed = view.body.messages as Array<{ id: string; feedback: unknown }>;
    // Replaced: the later thumb alone, and its comment-less answer replaced the comment too.
    expect(viewed.find((m) => m.id === answer.id)?.feedback).toEqual({ rating: 'down', comment: null, at: expect.any(String) });
    expect(viewed.filter((m) => m.id !== answer.id).map((m) => m.feedback)).toEqual([null, null]);
    expect(view.body.rating).toBeNull();
  });

  it('takes a score while the conversation runs and once it has ended (its messages then refused with 410); a later score replaces it', async () => {
    const link = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, link.token);
    const early = await rate(h, link.token, { session, score: 2 });
    expect(early.status, early.text).toBe(204);
    expect((await history(h, link.token, session)).rating).toEqual({ score: 2, comment: null });

    const bye = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'bye', session }));
    expect(bye.body).toMatchObject({ response: 'Glad I could help.', session_ended: true });
    const after = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'one more thing', session }));
    expect(after.status, after.text).toBe(410);

    // The page asks once the conversation ends: the credential of the ended session is taken for it.
    const final = await rate(h, link.token, { session, score: 5, comment: 'Quick and kind.' });
    expect(final.status, final.text).toBe(204);
    const farewell = await lastOf(h, link.token, session, 'assistant');
    expect(farewell.content).toBe('Glad I could help.');
    expect((await thumb(h, link.token, farewell.id, { session, rating: 'up' })).status).toBe(204);

    const shown = await history(h, link.token, session);
    expect(shown.rating).toEqual({ score: 5, comment: 'Quick and kind.' });
    expect(shown.messages.at(-1)?.feedback).toBe('up');
    const view = await h.admin('GET', `/api/conversations/${conversationId}`, undefined, link.tenantId);
    expect(view.body).toMatchObject({ status: 'completed', rating: { score: 5, comment: 'Quick and kind.', at: expect.any(String) } });
  });

  it('a thumb on an operator’s answer shows on that message in the operator’s view', async () => {
    const link = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, link.token, 'I want a human');
    const key = await operatorKey(h, link.tenantId, 'Dana');
    const inbox = await h.withKey(key, 'GET', '/api/inbox?state=waiting');
    const item = (inbox.body.items as Array<{ escalation_id: string; conversation_id: string }>).find((i) => i.conversation_id === conversationId);
    expect(item).toBeDefined();
    expect((await h.withKey(key, 'POST', `/api/inbox/${item!.escalation_id}/claim`)).status).toBe(200);
    expect((await h.withKey(key, 'POST', `/api/inbox/${item!.escalation_id}/messages`, { content: 'Hi, Dana here. Which model is it?' })).status).toBe(201);

    const answer = await lastOf(h, link.token, session, 'operator');
    expect((await thumb(h, link.token, answer.id, { session, rating: 'up', comment: 'a real person!' })).status).toBe(204);
    const view = await h.withKey(key, 'GET', `/api/conversations/${conversationId}`);
    expect(view.status, view.text).toBe(200);
    expect(
      (view.body.messages as Array<{ id: string; role: string; operator_name: string | null; feedback: unknown }>).find((m) => m.id === answer.id),
    ).toMatchObject({
      role: 'operator',
      operator_name: 'Dana',
      feedback: { rating: 'up', comment: 'a real person!' },
    });
  });
});
