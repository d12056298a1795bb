import { randomUUID } from 'node:crypto';
import { randomToken } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { feedbackLink, history, lastOf, rate, startChat, thumb } from './public-feedback.test-kit.js';

describe('visitors’ feedback and ratings refuse', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('a thumb on the visitor’s own message or a system message: 400 naming message_id; nothing is kept', async () => {
    const link = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, link.token);
    const own = await lastOf(h, link.token, session, 'user');
    const refused = await thumb(h, link.token, own.id, { session, rating: 'down' });
    expectError(refused, 400, 'invalid', /agent’s and operators’ messages/);
    expect(refused.body.error.details).toEqual([{ path: 'params.message_id', message: 'a visitor’s own message takes no feedback' }]);

    // A notice the platform wrote into the conversation (as an escalation's offline notice is).
    const notice = randomUUID();
    await h.ctx.db
      .insertInto('text_conversation_messages')
      .values({ id: notice, conversation_id: conversationId, sequence: 99, role: 'system', content: 'Nobody is free right now.', node_id: 'answer' })
      .execute();
    expectError(await thumb(h, link.token, notice, { session, rating: 'up' }), 400, 'invalid');
    expect((await history(h, link.token, session)).messages.every((m) => m.feedback === undefined)).toBe(true);
    expect(await h.ctx.db.selectFrom('message_feedback').selectAll().where('conversation_id', '=', conversationId).execute()).toEqual([]);
  });

  it('a message not in the visitor’s conversation – unknown, another visitor’s, not an id at all: 404', async () => {
    const link = await feedbackLink(h);
    const mine = await startChat(h, link.token);
    const theirs = await startChat(h, link.token);
    const theirAnswer = await lastOf(h, link.token, theirs.session, 'assistant');
    for (const messageId of [randomUUID(), theirAnswer.id, 'not-a-message', encodeURIComponent('../rating')]) {
      expectError(await thumb(h, link.token, messageId, { session: mine.session, rating: 'up' }), 404, 'not_found');
    }
    expect((await history(h, link.token, theirs.session)).messages.at(-1)?.feedback).toBeUndefined();
  });

  it('an unknown credential, or one of another link: 401; a deactivated link: 410; an unknown token: 404', async () => {
    const link = await feedbackLink(h);
    const other = await feedbackLink(h);
    const { session } = await startChat(h, link.token);
    const answer = await lastOf(h, link.token, session, 'assistant');
    const stranger = `pcs_${randomToken(24)}`;
    expectError(await thumb(h, link.token, answer.id, { session: stranger, rating: 'up' }), 401, 'unauthorized');
    expectError(await rate(h, link.token, { session: stranger, score: 3 }), 401, 'unauthorized');
    // A valid credential carried to another link (even of the same tenant's kind) is unknown there.
    expectError(await thumb(h, other.token, answer.id, { session, rating: 'up' }), 401, 'unauthorized');
    expectError(await rate(h, other.token, { session, score: 3 }), 401, 'unauthorized');
    expectError(await rate(h, randomToken(24), { session, score: 3 }), 404, 'not_found');

    expect((await h.admin('PUT', `/api/agents/${link.name}/public-links/${link.linkId}`, { active: false }, link.tenantId)).status).toBe(200);
    expectError(await thumb(h, link.token, answer.id, { session, rating: 'up' }), 410, 'gone');
    expectError(await rate(h, link.token, { session, score: 3 }), 410, 'gone');
  });

  it('bad bodies: 400 naming the field – scores out of range or not whole, ratings not up or down, long comments, unknown fields', async () => {
    const link = await feedbackLink(h);
    const { session } = await startChat(h, link.token);
    const answer = await lastOf(h, link.token, session, 'assistant');
    const raw = (url: string, payload: string) => h.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
    for (const score of [0, 6, 3.5, -1, '4', null, true]) {
      const refused = await rate(h, link.token, { session, score });
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details)).toContain('score');
    }
    // 1e309 is JSON for a number past the largest double: parsed as Infinity, refused as not a whole number.
    expectError(await raw(`/api/public/chat/${link.token}/rating`, `{"session":"${session}","score":1e309}`), 400, 'invalid');
    expectError(await rate(h, link.token, { score: 4 }), 400, 'invalid');
    expectError(await rate(h, link.token, { session, score: 4, comment: 'x'.repeat(2_001) }), 400, 'invalid');
    expectError(await rate(h, link.token, { session, score: 4, stars: 5 }), 400, 'invalid');
    for (const rating of ['meh', 'UP', 1, null]) expectError(await thumb(h, link.token, answer.id, { session, rating }), 400, 'invalid');
    expectError(await thumb(h, link.token, answer.id, { session, rating: 'up', comment: 'nul \u0000 here' }), 400, 'invalid');
    expectError(await thumb(h, link.token, answer.id, { session, rating: 'up', comment: 'lone \ud800 surrogate' }), 400, 'invalid');
    expectError(await raw(`/api/public/chat/${link.token}/rating`, '{"session":'), 400, 'invalid');
    // 2,000 characters of comment, counted as characters (emoji are one each), are kept.
    expect((await rate(h, link.token, { session, score: 4, comment: '🙂'.repeat(2_000) })).status).toBe(204);
    expect((await history(h, link.token, session)).rating).toEqual({ score: 4, comment: '🙂'.repeat(2_000) });
  });

  it('thumbs and scores count against the link’s rate limit like messages: 429 with Retry-After past it', async () => {
    const link = await feedbackLink(h, { rate_limit_per_minute: 3 });
    const { session } = await startChat(h, link.token);
    const answer = await lastOf(h, link.token, session, 'assistant');
    expect((await thumb(h, link.token, answer.id, { session, rating: 'up' })).status).toBe(204);
    expect((await rate(h, link.token, { session, score: 4 })).status).toBe(204);
    const limited = await thumb(h, link.token, answer.id, { session, rating: 'down' });
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await history(h, link.token, session)).messages.at(-1)?.feedback).toBe('up');
  });
});
