import { AppError } from '@parley/contracts';
import { handlers } from '../parts.js';

const unavailable = (message: string) => new AppError('unavailable', message, { details: { reason: 'moderation_unavailable' } });

/** Content rules' `moderation` check, asked of the moderation endpoint. */
export const moderationHandlers = handlers({
  /** A message judged by the moderation endpoint for a content rule (docs/public-chat-api.md "Content rules"); its text is never logged. */
  'runner.moderate':
    ({ moderator, logger }) =>
    async ({ text }) => {
      if (!moderator) throw unavailable('no moderation endpoint is configured');
      try {
        return await moderator.moderate(text);
      } catch (error) {
        logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'moderation could not be asked');
        throw unavailable('the moderation endpoint could not be asked');
      }
    },
});
