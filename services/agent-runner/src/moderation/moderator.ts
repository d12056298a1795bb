import { createOpenAiModerator, type Moderator } from '@parley/llm';
import type { Logger } from '@parley/logger';

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
