import { randomUUID } from 'node:crypto';
import type { ConversationDetail } from '@parley/contracts';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { ADDRESSES, analyticsWhen, frontDeskAgent, signedUser, visit } from './analytics.test-kit.js';

const DAY_MS = 86_400_000;

/**
 * Conversations are classified once when they end (here by the local classifier: no LLM is
 * configured), and the score shows in analytics, in the conversation's view and in the visitor's
 * export; erasure takes it off the conversation.
 */
describe('sentiment of a feedback link’s conversations', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('counts ended conversations by sentiment, reads as a trend over days, and keeps the score on each conversation', async () => {
    const { tenantId, name } = await h.seedAgent(frontDeskAgent, 'feedback-desk');
    // The anonymous feedback use case: the built-in `feedback` template.
    const made = await h.admin('POST', `/api/agents/${name}/public-links`, { template: 'feedback' }, tenantId);
    expect(made.status, made.text).toBe(201);
    const link = made.body as { id: string; token: string };
    const secret = (await h.admin('POST', `/api/agents/${name}/public-links/${link.id}/identity-secret`, undefined, tenantId)).body.secret as string;
    const say = async (from: string, words: string[], user?: string) => {
      let session: string | undefined;
      let conversation = '';
      for (const content of words) {
        const answer = await visit(
          h,
          `/api/public/chat/${link.token}`,
          { content, ...(session ? { session } : user ? { user: signedUser(secret, user) } : {}) },
          from,
        );
        expect(answer.status, answer.text).toBe(200);
        session = answer.body.session;
        conversation = answer.body.conversation_id;
      }
      return conversation;
    };
    const happy = await say(ADDRESSES.us1, ['The workshop was wonderful, thank you!', 'bye'], 'fan-1');
    const upset = await say(ADDRESSES.gb, ['The room was cold and the talk was boring and bad.', 'bye']);
    const plain = await say(ADDRESSES.de, ['It took place on Tuesday.', 'bye']);

    // Days before: conversations classified then (as their events were written on those days).
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const earlier = [
      { day: today - 2 * DAY_MS, score: -0.8 },
      { day: today - 2 * DAY_MS, score: -0.4 },
      { day: today - DAY_MS, score: 0.1 },
    ];
    for (const { day, score } of earlier) {
      await h.bus.publish('events.session.sentiment', {
        conversationId: randomUUID(),
        tenantId,
        agentId: (await h.admin('GET', `/api/agents/${name}`, undefined, tenantId)).body.id,
        linkId: link.id,
        score,
        label: score >= 0.25 ? 'positive' : score <= -0.25 ? 'negative' : 'neutral',
        method: 'llm',
        at: new Date(day + 10 * 3_600_000).toISOString(),
      });
    }

    const from = new Date(today - 2 * DAY_MS).toISOString();
    const report = await analyticsWhen(
      h,
      `/api/links/${link.id}/analytics?bucket=day&from=${from}`,
      tenantId,
      (b) => b.sentiment.positive + b.sentiment.neutral + b.sentiment.negative === 6,
    );
    expect(report.sentiment).toMatchObject({ positive: 1, neutral: 2, negative: 3 });
    expect(report.sentiment.average).toBeGreaterThan(-1);
    expect(report.series.map((p) => p.at)).toEqual([0, 1, 2].map((n) => new Date(today - (2 - n) * DAY_MS).toISOString()));
    const [twoDaysAgo, yesterday, todays] = report.series;
    expect(twoDaysAgo?.sentiment).toBeCloseTo(-0.6, 3);
    expect(yesterday?.sentiment).toBeCloseTo(0.1, 3);
    // Today's three conversations: one positive, one negative, one neutral.
    expect(todays?.sentiment).not.toBeNull();
    expect(todays?.sessions).toBe(3);

    // Each conversation keeps its score, shown in its view.
    const detail = async (id: string) => {
      const answer = await h.admin<ConversationDetail>('GET', `/api/conversations/${id}`, undefined, tenantId);
      expect(answer.status, answer.text).toBe(200);
      return answer.body.sentiment;
    };
    expect(await detail(happy)).toEqual({ score: expect.any(Number), label: 'positive', method: 'local', at: expect.any(String) });
    expect(await detail(upset)).toMatchObject({ label: 'negative', method: 'local' });
    expect(await detail(plain)).toMatchObject({ score: 0, label: 'neutral', method: 'local' });
    const happyScore = (await detail(happy))!.score;
    const sum = happyScore + (await detail(upset))!.score + 0;
    expect(todays?.sentiment).toBeCloseTo(sum / 3, 2);

    // The signed-in visitor's export carries it; their erasure takes it off the conversation, analytics keep the count.
    const exported = await h.admin('GET', '/api/visitors/users/fan-1/export', undefined, tenantId);
    expect(exported.status, exported.text).toBe(200);
    expect(JSON.parse(exported.text).conversations).toEqual([
      expect.objectContaining({ id: happy, sentiment: { score: happyScore, label: 'positive', method: 'local', at: expect.any(String) } }),
    ]);
    expect((await h.admin('DELETE', '/api/visitors/users/fan-1', undefined, tenantId)).status).toBe(200);
    expect(await detail(happy)).toBeNull();
    const after = await h.admin('GET', `/api/links/${link.id}/analytics?bucket=day&from=${from}`, undefined, tenantId);
    expect(after.body.sentiment).toEqual(report.sentiment);
  });

  it('leaves a conversation without the visitor’s words unclassified', async () => {
    const { tenantId, name } = await h.seedAgent(frontDeskAgent, 'quiet-desk');
    const made = await h.admin('POST', `/api/agents/${name}/public-links`, { title: 'Quiet' }, tenantId);
    const link = made.body as { id: string; token: string };
    const started = await h.inject({
      method: 'POST',
      url: `/api/public/sessions/${link.token}`,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
      remoteAddress: ADDRESSES.jp,
    });
    expect(started.status, started.text).toBe(201);
    const conversation = started.body.conversation_id as string;
    expect((await h.admin('POST', `/api/agents/${name}/public-links/${link.id}/sessions/${conversation}/end`, undefined, tenantId)).status).toBe(200);
    const report = await analyticsWhen(h, `/api/links/${link.id}/analytics`, tenantId, (b) => b.sessions.abandoned === 1);
    await waitFor(async () => (await h.admin('GET', `/api/conversations/${conversation}`, undefined, tenantId)).body.status !== 'active');
    // A conversation with words, ended after it: once the classifier has scored that one, it has passed this one by.
    const said = await visit(h, `/api/public/chat/${link.token}`, { content: 'Thank you, that was wonderful!' }, ADDRESSES.jp);
    expect(said.status, said.text).toBe(200);
    expect((await h.admin('POST', `/api/agents/${name}/public-links/${link.id}/sessions/${said.body.conversation_id}/end`, undefined, tenantId)).status).toBe(
      200,
    );
    await waitFor(async () => (await h.admin('GET', `/api/conversations/${said.body.conversation_id}`, undefined, tenantId)).body.sentiment !== null);
    expect((await h.admin('GET', `/api/conversations/${conversation}`, undefined, tenantId)).body.sentiment).toBeNull();
    expect(report.sentiment).toEqual({ positive: 0, neutral: 0, negative: 0, average: null });
  });
});
