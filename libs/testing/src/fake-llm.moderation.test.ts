import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeLlm, MODERATION_FLAG_WORD, startFakeLlm } from './fake-llm.js';

let fake: FakeLlm;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeLlm();
  client = new OpenAI({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 0 });
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

describe('fake LLM server: /moderations', () => {
  it('flags an input with the test word (harassment), passes others, one result per input, and records what it was asked', async () => {
    const answer = await client.moderations.create({ model: 'omni-moderation-latest', input: [`you ${MODERATION_FLAG_WORD.toUpperCase()}`, 'thank you'] });
    expect(answer.model).toBe('omni-moderation-latest');
    expect(answer.results.map((result) => result.flagged)).toEqual([true, false]);
    expect(answer.results[0]?.categories.harassment).toBe(true);
    expect(answer.results[0]?.categories.violence).toBe(false);
    expect(answer.results[1]?.categories.harassment).toBe(false);
    expect(fake.moderations).toEqual([
      { model: 'omni-moderation-latest', inputs: [`you ${MODERATION_FLAG_WORD.toUpperCase()}`, 'thank you'], headers: expect.any(Object) },
    ]);
    // Completions are recorded apart: tests counting LLM calls are not disturbed.
    expect(fake.requests).toEqual([]);
  });

  it('answers scripted verdicts and failures; reset goes back to the default', async () => {
    fake.setModerationHandler((input) => (input.includes('kill') ? { categories: ['violence'] } : { flagged: false }));
    const scripted = await client.moderations.create({ input: 'I will kill the process' });
    expect(scripted.results[0]).toMatchObject({ flagged: true, categories: expect.objectContaining({ violence: true }) });
    fake.setModerationHandler(() => ({ status: 503 }));
    const failed = await client.moderations.create({ input: 'hello' }).catch((error: APIError) => error);
    expect((failed as APIError).status).toBe(503);
    fake.reset();
    const again = await client.moderations.create({ input: 'I will kill the process' });
    expect(again.results[0]?.flagged).toBe(false);
    expect(fake.moderations).toHaveLength(1);
  });
});
