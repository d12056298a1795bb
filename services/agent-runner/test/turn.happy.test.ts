import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promptAgent, type RunnerHarness, startRunnerHarness, type TurnRequest } from './runner-harness.js';

const lines = (messages: ReadonlyArray<{ role: string; content?: unknown }> | undefined) =>
  (messages ?? []).map((message) => `${message.role}: ${String(message.content)}`);

describe('runner.turn', () => {
  let h: RunnerHarness;

  beforeAll(async () => {
    h = await startRunnerHarness();
  });
  afterAll(async () => h?.stop());
  beforeEach(() => h.llm.reset());

  const turn = (agentId: string, fields: Pick<TurnRequest, 'state' | 'message' | 'history'>): TurnRequest => ({
    agentId,
    version: 1,
    conversationId: randomUUID(),
    sessionId: 'text_runner-test',
    ...fields,
  });

  it('gives a prompt node the history that came with the turn, then the message', async () => {
    const agent = await h.seedAgent(promptAgent());
    const history = [
      { role: 'assistant' as const, content: 'Ask me anything.' },
      { role: 'user' as const, content: 'What is an MRI?' },
      { role: 'assistant' as const, content: 'A scan.' },
    ];
    const outcome = await h.client.request(
      'runner.turn',
      turn(agent.agentId, { state: { nodeId: 'answer', collectedData: {}, visitTurns: 1 }, message: 'Does it hurt?', history }),
    );

    expect(outcome).toMatchObject({ response: 'Echo: Does it hurt?', status: 'active', state: { nodeId: 'answer', visitTurns: 2 } });
    expect(h.llm.requests).toHaveLength(1);
    expect(lines(h.llm.requests[0]?.body.messages)).toEqual([
      'system: You are a helpful assistant.',
      'assistant: Ask me anything.',
      'user: What is an MRI?',
      'assistant: A scan.',
      'user: Does it hurt?',
    ]);
    expect(h.llm.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2 });
  });

  it('starts a session and follows a transition into a prompt node, with no history but the turn itself', async () => {
    const agent = await h.seedAgent(promptAgent());
    const started = await h.client.request('runner.turn', turn(agent.agentId, { state: null, message: null, history: [] }));
    expect(started).toMatchObject({ response: 'Ask me anything.', state: { nodeId: 'hello' }, nodeName: 'Hello', previousNodeId: 'hello' });
    expect(h.llm.requests).toHaveLength(0);

    const answered = await h.client.request(
      'runner.turn',
      turn(agent.agentId, { state: started.state, message: 'Hi', history: [{ role: 'assistant', content: 'Ask me anything.' }] }),
    );
    expect(answered).toMatchObject({ response: 'Echo: Hi', previousNodeId: 'hello', nodeName: 'Answer' });
    expect(answered.transitions).toEqual([
      { from_node: 'hello', from_node_name: 'Hello', to_node: 'answer', to_node_name: 'Answer', condition: 'user_responded' },
    ]);
    expect(lines(h.llm.requests[0]?.body.messages)).toEqual(['system: You are a helpful assistant.', 'assistant: Ask me anything.', 'user: Hi']);
  });
});
