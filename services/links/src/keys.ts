import { createHash, randomBytes } from 'node:crypto';

/** Tenant API keys: `prl_` + 192 random bits. Only the SHA-256 is stored; the key is shown once. */
export function newTenantKey(): { keyId: string; key: string; keyHash: string; prefix: string } {
  const key = `prl_${randomBytes(24).toString('base64url')}`;
  return { keyId: `key_${randomBytes(9).toString('base64url')}`, key, keyHash: hashKey(key), prefix: key.slice(0, 8) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
