export * from './nonce-store.js';
export * from './redis.js';
