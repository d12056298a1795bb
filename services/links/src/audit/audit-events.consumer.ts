import type { PlatformBus, Subscription } from '@parley/bus';
import type { AuditService } from './audit.service.js';

/** The durable consumer's name: replicas share it, so each change is appended by one of them. */
export const AUDIT_EVENTS_DURABLE = 'links-audit';

/**
 * Appends the changes the gateway records (`events.audit.recorded`) to the chain. The events are
 * ordered, so entries follow the changes; replicas share the durable, and the chain lock orders
 * their appends.
 */
export function consumeAuditEvents(bus: PlatformBus, audit: AuditService): Subscription {
  return bus.consume('events.audit.recorded', AUDIT_EVENTS_DURABLE, (event) => audit.record(event));
}
