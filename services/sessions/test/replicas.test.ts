import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { counterAgent, lines, promptAgent } from './fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

/** Enough turns that both replicas serve several of them (NATS picks one at random per request). */
const TURNS = 16;

describe('two sessions replicas behind one queue group', () => {
  let h: SessionsHarness;

  beforeAll(async () => {
    h = await startSessionsHarness({ replicas: 2 });
  });
  afterAll(async () => h?.stop());
  beforeEach(() => {
    h.llm.reset();
    for (const replica of h.replicas) replica.sends = 0;
  });

  it('ask the LLM exactly once per turn, with the conversation so far, whichever replica takes the turn', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const conversation = ['assistant: Ask me anything.'];
    for (let turn = 1; turn <= TURNS; turn++) {
      const asked = h.llm.requests.length;
      const reply = await h.client.request('sessions.send', { sessionId: created.session_id, content: `question ${turn}` });
      expect(reply).toMatchObject({ response: `Echo: question ${turn}`, turn_number: turn });
      expect(h.llm.requests.length, `completions asked for turn ${turn}`).toBe(asked + 1);
      conversation.push(`user: question ${turn}`);
      expect(lines(h.llm.requests.at(-1)?.body.messages)).toEqual(['system: You are a helpful assistant.', ...conversation]);
      conversation.push(`assistant: Echo: question ${turn}`);
    }
    expect(h.llm.requests).toHaveLength(TURNS);
    expect(h.replicas.map((replica) => replica.sends > 0)).toEqual([true, true]);
  });

  it('keep one consistent conversation when turns alternate between them', async () => {
    const agent = await h.seedAgent(counterAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    for (let turn = 1; turn <= TURNS; turn++) {
      const reply = await h.client.request('sessions.send', { sessionId: created.session_id, content: `number ${turn}` });
      expect(reply).toMatchObject({ response: 'Go on.', turn_number: turn, extracted_variables: { last: String(turn) } });
    }
    const status = await h.client.request('sessions.status', { sessionId: created.session_id });
    expect(status).toMatchObject({ turns: TURNS, transition_count: TURNS, collected_data: { last: String(TURNS) } });
    expect(h.replicas.map((replica) => replica.sends > 0)).toEqual([true, true]);
  });

  it('refuse a message on a session the other replica ended', async () => {
    const agent = await h.seedAgent(counterAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const sessionId = created.session_id;
    // Both replicas have met the session before one of them ends it.
    for (const replica of h.replicas) await replica.service.service.send(sessionId, 'hello', undefined);
    await h.replicas[0]!.service.service.end(sessionId);
    for (const replica of h.replicas) {
      await expect(replica.service.service.send(sessionId, 'still there?', undefined)).rejects.toMatchObject({ code: 'gone' });
    }
    await expect(h.client.request('sessions.send', { sessionId, content: 'still there?' })).rejects.toMatchObject({ code: 'gone' });
    expect((await h.client.request('sessions.status', { sessionId })).turns).toBe(2);
  });
});
