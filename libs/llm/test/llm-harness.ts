import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, beforeEach } from 'vitest';
// @parley/testing does not export the fake server yet; switch to the package import once it does.
import { type FakeLlm, startFakeLlm } from '../../testing/src/fake-llm.js';
import { createOpenAiLlm, type OpenAiLlmOptions } from '../src/index.js';

export const settings = { model: 'gpt-4o-mini', temperature: 0.3, max_tokens: 400 };

/** One fake LLM server per test file, forgotten between tests. */
export function useFakeLlm(): { readonly fake: FakeLlm } {
  const holder = {} as { fake: FakeLlm };
  beforeAll(async () => {
    holder.fake = await startFakeLlm();
  });
  afterAll(async () => {
    await holder.fake.close();
  });
  beforeEach(() => holder.fake.reset());
  return holder;
}

/** A client against the fake server with test-sized backoff. */
export function llmFor(fake: FakeLlm, overrides: Partial<OpenAiLlmOptions> = {}) {
  return createOpenAiLlm({
    apiKey: 'sk-test-secret',
    baseUrl: fake.url,
    timeoutMs: 2_000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
    logger: createLogger({ service: 'llm-test', level: 'silent' }),
    ...overrides,
  });
}
