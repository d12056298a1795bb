import type { PlatformBus, Subscription } from '@parley/bus';
import type { Logger } from '@parley/logger';
import type { ConversationSentimentRepository } from './sentiment.repository.js';

/** The durable consumer's name: replicas share it, so each classification is kept by one of them. */
export const SENTIMENT_DURABLE = 'sessions-sentiment';

/**
 * Keeps each ended conversation's sentiment on it (docs/management-api.md "Sentiment"). The first one wins,
 * so a redelivered event, or a second classification of the same conversation, changes nothing.
 */
export function consumeSentiment(bus: PlatformBus, sentiments: ConversationSentimentRepository, logger: Logger): Subscription {
  return bus.consume('events.session.sentiment', SENTIMENT_DURABLE, async (event) => {
    const kept = await sentiments.record(event);
    if (!kept) logger.debug({ conversationId: event.conversationId }, 'sentiment already kept (or the conversation is gone): left as it was');
  });
}
