import { setTimeout as sleep } from 'node:timers/promises';
import { LlmUnavailableError, type ReplyTools } from '@parley/workflow';
import { describe, expect, it } from 'vitest';
import { type FakeReply, failTimes, type RecordedRequest, replyInOrder, replyWith, toolMessages } from '../../testing/src/fake-llm.js';
import type { LlmAttempt } from '../src/index.js';
import { CALL_LIMIT_RESULT } from '../src/tool-rounds.js';
import { llmFor, settings, useFakeLlm } from './llm-harness.js';

const server = useFakeLlm();

const orderStatus = {
  name: 'order_status',
  description: 'Look up an order by its number',
  parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
};

/** Tools whose calls are recorded and answered from `results` by name (`{"status":"shipped"}` otherwise). */
function recordingTools(options: { maxCalls?: number; results?: Record<string, string>; delayMs?: number } = {}) {
  const calls: Array<{ name: string; args: unknown }> = [];
  let callingRounds = 0;
  const tools: ReplyTools = {
    tools: [orderStatus, { name: 'crm__find_customer', parameters: { type: 'object', properties: {} } }],
    maxCalls: options.maxCalls ?? 4,
    async call(name, args) {
      calls.push({ name, args });
      if (options.delayMs) await sleep(options.delayMs);
      return options.results?.[name] ?? '{"status":"shipped"}';
    },
    onCalling: () => {
      callingRounds += 1;
    },
  };
  return {
    tools,
    calls,
    get callingRounds() {
      return callingRounds;
    },
  };
}

const askOrder = (order_id: string, id?: string): NonNullable<FakeReply['toolCalls']>[number] => ({
  name: 'order_status',
  arguments: { order_id },
  ...(id ? { id } : {}),
});

const history = [{ role: 'user' as const, content: 'Where is my order A-17?' }];

