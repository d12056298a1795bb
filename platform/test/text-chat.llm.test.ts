import { byPurpose, failTimes, replyWith } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './platform-harness.js';

const promptAgent = (fallback?: string) => ({
  llm: { model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 50 },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me anything.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      {
        id: 'answer',
        name: 'Answer',
        prompt: 'You are a helpful assistant.',
        ...(fallback ? { fallback_text: fallback } : {}),
        transitions: [{ to: 'bye', condition: 'contains:bye' }],
      },
      { id: 'bye', name: 'Bye', type: 'end', static_text: 'Bye!' },
    ],
  },
});

describe('Text Chat API with an LLM', () => {
  let h: TestPlatform;

  beforeAll(async () => {
    h = await startTestPlatform({ LLM_MAX_RETRIES: '1' });
  });
  afterAll(async () => h?.stop());

  it('latency_ms is the LLM time of the turn, and the reply carries the config settings', async () => {
    h.llm.setHandler(byPurpose({ reply: replyWith({ content: 'Slow but sure.', delayMs: 300 }) }));
    const agent = await h.seedAgent(promptAgent(), 'slow');
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const reply = await h.chat.send(created.body.session_id, 'What is an MRI?');
    expect(reply.status).toBe(200);
    expect(reply.body.response).toBe('Slow but sure.');
    expect(reply.body.latency_ms).toBeGreaterThanOrEqual(300);
    expect(reply.body.latency_ms).toBeLessThan(5_000);
    const call = h.llm.requests.at(-1);
    expect(call?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 50 });
    // Nobody watches a Text Chat API conversation live: its replies are asked for whole, not streamed.
    expect(call?.body).not.toHaveProperty('stream');
    expect(call?.body.messages?.at(-1)).toMatchObject({ role: 'user', content: 'What is an MRI?' });
  });

  it('retries a 429 and answers', async () => {
    h.llm.setHandler(failTimes(1, 429, { headers: { 'retry-after': '0' }, after: byPurpose({ reply: replyWith('After a retry.') }) }));
    const agent = await h.seedAgent(promptAgent(), 'retry');
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const reply = await h.chat.send(created.body.session_id, 'hello');
    expect(reply.status).toBe(200);
    expect(reply.body.response).toBe('After a retry.');
  });

  it('without fallback_text the turn fails with 503, the message is kept as failed and the session stays where it was', async () => {
    h.llm.setHandler(() => ({ status: 503 }));
    const agent = await h.seedAgent(promptAgent(), 'no-fallback');
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    const failed = await h.chat.send(id, 'are you there?');
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('unavailable');
    expect(failed.headers.get('retry-after')).not.toBeNull();

    const status = await h.chat.status(id);
    expect(status.body).toMatchObject({ node_id: 'hello', turns: 0, transition_count: 0, status: 'active' });
    const stored = await sql<{ role: string; content: string; status: string }>`
      SELECT m.role, m.content, m.status FROM text_conversation_messages m
      JOIN text_conversations c ON c.id = m.conversation_id WHERE c.session_id = ${id} ORDER BY m.sequence`.execute(h.ctx.db);
    expect(stored.rows).toEqual([
      { role: 'assistant', content: 'Ask me anything.', status: 'ok' },
      { role: 'user', content: 'are you there?', status: 'failed' },
    ]);

    h.llm.setHandler(byPurpose({ reply: replyWith('Back again.') }));
    const retried = await h.chat.send(id, 'are you there?');
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ response: 'Back again.', turn_number: 1 });
  });
});
