import { randomUUID } from 'node:crypto';
import { AppError } from '@parley/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promptAgent, type RunnerHarness, startRunnerHarness, type TurnRequest } from './runner-harness.js';

describe('runner.turn when something fails', () => {
  let h: RunnerHarness;

  beforeAll(async () => {
    h = await startRunnerHarness();
  });
  afterAll(async () => h?.stop());
  beforeEach(() => h.llm.reset());

  const answerTurn = (agentId: string, version = 1): TurnRequest => ({
    agentId,
    version,
    conversationId: randomUUID(),
    sessionId: 'text_runner-test',
    state: { nodeId: 'answer', collectedData: {}, visitTurns: 1 },
    message: 'Anyone there?',
    history: [{ role: 'assistant', content: 'Ask me anything.' }],
  });

  it('says the fallback_text when the LLM fails', async () => {
    h.llm.setHandler(() => ({ status: 500 }));
    const agent = await h.seedAgent(promptAgent('Sorry, I cannot answer right now.'));
    const outcome = await h.client.request('runner.turn', answerTurn(agent.agentId));
    expect(outcome).toMatchObject({ response: 'Sorry, I cannot answer right now.', status: 'active', state: { nodeId: 'answer' } });
    expect(h.llm.requests.length).toBeGreaterThan(0);
  });

  it('fails as unavailable, reason llm, when the LLM fails and the node has no fallback_text', async () => {
    h.llm.setHandler(() => ({ status: 503 }));
    const agent = await h.seedAgent(promptAgent());
    const failure = await h.client.request('runner.turn', answerTurn(agent.agentId)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'unavailable', details: { reason: 'llm' } });
  });

  it('fails as not_found for a version that does not exist, and runs it once it does', async () => {
    const agent = await h.seedAgent(promptAgent());
    await expect(h.client.request('runner.turn', answerTurn(agent.agentId, 2))).rejects.toMatchObject({ code: 'not_found' });
    // The failed lookup is not remembered: the version saved since is found.
    await h.client.request('links.agents.create-version', { tenantId: agent.tenantId, name: agent.name, config: promptAgent('Version two.') });
    h.llm.setHandler(() => ({ status: 500 }));
    await expect(h.client.request('runner.turn', answerTurn(agent.agentId, 2))).resolves.toMatchObject({ response: 'Version two.' });
  });
});
