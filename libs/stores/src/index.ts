export { compareEventIds, type LiveEventLogOptions, liveEventDefaults, type ParsedEventId, parseEventId } from './live-event-ids.js';
export type { LiveEventLog, LoggedEvent } from './live-events.js';
export { type MemoryLiveEventLog, type MemoryLiveEventLogOptions, memoryLiveEventLog } from './memory-live-events.js';
export * from './nonce-store.js';
export * from './redis.js';
export { type RedisLiveEventLog, type RedisLiveEventLogOptions, redisLiveEventLog } from './redis-live-events.js';
export { redisScript } from './redis-scripts.js';
export { inboxLogKey, memoryOperatorPresence, type OperatorPresence, redisOperatorPresence } from './operator-presence.js';
