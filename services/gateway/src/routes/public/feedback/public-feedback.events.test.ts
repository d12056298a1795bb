import { isDeepStrictEqual } from 'node:util';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../../test/webhook-receiver.js';
import { analyticsWhen } from '../../management/analytics/analytics.test-kit.js';
import { feedbackLink, lastOf, rate, startChat, thumb } from './public-feedback.test-kit.js';

describe('feedback reaches analytics and webhooks', () => {
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

  it('each thumb and score is a feedback.received delivery; analytics count a replaced one once, per link and per agent, in its window', async () => {
    const link = await feedbackLink(h);
    const hook = await h.admin('POST', '/api/webhooks', { url: `${hooks.origin}/hooks`, events: ['feedback.received'] }, link.tenantId);
    expect(hook.status, hook.text).toBe(201);
    // A second link of the same agent: the agent's analytics add both up.
    const second = await h.bus.request('links.links.create', {
      tenantId: link.tenantId,
      agentName: link.name,
      settings: { title: 'Repairs, second desk', rate_limit_per_minute: 1_000 } as never,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });

    const chat = await startChat(h, link.token);
    const answer = await lastOf(h, link.token, chat.session, 'assistant');
    expect((await thumb(h, link.token, answer.id, { session: chat.session, rating: 'up' })).status).toBe(204);
    expect((await thumb(h, link.token, answer.id, { session: chat.session, rating: 'down', comment: 'did not help' })).status).toBe(204);
    expect((await rate(h, link.token, { session: chat.session, score: 2 })).status).toBe(204);
    expect((await rate(h, link.token, { session: chat.session, score: 4, comment: 'better after all' })).status).toBe(204);

    const other = await startChat(h, second.token);
    const otherAnswer = await lastOf(h, second.token, other.session, 'assistant');
    expect((await thumb(h, second.token, otherAnswer.id, { session: other.session, rating: 'up' })).status).toBe(204);
    expect((await rate(h, second.token, { session: other.session, score: 5 })).status).toBe(204);

    // Every submission is delivered, a replacement saying what it replaced.
    await waitFor(() => hooks.received.length === 6, { timeoutMs: 10_000 });
    const ours = hooks.received.filter((event) => event.data.conversation_id === chat.conversationId);
    expect(ours.every((event) => event.type === 'feedback.received')).toBe(true);
    expect(ours.map((event) => event.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [
        { kind: 'message', message_id: answer.id, author: 'assistant', rating: 'up', previous: null, comment: null },
        { kind: 'message', message_id: answer.id, author: 'assistant', rating: 'down', previous: 'up', comment: 'did not help' },
        { kind: 'rating', score: 2, previous: null, comment: null },
        { kind: 'rating', score: 4, previous: 2, comment: 'better after all' },
      ]
        .map((data) => ({ conversation_id: chat.conversationId, link_id: link.linkId, agent: { id: link.agentId, name: link.name }, ...data }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );

    const byLink = await analyticsWhen(
      h,
      `/api/links/${link.linkId}/analytics?bucket=hour`,
      link.tenantId,
      (body) => body.feedback.csat_avg === 4 && body.feedback.down === 1,
    );
    expect(byLink.feedback).toEqual({ up: 0, down: 1, csat_avg: 4, csat_responses: 1 });
    const byAgent = await analyticsWhen(
      h,
      `/api/agents/${link.name}/analytics`,
      link.tenantId,
      (body) => body.feedback.csat_responses === 2 && body.feedback.up === 1,
    );
    expect(byAgent.feedback).toEqual({ up: 1, down: 1, csat_avg: 4.5, csat_responses: 2 });

    // A window before any of it: nothing given, no average.
    const before = await h.admin('GET', `/api/links/${link.linkId}/analytics?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`, undefined, link.tenantId);
    expect(before.body.feedback).toEqual({ up: 0, down: 0, csat_avg: null, csat_responses: 0 });
  });

  it('a visitor changing their mind many times at once still counts once: one thumb and one score, as the last kept', async () => {
    const link = await feedbackLink(h);
    const chat = await startChat(h, link.token);
    const answer = await lastOf(h, link.token, chat.session, 'assistant');
    const ratings = ['up', 'down', 'up', 'down', 'up', 'down', 'up', 'down'] as const;
    const answers = await Promise.all([
      ...ratings.map((rating) => thumb(h, link.token, answer.id, { session: chat.session, rating })),
      ...[1, 2, 3, 4, 5].map((score) => rate(h, link.token, { session: chat.session, score })),
    ]);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 204));
    const kept = await h.admin('GET', `/api/conversations/${chat.conversationId}`, undefined, link.tenantId);
    const thumbKept = (kept.body.messages as Array<{ id: string; feedback: { rating: string } | null }>).find((m) => m.id === answer.id)?.feedback?.rating;
    const scoreKept = kept.body.rating.score as number;
    const expected = { up: thumbKept === 'up' ? 1 : 0, down: thumbKept === 'down' ? 1 : 0, csat_avg: scoreKept, csat_responses: 1 };
    // Events arrive in any order and a window's counts are shown clamped at zero, so while some are
    // still on their way a wrong split can add up to one: wait for the figures as they must end.
    const figures = await analyticsWhen(h, `/api/links/${link.linkId}/analytics?bucket=hour`, link.tenantId, (body) =>
      isDeepStrictEqual(body.feedback, expected),
    );
    expect(figures.feedback).toEqual(expected);
  });
});
