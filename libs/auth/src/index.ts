export * from './hmac.js';
export * from './secrets.js';
export * from './passcode.js';
export * from './identity.js';
