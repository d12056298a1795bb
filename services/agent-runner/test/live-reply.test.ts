import { randomUUID } from 'node:crypto';
import { type LoggedEvent, memoryLiveEventLog } from '@parley/stores';
import { startShopService, toolMessages } from '@parley/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promptAgent, type RunnerHarness, startRunnerHarness, type TurnRequest } from './runner-harness.js';

const reply = 'The scan takes about thirty minutes and does not hurt at all.';

describe('runner.turn streams replies to the live event log', () => {
  const live = memoryLiveEventLog();
  let h: RunnerHarness;

  beforeAll(async () => {
    h = await startRunnerHarness({ live, tools: { allowPrivate: true } });
  });
  afterAll(async () => h?.stop());
  beforeEach(() => h.llm.reset());

  const answerTurn = (agentId: string, replyMessageIds?: string[]): TurnRequest => ({
    agentId,
    version: 1,
    conversationId: randomUUID(),
    sessionId: 'text_live-test',
    state: { nodeId: 'hello', collectedData: {}, visitTurns: 0 },
    message: 'Does an MRI hurt?',
    history: [{ role: 'assistant', content: 'Ask me anything.' }],
    ...(replyMessageIds ? { replyMessageIds } : {}),
  });

  const deltasOf = (events: LoggedEvent[]) => events.filter((e) => e.event === 'delta').map((e) => e.data as { message_id: string; text: string });

  it('announces typing once, then the reply in order under the id the caller will store it under', async () => {
    const agent = await h.seedAgent(promptAgent());
    h.llm.setHandler(() => ({ content: reply, chunkDelayMs: 70 }));
    const ids = [randomUUID(), randomUUID()];
    const request = answerTurn(agent.agentId, ids);
    const outcome = await h.client.request('runner.turn', request);

    const { events } = await live.readAfter(request.conversationId, undefined);
    expect(events[0]).toMatchObject({ event: 'status', data: { state: 'typing' } });
    expect(events.filter((e) => e.event === 'status')).toHaveLength(1);
    const deltas = deltasOf(events);
    // Chunks 70 ms apart: each one reaches clients while the reply is still being produced.
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.every((d) => d.message_id === ids[0])).toBe(true);
    expect(deltas.map((d) => d.text).join('')).toBe(reply);
    expect(outcome.response).toBe(reply);
    expect(outcome.said).toEqual([{ nodeId: 'answer', text: reply, messageId: ids[0] }]);
  });

  it('coalesces pieces that come faster than the interval into fewer events', async () => {
    const agent = await h.seedAgent(promptAgent());
    h.llm.setHandler(() => ({ content: reply, chunkDelayMs: 0 }));
    const request = answerTurn(agent.agentId, [randomUUID()]);
    await h.client.request('runner.turn', request);
    const deltas = deltasOf((await live.readAfter(request.conversationId, undefined)).events);
    const chunks = reply.split(' ').length;
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(chunks);
    expect(deltas.map((d) => d.text).join('')).toBe(reply);
  });

  it('writes nothing when the caller gave no ids (nobody watches), and static text is never streamed', async () => {
    const agent = await h.seedAgent(promptAgent());
    const quiet = answerTurn(agent.agentId);
    const outcome = await h.client.request('runner.turn', quiet);
    expect(outcome.said[0]?.messageId).toBeUndefined();
    expect((await live.readAfter(quiet.conversationId, undefined)).events).toEqual([]);

    const start: TurnRequest = { ...answerTurn(agent.agentId, [randomUUID()]), state: null, message: null, history: [] };
    const started = await h.client.request('runner.turn', start);
    expect(started.said).toEqual([{ nodeId: 'hello', text: 'Ask me anything.' }]);
    expect((await live.readAfter(start.conversationId, undefined)).events).toEqual([]);
  });

  it('while the model’s tool calls run, live clients hear the agent is working; its text after them says typing again', async () => {
    const shop = await startShopService();
    try {
      const agent = await h.seedAgent({
        tools: [
          {
            name: 'order_status',
            http: { url: `${shop.url}/api/orders/{{args.order_id}}` },
            parameters: { type: 'object', properties: { order_id: { type: 'string' } } },
          },
        ],
        workflow: { initial_node: 'hello', nodes: [{ id: 'hello', name: 'Hello', prompt: 'You look orders up.', tools: ['order_status'] }] },
      });
      h.llm.setHandler((req) =>
        toolMessages(req).length === 0
          ? { content: 'Let me look.', toolCalls: [{ name: 'order_status', arguments: { order_id: 'BK-1042' } }] }
          : { content: 'It has shipped.' },
      );
      const request = answerTurn(agent.agentId, [randomUUID()]);
      const outcome = await h.client.request('runner.turn', request);
      expect(outcome.response).toBe('Let me look.\n\nIt has shipped.');
      const { events } = await live.readAfter(request.conversationId, undefined);
      const told = events.map((e) => (e.event === 'status' ? (e.data as { state: string }).state : e.event));
      // Typing the first words, working while the call runs, typing again for the answer.
      expect(told.filter((e) => e !== 'delta')).toEqual(['typing', 'thinking', 'typing']);
      expect(told.indexOf('thinking')).toBeGreaterThan(told.indexOf('delta'));
      expect(
        deltasOf(events)
          .map((d) => d.text)
          .join(''),
      ).toBe('Let me look.\n\nIt has shipped.');
    } finally {
      await shop.close();
    }
  });
});
