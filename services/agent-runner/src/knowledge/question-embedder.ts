import { createEmbedder, type Embedder } from '@parley/llm';
import type { Logger } from '@parley/logger';
import { llmMetrics } from '@parley/service';
import type { Registry } from 'prom-client';

/**
 * How long a turn waits for its question's embedding before searching with full-text alone
 * (docs/knowledge.md "Answering a question"): an embedding takes a fraction of a second, and a
 * slow endpoint costs the question its similarity, not the turn its time.
 */
export const QUESTION_EMBEDDING_BUDGET_MS = 2_000;

/**
 * The embedder of visitors' questions: EMBEDDING_MODEL on the endpoint the runner's prompts use
 * (OPENAI_BASE_URL, OPENAI_API_KEY); undefined when no model is set. One attempt, cut at the
 * budget: a retry would come after the turn stopped waiting. Its calls are counted in `registry` when given.
 */
export function questionEmbedderFrom(
  config: { apiKey: string | undefined; baseUrl: string | undefined; timeoutMs: number; embeddingModel: string | undefined },
  logger: Logger,
  registry?: Registry,
  budgetMs: number = QUESTION_EMBEDDING_BUDGET_MS,
): Embedder | undefined {
  if (config.embeddingModel === undefined) return undefined;
  return createEmbedder({
    model: config.embeddingModel,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    timeoutMs: Math.min(config.timeoutMs, budgetMs),
    maxRetries: 0,
    logger,
    ...(registry ? { metrics: llmMetrics(registry) } : {}),
  });
}