describe('reply with tools', () => {
  it('offers the tools, runs the call the model asks for and sends its result back in the next request', async () => {
    server.fake.setHandler(replyInOrder({ toolCalls: [askOrder('A-17', 'call_1')] }, 'Your order A-17 shipped on Monday.'));
    const box = recordingTools();
    const result = await llmFor(server.fake).reply({ settings, system: 'You help with orders.', history, tools: box.tools });

    expect(result.value).toBe('Your order A-17 shipped on Monday.');
    expect(box.calls).toEqual([{ name: 'order_status', args: { order_id: 'A-17' } }]);
    expect(box.callingRounds).toBe(1);

    const [first, second] = server.fake.requests;
    expect(server.fake.requests).toHaveLength(2);
    expect(first?.body.tools).toEqual([
      { type: 'function', function: orderStatus },
      { type: 'function', function: { name: 'crm__find_customer', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(first?.body).not.toHaveProperty('tool_choice');
    expect(second?.body.tools).toEqual(first?.body.tools);
    expect(second?.body.messages).toEqual([
      { role: 'system', content: 'You help with orders.' },
      { role: 'user', content: 'Where is my order A-17?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'order_status', arguments: '{"order_id":"A-17"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' },
    ]);
  });

  it('runs two calls of one round in the model’s order, each answered by its own tool message', async () => {
    server.fake.setHandler(
      replyInOrder(
        {
          toolCalls: [
            { name: 'crm__find_customer', arguments: { email: 'ann@example.com' }, id: 'call_a' },
            { name: 'order_status', arguments: '{"order_id": "A-17"', id: 'call_b' },
          ],
        },
        'Found you, Ann.',
      ),
    );
    const box = recordingTools({ results: { crm__find_customer: '{"name":"Ann"}' } });
    const result = await llmFor(server.fake).reply({ settings, system: '', history, tools: box.tools });

    expect(result.value).toBe('Found you, Ann.');
    // Arguments that are not JSON reach the tool as the model wrote them.
    expect(box.calls).toEqual([
      { name: 'crm__find_customer', args: { email: 'ann@example.com' } },
      { name: 'order_status', args: '{"order_id": "A-17"' },
    ]);
    expect(box.callingRounds).toBe(1);
    const second = server.fake.requests[1] as RecordedRequest;
    expect(second.body.messages?.at(-3)?.tool_calls?.map((call) => call.id)).toEqual(['call_a', 'call_b']);
    expect(toolMessages(second)).toEqual([
      { role: 'tool', tool_call_id: 'call_a', content: '{"name":"Ann"}' },
      { role: 'tool', tool_call_id: 'call_b', content: '{"status":"shipped"}' },
    ]);
  });

  it('runs at most maxCalls calls, answers the rest with the limit, then asks for text with tool_choice none', async () => {
    // A model that would call forever: it asks again whenever it may.
    server.fake.setHandler((request) =>
      request.body.tool_choice === 'none'
        ? { content: 'Here is what I found.' }
        : { toolCalls: [askOrder(`R${server.fake.requests.length}-1`), askOrder(`R${server.fake.requests.length}-2`)] },
    );
    const box = recordingTools({ maxCalls: 3 });
    const result = await llmFor(server.fake).reply({ settings, system: '', history, tools: box.tools });

    expect(result.value).toBe('Here is what I found.');
    expect(box.calls.map((call) => call.args)).toEqual([{ order_id: 'R1-1' }, { order_id: 'R1-2' }, { order_id: 'R2-1' }]);
    expect(box.callingRounds).toBe(2);
    expect(server.fake.requests.map((request) => request.body.tool_choice)).toEqual([undefined, undefined, 'none']);
    const last = server.fake.requests[2] as RecordedRequest;
    expect(toolMessages(last).map((message) => message.content)).toEqual([
      '{"status":"shipped"}',
      '{"status":"shipped"}',
      '{"status":"shipped"}',
      CALL_LIMIT_RESULT,
    ]);
  });

  it('stops once the calls are spent even if the model still asks for more', async () => {
    server.fake.setHandler(replyWith({ content: 'Checking.', toolCalls: [askOrder('A-17')] }));
    const box = recordingTools({ maxCalls: 1 });
    const result = await llmFor(server.fake).reply({ settings, system: '', history, tools: box.tools });

    expect(box.calls).toHaveLength(1);
    expect(server.fake.requests).toHaveLength(2);
    expect(result.value).toBe('Checking.\n\nChecking.');
  });

  it('streams the text of each round as it comes, the final answer included', async () => {
    server.fake.setHandler(
      replyInOrder({ content: 'Let me look that up.', toolCalls: [askOrder('A-17', 'call_1')] }, 'Your order A-17 shipped on Monday, tracking 42.'),
    );
    const box = recordingTools();
    const deltas: string[] = [];
    const result = await llmFor(server.fake).reply({ settings, system: '', history, tools: box.tools, onDelta: (text) => deltas.push(text) });

    expect(result.value).toBe('Let me look that up.\n\nYour order A-17 shipped on Monday, tracking 42.');
    expect(deltas.join('')).toBe(result.value);
    expect(deltas.slice(deltas.indexOf('\n\n') + 1).length).toBeGreaterThan(2);
    // The call's arguments came in pieces and were put back together.
    expect(box.calls).toEqual([{ name: 'order_status', args: { order_id: 'A-17' } }]);
    const second = server.fake.requests[1] as RecordedRequest;
    expect(second.body.stream).toBe(true);
    expect(second.body.messages?.at(-2)).toEqual({
      role: 'assistant',
      content: 'Let me look that up.',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'order_status', arguments: '{"order_id":"A-17"}' } }],
    });
    expect(toolMessages(second)).toEqual([{ role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' }]);
  });

  it.each([
    ['streamed', true],
    ['not streamed', false],
  ])('sums the tokens of every round and counts each attempt (%s)', async (_mode, streamed) => {
    server.fake.setHandler(
      replyInOrder(
        { toolCalls: [askOrder('A-17')], usage: { prompt: 100, completion: 10 } },
        { toolCalls: [askOrder('B-2')], usage: { prompt: 150, completion: 12 } },
        { content: 'Both shipped.', usage: { prompt: 200, completion: 5 } },
      ),
    );
    const attempts: LlmAttempt[] = [];
    const llm = llmFor(server.fake, { metrics: { attempt: (attempt) => attempts.push(attempt) } });
    const result = await llm.reply({
      settings,
      system: '',
      history,
      tools: recordingTools().tools,
      ...(streamed ? { onDelta: () => {} } : {}),
    });

    expect(result.value).toBe('Both shipped.');
    expect(result.usage).toEqual({ prompt: 450, completion: 27 });
    expect(attempts.map((attempt) => [attempt.purpose, attempt.usage])).toEqual([
      ['reply', { input: 100, output: 10 }],
      ['reply', { input: 150, output: 12 }],
      ['reply', { input: 200, output: 5 }],
    ]);
  });

  it('counts the model’s time in latencyMs, not the tools’', async () => {
    server.fake.setHandler(replyInOrder({ toolCalls: [askOrder('A-17')], delayMs: 60 }, { content: 'Shipped.', delayMs: 60 }));
    const result = await llmFor(server.fake).reply({ settings, system: '', history, tools: recordingTools({ delayMs: 600 }).tools });
    expect(result.latencyMs).toBeGreaterThanOrEqual(110);
    expect(result.latencyMs).toBeLessThan(600);
  });

  it('retries a failed round alone, without running the calls again', async () => {
    server.fake.setHandler(failTimes(1, 503, { after: replyInOrder({ toolCalls: [askOrder('A-17')] }, { status: 503 }, 'Shipped.') }));
    const box = recordingTools();
    const result = await llmFor(server.fake).reply({ settings, system: '', history, tools: box.tools });

    expect(result.value).toBe('Shipped.');
    expect(box.calls).toHaveLength(1);
    expect(server.fake.requests).toHaveLength(4);
  });

  it('fails the reply when a round fails after its retries', async () => {
    server.fake.setHandler(replyInOrder({ toolCalls: [askOrder('A-17')] }, { status: 500 }));
    const box = recordingTools();
    const error = await llmFor(server.fake, { maxRetries: 1 })
      .reply({ settings, system: '', history, tools: box.tools })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(box.calls).toHaveLength(1);
    expect(server.fake.requests).toHaveLength(3);
  });

  it('offers nothing when the node has no tools', async () => {
    const box = recordingTools();
    await llmFor(server.fake).reply({ settings, system: '', history, tools: { ...box.tools, tools: [] } });
    await llmFor(server.fake).reply({ settings, system: '', history });
    for (const request of server.fake.requests) {
      expect(request.body).not.toHaveProperty('tools');
      expect(request.body).not.toHaveProperty('tool_choice');
    }
    expect(box.callingRounds).toBe(0);
  });
});
