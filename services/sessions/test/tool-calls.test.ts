import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex } from '@parley/auth';
import { AppError, type ToolCallRecord, type TurnOutcome } from '@parley/contracts';
import { connectRedis, redisLiveEventLog } from '@parley/stores';
import { waitFor } from '@parley/testing';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, promptAgent } from './fixtures.js';
import { refusal, seedLink } from './public-links-fixtures.js';
import { type RunnerTurnRequest, type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

/**
 * What a runner answers for the prompt agent, with the tool calls a message asks for: the start
 * looks the visitor up; a message naming an order (`BK-…`) has its status and carrier looked up,
 * each taking the milliseconds the message says (`in 120ms`) and ending as it says (`carrier
 * timeout`). The first offer of a message saying "lose me" is lost, as a runner dying would lose it;
 * the first offer of a message `held` names waits until the test lets it go.
 */
function runnerAnswer(lost: Set<string>, held: Map<string, Promise<void>>) {
  return async (request: RunnerTurnRequest): Promise<TurnOutcome> => {
    const hold = held.get(request.message ?? '');
    if (hold) {
      held.delete(request.message ?? '');
      await hold;
    }
    const common = { extractedVariables: null, status: 'active' as const, llmLatencyMs: 3 };
    if (request.state === null) {
      const said = 'Ask me anything.';
      return {
        ...common,
        state: { nodeId: 'hello', collectedData: {}, visitTurns: 0 },
        said: [{ nodeId: 'hello', text: said }],
        response: said,
        transitions: [],
        nodeName: 'Hello',
        previousNodeId: 'hello',
        previousNodeName: 'Hello',
        toolCalls: [{ tool: 'crm.find_customer', arguments: { channel: 'web' }, status: 'ok', duration_ms: 12, node_id: 'hello', result: { customer: 'Ada' } }],
      };
    }
    const message = request.message ?? '';
    if (message.includes('lose me') && request.turnKey && !lost.has(request.turnKey)) {
      lost.add(request.turnKey);
      throw new AppError('unavailable', 'the runner went away', { details: { reason: 'runner_lost' } });
    }
    const order = /BK-\d+/.exec(message)?.[0];
    const duration = Number(/in (\d+)ms/.exec(message)?.[1] ?? 40);
    const toolCalls: ToolCallRecord[] = order
      ? [
          { tool: 'order_status', arguments: { order_id: order }, status: 'ok', duration_ms: duration, node_id: 'answer', result: { status: 'shipped' } },
          message.includes('carrier timeout')
            ? { tool: 'carrier', arguments: { order_id: order }, status: 'timeout', duration_ms: 5_000, node_id: 'answer', error: 'no answer within 5000 ms' }
            : { tool: 'carrier', arguments: { order_id: order }, status: 'ok', duration_ms: 20, node_id: 'answer', result: { carrier: 'DHL' } },
        ]
      : [];
    const said = order ? `${order} has shipped.` : 'Noted.';
    const entering = request.state.nodeId === 'hello';
    return {
      ...common,
      state: { nodeId: 'answer', collectedData: {}, visitTurns: entering ? 0 : request.state.visitTurns + 1 },
      said: [{ nodeId: 'answer', text: said }],
      response: said,
      transitions: entering ? [{ from_node: 'hello', from_node_name: 'Hello', to_node: 'answer', to_node_name: 'Answer', condition: 'user_responded' }] : [],
      nodeName: 'Answer',
      previousNodeId: request.state.nodeId,
      previousNodeName: entering ? 'Hello' : 'Answer',
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    };
  };
}

describe('tool calls a turn made, in its reply and its transcript', () => {
  let h: SessionsHarness;
  let redis: Redis;
  const held = new Map<string, Promise<void>>();

  beforeAll(async () => {
    h = await startSessionsHarness({
      replicas: 1,
      runner: runnerAnswer(new Set(), held),
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

  const turnsOf = (conversationId: string) => h.runnerTurns.filter((turn) => turn.conversationId === conversationId);
  const detail = (tenantId: string, conversationId: string) =>
    h.client.request('sessions.conversations.get', { tenantId, conversationId, reader: { sees: 'all' } });
  const storedRows = async (conversationId: string) =>
    Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM text_conversation_messages WHERE conversation_id = ${conversationId}`.execute(h.ctx.db)).rows[0]?.n,
    );

  it('reports each turn’s calls in its reply (none: an empty list) and keeps each with its result between what was said', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.tool_calls).toEqual([{ tool: 'crm.find_customer', arguments: { channel: 'web' }, status: 'ok', duration_ms: 12 }]);
    const asked = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'Where is BK-20417? carrier timeout' });
    // The reply tells what was called and how it went, never what a tool answered.
    expect(asked.tool_calls).toEqual([
      { tool: 'order_status', arguments: { order_id: 'BK-20417' }, status: 'ok', duration_ms: 40 },
      { tool: 'carrier', arguments: { order_id: 'BK-20417' }, status: 'timeout', duration_ms: 5_000 },
    ]);
    const thanks = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'thanks' });
    expect(thanks).toMatchObject({ response: 'Noted.', tool_calls: [] });

    const whole = await detail(agent.tenantId, created.conversation_id);
    expect(lines(whole.messages)).toEqual([
      'tool: crm.find_customer → ok',
      'assistant: Ask me anything.',
      'user: Where is BK-20417? carrier timeout',
      'tool: order_status → ok',
      'tool: carrier → timeout',
      'assistant: BK-20417 has shipped.',
      'user: thanks',
      'assistant: Noted.',
    ]);
    const tools = whole.messages.filter((m) => m.role === 'tool');
    expect(tools.map((m) => [m.turn_number, m.node_id, m.tool_call])).toEqual([
      [0, 'hello', { tool: 'crm.find_customer', arguments: { channel: 'web' }, status: 'ok', duration_ms: 12, result: { customer: 'Ada' } }],
      [1, 'answer', { tool: 'order_status', arguments: { order_id: 'BK-20417' }, status: 'ok', duration_ms: 40, result: { status: 'shipped' } }],
      [1, 'answer', { tool: 'carrier', arguments: { order_id: 'BK-20417' }, status: 'timeout', duration_ms: 5_000, error: 'no answer within 5000 ms' }],
    ]);
    expect(whole.messages.filter((m) => m.role !== 'tool').every((m) => m.tool_call === undefined)).toBe(true);

    // The runner was told whose tools these are, and each turn's own key: the start's, then each message's id.
    const turns = turnsOf(created.conversation_id);
    const userIds = whole.messages.filter((m) => m.role === 'user').map((m) => m.id);
    expect(turns.map((t) => [t.turnKey, t.tenantId])).toEqual([
      [`${created.conversation_id}:start`, agent.tenantId],
      [userIds[0], agent.tenantId],
      [userIds[1], agent.tenantId],
    ]);
    // The prompt reads what was said, never a call.
    expect(lines(turns[2]?.history)).toEqual(['assistant: Ask me anything.', 'user: Where is BK-20417? carrier timeout', 'assistant: BK-20417 has shipped.']);
  });

  it('offers a lost turn again under the same key, and replays a retried message with its calls', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const reply = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'BK-7, lose me', idempotencyKey: 'retry-1' });
    expect(reply.tool_calls.map((c) => c.tool)).toEqual(['order_status', 'carrier']);
    const offers = turnsOf(created.conversation_id).filter((t) => t.message === 'BK-7, lose me');
    expect(offers.length).toBeGreaterThanOrEqual(2);
    const whole = await detail(agent.tenantId, created.conversation_id);
    const userId = whole.messages.find((m) => m.role === 'user')?.id;
    expect(new Set(offers.map((t) => t.turnKey))).toEqual(new Set([userId]));
    // Once committed, the same request answers the same reply and runs nothing again.
    const again = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'BK-7, lose me', idempotencyKey: 'retry-1' });
    expect(again).toEqual(reply);
    expect(turnsOf(created.conversation_id).filter((t) => t.message === 'BK-7, lose me')).toHaveLength(offers.length);
    expect(lines((await detail(agent.tenantId, created.conversation_id)).messages).filter((l) => l.startsWith('tool:'))).toHaveLength(3);
  });

  it('computes a turn again under a key of its own when another message moved the conversation on meanwhile', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    let release = () => {};
    held.set('BK-11, slowly', new Promise<void>((resolve) => (release = resolve)));
    const slow = h.client.request('sessions.send', { sessionId: created.session_id, content: 'BK-11, slowly' });
    await waitFor(() => turnsOf(created.conversation_id).some((t) => t.message === 'BK-11, slowly'), { timeoutMs: 5_000 });
    const fast = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'BK-12' });
    release();
    const late = await slow;
    expect([fast.turn_number, late.turn_number]).toEqual([1, 2]);
    // Its first computation committed nothing (the conversation had moved on): the second is another, with calls of its own.
    const whole = await detail(agent.tenantId, created.conversation_id);
    const slowId = whole.messages.find((m) => m.content === 'BK-11, slowly')?.id;
    expect(
      turnsOf(created.conversation_id)
        .filter((t) => t.message === 'BK-11, slowly')
        .map((t) => t.turnKey),
    ).toEqual([slowId, `${slowId}:2`]);
    expect(lines(whole.messages).slice(2)).toEqual([
      'user: BK-12',
      'tool: order_status → ok',
      'tool: carrier → ok',
      'assistant: BK-12 has shipped.',
      'user: BK-11, slowly',
      'tool: order_status → ok',
      'tool: carrier → ok',
      'assistant: BK-11 has shipped.',
    ]);
  });

  it('never shows a visitor a call: not in the history, the live events, messages.stored, nor as a message to rate', async () => {
    const seen: Array<{ conversationId: string; messageId: string; role: string }> = [];
    const consumer = h.client.consume('events.message.stored', 'tool-calls-test', async (event) => {
      for (const message of event.messages) seen.push({ conversationId: event.conversationId, ...message });
    });
    try {
      const link = await seedLink(h, promptAgent);
      const access = await link.access();
      const first = await h.client.request('sessions.public-send', { link: access, content: 'Where is BK-31?' });
      expect(first.tool_calls).toEqual([
        { tool: 'order_status', arguments: { order_id: 'BK-31' }, status: 'ok', duration_ms: 40 },
        { tool: 'carrier', arguments: { order_id: 'BK-31' }, status: 'ok', duration_ms: 20 },
      ]);
      const credentialHash = sha256Hex(first.session as string);
      const second = await h.client.request('sessions.public-send', { link: access, content: 'ok', credentialHash });
      expect(second.tool_calls).toEqual([]);

      const history = await h.client.request('sessions.public-history', { linkId: link.linkId, credentialHash });
      expect(lines(history.messages)).toEqual([
        'assistant: Ask me anything.',
        'user: Where is BK-31?',
        'assistant: BK-31 has shipped.',
        'user: ok',
        'assistant: Noted.',
      ]);

      const live = redisLiveEventLog(redis, h.ctx.redisPrefix);
      try {
        const { events } = await live.readAfter(first.conversation_id, undefined);
        const shown = events.filter((e) => e.event === 'message').map((e) => e.data as { id: string; role: string; content: string });
        expect(lines(shown)).toEqual(lines(history.messages));
      } finally {
        await live.close();
      }

      const whole = await detail(link.tenantId, first.conversation_id);
      const said = whole.messages.filter((m) => m.role !== 'tool').map((m) => m.id);
      const calls = whole.messages.filter((m) => m.role === 'tool').map((m) => m.id);
      expect(calls).toHaveLength(3);
      await waitFor(() => said.every((id) => seen.some((e) => e.messageId === id)), { timeoutMs: 5_000 });
      expect(
        seen
          .filter((e) => e.conversationId === first.conversation_id)
          .map((e) => e.messageId)
          .sort(),
      ).toEqual([...said].sort());

      // A call's id is no message of the visitor's: nothing to rate.
      const rated = await refusal(
        h.client.request('sessions.feedback.message', { linkId: link.linkId, credentialHash, messageId: calls[0] as string, rating: 'up' }),
      );
      expect(rated.code).toBe('not_found');
    } finally {
      await consumer.drain();
    }
  });

  it('exports each call with its result in the visitor’s data, and erases it with the conversation', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { user_id: 'user-42' } });
    await h.client.request('sessions.send', { sessionId: created.session_id, content: 'BK-5 in 90ms' });
    const { messages } = await h.client.request('sessions.privacy.messages', {
      tenantId: agent.tenantId,
      conversationId: created.conversation_id,
      after: null,
      limit: 100,
    });
    expect(messages.map((m) => [m.sequence, m.role, m.content, m.tool_call])).toEqual([
      [
        0,
        'tool',
        'crm.find_customer → ok',
        { tool: 'crm.find_customer', arguments: { channel: 'web' }, status: 'ok', duration_ms: 12, result: { customer: 'Ada' } },
      ],
      [1, 'assistant', 'Ask me anything.', undefined],
      [2, 'user', 'BK-5 in 90ms', undefined],
      [3, 'tool', 'order_status → ok', { tool: 'order_status', arguments: { order_id: 'BK-5' }, status: 'ok', duration_ms: 90, result: { status: 'shipped' } }],
      [4, 'tool', 'carrier → ok', { tool: 'carrier', arguments: { order_id: 'BK-5' }, status: 'ok', duration_ms: 20, result: { carrier: 'DHL' } }],
      [5, 'assistant', 'BK-5 has shipped.', undefined],
    ]);

    const erased = await h.client.request('sessions.privacy.erase-visitor', { tenantId: agent.tenantId, visitor: { userId: 'user-42' }, linkIds: [] });
    expect(erased).toEqual({ conversations: 1, messages: 6 });
    expect(await storedRows(created.conversation_id)).toBe(0);

    // A visitor erasing their own conversation takes its calls along too.
    const link = await seedLink(h, promptAgent);
    const started = await h.client.request('sessions.public-send', { link: await link.access(), content: 'BK-6' });
    expect(await storedRows(started.conversation_id)).toBe(6);
    await h.client.request('sessions.privacy.erase-session', { linkId: link.linkId, credentialHash: sha256Hex(started.session as string) });
    expect(await storedRows(started.conversation_id)).toBe(0);
  });

  it('lets retention purge the calls of an ended conversation with its other messages', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    await h.client.request('sessions.send', { sessionId: created.session_id, content: 'BK-8' });
    await h.client.request('sessions.end', { sessionId: created.session_id });
    expect(await storedRows(created.conversation_id)).toBe(6);
    await sql`UPDATE text_conversations SET ended_at = now() - interval '40 days' WHERE id = ${created.conversation_id}`.execute(h.ctx.db);
    const purged = await h.client.request('sessions.purge-ended', { olderThanDays: 30, limit: 100 });
    expect(purged.messages).toBeGreaterThanOrEqual(6);
    expect(await storedRows(created.conversation_id)).toBe(0);
  });

  it('counts an agent’s calls per tool over a period: calls, failures, average and 95th-percentile durations', async () => {
    const agent = await h.seedAgent(promptAgent);
    const other = await h.seedAgent(promptAgent);
    const from = new Date(Date.now() - 60_000).toISOString();
    for (const [i, ms] of [100, 200, 300, 400].entries()) {
      const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
      await h.client.request('sessions.send', { sessionId: created.session_id, content: `BK-${i} in ${ms}ms${i === 3 ? ', carrier timeout' : ''}` });
    }
    const elsewhere = await h.client.request('sessions.create', { tenant_id: other.tenantId, agent_id: other.agentId });
    await h.client.request('sessions.send', { sessionId: elsewhere.session_id, content: 'BK-9 in 900ms' });
    const to = new Date(Date.now() + 60_000).toISOString();

    const { tools } = await h.client.request('sessions.tool-activity', { tenantId: agent.tenantId, agentId: agent.agentId, from, to });
    expect(tools).toEqual([
      { tool: 'carrier', calls: 4, failures: 1, avg_duration_ms: Math.round((20 * 3 + 5_000) / 4), p95_duration_ms: Math.round(20 + 0.85 * (5_000 - 20)) },
      { tool: 'crm.find_customer', calls: 4, failures: 0, avg_duration_ms: 12, p95_duration_ms: 12 },
      { tool: 'order_status', calls: 4, failures: 0, avg_duration_ms: 250, p95_duration_ms: 385 },
    ]);
    // Calls before the window are not in it.
    const before = await h.client.request('sessions.tool-activity', {
      tenantId: agent.tenantId,
      agentId: agent.agentId,
      from: '2020-01-01T00:00:00Z',
      to: from,
    });
    expect(before.tools).toEqual([]);
  });
});

describe('a `call` node run by an agent-runner against a tool on loopback', () => {
  let h: SessionsHarness;
  let shop: Server;
  let port: number;
  /** What the shop was asked, path by path. */
  const asked: string[] = [];

  beforeAll(async () => {
    shop = createServer((request, response) => {
      asked.push(request.url ?? '');
      const order = /^\/orders\/(BK-\d+)$/.exec(request.url ?? '')?.[1];
      response.writeHead(order ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(order ? { order, status: 'shipped' } : { error: 'no such order' }));
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    port = (shop.address() as AddressInfo).port;
    h = await startSessionsHarness({ replicas: 1, runnerTools: { allowPrivate: true } });
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise((resolve) => shop?.close(resolve));
  });

  it('reports the call in the reply and keeps it, with what the tool answered, in the transcript', async () => {
    const agent = await h.seedAgent({
      tools: [
        {
          name: 'order_status',
          description: 'Look up an order by its number',
          http: { method: 'GET', url: `http://127.0.0.1:${port}/orders/{{args.order_id}}` },
          parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
        },
      ],
      workflow: {
        initial_node: 'ask',
        nodes: [
          {
            id: 'ask',
            name: 'Ask',
            static_text: 'Your order number?',
            extract: [{ name: 'order_id', pattern: '(BK-\\d+)' }],
            transitions: [{ to: 'lookup', condition: 'variables_extracted:order_id' }],
          },
          {
            id: 'lookup',
            name: 'Lookup',
            call: { tool: 'order_status', args: { order_id: '{{order_id}}' }, save_as: 'order' },
            static_text: 'Order {{order_id}} is {{order.status}}.',
            transitions: [{ to: 'ask', condition: 'user_responded' }],
          },
        ],
      },
    });
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.tool_calls).toEqual([]);
    const reply = await h.client.request('sessions.send', { sessionId: created.session_id, content: 'It is BK-20417' });
    expect(reply.response).toBe('Order BK-20417 is shipped.');
    expect(reply.tool_calls).toEqual([{ tool: 'order_status', arguments: { order_id: 'BK-20417' }, status: 'ok', duration_ms: expect.any(Number) }]);
    expect(asked).toEqual(['/orders/BK-20417']);

    const whole = await h.client.request('sessions.conversations.get', {
      tenantId: agent.tenantId,
      conversationId: created.conversation_id,
      reader: { sees: 'all' },
    });
    expect(lines(whole.messages)).toEqual([
      'assistant: Your order number?',
      'user: It is BK-20417',
      'tool: order_status → ok',
      'assistant: Order BK-20417 is shipped.',
    ]);
    expect(whole.messages[2]).toMatchObject({
      node_id: 'lookup',
      turn_number: 1,
      tool_call: { tool: 'order_status', arguments: { order_id: 'BK-20417' }, status: 'ok', result: { order: 'BK-20417', status: 'shipped' } },
    });
  });
});
