import type { AnalyticsAnswer } from '@parley/contracts';
import { type FakeLlm, startFakeLlm } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { citingModel, knowledgeAgent, seedReturnsBase } from './knowledge-answers.test-kit.js';

describe('answers from knowledge: citations in replies, gaps and figures for the agent’s owners', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;

  beforeAll(async () => {
    llm = await startFakeLlm();
    llm.setHandler(citingModel);
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url });
  });
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
  });

  it('cites the passage a reply used, records a question with no passage as a gap, and counts both', async () => {
    const { tenantId, key } = await h.seedTenant('Bike shop');
    const { baseId, documentId } = await seedReturnsBase(h, tenantId);
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'helper', config: knowledgeAgent(baseId) })).status).toBe(201);
    const agent = (await h.withKey(key, 'GET', '/api/agents/helper')).body;

    const session = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agent.id });
    expect(session.status, session.text).toBe(201);
    expect(session.body).not.toHaveProperty('citations');
    const send = (content: string) => h.signed('POST', `/api/chat/sessions/${session.body.session_id}/messages`, { content });

    const answered = await send('Are returns free of charge?');
    expect(answered.status, answered.text).toBe(200);
    expect(answered.body.response).toBe('Returns are free within 30 days [1]. Send them back by post.');
    expect(answered.body.citations).toEqual([{ n: 1, document_id: documentId, title: 'Returns policy', chunk_id: expect.stringMatching(/^chk_/) }]);

    const unknown = await send('Zeppelin xylophone quasar?');
    expect(unknown.body.response).toBe('I do not know that, sorry.');
    expect(unknown.body.citations).toEqual([]);

    // The conversation keeps each answer's citations on its message.
    const whole = await h.withKey(key, 'GET', `/api/conversations/${session.body.conversation_id}`);
    expect(whole.body.messages.map((m: { role: string; citations?: unknown[] }) => [m.role, m.citations?.length])).toEqual([
      ['assistant', undefined],
      ['user', undefined],
      ['assistant', 1],
      ['user', undefined],
      ['assistant', 0],
    ]);

    const gaps = await h.withKey(key, 'GET', '/api/agents/helper/knowledge-gaps');
    expect(gaps.status, gaps.text).toBe(200);
    expect(gaps.body).toEqual({
      gaps: [{ question: 'Zeppelin xylophone quasar?', bases: [baseId], conversation_id: session.body.conversation_id, created_at: expect.any(String) }],
    });
    const later = await h.withKey(
      key,
      'GET',
      `/api/agents/helper/knowledge-gaps?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 120_000).toISOString())}`,
    );
    expect(later.body).toEqual({ gaps: [] });

    const analytics = await h.withKey<AnalyticsAnswer>(key, 'GET', '/api/agents/helper/analytics');
    expect(analytics.status, analytics.text).toBe(200);
    expect(analytics.body.knowledge).toEqual({ answers: 2, with_sources: 1, without_match: 1 });
  });

  it('lists gaps newest first, at most `limit`', async () => {
    const { tenantId, key } = await h.seedTenant('Another shop');
    const { baseId } = await seedReturnsBase(h, tenantId);
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'helper', config: knowledgeAgent(baseId) })).status).toBe(201);
    const agent = (await h.withKey(key, 'GET', '/api/agents/helper')).body;
    const session = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agent.id });
    for (const question of ['Zeppelin one?', 'Zeppelin two?', 'Zeppelin three?']) {
      expect((await h.signed('POST', `/api/chat/sessions/${session.body.session_id}/messages`, { content: question })).status).toBe(200);
    }
    const two = await h.withKey(key, 'GET', '/api/agents/helper/knowledge-gaps?limit=2');
    expect(two.body.gaps.map((g: { question: string }) => g.question)).toEqual(['Zeppelin three?', 'Zeppelin two?']);
  });
});
