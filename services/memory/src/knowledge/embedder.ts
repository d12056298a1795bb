import { createEmbedder } from '@parley/llm';
import type { Logger } from '@parley/logger';
import { llmMetrics } from '@parley/service';
import type { Registry } from 'prom-client';
import type { MemoryLlmConfig } from '../memories/llm.js';

/**
 * What knowledge needs of an embeddings endpoint (an OpenAI-compatible `/embeddings`, docs/knowledge.md
 * "How retrieval works"): one vector per text, in order. Without one (EMBEDDING_MODEL unset),
 * chunks carry no embedding and retrieval is full-text search alone.
 */
export interface Embedder {
  /** Recorded with a document's chunks: only vectors of the model a question is embedded with are compared. */
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * EMBEDDING_MODEL on the endpoint the summaries use (OPENAI_BASE_URL, OPENAI_API_KEY, with their
 * timeout and retries); undefined when no model is set. Its calls are counted in `registry` when given.
 */
export function knowledgeEmbedderFrom(
  config: MemoryLlmConfig & { embeddingModel: string | undefined },
  logger: Logger,
  registry?: Registry,
): Embedder | undefined {
  if (config.embeddingModel === undefined) return undefined;
  return createEmbedder({
    model: config.embeddingModel,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    logger,
    ...(registry ? { metrics: llmMetrics(registry) } : {}),
  });
}
