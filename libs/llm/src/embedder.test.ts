import { createLogger } from '@parley/logger';
import { LlmUnavailableError } from '@parley/workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// The fake server's own module: @parley/testing's index brings the whole harness with it.
import { type FakeLlm, fakeEmbedding, startFakeLlm } from '../../testing/src/fake-llm.js';
import { createEmbedder, type EmbedderOptions } from './embedder.js';
import type { LlmAttempt } from './metered-completions.js';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeLlm();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const embedderFor = (overrides: Partial<EmbedderOptions> = {}) =>
  createEmbedder({
    apiKey: 'sk-test-secret',
    baseUrl: fake.url,
    model: 'text-embedding-3-small',
    timeoutMs: 2_000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
    logger: createLogger({ service: 'llm-test', level: 'silent' }),
    ...overrides,
  });

const texts = (count: number) => Array.from({ length: count }, (_, index) => `Passage ${index} about opening hours and refunds`);

describe('createEmbedder', () => {
  it('embeds texts in batches of at most 64, a vector per text in order, marked as embedding calls', async () => {
    const embedder = embedderFor();
    expect(embedder.model).toBe('text-embedding-3-small');
    const inputs = texts(150);
    const vectors = await embedder.embed(inputs);
    expect(fake.embeddings.map((request) => request.inputs.length)).toEqual([64, 64, 22]);
    expect(fake.embeddings.flatMap((request) => request.inputs)).toEqual(inputs);
    for (const request of fake.embeddings) {
      expect(request.model).toBe('text-embedding-3-small');
      expect(request.headers['x-parley-purpose']).toBe('embedding');
      expect(request.headers.authorization).toBe('Bearer sk-test-secret');
    }
    expect(vectors).toHaveLength(150);
    vectors.forEach((vector, index) => {
      expect(Array.isArray(vector)).toBe(true);
      const expected = fakeEmbedding(inputs[index] ?? '');
      // float32 on the wire: equal to six places.
      expect(Math.max(...vector.map((value, dimension) => Math.abs(value - (expected[dimension] ?? 0))))).toBeLessThan(1e-6);
    });
  });

  it('asks nothing for no texts, and passes a smaller batch size and the dimensions on', async () => {
    expect(await embedderFor().embed([])).toEqual([]);
    expect(fake.embeddings).toEqual([]);
    const vectors = await embedderFor({ batchSize: 2, dimensions: 32 }).embed(texts(5));
    expect(fake.embeddings.map((request) => [request.inputs.length, request.dimensions])).toEqual([
      [2, 32],
      [2, 32],
      [1, 32],
    ]);
    expect(vectors.every((vector) => vector.length === 32)).toBe(true);
  });

  it('retries a batch the server could not answer, and counts every attempt', async () => {
    const attempts: LlmAttempt[] = [];
    let calls = 0;
    fake.setEmbeddingHandler(() => (++calls === 1 ? { status: 503 } : {}));
    const vectors = await embedderFor({ metrics: { attempt: (attempt) => attempts.push(attempt) } }).embed(['hello world']);
    expect(vectors).toHaveLength(1);
    expect(fake.embeddings).toHaveLength(2);
    expect(attempts.map(({ purpose, model, error }) => ({ purpose, model, error }))).toEqual([
      { purpose: 'embedding', model: 'text-embedding-3-small', error: 'server_error' },
      { purpose: 'embedding', model: 'text-embedding-3-small', error: undefined },
    ]);
    expect(attempts[1]?.usage?.input).toBeGreaterThan(0);
  });

  it('gives up as LlmUnavailableError: at once on a request the server refuses, after its retries on one it keeps failing', async () => {
    fake.setEmbeddingHandler(() => ({ status: 400 }));
    await expect(embedderFor().embed(['a'])).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(fake.embeddings).toHaveLength(1);
    fake.reset();
    fake.setEmbeddingHandler(() => ({ status: 500 }));
    await expect(embedderFor({ maxRetries: 2 }).embed(['a'])).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(fake.embeddings).toHaveLength(3);
  });

  it('refuses an answer without a vector for every text', async () => {
    fake.setEmbeddingHandler(() => ({ vectors: [[0.6, 0.8]] }));
    await expect(embedderFor().embed(['a', 'b'])).rejects.toThrow(/answered 1 vector\(s\) for 2 text\(s\)/);
  });
});
