import { LlmUnavailableError } from '@parley/workflow';
import { describe, expect, it } from 'vitest';
import { byPurpose, purposeHeader, replyWith } from '../../testing/src/fake-llm.js';
import { createOpenAiLlm, noLlm } from '../src/index.js';
import { llmFor, settings, useFakeLlm } from './llm-harness.js';
import { createLogger } from '@parley/logger';

const server = useFakeLlm();

describe('reply', () => {
  it('streams deltas in order and returns the full text', async () => {
    server.fake.setHandler(replyWith('Hello Ann, your MRI is on Monday.'));
    const deltas: string[] = [];
    const result = await llmFor(server.fake).reply({
      settings,
      system: 'You answer questions about MRI eligibility.',
      history: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'When is my MRI?' },
      ],
      onDelta: (text) => deltas.push(text),
    });
    expect(result.value).toBe('Hello Ann, your MRI is on Monday.');
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe(result.value);

    const body = server.fake.requests[0]?.body;
    expect(body?.stream).toBe(true);
    expect(body?.messages).toEqual([
      { role: 'system', content: 'You answer questions about MRI eligibility.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'When is my MRI?' },
    ]);
  });

  it('asks for the whole reply at once when nobody takes its deltas', async () => {
    server.fake.setHandler(replyWith('Hello Ann, your MRI is on Monday.'));
    const result = await llmFor(server.fake).reply({ settings, system: 's', history: [{ role: 'user', content: 'When?' }] });
    expect(result.value).toBe('Hello Ann, your MRI is on Monday.');
    expect(server.fake.requests[0]?.body).not.toHaveProperty('stream');
    expect(server.fake.requests[0]?.body.messages).toEqual([
      { role: 'system', content: 's' },
      { role: 'user', content: 'When?' },
    ]);
  });

  it('sends model, temperature, max_tokens, the key and the purpose', async () => {
    await llmFor(server.fake).reply({
      settings: { model: 'my-model', temperature: 0.7, max_tokens: 123 },
      system: '',
      history: [{ role: 'user', content: 'x' }],
    });
    const request = server.fake.requests[0];
    expect(request?.body).toMatchObject({ model: 'my-model', temperature: 0.7, max_tokens: 123 });
    expect(request?.body.messages).toEqual([{ role: 'user', content: 'x' }]);
    expect(request?.headers.authorization).toBe('Bearer sk-test-secret');
    expect(request?.headers[purposeHeader]).toBe('reply');
  });

  it('sends the request as JSON, streamed when a reply is watched and whole when not', async () => {
    const llm = llmFor(server.fake, { headers: { 'x-backend': 'b1' } });
    const history = [{ role: 'user' as const, content: 'Ünïcode "quoted" \\ text\n' }];
    const deltas: string[] = [];
    await llm.reply({ settings, system: 's', history, onDelta: (text) => deltas.push(text) });
    await llm.reply({ settings, system: 's', history });
    const [streamed, whole] = server.fake.requests;
    for (const request of [streamed, whole]) {
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.headers).toMatchObject({ authorization: 'Bearer sk-test-secret', [purposeHeader]: 'reply', 'x-backend': 'b1' });
      expect(request?.body.messages).toEqual([{ role: 'system', content: 's' }, ...history]);
    }
    // The SDK reads the stream flag from the request, as it did when it encoded the body itself.
    expect(streamed?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(deltas.join('')).toBe('Echo: Ünïcode "quoted" \\ text\n');
    expect(whole?.body).not.toHaveProperty('stream');
  });

  it('leaves out temperature and max_tokens that are not set', async () => {
    await llmFor(server.fake).reply({ settings: { model: 'm' }, system: 's', history: [] });
    expect(server.fake.requests[0]?.body).not.toHaveProperty('temperature');
    expect(server.fake.requests[0]?.body).not.toHaveProperty('max_tokens');
  });

  it('reports the wall time of the call as latencyMs', async () => {
    server.fake.setHandler(replyWith({ content: 'slow but fine', delayMs: 150 }));
    const result = await llmFor(server.fake).reply({ settings, system: 's', history: [{ role: 'user', content: 'x' }] });
    expect(result.latencyMs).toBeGreaterThanOrEqual(145);
    expect(result.latencyMs).toBeLessThan(1_000);
  });

  it('works against a local server that needs no key', async () => {
    const llm = createOpenAiLlm({ baseUrl: server.fake.url, logger: createLogger({ service: 't', level: 'silent' }) });
    expect(llm.available).toBe(true);
    const result = await llm.reply({ settings, system: '', history: [{ role: 'user', content: 'ping' }] });
    expect(result.value).toBe('Echo: ping');
  });
});

