export * from './hmac.js';
