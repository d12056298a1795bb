import type { PlatformBus, Subscription } from '@parley/bus';
import type { WebhookService } from './webhook.service.js';
import {
  conversationEnded,
  conversationResolved,
  conversationStarted,
  escalationChanged,
  feedbackReceived,
  linkCreated,
  linkExpired,
  securityAlert,
} from './webhook-events.js';

/** The durable consumers' name (one JetStream consumer per event): replicas share them. */
export const WEBHOOK_EVENTS_DURABLE = 'links-webhooks';

/**
 * Turns the platform's events into webhook deliveries, through durable JetStream consumers: an
 * event published while this service is down waits in the stream, and one whose handler fails
 * (the database away) is redelivered with the catalog's backoff. An event is acknowledged only
 * once its delivery rows are committed, and those rows are unique per (webhook, event), so a
 * redelivery after a lost acknowledgement creates nothing twice.
 */
export function consumeWebhookEvents(bus: PlatformBus, webhooks: WebhookService): Subscription {
  const fanOut = async (source: Parameters<WebhookService['fanOut']>[0]) => {
    await webhooks.fanOut(source);
  };
  const subscriptions = [
    bus.consume('events.session.created', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(conversationStarted(event))),
    bus.consume('events.session.ended', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(conversationEnded(event))),
    bus.consume('events.escalation.created', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(escalationChanged('escalation.created', event))),
    bus.consume('events.escalation.assigned', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(escalationChanged('escalation.assigned', event))),
    bus.consume('events.escalation.claimed', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(escalationChanged('escalation.claimed', event))),
    bus.consume('events.escalation.closed', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(escalationChanged('escalation.closed', event))),
    bus.consume('events.link.created', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(linkCreated(event))),
    bus.consume('events.link.closed', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(linkExpired(event))),
    bus.consume('events.security.refused', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(securityAlert(event))),
    bus.consume('events.feedback.received', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(feedbackReceived(event))),
    bus.consume('events.conversation.resolved', WEBHOOK_EVENTS_DURABLE, (event) => fanOut(conversationResolved(event))),
  ];
  return {
    drain: async () => {
      await Promise.all(subscriptions.map((subscription) => subscription.drain()));
    },
  };
}
