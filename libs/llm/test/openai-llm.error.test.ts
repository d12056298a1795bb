import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LlmUnavailableError } from '@parley/workflow';
import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { type FakeHandler, failTimes, replyWith } from '../../testing/src/fake-llm.js';
import { llmFor, settings, useFakeLlm } from './llm-harness.js';

const server = useFakeLlm();
const history = [{ role: 'user' as const, content: 'hello' }];

async function failureOf(promise: Promise<unknown>): Promise<LlmUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmUnavailableError);
  return error as LlmUnavailableError;
}

/** Answers differently per attempt: the nth request gets the nth reply, the last one repeats. */
function sequence(...replies: Parameters<typeof replyWith>[0][]): FakeHandler {
  let index = 0;
  return (req) => replyWith(replies[Math.min(index++, replies.length - 1)] ?? '')(req);
}

describe('retries', () => {
  it('retries a 429 after the retry-after the server asks for', async () => {
    server.fake.setHandler(failTimes(1, 429, { headers: { 'retry-after': '1' }, after: replyWith('made it') }));
    const result = await llmFor(server.fake, { retryMaxDelayMs: 5_000 }).reply({ settings, system: '', history });
    expect(result.value).toBe('made it');
    expect(server.fake.requests).toHaveLength(2);
    expect(result.latencyMs).toBeGreaterThanOrEqual(990);
    expect(result.latencyMs).toBeLessThan(3_000);
  });

  it('waits no longer than the cap whatever retry-after says', async () => {
    server.fake.setHandler(failTimes(1, 429, { headers: { 'retry-after': '60' }, after: replyWith('made it') }));
    const result = await llmFor(server.fake, { retryMaxDelayMs: 200 }).reply({ settings, system: '', history });
    expect(result.value).toBe('made it');
    expect(result.latencyMs).toBeGreaterThanOrEqual(195);
    expect(result.latencyMs).toBeLessThan(1_000);
  });

  it('retries 500 twice, then succeeds', async () => {
    server.fake.setHandler(failTimes(2, 500, { after: replyWith('{"intent":"goodbye"}') }));
    const result = await llmFor(server.fake).classify({ settings, intents: [{ name: 'goodbye' }], message: 'bye' });
    expect(result.value).toBe('goodbye');
    expect(server.fake.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    server.fake.setHandler(replyWith({ status: 400, content: 'unknown model' }));
    const error = await failureOf(llmFor(server.fake).extract({ settings, variables: [{ name: 'a' }], message: 'x' }));
    expect(server.fake.requests).toHaveLength(1);
    expect(error.cause).toBeInstanceOf(APIError);
    expect((error.cause as APIError).status).toBe(400);
  });

  it('gives up on a persistent 503 after maxRetries + 1 attempts', async () => {
    server.fake.setHandler(replyWith({ status: 503 }));
    await failureOf(llmFor(server.fake, { maxRetries: 3 }).reply({ settings, system: '', history }));
    expect(server.fake.requests).toHaveLength(4);
  });

  it('times out a slow server per attempt, retries, then gives up', async () => {
    server.fake.setHandler(replyWith({ content: 'too late', delayMs: 1_000 }));
    const started = performance.now();
    await failureOf(llmFor(server.fake, { timeoutMs: 100, maxRetries: 1 }).reply({ settings, system: '', history }));
    const elapsed = performance.now() - started;
    expect(server.fake.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(195);
    expect(elapsed).toBeLessThan(900);
  });

  it('restarts a stream cut by the timeout and streams each piece of text once', async () => {
    server.fake.setHandler(sequence({ content: 'one two three four', chunkDelayMs: 80 }, 'one two three four'));
    const deltas: string[] = [];
    const result = await llmFor(server.fake, { timeoutMs: 200 }).reply({
      settings,
      system: '',
      history,
      onDelta: (text) => deltas.push(text),
    });
    expect(result.value).toBe('one two three four');
    expect(server.fake.requests).toHaveLength(2);
    // The first attempt had streamed "one " before it was cut; the retry does not repeat it.
    expect(deltas[0]).toBe('one ');
    expect(deltas.join('')).toBe('one two three four');
  });

  it('retries a refused connection, then gives up', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const llm = llmFor(server.fake, { baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 });
    const error = await failureOf(llm.classify({ settings, intents: [{ name: 'a' }], message: 'x' }));
    expect(error.message).toContain('2 attempt');
  });

  it('passes an error of the onDelta listener through without retrying', async () => {
    const broken = new Error('client went away');
    const error = await llmFor(server.fake)
      .reply({
        settings,
        system: '',
        history,
        onDelta: () => {
          throw broken;
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBe(broken);
    expect(server.fake.requests).toHaveLength(1);
  });
});
