import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promptAgent, type RunnerHarness, startRunnerHarness, type TurnRequest } from './runner-harness.js';

const lines = (messages: ReadonlyArray<{ role: string; content?: unknown }> | undefined) =>
  (messages ?? []).filter((message) => message.role !== 'system').map((message) => `${message.role}: ${String(message.content)}`);

/**
 * A conversation's history kept by the runner that ran its turn (docs/architecture.md "A
 * conversation's history between its turns"), over the real NATS with turns offered straight to
 * the runner, as the platform offers them.
 */
describe('runner.turn: the history a runner keeps between a conversation’s turns', () => {
  let h: RunnerHarness;

  beforeAll(async () => {
    h = await startRunnerHarness({ direct: true });
  });
  afterAll(async () => h?.stop());
  beforeEach(() => h.llm.reset());

  const turn = (agentId: string, conversationId: string, message: string, fields: Partial<TurnRequest>): TurnRequest => ({
    agentId,
    version: 1,
    conversationId,
    sessionId: 'text_kept-history',
    state: { nodeId: 'answer', collectedData: {}, visitTurns: 1 },
    message,
    history: [],
    ...fields,
  });

  it('names itself for a tagged turn; the next, sent to it with only what was stored since, prompts with the whole history', async () => {
    const agent = await h.seedAgent(promptAgent());
    const conversationId = randomUUID();
    const history = [
      { role: 'assistant' as const, content: 'Ask me anything.' },
      { role: 'user' as const, content: 'What is an MRI?' },
      { role: 'assistant' as const, content: 'A scan.' },
    ];
    const first = await h.client.request('runner.turn', turn(agent.agentId, conversationId, 'Does it hurt?', { history, historyTag: '3.3' }));
    expect(first.response).toBe('Echo: Does it hurt?');
    expect(first.keptBy).toEqual(expect.any(String));

    const added = [
      { role: 'user' as const, content: 'Does it hurt?' },
      { role: 'assistant' as const, content: 'Echo: Does it hurt?' },
    ];
    const next = await h.client.request(
      'runner.turn',
      turn(agent.agentId, conversationId, 'How long is it?', { historyTag: '4.5', historySince: { tag: '3.3', added } }),
      { preferResponder: first.keptBy as string, onlyPreferred: true },
    );
    expect(next).toMatchObject({ response: 'Echo: How long is it?', keptBy: first.keptBy });
    expect(lines(h.llm.requests[1]?.body.messages)).toEqual([
      'assistant: Ask me anything.',
      'user: What is an MRI?',
      'assistant: A scan.',
      'user: Does it hurt?',
      'assistant: Echo: Does it hurt?',
      'user: How long is it?',
    ]);
  });

  it('answers history_missing for a tag it does not keep, asking the LLM nothing', async () => {
    const agent = await h.seedAgent(promptAgent());
    const conversationId = randomUUID();
    const first = await h.client.request('runner.turn', turn(agent.agentId, conversationId, 'Hello', { historyTag: '1.1' }));
    const stale = turn(agent.agentId, conversationId, 'Again', { historySince: { tag: '0.1', added: [] } });
    await expect(h.client.request('runner.turn', stale, { preferResponder: first.keptBy as string })).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'history_missing' },
    });
    const elsewhere = turn(agent.agentId, randomUUID(), 'Again', { historySince: { tag: '1.1', added: [] } });
    await expect(h.client.request('runner.turn', elsewhere)).rejects.toMatchObject({ details: { reason: 'history_missing' } });
    expect(h.llm.requests).toHaveLength(1);
  });
});
