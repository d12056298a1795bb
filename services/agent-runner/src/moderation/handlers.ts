import { AppError } from '@parley/contracts';
import { handler } from './handler.js';

const unavailable = (message: string) => new AppError('unavailable', message, { details: { reason: 'moderation_unavailable' } });

/** A message judged by the moderation endpoint for a content rule (docs/api.md "Content rules"); its text is never logged. */
export default handler('runner.moderate', ({ moderator, logger }) => async ({ text }) => {
  if (!moderator) throw unavailable('no moderation endpoint is configured');
  try {
    return await moderator.moderate(text);
  } catch (error) {
    logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'moderation could not be asked');
    throw unavailable('the moderation endpoint could not be asked');
  }
});
