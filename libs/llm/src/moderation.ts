import type { Logger } from '@parley/logger';
import { type OpenAiLlmOptions, openAiClient } from './openai-llm.js';
import { purposeHeader } from './purpose.js';
import { withRetries } from './retry.js';

/** OpenAI's current moderation model; any OpenAI-compatible `/moderations` endpoint names its own. */
export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';

/** An OpenAI-compatible `/moderations` endpoint: whether a text is flagged, and in which categories. */
export interface Moderator {
  /** Throws LlmUnavailableError when the endpoint cannot be asked (after its retries). */
  moderate(text: string): Promise<{ flagged: boolean; categories: string[] }>;
}

/**
 * The moderator on the same OpenAI-compatible endpoint as the LLM (its key, URL, timeout and
 * retries), asking `model`; undefined when neither key nor URL is set. The text is never logged.
 */
export function createOpenAiModerator(options: OpenAiLlmOptions & { model?: string | undefined }): Moderator | undefined {
  if (!options.apiKey && !options.baseUrl) return undefined;
  const logger: Logger = options.logger.child({ component: 'moderation' });
  const { client, policy } = openAiClient(options, logger);
  const model = options.model ?? DEFAULT_MODERATION_MODEL;
  return {
    async moderate(text) {
      const answer = await withRetries({ policy, logger, purpose: 'moderation', model }, (signal) =>
        client.moderations.create({ model, input: text }, { signal, headers: { [purposeHeader]: 'moderation' } }),
      );
      const results = answer.results ?? [];
      const categories = new Set<string>();
      for (const result of results) {
        for (const [category, hit] of Object.entries(result.categories ?? {})) if (hit) categories.add(category);
      }
      return { flagged: results.some((result) => result.flagged), categories: [...categories] };
    },
  };
}
