import { turnHistoryLimits } from '@parley/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { counterAgent, lines, promptAgent } from './fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

describe('the history a turn carries to the runner', () => {
  let h: SessionsHarness;

  beforeAll(async () => {
    h = await startSessionsHarness({ replicas: 2 });
  });
  afterAll(async () => h?.stop());
  beforeEach(() => h.llm.reset());

  const turnsOf = (conversationId: string) => h.runnerTurns.filter((turn) => turn.conversationId === conversationId);
  const replica = (index: number) => h.replicas[index]!.service.service;

  it('is the conversation so far, oldest first, on a replica that never saw the session and on one that did', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await replica(0).create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.session_id;
    // Replica 1 meets the session on its first turn; then both know it.
    await replica(1).send(id, 'first', undefined);
    await replica(1).send(id, 'second', undefined);
    await replica(0).send(id, 'third', undefined);

    const turns = turnsOf(created.conversation_id);
    expect(turns.map((turn) => lines(turn.history))).toEqual([
      [],
      ['assistant: Ask me anything.'],
      ['assistant: Ask me anything.', 'user: first', 'assistant: Echo: first'],
      ['assistant: Ask me anything.', 'user: first', 'assistant: Echo: first', 'user: second', 'assistant: Echo: second'],
    ]);
    expect(lines(h.llm.requests.at(-1)?.body.messages)).toEqual([
      'system: You are a helpful assistant.',
      ...lines(turns.at(-1)?.history),
      'user: third',
    ]);
  });

  it('is empty for an agent version without a prompt node: its turns never read the messages', async () => {
    const agent = await h.seedAgent(counterAgent);
    const created = await replica(0).create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    for (let turn = 1; turn <= 6; turn++) {
      await replica(turn % 2).send(created.session_id, `number ${turn}`, undefined);
    }
    const turns = turnsOf(created.conversation_id);
    expect(turns).toHaveLength(7);
    expect(turns.map((turn) => turn.history)).toEqual(Array.from({ length: 7 }, () => []));
    expect(h.llm.requests).toHaveLength(0);
  });

  it('keeps the newest 100 messages', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const said = ['assistant: Ask me anything.'];
    // 52 turns make 105 messages before the last turn.
    for (let turn = 1; turn <= 52; turn++) {
      await h.client.request('sessions.send', { sessionId: created.session_id, content: `message ${turn}` });
      said.push(`user: message ${turn}`, `assistant: Echo: message ${turn}`);
    }
    const last = turnsOf(created.conversation_id).at(-1);
    expect(last?.history).toHaveLength(turnHistoryLimits.messages);
    expect(lines(last?.history)).toEqual(said.slice(0, -2).slice(-turnHistoryLimits.messages));
  });

  it('keeps, newest first, only what fits its byte budget however long the messages are', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    // Long messages whose quotes double in JSON: the budget counts what goes on the bus.
    const long = (turn: number) => `${turn} ${'"'.repeat(5_000)}${'a'.repeat(4_990)}`;
    const stored = [{ role: 'assistant', content: 'Ask me anything.' }];
    for (let turn = 1; turn <= 16; turn++) {
      await h.client.request('sessions.send', { sessionId: created.session_id, content: long(turn) });
      stored.push({ role: 'user', content: long(turn) }, { role: 'assistant', content: `Echo: ${long(turn)}` });
    }
    const history = turnsOf(created.conversation_id).at(-1)?.history ?? [];
    const before = stored.slice(0, -2);
    const bytes = (messages: Array<{ content: string }>) => messages.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m.content)), 0);

    expect(history).toEqual(before.slice(-history.length));
    expect(bytes(history)).toBeLessThanOrEqual(turnHistoryLimits.jsonBytes);
    // As many as fit: one message more would not have.
    expect(bytes(before.slice(-history.length - 1))).toBeGreaterThan(turnHistoryLimits.jsonBytes);
    expect(history.length).toBeGreaterThan(0);
  });
});
