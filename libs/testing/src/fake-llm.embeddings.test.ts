import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_EMBEDDING_DIMENSIONS, type FakeLlm, fakeEmbedding, startFakeLlm } from './fake-llm.js';

let fake: FakeLlm;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeLlm();
  client = new OpenAI({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 0 });
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);

describe('fake LLM server: /embeddings', () => {
  it('answers a unit vector per input, in order, the same for the same text, and records the request', async () => {
    const inputs = ['Refunds within 30 days', 'Opening hours: nine to five', 'refunds WITHIN 30 days'];
    const answer = await client.embeddings.create({ model: 'text-embedding-3-small', input: inputs }, { headers: { 'x-parley-purpose': 'embedding' } });
    expect(answer.model).toBe('text-embedding-3-small');
    expect(answer.data.map((item) => item.index)).toEqual([0, 1, 2]);
    const vectors = answer.data.map((item) => Array.from(item.embedding));
    for (const vector of vectors) {
      expect(vector).toHaveLength(FAKE_EMBEDDING_DIMENSIONS);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    // Case does not matter; the vectors come through the SDK's base64 as float32.
    expect(vectors[2]).toEqual(vectors[0]);
    vectors.forEach((vector, index) => {
      expect(cosine(vector, fakeEmbedding(inputs[index] ?? ''))).toBeCloseTo(1, 5);
    });
    expect(answer.usage.prompt_tokens).toBeGreaterThan(0);
    expect(fake.embeddings).toEqual([
      { model: 'text-embedding-3-small', inputs, dimensions: undefined, headers: expect.objectContaining({ 'x-parley-purpose': 'embedding' }) },
    ]);
    // Completions and moderations are recorded apart.
    expect(fake.requests).toEqual([]);
    expect(fake.moderations).toEqual([]);
  });

  it('puts texts that share words closer than texts that share none', () => {
    const question = fakeEmbedding('How do I get a refund for my order?');
    const passage = fakeEmbedding('A refund for an order is paid within 30 days of the return.');
    const unrelated = fakeEmbedding('The widget shows unread messages in its badge.');
    expect(cosine(question, passage)).toBeGreaterThan(0.2);
    expect(cosine(question, passage)).toBeGreaterThan(cosine(question, unrelated) + 0.15);
    expect(fakeEmbedding('')).toEqual(fakeEmbedding('  ?!  '));
    expect(fakeEmbedding('same words', 8)).toEqual(fakeEmbedding('Same   words!', 8));
  });

  it('answers floats when asked for them, a string input, and the dimensions asked for', async () => {
    const answer = await client.embeddings.create({ model: 'm', input: 'hello world', encoding_format: 'float', dimensions: 16 });
    expect(answer.data).toHaveLength(1);
    expect(answer.data[0]?.embedding).toEqual(fakeEmbedding('hello world', 16));
    expect(fake.embeddings[0]).toMatchObject({ inputs: ['hello world'], dimensions: 16 });
  });

  it('answers scripted failures and vectors; reset goes back to the default', async () => {
    fake.setEmbeddingHandler(() => ({ status: 503, headers: { 'retry-after': '0' } }));
    const failed = await client.embeddings.create({ model: 'm', input: ['a'] }).catch((error: APIError) => error);
    expect((failed as APIError).status).toBe(503);
    fake.setEmbeddingHandler(() => ({ vectors: [[1, 0]] }));
    const scripted = await client.embeddings.create({ model: 'm', input: ['a', 'b'], encoding_format: 'float' });
    expect(scripted.data.map((item) => item.embedding)).toEqual([[1, 0]]);
    fake.reset();
    expect(fake.embeddings).toEqual([]);
    const again = await client.embeddings.create({ model: 'm', input: ['a'], encoding_format: 'float' });
    expect(again.data[0]?.embedding).toEqual(fakeEmbedding('a'));
  });

  it('refuses a body without input as the API does', async () => {
    const refused = await client.embeddings.create({ model: 'm', input: [] }).catch((error: APIError) => error);
    expect((refused as APIError).status).toBe(400);
    expect(fake.embeddings).toEqual([]);
  });
});
