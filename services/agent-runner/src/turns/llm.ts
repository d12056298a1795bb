import { createOpenAiLlm, createOpenAiModerator, type Moderator, noLlm } from '@parley/llm';
import type { Logger } from '@parley/logger';
import { llmMetrics } from '@parley/service';
import type { Registry } from 'prom-client';
import type { WorkflowLlm } from '@parley/workflow';

/** The configured LLM, or none when neither a key nor an endpoint is set; its calls are counted in `registry` when given. */
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
    ...(registry ? { metrics: llmMetrics(registry) } : {}),
  });
}

/** The moderation endpoint on the configured LLM's server (MODERATION_MODEL), or none without an LLM: content rules' `moderation` then cannot be asked. */
export function moderatorFromConfig(
  config: { apiKey: string | undefined; baseUrl: string | undefined; timeoutMs: number; maxRetries: number; moderationModel?: string | undefined },
  logger: Logger,
): Moderator | undefined {
  return createOpenAiModerator({
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    logger,
    model: config.moderationModel,
  });
}
