export * from './nonce-store.js';
export * from './redis.js';
export type { LiveEvent, LiveEventLog, LiveEventName } from './live-events.js';
export { type LiveEventLogOptions, liveEventDefaults } from './live-event-ids.js';
export { type MemoryLiveEventLog, type MemoryLiveEventLogOptions, memoryLiveEventLog } from './memory-live-events.js';
export { type RedisLiveEventLog, type RedisLiveEventLogOptions, redisLiveEventLog } from './redis-live-events.js';
export { compareEventIds, type ParsedEventId, parseEventId } from './live-event-ids.js';
