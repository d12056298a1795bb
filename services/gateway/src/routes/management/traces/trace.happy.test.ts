import type { AnalyticsAnswer, ConversationTrace } from '@parley/contracts';
import { type FakeLlm, type ShopService, startFakeLlm, startShopService } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { citingModel, seedReturnsBase } from '../analytics/knowledge-answers.test-kit.js';
import { CALL_COST, CALL_USAGE, TRACE_PRICES, tracedAgent } from './trace.test-kit.js';

describe('a conversation’s trace: each turn’s nodes, LLM calls with their tokens and cost, tool calls and passages', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let shop: ShopService;

  beforeAll(async () => {
    llm = await startFakeLlm();
    // Every answer reports the same tokens: the trace must show what the LLM said, not an estimate.
    llm.setHandler((req) => {
      const reply = citingModel(req);
      return { ...(typeof reply === 'object' && reply !== null ? reply : {}), usage: CALL_USAGE };
    });
    shop = await startShopService();
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url, runnerTools: { allowPrivate: true }, llmPrices: TRACE_PRICES });
  });
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
    await shop?.close();
  });

  it('answers every turn as it was committed, and the agent’s analytics sum what its calls cost', async () => {
    const { tenantId, key } = await h.seedTenant('Bike shop');
    const { baseId } = await seedReturnsBase(h, tenantId);
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'desk', config: tracedAgent(shop.url, baseId) })).status).toBe(201);
    const agent = (await h.withKey(key, 'GET', '/api/agents/desk')).body;
    const session = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agent.id, metadata: { user_id: 'rider-7' } });
    expect(session.status, session.text).toBe(201);
    const sent = await h.signed('POST', `/api/chat/sessions/${session.body.session_id}/messages`, {
      content: 'Are returns of bicycle parts free within 30 days of delivery? BK-1042',
    });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.response).toContain('Returns are free within 30 days [1].');

    const trace = await h.withKey<ConversationTrace>(key, 'GET', `/api/conversations/${session.body.conversation_id}/trace`);
    expect(trace.status, trace.text).toBe(200);
    expect(trace.body).toEqual({
      turns: [
        { turn: 0, node_path: ['ask'], llm_calls: [], tool_calls: [] },
        {
          turn: 1,
          node_path: ['ask', 'look', 'answer'],
          llm_calls: [
            {
              model: 'fake-model',
              prompt_tokens: CALL_USAGE.prompt,
              completion_tokens: CALL_USAGE.completion,
              latency_ms: expect.any(Number),
              cost: CALL_COST,
            },
          ],
          tool_calls: [{ tool: 'order_status', arguments: { order_id: 'BK-1042' }, status: 'ok', duration_ms: expect.any(Number) }],
          retrieval: [{ chunk_id: expect.stringMatching(/^chk_/), score: expect.any(Number) }],
        },
      ],
    });
    // The one LLM request the turn made is the one traced.
    expect(llm.requests).toHaveLength(1);

    // The visitor's export holds the traces, after each conversation's transitions.
    const exported = await h.withKey(key, 'GET', '/api/visitors/users/rider-7/export');
    expect(exported.status, exported.text).toBe(200);
    const [conversation] = JSON.parse(exported.text).conversations;
    expect(conversation.traces).toEqual(trace.body.turns.map(({ tool_calls, ...kept }) => kept));

    const analytics = await h.withKey<AnalyticsAnswer>(key, 'GET', '/api/agents/desk/analytics');
    expect(analytics.status, analytics.text).toBe(200);
    expect(analytics.body.cost).toEqual({ usd: CALL_COST });
    // A window without the turn costs nothing.
    const later = new Date(Date.now() + 60_000).toISOString();
    const until = new Date(Date.now() + 120_000).toISOString();
    const empty = await h.withKey<AnalyticsAnswer>(key, 'GET', `/api/agents/desk/analytics?from=${encodeURIComponent(later)}&to=${encodeURIComponent(until)}`);
    expect(empty.body.cost).toEqual({ usd: 0 });
  });
});
