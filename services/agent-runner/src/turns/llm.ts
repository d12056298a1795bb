import { createOpenAiLlm, noLlm } from '@parley/llm';
import type { Logger } from '@parley/logger';
import { llmMetrics, llmObserver } from '@parley/service';
import type { WorkflowLlm } from '@parley/workflow';
import type { Registry } from 'prom-client';

/** The configured LLM, or none when neither a key nor an endpoint is set; its calls are traced, and counted in `registry` when given. */
export function llmFromConfig(
  config: { apiKey: string | undefined; baseUrl: string | undefined; timeoutMs: number; maxRetries: number },
  logger: Logger,
  registry?: Registry,
): WorkflowLlm {
  if (!config.apiKey && !config.baseUrl) return noLlm();
  return createOpenAiLlm({
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    logger,
    // Each attempt counted (with a registry) and traced as a `chat {model}` span (docs/architecture.md).
    metrics: llmObserver(registry ? llmMetrics(registry) : undefined),
  });
}
