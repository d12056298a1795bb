import { createHash, randomBytes } from 'node:crypto';

/**
 * The one home of secret hashing and generation: keys, link tokens and session credentials are
 * stored only as their SHA-256, and generated from the system's CSPRNG.
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `bytes` random bytes as base64url (no padding): 24 bytes give 32 characters, 192 bits. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
