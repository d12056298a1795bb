import { randomToken, sha256Hex } from '@parley/auth';

/** Tenant API keys: `prl_` + 192 random bits. Only the SHA-256 is stored; the key is shown once. */
export function newTenantKey(): { keyId: string; key: string; keyHash: string; prefix: string } {
  const key = `prl_${randomToken(24)}`;
  return { keyId: `key_${randomToken(9)}`, key, keyHash: sha256Hex(key), prefix: key.slice(0, 8) };
}
