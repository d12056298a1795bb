import { handlers } from '../parts.js';

/** Tenant API keys: made, listed, revoked, resolved by hash when the gateway authenticates a management request. */
export const keyHandlers = handlers({
  /** A tenant API key, shown this once (only its SHA-256 is kept). */
  'links.tenants.create-key':
    ({ keys }) =>
    (req) =>
      keys.createKey(req.tenantId, req.name, req.role, req.expiresAt),
  /** The tenant's keys, revoked and expired ones too; never a key or its hash. */
  'links.tenants.list-keys':
    ({ keys }) =>
    (req) =>
      keys.listKeys(req.tenantId),
  /** Revokes a key, and has every gateway forget it now rather than when its key cache runs out. */
  'links.tenants.revoke-key':
    ({ keys, broadcasts }) =>
    async (req) => {
      const revoked = await keys.revokeKey(req.tenantId, req.keyId);
      await broadcasts.keyRevoked(revoked.keyId);
      return revoked;
    },
  /** Notes that a key was used now (at most once a minute). */
  'links.tenants.touch-key':
    ({ keys }) =>
    (req) =>
      keys.touchKey(req.keyId),
  /** A key's tenant, by the key's SHA-256: how the gateway authenticates management requests. */
  'links.tenants.resolve-key':
    ({ keys }) =>
    (req) =>
      keys.resolveKey(req.keyHash),
});
