import type { PlatformBus, Subscription } from '@parley/bus';
import type { SentimentService } from './sentiment.service.js';

/** The durable consumer's name: replicas share it, so each ended conversation is classified by one of them. */
export const MEMORY_SENTIMENT_DURABLE = 'memory-sentiment';

/**
 * Classifies each conversation that ends (docs/management-api.md "Sentiment"). Acknowledged once its
 * sentiment is published; a failure (the LLM, the sessions service) naks it and the bus
 * redelivers it, and a redelivery of one already kept classifies nothing again.
 */
export function consumeSessionEnded(bus: PlatformBus, sentiment: SentimentService): Subscription {
  return bus.consume('events.session.ended', MEMORY_SENTIMENT_DURABLE, (event, ctx) => sentiment.onEnded(event, ctx.deliveryCount));
}
