import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from '@parley/logger';
import { type FakeLlm, failTimes, replyWith, startFakeLlm } from '@parley/testing';
import type { LlmSettings } from '@parley/workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { llmFromConfig } from './llm.js';

const settings: LlmSettings = { model: 'fake-model' };
const history = [{ role: 'user' as const, content: 'When is my MRI?' }];
// The server's own wait, 0: the retry goes out at once.
const retryNow = { 'retry-after-ms': '0' };

describe("an LLM call's spans, with the undici instrumentation as a traced service has it", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  let unregister: () => void;
  let fake: FakeLlm;

  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [new UndiciInstrumentation()] });
    fake = await startFakeLlm();
  });
  afterAll(async () => {
    // One worker runs file after file: nothing of this SDK outlives the file.
    unregister();
    await fake.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  beforeEach(() => {
    fake.reset();
    exporter.reset();
  });

  const llm = () =>
    llmFromConfig({ apiKey: 'fake-key', baseUrl: fake.url, timeoutMs: 2_000, maxRetries: 2 }, createLogger({ service: 'llm-span-test', level: 'silent' }));

  /** Runs `call` under a span standing for the turn's, and returns the spans it made. */
  async function traced(call: () => Promise<unknown>) {
    const turn = trace.getTracer('test').startSpan('runner.turn', { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), turn), call);
    turn.end();
    const spans = exporter.getFinishedSpans();
    const childrenOf = (parent: ReadableSpan) => spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
    const chats = spans.filter((span) => span.name === 'chat fake-model');
    const requests = spans.filter((span) => span.instrumentationScope.name === '@opentelemetry/instrumentation-undici');
    return { turn: spans.find((span) => span.name === 'runner.turn') as ReadableSpan, chats, requests, childrenOf };
  }

  it('makes the HTTP request a child of the call’s `chat {model}` span, itself a child of the turn’s', async () => {
    fake.setHandler(replyWith({ content: 'On Monday at nine.', usage: { prompt: 21, completion: 7 } }));
    const { turn, chats, requests, childrenOf } = await traced(() => llm().reply({ settings, system: 'You book MRIs.', history }));

    expect(chats).toHaveLength(1);
    const chat = chats[0] as ReadableSpan;
    expect(chat.kind).toBe(SpanKind.CLIENT);
    expect(chat.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'fake-model',
      'gen_ai.response.model': 'fake-model',
      'gen_ai.usage.input_tokens': 21,
      'gen_ai.usage.output_tokens': 7,
    });
    expect(childrenOf(turn)).toEqual([chat]);
    // The one request the call made, under the call's span, not beside it.
    expect(fake.requests).toHaveLength(1);
    expect(requests).toHaveLength(1);
    expect(childrenOf(chat)).toEqual(requests);
    expect(requests[0]?.kind).toBe(SpanKind.CLIENT);
  });

  it('gives a retried call one span per attempt, each the parent of its own request', async () => {
    fake.setHandler(failTimes(1, 429, { headers: retryNow, after: replyWith({ content: 'On Monday at nine.', usage: { prompt: 21, completion: 7 } }) }));
    const { turn, chats, requests, childrenOf } = await traced(() => llm().reply({ settings, system: 'You book MRIs.', history }));

    expect(fake.requests).toHaveLength(2);
    expect(requests).toHaveLength(2);
    const [refused, answered] = [...chats].sort((a, b) => (a.startTime[0] - b.startTime[0]) * 1e9 + (a.startTime[1] - b.startTime[1]));
    expect(chats).toHaveLength(2);
    expect(chats.every((chat) => chat.parentSpanContext?.spanId === turn.spanContext().spanId)).toBe(true);
    // The first attempt was refused: its span says how, and its request got the 429.
    expect(refused?.attributes['error.type']).toBe('rate_limited');
    expect(refused?.status.code).toBe(SpanStatusCode.ERROR);
    const refusedRequests = childrenOf(refused as ReadableSpan);
    expect(refusedRequests).toHaveLength(1);
    expect(refusedRequests[0]?.attributes['http.response.status_code']).toBe(429);
    // The second was answered, with its own request.
    expect(answered?.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 21, 'gen_ai.usage.output_tokens': 7 });
    expect(answered?.attributes['error.type']).toBeUndefined();
    const answeredRequests = childrenOf(answered as ReadableSpan);
    expect(answeredRequests).toHaveLength(1);
    expect(answeredRequests[0]?.attributes['http.response.status_code']).toBe(200);
    expect(new Set([...refusedRequests, ...answeredRequests])).toEqual(new Set(requests));
  });

  it('ends a streamed attempt’s span with its last chunk, its request under it', async () => {
    fake.setHandler(
      failTimes(1, 503, {
        headers: retryNow,
        after: replyWith({ content: 'On Monday at nine, bring your referral.', chunkDelayMs: 30, usage: { prompt: 9, completion: 6 } }),
      }),
    );
    const deltas: string[] = [];
    const { chats, requests, childrenOf } = await traced(() =>
      llm().reply({ settings, system: 'You book MRIs.', history, onDelta: (text) => deltas.push(text) }),
    );

    expect(deltas.join('')).toBe('On Monday at nine, bring your referral.');
    expect(chats.map((chat) => chat.attributes['error.type'] ?? 'ok').sort()).toEqual(['ok', 'server_error']);
    expect(requests).toHaveLength(2);
    for (const chat of chats) expect(childrenOf(chat)).toHaveLength(1);
    const streamed = chats.find((chat) => chat.attributes['error.type'] === undefined) as ReadableSpan;
    expect(streamed.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 9, 'gen_ai.usage.output_tokens': 6 });
    // Six chunks 30 ms apart: the span runs to the last one, not to the response's headers.
    const milliseconds = streamed.duration[0] * 1e3 + streamed.duration[1] / 1e6;
    expect(milliseconds).toBeGreaterThanOrEqual(150);
  });
});
