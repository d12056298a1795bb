import type { Logger } from '@parley/logger';
import { LlmUnavailableError } from '@parley/workflow';
import type { CreateEmbeddingResponse } from 'openai/resources/embeddings';
import { type LlmMetrics, llmErrorKind } from './metered-completions.js';
import { type OpenAiLlmOptions, openAiClient } from './openai-llm.js';
import { purposeHeader } from './purpose.js';
import { withRetries } from './retry.js';

/** The most texts one `/embeddings` request carries: OpenAI takes more, but not every compatible server does. */
export const MAX_EMBEDDING_BATCH = 64;

export interface EmbedderOptions extends OpenAiLlmOptions {
  /** The embedding model (`EMBEDDING_MODEL`), e.g. `text-embedding-3-small`. */
  model: string;
  /** Vector length, for models that can shorten theirs (OpenAI's text-embedding-3 family); default the model's own. */
  dimensions?: number;
  /** Texts per request, at most MAX_EMBEDDING_BATCH (the default). */
  batchSize?: number;
}

/** An OpenAI-compatible `/embeddings` endpoint: a vector per text, for retrieval's vector similarity (docs/knowledge.md). */
export interface Embedder {
  readonly model: string;
  /**
   * One vector per text, in order (an empty list asks nothing). Throws LlmUnavailableError when the
   * endpoint cannot be asked (after its retries) or answers with the wrong number of vectors.
   */
  embed(texts: string[]): Promise<number[][]>;
}

/** The answer's vectors in the order of the inputs (the API numbers them), checked to be one per input and of one length. */
function vectorsOf(answer: CreateEmbeddingResponse, inputs: number): number[][] {
  const vectors: number[][] = [];
  for (const item of answer.data ?? []) vectors[item.index] = Array.from(item.embedding);
  const length = vectors[0]?.length ?? 0;
  const whole =
    vectors.length === inputs && length > 0 && Array.from({ length: inputs }, (_, index) => vectors[index]).every((vector) => vector?.length === length);
  if (!whole) throw new LlmUnavailableError(`the embeddings endpoint answered ${answer.data?.length ?? 0} vector(s) for ${inputs} text(s)`);
  return vectors;
}

/**
 * The embedder on an OpenAI-compatible endpoint (its key, URL, timeout and retries as for the LLM),
 * asking `model`. Texts go in batches of at most 64, one batch after another, each retried on its own;
 * every attempt is counted in `metrics` with the purpose `embedding`. The texts are never logged.
 */
export function createEmbedder(options: EmbedderOptions): Embedder {
  const logger: Logger = options.logger.child({ component: 'embeddings' });
  const { client, policy } = openAiClient(options, logger);
  const { model, metrics } = options;
  const batchSize = Math.max(1, Math.min(MAX_EMBEDDING_BATCH, Math.floor(options.batchSize ?? MAX_EMBEDDING_BATCH)));
  const dimensions = options.dimensions === undefined ? {} : { dimensions: options.dimensions };

  const embedBatch = (input: string[]) =>
    withRetries({ policy, logger, purpose: 'embedding', model }, async (signal) => {
      const started = performance.now();
      const record = (outcome: Parameters<LlmMetrics['attempt']>[0]['error'], tokens?: number) =>
        metrics?.attempt({
          purpose: 'embedding',
          model,
          seconds: (performance.now() - started) / 1000,
          ...(outcome ? { error: outcome } : {}),
          ...(tokens === undefined ? {} : { usage: { input: tokens, output: 0 } }),
        });
      try {
        const answer = await client.embeddings.create({ model, input, ...dimensions }, { signal, headers: { [purposeHeader]: 'embedding' } });
        record(undefined, answer.usage?.prompt_tokens);
        return answer;
      } catch (error) {
        record(llmErrorKind(error, signal));
        throw error;
      }
    });

  return {
    model,
    async embed(texts) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        vectors.push(...vectorsOf(await embedBatch(batch), batch.length));
      }
      return vectors;
    },
  };
}
