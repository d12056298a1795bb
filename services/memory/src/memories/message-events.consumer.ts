import type { PlatformBus, Subscription } from '@parley/bus';
import type { MemoryService } from './memory.service.js';

/** The durable consumer's name: replicas share it, so each message is counted by one of them. */
export const MEMORY_MESSAGES_DURABLE = 'memory-messages';

/**
 * Counts every stored message of a verified or signed-in visitor into their memory. Acknowledged once the
 * count (and the summary it made due) is committed; a failure naks it and the bus redelivers it,
 * which counts nothing twice.
 */
export function consumeMessageEvents(bus: PlatformBus, memory: MemoryService): Subscription {
  return bus.consume('events.message.stored', MEMORY_MESSAGES_DURABLE, async (event) => {
    // One event a turn; each message is counted by its id, so a redelivered event counts none twice.
    for (const message of event.messages) await memory.onMessage({ ...event, messageId: message.messageId, role: message.role });
  });
}
