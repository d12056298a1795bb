import { createHmac, randomBytes } from 'node:crypto';
import { signaturesEqual } from './hmac.js';

/**
 * Signed visitor identity: a host site's backend vouches for its signed-in user with
 * `user_hash` = hex HMAC-SHA256(the link's identity secret, user_id); the page hands both to the
 * widget. The secret is the key exactly as handed out (its UTF-8 bytes).
 */
export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** Whether `userHash` is the user's hash under `secret`, compared in constant time (false for anything not 64 hex digits). */
export function identityHashValid(secret: string, userId: string, userHash: string): boolean {
  return signaturesEqual(identityHash(secret, userId), userHash);
}

/** A new identity secret: 256 random bits as 64 hex digits, easy to paste into any backend's config. */
export function newIdentitySecret(): string {
  return randomBytes(32).toString('hex');
}
