import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  byPurpose,
  type FakeLlm,
  failTimes,
  purposeHeader,
  type RecordedRequest,
  replyInOrder,
  replyWith,
  requestPurpose,
  startFakeLlm,
  toolMessages,
} from './fake-llm.js';

let fake: FakeLlm;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeLlm();
  client = new OpenAI({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const user = (content: string) => ({ role: 'user' as const, content });

const orderStatusTool = {
  type: 'function' as const,
  function: {
    name: 'order_status',
    description: 'Look up an order by its number',
    parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
  },
};

function recorded(headers: Record<string, string>, body: RecordedRequest['body']): RecordedRequest {
  return { method: 'POST', path: '/v1/chat/completions', headers, body };
}

describe('fake LLM server', () => {
  it('answers a non-streaming completion with the echo of the last user message and usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'Be brief.' }, user('first'), { role: 'assistant', content: 'ok' }, user('hello there')],
      temperature: 0.2,
      max_tokens: 50,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]?.message.content).toBe('Echo: hello there');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 50 });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer test-key');
  });

  it('answers {} by default when JSON is asked for', async () => {
    const byFormat = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'system', content: 'Extract.' }, user('my name is Ann')],
      response_format: { type: 'json_object' },
    });
    const byPrompt = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'system', content: 'Reply with a JSON object.' }, user('hi')],
    });
    expect(byFormat.choices[0]?.message.content).toBe('{}');
    expect(byPrompt.choices[0]?.message.content).toBe('{}');
  });

  it('streams the content in several chunks, then usage and [DONE]', async () => {
    fake.setHandler(replyWith('The quick brown fox jumps.'));
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [user('go')],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe('The quick brown fox jumps.');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('fails with the given status, error body and headers', async () => {
    fake.setHandler(replyWith({ status: 429, headers: { 'retry-after': '3' } }));
    const error = await client.chat.completions.create({ model: 'm', messages: [user('x')] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as APIError).headers?.get('retry-after')).toBe('3');

    fake.setHandler(replyWith({ status: 500, content: 'boom' }));
    const streamed = await client.chat.completions.create({ model: 'm', messages: [user('x')], stream: true }).catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(OpenAI.InternalServerError);
    expect((streamed as Error).message).toContain('boom');
  });

  it('waits delayMs before answering and chunkDelayMs between chunks', async () => {
    fake.setHandler(replyWith({ content: 'one two three', delayMs: 120 }));
    let started = performance.now();
    await client.chat.completions.create({ model: 'm', messages: [user('x')] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);

    fake.setHandler(replyWith({ content: 'one two three', chunkDelayMs: 40 }));
    started = performance.now();
    const stream = await client.chat.completions.create({ model: 'm', messages: [user('x')], stream: true });
    for await (const _chunk of stream) {
      // drain
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('survives a client that disconnects in the middle of a slow stream', async () => {
    fake.setHandler(replyWith({ content: 'a b c d e f g h', chunkDelayMs: 50 }));
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'm', messages: [user('x')], stream: true }, { signal: controller.signal });
    // The SDK ends an aborted stream quietly rather than throwing.
    const pieces: string[] = [];
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) {
        pieces.push(piece);
        controller.abort();
      }
    }
    expect(pieces).toEqual(['a ']);

    fake.reset();
    const after = await client.chat.completions.create({ model: 'm', messages: [user('still there?')] });
    expect(after.choices[0]?.message.content).toBe('Echo: still there?');
  });

  it('fails the first n requests, then delegates', async () => {
    fake.setHandler(failTimes(2, 503, { after: replyWith('finally') }));
    const statuses: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      statuses.push(await client.chat.completions.create({ model: 'm', messages: [user('x')] }).catch((e: unknown) => (e as APIError).status));
    }
    const ok = await client.chat.completions.create({ model: 'm', messages: [user('x')] });
    expect(statuses).toEqual([503, 503]);
    expect(ok.choices[0]?.message.content).toBe('finally');
    expect(fake.requests).toHaveLength(3);
  });

  it('routes by purpose: the header first, else the body', async () => {
    fake.setHandler(byPurpose({ classification: replyWith('{"intent":"schedule"}') }));
    const marked = await client.chat.completions.create(
      { model: 'm', messages: [user('book me')], response_format: { type: 'json_object' } },
      { headers: { [purposeHeader]: 'classification' } },
    );
    const unmarked = await client.chat.completions.create({ model: 'm', messages: [user('book me')] });
    expect(marked.choices[0]?.message.content).toBe('{"intent":"schedule"}');
    expect(unmarked.choices[0]?.message.content).toBe('Echo: book me');

    const json = { response_format: { type: 'json_object' } };
    expect(requestPurpose(recorded({}, { messages: [user('hi')] }))).toBe('reply');
    expect(requestPurpose(recorded({}, { ...json, messages: [{ role: 'system', content: 'Which intent?' }] }))).toBe('classification');
    expect(requestPurpose(recorded({}, { ...json, messages: [{ role: 'system', content: 'Extract these.' }] }))).toBe('extraction');
    expect(requestPurpose(recorded({ [purposeHeader]: 'extraction' }, { messages: [] }))).toBe('extraction');
  });

  it('starts with the handler given and, when told, keeps no record of the requests', async () => {
    const quiet = await startFakeLlm({ handler: replyWith('fixed'), record: false });
    try {
      const other = new OpenAI({ apiKey: 'test-key', baseURL: quiet.url, maxRetries: 0 });
      const completion = await other.chat.completions.create({ model: 'm', messages: [user('x')] });
      expect(completion.choices[0]?.message.content).toBe('fixed');
      expect(quiet.requests).toHaveLength(0);
    } finally {
      await quiet.close();
    }
  });

  it('answers with the calls a reply asks for, as a model that calls functions', async () => {
    fake.setHandler(
      replyWith({
        toolCalls: [
          { name: 'order_status', arguments: { order_id: 'A-17' }, id: 'call_1' },
          { name: 'crm__find_customer', arguments: 'not json' },
        ],
      }),
    );
    const completion = await client.chat.completions.create({ model: 'm', messages: [user('where is my order?')], tools: [orderStatusTool] });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'order_status', arguments: '{"order_id":"A-17"}' } },
      { id: expect.stringMatching(/^call_fake_/), type: 'function', function: { name: 'crm__find_customer', arguments: 'not json' } },
    ]);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('streams calls as OpenAI does: named in their first chunk, arguments in pieces, then usage', async () => {
    const args = { order_id: 'A-17', include: ['items', 'tracking'] };
    fake.setHandler(
      replyWith({
        content: 'Let me look.',
        toolCalls: [
          { name: 'order_status', arguments: args, id: 'call_1' },
          { name: 'order_status', arguments: { order_id: 'B-2' }, id: 'call_2' },
        ],
      }),
    );
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [user('where are my orders?')],
      tools: [orderStatusTool],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const calls: Array<{ id?: string; name?: string; arguments: string; chunks: number }> = [];
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      for (const delta of choice?.delta.tool_calls ?? []) {
        calls[delta.index] ??= { arguments: '', chunks: 0 };
        const call = calls[delta.index];
        if (!call) continue;
        if (delta.id) {
          expect(call.id).toBeUndefined();
          call.id = delta.id;
          call.name = delta.function?.name;
        }
        call.arguments += delta.function?.arguments ?? '';
        call.chunks += 1;
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Let me look.');
    expect(calls.map(({ id, name, arguments: text }) => ({ id, name, arguments: JSON.parse(text) }))).toEqual([
      { id: 'call_1', name: 'order_status', arguments: args },
      { id: 'call_2', name: 'order_status', arguments: { order_id: 'B-2' } },
    ]);
    expect(calls[0]?.chunks).toBeGreaterThan(3);
    expect(finish).toBe('tool_calls');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('keeps the tools, tool_choice and the calls and results a request sends back', async () => {
    fake.setHandler(replyInOrder({ toolCalls: [{ name: 'order_status', arguments: { order_id: 'A-17' }, id: 'call_1' }] }, 'It shipped on Monday.'));
    const first = await client.chat.completions.create({ model: 'm', messages: [user('where is A-17?')], tools: [orderStatusTool] });
    const asked = first.choices[0]?.message;
    const second = await client.chat.completions.create({
      model: 'm',
      tools: [orderStatusTool],
      tool_choice: 'none',
      messages: [
        user('where is A-17?'),
        { role: 'assistant', content: null, tool_calls: asked?.tool_calls ?? [] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' },
      ],
    });
    expect(second.choices[0]?.message.content).toBe('It shipped on Monday.');
    expect(second.choices[0]?.finish_reason).toBe('stop');

    const sent = fake.requests[1];
    expect(sent?.body.tools).toEqual([orderStatusTool]);
    expect(sent?.body.tool_choice).toBe('none');
    expect(sent?.body.messages?.[1]?.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'order_status', arguments: '{"order_id":"A-17"}' } },
    ]);
    expect(sent && toolMessages(sent)).toEqual([{ role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' }]);
  });

  it('lists models and answers 404 on unknown routes', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('gpt-4o-mini');
    const response = await fetch(`${fake.url}/audio/speech`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(fake.requests).toHaveLength(0);
  });
});
