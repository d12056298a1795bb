import { createOpenAiLlm } from '@parley/llm';
import type { Logger } from '@parley/logger';
import { llmMetrics } from '@parley/service';
import type { WorkflowLlm } from '@parley/workflow';
import type { Registry } from 'prom-client';

/** The LLM settings as config.ts gives them. */
export interface MemoryLlmConfig {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  timeoutMs: number;
  maxRetries: number;
}

/**
 * The summaries' LLM (none when neither key nor endpoint is set), and the longest one call may
 * take; its calls are counted in `registry` when given.
 */
export function memoryLlmFrom(config: MemoryLlmConfig, logger: Logger, registry?: Registry): { llm: WorkflowLlm; budgetMs: number } {
  const llm = createOpenAiLlm({
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    logger,
    ...(registry ? { metrics: llmMetrics(registry) } : {}),
  });
  return { llm, budgetMs: llmBudgetMs(config) };
}

/** The longest one LLM call may take: each attempt up to the timeout, plus the retries' backoff (at most 5 s each in @parley/llm). */
export function llmBudgetMs(config: { timeoutMs: number; maxRetries: number }): number {
  return (config.maxRetries + 1) * config.timeoutMs + config.maxRetries * 5_000;
}