describe('extract', () => {
  const variables = [
    { name: 'first_name', description: "the caller's first name" },
    { name: 'zip_code', description: '5-digit US zip code' },
    { name: 'city' },
  ];

  it('asks for a JSON object listing the variables and keeps only requested, non-empty strings', async () => {
    server.fake.setHandler(byPurpose({ extraction: replyWith('{"first_name":" Ann ","zip_code":"","city":null,"age":"42","phone":"555"}') }));
    const result = await llmFor(server.fake).extract({ settings, variables, message: "I'm Ann, 42" });
    expect(result.value).toEqual({ first_name: 'Ann' });

    const request = server.fake.requests[0];
    expect(request?.headers[purposeHeader]).toBe('extraction');
    expect(request?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.3, max_tokens: 400, response_format: { type: 'json_object' } });
    const [system, user] = request?.body.messages ?? [];
    expect(system?.content).toContain("- first_name: the caller's first name");
    expect(system?.content).toContain('- zip_code: 5-digit US zip code');
    expect(system?.content).toContain('- city');
    expect(user).toEqual({ role: 'user', content: "I'm Ann, 42" });
  });

  it('returns {} for an answer that is not JSON, and makes no call without variables', async () => {
    server.fake.setHandler(replyWith('Sorry, I cannot help with that.'));
    const llm = llmFor(server.fake);
    expect((await llm.extract({ settings, variables, message: 'hi' })).value).toEqual({});
    expect((await llm.extract({ settings, variables: [], message: 'hi' })).value).toEqual({});
    expect(server.fake.requests).toHaveLength(1);
  });
});

describe('classify', () => {
  const intents = [
    { name: 'schedule', description: 'wants to book an appointment' },
    { name: 'goodbye', description: 'wants to end' },
  ];

  it.each([
    ['{"intent":"schedule"}', 'schedule'],
    ['{"intent":"Goodbye"}', 'goodbye'],
    ['{"intent":"none"}', null],
    ['{"intent":"dance"}', null],
    ['{"mood":"happy"}', null],
    ['not json', null],
  ])('answer %s gives %s', async (answer, expected) => {
    server.fake.setHandler(byPurpose({ classification: replyWith(answer) }));
    const result = await llmFor(server.fake).classify({ settings, intents, message: 'can I book for Monday?' });
    expect(result.value).toBe(expected);
  });

  it('lists the intents and asks for {"intent": ...} or "none"', async () => {
    await llmFor(server.fake).classify({ settings, intents, message: 'bye' });
    const request = server.fake.requests[0];
    expect(request?.headers[purposeHeader]).toBe('classification');
    expect(request?.body.response_format).toEqual({ type: 'json_object' });
    const system = String(request?.body.messages?.[0]?.content);
    expect(system).toContain('- schedule: wants to book an appointment');
    expect(system).toContain('"none"');
  });
});

describe('without an LLM', () => {
  it('noLlm() is unavailable and refuses every call', async () => {
    const llm = noLlm();
    expect(llm.available).toBe(false);
    await expect(llm.reply({ settings, system: '', history: [] })).rejects.toBeInstanceOf(LlmUnavailableError);
    await expect(llm.extract({ settings, variables: [{ name: 'a' }], message: 'x' })).rejects.toBeInstanceOf(LlmUnavailableError);
    await expect(llm.classify({ settings, intents: [{ name: 'a' }], message: 'x' })).rejects.toBeInstanceOf(LlmUnavailableError);
  });

  it('createOpenAiLlm without key or URL is unavailable', () => {
    expect(createOpenAiLlm({ logger: createLogger({ service: 't', level: 'silent' }) }).available).toBe(false);
  });
});
