import { randomBytes } from 'node:crypto';

/**
 * Request ids need to be unique, not secret: a random per-process prefix and a counter, instead
 * of random bytes on every request of the hot path.
 */
const requestIdPrefix = `req_${randomBytes(6).toString('base64url')}`;
let requestCounter = 0;

export const nextRequestId = (): string => `${requestIdPrefix}${(requestCounter++).toString(36)}`;

/** A caller's own X-Request-Id is kept when it is a plain token; anything else gets ours. */
export function requestIdFrom(given: unknown): string {
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : nextRequestId();
}
