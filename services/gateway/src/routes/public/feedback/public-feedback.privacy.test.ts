import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { analyticsWhen } from '../../management/analytics/analytics.test-kit.js';
import { feedbackAgent, feedbackLink, lastOf, rate, startChat, thumb } from './public-feedback.test-kit.js';

/** The rows of feedback kept for a conversation. */
async function keptFor(h: GatewayHarness, conversationId: string) {
  const thumbs = await h.ctx.db.selectFrom('message_feedback').select(['rating', 'comment']).where('conversation_id', '=', conversationId).execute();
  const scores = await h.ctx.db.selectFrom('conversation_ratings').select(['score', 'comment']).where('conversation_id', '=', conversationId).execute();
  return { thumbs: thumbs.length, scores: scores.length };
}

describe('feedback in export, erasure and retention', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  /** A thumb with a comment on the agent's answer and a score with one: the visitor's own words, twice. */
  const giveBoth = async (token: string, session: string) => {
    const answer = await lastOf(h, token, session, 'assistant');
    expect((await thumb(h, token, answer.id, { session, rating: 'down', comment: 'the kettle still leaks' })).status).toBe(204);
    expect((await rate(h, token, { session, score: 2, comment: 'call me on 0170 5550123' })).status).toBe(204);
    return answer;
  };

  it('a visitor’s export carries their thumbs and score with comments; erasing them removes both, analytics keep the counts', async () => {
    const { tenantId, name } = await h.seedAgent(feedbackAgent);
    // A personalised link: its conversations are the recipient's.
    const bulk = await h.admin(
      'POST',
      `/api/agents/${name}/public-links/bulk`,
      { settings: { title: 'Your repair' }, recipients: [{ email: 'ada@example.com', name: 'Ada' }] },
      tenantId,
    );
    expect(bulk.status, bulk.text).toBe(201);
    const { token, id: linkId } = bulk.body.links[0];
    const { session, conversationId } = await startChat(h, token);
    const answer = await giveBoth(token, session);

    const exported = await h.admin('GET', '/api/visitors/ada@example.com/export', undefined, tenantId);
    expect(exported.status, exported.text).toBe(200);
    const [conversation] = exported.body.conversations;
    expect(conversation.id).toBe(conversationId);
    expect(conversation.rating).toEqual({ score: 2, comment: 'call me on 0170 5550123', at: expect.any(String) });
    const messages = conversation.messages as Array<{ id: string; feedback: unknown }>;
    expect(messages.find((m) => m.id === answer.id)?.feedback).toEqual({ rating: 'down', comment: 'the kettle still leaks', at: expect.any(String) });
    expect(messages.filter((m) => m.id !== answer.id).every((m) => m.feedback === null)).toBe(true);

    const erased = await h.admin('DELETE', '/api/visitors/ada@example.com', undefined, tenantId);
    expect(erased.status, erased.text).toBe(200);
    expect(await keptFor(h, conversationId)).toEqual({ thumbs: 0, scores: 0 });
    const after = await h.admin('GET', '/api/visitors/ada@example.com/export', undefined, tenantId);
    expect(after.text).not.toContain('kettle still leaks');
    expect(after.text).not.toContain('0170 5550123');
    // The credential stops working with the erasure: no score is taken for an erased conversation.
    expectError(await rate(h, token, { session, score: 5 }), 401, 'unauthorized');
    // Counted before the erasure, counted after it.
    const analytics = await analyticsWhen(h, `/api/links/${linkId}/analytics`, tenantId, (body) => body.feedback.csat_responses === 1);
    expect(analytics.feedback).toEqual({ up: 0, down: 1, csat_avg: 2, csat_responses: 1 });
  });

  it('a visitor erasing their own conversation erases their thumbs and score with it', async () => {
    const link = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, link.token);
    await giveBoth(link.token, session);
    const erased = await h.inject({ method: 'DELETE', url: `/api/public/chat/${link.token}/session?session=${session}` });
    expect(erased.status, erased.text).toBe(200);
    expect(await keptFor(h, conversationId)).toEqual({ thumbs: 0, scores: 0 });
  });

  it('retention removes them with the messages of an ended conversation; a score for it is then 410', async () => {
    const link = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, link.token);
    const answer = await giveBoth(link.token, session);
    const bye = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'bye', session }));
    expect(bye.body.session_ended).toBe(true);
    // Ended long ago, as far as retention can tell.
    await h.ctx.db.updateTable('text_conversations').set({ ended_at: sql<Date>`now() - interval '40 days'` }).where('id', '=', conversationId).execute();
    expect(await h.purgeEnded([conversationId], 30)).toBeGreaterThanOrEqual(1);
    expect(await keptFor(h, conversationId)).toEqual({ thumbs: 0, scores: 0 });
    expectError(await rate(h, link.token, { session, score: 5 }), 410, 'gone');
    expectError(await thumb(h, link.token, answer.id, { session, rating: 'up' }), 404, 'not_found');
  });

  it('they go with their tenant', async () => {
    const link = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, link.token);
    await giveBoth(link.token, session);
    await h.ctx.db.deleteFrom('tenants').where('id', '=', link.tenantId).execute();
    expect(await keptFor(h, conversationId)).toEqual({ thumbs: 0, scores: 0 });
  });
});
