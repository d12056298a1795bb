export * from './nonce-store.js';
export * from './redis.js';
export type { LiveEvent, LiveEventLog, LiveEventName } from './live-events.js';
