import { createOpenAiLlm, noLlm } from '@parley/llm';
import type { Logger } from '@parley/logger';
import type { WorkflowLlm } from '@parley/workflow';

/** The configured LLM, or none when neither a key nor an endpoint is set. */
export function llmFromConfig(
  config: { apiKey: string | undefined; baseUrl: string | undefined; timeoutMs: number; maxRetries: number },
  logger: Logger,
): WorkflowLlm {
  if (!config.apiKey && !config.baseUrl) return noLlm();
  return createOpenAiLlm({
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    logger,
  });
}
