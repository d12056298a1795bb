import { sha256Hex } from '@parley/auth';
import type { Citation, TurnOutcome } from '@parley/contracts';
import { connectRedis, redisLiveEventLog } from '@parley/stores';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptAgent } from './fixtures.js';
import { seedLink } from './public-links-fixtures.js';
import { type RunnerTurnRequest, type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

const RETURNS: Citation = { n: 1, document_id: 'doc_returns0001', title: 'Returns policy', url: 'https://shop.example/returns', chunk_id: 'chk_returns01' };
const SHIPPING: Citation = { n: 2, document_id: 'doc_shipping001', title: 'Shipping', chunk_id: 'chk_shipping1' };
const BASES = ['kb_faq00000001', 'Shipping'];

/**
 * What a runner answers for an agent whose `answer` node has knowledge: a message about returns
 * is answered from two passages and followed by a closing line of another node; one about Mars
 * finds no passage (a gap); "thanks" is answered by a node without knowledge.
 */
async function runnerAnswer(request: RunnerTurnRequest): Promise<TurnOutcome> {
  const common = { extractedVariables: null, status: 'active' as const, llmLatencyMs: 3, transitions: [], nodeName: 'Answer', previousNodeName: 'Answer' };
  if (request.state === null) {
    return {
      ...common,
      state: { nodeId: 'answer', collectedData: {}, visitTurns: 0 },
      said: [{ nodeId: 'hello', text: 'Ask me anything.' }],
      response: 'Ask me anything.',
      previousNodeId: 'hello',
    };
  }
  const message = request.message ?? '';
  const turn = { ...common, state: { nodeId: 'answer', collectedData: {}, visitTurns: request.state.visitTurns + 1 }, previousNodeId: 'answer' };
  if (message.includes('return')) {
    const said = [
      { nodeId: 'answer', text: 'Returns are free within 30 days [1], sent by post [2].' },
      { nodeId: 'more', text: 'Anything else?' },
    ];
    return { ...turn, said, response: said.map((s) => s.text).join('\n\n'), knowledge: { citations: [RETURNS, SHIPPING] } };
  }
  if (message.includes('Mars')) {
    const said = [{ nodeId: 'answer', text: 'I do not know.' }];
    return { ...turn, said, response: 'I do not know.', knowledge: { citations: [], gap: { question: message, bases: BASES } } };
  }
  return { ...turn, said: [{ nodeId: 'answer', text: 'You are welcome.' }], response: 'You are welcome.' };
}

describe('answers from knowledge: citations in replies and transcripts, questions without a match as gaps', () => {
  let h: SessionsHarness;
  let redis: Redis;

  beforeAll(async () => {
    h = await startSessionsHarness({
      replicas: 1,
      runner: runnerAnswer,
      live: async (ctx) => {
        redis = await connectRedis(ctx.redisUrl);
        return redisLiveEventLog(redis, ctx.redisPrefix);
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
    redis?.disconnect();
  });

  const detail = (tenantId: string, conversationId: string) =>
    h.client.request('sessions.conversations.get', { tenantId, conversationId, reader: { sees: 'all' } });
  const gapRows = async (conversationId: string) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM knowledge_gaps WHERE conversation_id = ${conversationId}`.execute(h.ctx.db)).rows[0]?.n);
  const window = () => ({ from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  it('carries the citations in the Text Chat API reply (`[]` without a match, none without knowledge) and keeps them on the answer that cited them', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created).not.toHaveProperty('citations');
    const returns = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'How do returns work?', idempotencyKey: 'ret-1' });
    expect(returns.citations).toEqual([RETURNS, SHIPPING]);
    const mars = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'Do you ship to Mars?' });
    expect(mars.citations).toEqual([]);
    const thanks = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'thanks' });
    expect(thanks).not.toHaveProperty('citations');
    // A retry answers the first reply, its citations with it.
    expect(await h.client.request('sessions.send', { sessionId: created.session_id, content: 'How do returns work?', idempotencyKey: 'ret-1' })).toEqual(
      returns,
    );

    const whole = await detail(agent.tenantId, created.conversation_id);
    expect(whole.messages.map((m) => [m.role, m.content, m.citations])).toEqual([
      ['assistant', 'Ask me anything.', undefined],
      ['user', 'How do returns work?', undefined],
      // The answer carries the markers; the closing line after it is no answer from knowledge.
      ['assistant', 'Returns are free within 30 days [1], sent by post [2].', [RETURNS, SHIPPING]],
      ['assistant', 'Anything else?', undefined],
      ['user', 'Do you ship to Mars?', undefined],
      ['assistant', 'I do not know.', []],
      ['user', 'thanks', undefined],
      ['assistant', 'You are welcome.', undefined],
    ]);

    // The question without a match is a gap of the agent's; the figures count the answers.
    const { gaps } = await h.client.request('sessions.knowledge-gaps', { tenantId: agent.tenantId, agentId: agent.agentId, ...window(), limit: 10 });
    expect(gaps).toEqual([{ question: 'Do you ship to Mars?', bases: BASES, conversation_id: created.conversation_id, created_at: expect.any(String) }]);
    expect(await h.client.request('sessions.knowledge-activity', { tenantId: agent.tenantId, agentId: agent.agentId, ...window() })).toEqual({
      answers: 2,
      with_sources: 1,
      without_match: 1,
    });
  });

  it('shows a visitor the citations in the reply, the history and the live message, and never the gaps', async () => {
    const link = await seedLink(h, promptAgent);
    const access = await link.access();
    const first = await h.client.request('sessions.public-send', { link: access, content: 'Can I return shoes?' });
    expect(first.citations).toEqual([RETURNS, SHIPPING]);
    const credentialHash = sha256Hex(first.session as string);
    const second = await h.client.request('sessions.public-send', { link: access, content: 'thanks', credentialHash });
    expect(second).not.toHaveProperty('citations');

    const history = await h.client.request('sessions.public-history', { linkId: link.linkId, credentialHash });
    const answer = history.messages.find((m) => m.content.startsWith('Returns are free'));
    expect(answer?.citations).toEqual([RETURNS, SHIPPING]);
    expect(history.messages.filter((m) => m.citations !== undefined)).toHaveLength(1);

    const live = redisLiveEventLog(redis, h.ctx.redisPrefix);
    try {
      const { events } = await live.readAfter(first.conversation_id, undefined);
      const shown = events.filter((e) => e.event === 'message').map((e) => e.data as { content: string; citations?: Citation[] });
      expect(shown.map((m) => [m.content, m.citations])).toEqual(history.messages.map((m) => [m.content, m.citations]));
    } finally {
      await live.close();
    }
  });

  it('lists an agent’s gaps newest first within the window and the limit, and no other agent’s', async () => {
    const agent = await h.seedAgent(promptAgent);
    const other = await h.seedAgent(promptAgent);
    const from = new Date(Date.now() - 60_000).toISOString();
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    for (const question of ['Do you ship to Mars?', 'Is Mars far?', 'Mars again?']) {
      await h.client.request('sessions.send', { sessionId: created.session_id, content: question });
    }
    const elsewhere = await h.client.request('sessions.create', { tenant_id: other.tenantId, agent_id: other.agentId });
    await h.client.request('sessions.send', { sessionId: elsewhere.session_id, content: 'Mars, elsewhere?' });
    const to = new Date(Date.now() + 60_000).toISOString();

    const all = await h.client.request('sessions.knowledge-gaps', { tenantId: agent.tenantId, agentId: agent.agentId, from, to, limit: 10 });
    expect(all.gaps.map((g) => g.question)).toEqual(['Mars again?', 'Is Mars far?', 'Do you ship to Mars?']);
    const two = await h.client.request('sessions.knowledge-gaps', { tenantId: agent.tenantId, agentId: agent.agentId, from, to, limit: 2 });
    expect(two.gaps.map((g) => g.question)).toEqual(['Mars again?', 'Is Mars far?']);
    const before = await h.client.request('sessions.knowledge-gaps', {
      tenantId: agent.tenantId,
      agentId: agent.agentId,
      from: '2020-01-01T00:00:00Z',
      to: from,
      limit: 10,
    });
    expect(before.gaps).toEqual([]);
    // Another tenant's agent id is not this tenant's.
    const foreign = await h.client.request('sessions.knowledge-gaps', { tenantId: other.tenantId, agentId: agent.agentId, from, to, limit: 10 });
    expect(foreign.gaps).toEqual([]);
  });

  it('exports the citations and gaps with the visitor’s data, and erases them with the conversation (both ways) and with retention', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { user_id: 'user-7' } });
    await h.client.request('sessions.send', { sessionId: created.session_id, content: 'returns?' });
    await h.client.request('sessions.send', { sessionId: created.session_id, content: 'Mars?' });

    const { conversations } = await h.client.request('sessions.privacy.conversations', {
      tenantId: agent.tenantId,
      visitor: { userId: 'user-7' },
      linkIds: [],
      onlyLinks: false,
      after: null,
      limit: 10,
    });
    expect(conversations.map((c) => c.knowledge_gaps)).toEqual([[{ question: 'Mars?', bases: BASES, created_at: expect.any(String) }]]);
    const { messages } = await h.client.request('sessions.privacy.messages', {
      tenantId: agent.tenantId,
      conversationId: created.conversation_id,
      after: null,
      limit: 100,
    });
    expect(messages.filter((m) => m.citations !== undefined).map((m) => [m.content, m.citations])).toEqual([
      ['Returns are free within 30 days [1], sent by post [2].', [RETURNS, SHIPPING]],
      ['I do not know.', []],
    ]);

    await h.client.request('sessions.privacy.erase-visitor', { tenantId: agent.tenantId, visitor: { userId: 'user-7' }, linkIds: [] });
    expect(await gapRows(created.conversation_id)).toBe(0);
    expect(await h.client.request('sessions.knowledge-activity', { tenantId: agent.tenantId, agentId: agent.agentId, ...window() })).toEqual({
      answers: 0,
      with_sources: 0,
      without_match: 0,
    });

    // A visitor erasing their own conversation takes its gaps along.
    const link = await seedLink(h, promptAgent);
    const started = await h.client.request('sessions.public-send', { link: await link.access(), content: 'Mars, maybe?' });
    expect(await gapRows(started.conversation_id)).toBe(1);
    await h.client.request('sessions.privacy.erase-session', { linkId: link.linkId, credentialHash: sha256Hex(started.session as string) });
    expect(await gapRows(started.conversation_id)).toBe(0);

    // Retention purges an ended conversation's gaps with its messages.
    const ended = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    await h.client.request('sessions.send', { sessionId: ended.session_id, content: 'Mars at last?' });
    await h.client.request('sessions.end', { sessionId: ended.session_id });
    expect(await gapRows(ended.conversation_id)).toBe(1);
    await sql`UPDATE text_conversations SET ended_at = now() - interval '40 days' WHERE id = ${ended.conversation_id}`.execute(h.ctx.db);
    await h.client.request('sessions.purge-ended', { olderThanDays: 30, limit: 100 });
    expect(await gapRows(ended.conversation_id)).toBe(0);
  });
});
