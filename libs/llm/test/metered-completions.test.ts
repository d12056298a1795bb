import type { ServerResponse } from 'node:http';
import { LlmUnavailableError } from '@parley/workflow';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { byPurpose, failTimes, replyWith } from '../../testing/src/fake-llm.js';
import { startHandWrittenStream, streamedChunk } from '../../testing/src/hand-written-stream.js';
import type { LlmAttempt, LlmMetrics } from '../src/index.js';
import { meteredCompletions } from '../src/metered-completions.js';
import { llmFor, settings, useFakeLlm } from './llm-harness.js';

const server = useFakeLlm();

/** Keeps every attempt the client reports. */
function recorded(): LlmMetrics & { attempts: LlmAttempt[] } {
  const attempts: LlmAttempt[] = [];
  return { attempts, attempt: (attempt) => attempts.push(attempt) };
}

const history = [{ role: 'user' as const, content: 'When is my MRI?' }];

describe('the metrics of LLM calls', () => {
  it('count a whole reply: its time, model, purpose and the tokens the server counted', async () => {
    server.fake.setHandler(replyWith({ content: 'On Monday at nine.', delayMs: 100 }));
    const metrics = recorded();
    await llmFor(server.fake, { metrics }).reply({ settings, system: 'You book MRIs.', history });
    expect(metrics.attempts).toEqual([
      {
        purpose: 'reply',
        model: 'gpt-4o-mini',
        seconds: expect.any(Number),
        usage: { input: expect.any(Number), output: expect.any(Number) },
        // The model that answered, as the server named it.
        responseModel: 'gpt-4o-mini',
      },
    ]);
    const [attempt] = metrics.attempts;
    expect(attempt?.seconds).toBeGreaterThanOrEqual(0.09);
    expect(attempt?.usage?.output).toBeGreaterThan(0);
    expect(attempt?.usage?.input).toBeGreaterThan(attempt?.usage?.output ?? 0);
  });

  it('count a streamed reply to its last chunk, asking the server for the usage it otherwise leaves out', async () => {
    server.fake.setHandler(replyWith({ content: 'On Monday at nine, bring your referral.', chunkDelayMs: 30 }));
    const metrics = recorded();
    const deltas: string[] = [];
    const result = await llmFor(server.fake, { metrics }).reply({ settings, system: 's', history, onDelta: (text) => deltas.push(text) });
    expect(deltas.join('')).toBe(result.value);
    expect(server.fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(metrics.attempts).toEqual([
      {
        purpose: 'reply',
        model: 'gpt-4o-mini',
        seconds: expect.any(Number),
        usage: { input: expect.any(Number), output: expect.any(Number) },
        // The model that answered, as the server named it.
        responseModel: 'gpt-4o-mini',
      },
    ]);
    // Six chunks 30 ms apart: the time runs to the last one, not to the headers.
    expect(metrics.attempts[0]?.seconds).toBeGreaterThanOrEqual(0.15);
  });

  it('stream from an endpoint that refuses stream_options: asked again without it, and never again after', async () => {
    const streamed = replyWith({ content: 'On Monday at nine.' });
    server.fake.setHandler((req) =>
      req.body.stream_options === undefined ? streamed(req) : { status: 400, content: 'Unrecognized request argument supplied: stream_options' },
    );
    const metrics = recorded();
    const llm = llmFor(server.fake, { metrics });
    for (let call = 0; call < 2; call += 1) {
      const deltas: string[] = [];
      const result = await llm.reply({ settings, system: 's', history, onDelta: (text) => deltas.push(text) });
      expect(result.value).toBe('On Monday at nine.');
      expect(deltas.join('')).toBe(result.value);
    }
    // Refused once, asked again at once without the field; the second call never sends it.
    expect(server.fake.requests.map((request) => request.body.stream_options !== undefined)).toEqual([true, false, false]);
    expect(metrics.attempts.map((attempt) => attempt.error ?? 'ok')).toEqual(['ok', 'ok']);
  });

  it('name the purpose of extraction and classification calls', async () => {
    server.fake.setHandler(byPurpose({ extraction: replyWith('{"name":"Ann"}'), classification: replyWith('{"intent":"booking"}') }));
    const metrics = recorded();
    const llm = llmFor(server.fake, { metrics });
    await llm.extract({ settings, variables: [{ name: 'name', description: 'first name' }], message: 'I am Ann' });
    await llm.classify({ settings, intents: [{ name: 'booking', description: 'wants an appointment' }], message: 'book me in' });
    expect(metrics.attempts.map((attempt) => attempt.purpose)).toEqual(['extraction', 'classification']);
    expect(metrics.attempts.every((attempt) => attempt.error === undefined && attempt.usage !== undefined)).toBe(true);
  });

  it('count each attempt of a retried call: a rate-limited one, then the one that answered', async () => {
    server.fake.setHandler(failTimes(1, 429, { headers: { 'retry-after': '0' }, after: replyWith('After a retry.') }));
    const metrics = recorded();
    await llmFor(server.fake, { metrics, maxRetries: 1 }).reply({ settings, system: 's', history });
    expect(metrics.attempts.map((attempt) => attempt.error ?? 'ok')).toEqual(['rate_limited', 'ok']);
    expect(metrics.attempts[0]?.usage).toBeUndefined();
  });

  it('tell failures apart by kind: server error, refused key, bad request, timeout, no server', async () => {
    const kinds: Array<[string, number | 'slow' | 'down', string]> = [
      ['server error', 503, 'server_error'],
      ['refused key', 401, 'auth'],
      ['unknown model', 404, 'bad_request'],
      ['too slow', 'slow', 'timeout'],
      ['nothing listening', 'down', 'connection'],
    ];
    for (const [what, failure, kind] of kinds) {
      const metrics = recorded();
      if (typeof failure === 'number') server.fake.setHandler(() => ({ status: failure }));
      else server.fake.setHandler(replyWith({ content: 'late', delayMs: 500 }));
      const fake = failure === 'down' ? { ...server.fake, url: 'http://127.0.0.1:9/v1' } : server.fake;
      const llm = llmFor(fake, { metrics, maxRetries: 0, timeoutMs: 200 });
      await expect(llm.reply({ settings, system: 's', history }), what).rejects.toBeInstanceOf(LlmUnavailableError);
      expect(metrics.attempts, what).toEqual([{ purpose: 'reply', model: 'gpt-4o-mini', seconds: expect.any(Number), error: kind }]);
    }
  });

  it.each([
    ['ends', (res: ServerResponse) => res.end()],
    ['turns to a line that is not JSON', (res: ServerResponse) => res.end('data: <html>502 Bad Gateway</html>\n\n')],
  ])('count a stream that %s midway as a failed attempt, and the attempt after it that answered', async (_name, breakOff) => {
    const endpoint = await startHandWrittenStream();
    try {
      let asked = 0;
      endpoint.stream = (res) => {
        asked += 1;
        res.write(streamedChunk({ role: 'assistant', content: '' }));
        res.write(streamedChunk({ content: 'On Monday ' }));
        if (asked === 1) breakOff(res);
        else res.end(`${streamedChunk({ content: 'at nine.' })}${streamedChunk({}, 'stop')}data: [DONE]\n\n`);
      };
      const metrics = recorded();
      const deltas: string[] = [];
      const llm = llmFor(server.fake, { baseUrl: endpoint.url, metrics, maxRetries: 1 });
      const result = await llm.reply({ settings, system: 's', history, onDelta: (text) => deltas.push(text) });
      expect(result.value).toBe('On Monday at nine.');
      // The first attempt's words were streamed once; the second's follow from where they stopped.
      expect(deltas.join('')).toBe('On Monday at nine.');
      expect(metrics.attempts.map((attempt) => attempt.error ?? 'ok')).toEqual(['other', 'ok']);
      expect(asked).toBe(2);
    } finally {
      await endpoint.close();
    }
  });

  it('count a streamed reply cut by the attempt’s deadline as a timeout, not as an answer', async () => {
    server.fake.setHandler(replyWith({ content: 'one two three four five six seven eight', chunkDelayMs: 100 }));
    const metrics = recorded();
    const llm = llmFor(server.fake, { metrics, maxRetries: 0, timeoutMs: 250 });
    await expect(llm.reply({ settings, system: 's', history, onDelta: () => {} })).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(metrics.attempts).toEqual([{ purpose: 'reply', model: 'gpt-4o-mini', seconds: expect.any(Number), error: 'timeout' }]);
  });

  it('send the same request, counted under its purpose, whether the platform or the SDK encodes it', async () => {
    const metrics = recorded();
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.fake.url, maxRetries: 0 });
    const completions = meteredCompletions(client.chat.completions, metrics);
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Ünïcode "quoted"' }] };
    // Plain headers, as the platform passes them: encoded here. A Headers object: left to the SDK.
    await completions.create(body, { headers: { 'x-parley-purpose': 'reply' } });
    await completions.create(body, { headers: new Headers({ 'x-parley-purpose': 'extraction' }) });
    const [plain, other] = server.fake.requests;
    expect(plain?.body).toEqual(other?.body);
    expect(plain?.body).toMatchObject(body);
    for (const request of [plain, other]) expect(request?.headers['content-type']).toBe('application/json');
    expect([plain?.headers['x-parley-purpose'], other?.headers['x-parley-purpose']]).toEqual(['reply', 'extraction']);
    // The purpose is read from plain headers only; another kind is counted as unknown.
    expect(metrics.attempts.map((attempt) => attempt.purpose)).toEqual(['reply', 'unknown']);
  });
});
