import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` + base64
 * of random bytes; a delivery carries `webhook-id` (the same on every attempt of it),
 * `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`: `v1,` + base64
 * HMAC-SHA256, keyed with the secret's decoded bytes, over `${id}.${timestamp}.${body}`.
 */

const SECRET_PREFIX = 'whsec_';

/** 32 random bytes (256 bits), above the 24 the standard asks at least. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function signatureHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
}
