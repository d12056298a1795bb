import type { PlatformBus, Subscription } from '@parley/bus';
import type { SessionCleanupService } from './session-cleanup.service.js';

/** The durable consumer's name: replicas share it, so each closed link is handled by one of them. */
export const LINK_CLOSED_DURABLE = 'sessions-link-closed';

/**
 * Ends a link's sessions as soon as it is deactivated or deleted. A failure naks the event and
 * the bus redelivers it; ending again ends nothing twice (only active sessions are ended).
 */
export function consumeLinkClosed(bus: PlatformBus, cleanup: SessionCleanupService): Subscription {
  return bus.consume('events.link.closed', LINK_CLOSED_DURABLE, async (event) => {
    await cleanup.endForLinks([event.linkId], event.reason);
  });
}
