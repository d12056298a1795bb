import type { PlatformBus, Subscription } from '@parley/bus';
import type { SecurityEventRepository } from './security-event.repository.js';

/** The durable consumer's name: replicas share it, so each event is stored by one of them. */
export const SECURITY_EVENTS_DURABLE = 'links-security-events';

/**
 * Stores every `security.refused` event for analytics. A failed insert naks the event and the bus
 * redelivers it; the insert is idempotent, so a redelivery after a lost ack stores nothing twice.
 */
export function consumeSecurityEvents(bus: PlatformBus, repository: SecurityEventRepository): Subscription {
  return bus.consume('events.security.refused', SECURITY_EVENTS_DURABLE, async (event) => {
    await repository.store(event);
  });
}
