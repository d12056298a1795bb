export * from './hmac.js';
export * from './secrets.js';
export * from './passcode.js';
