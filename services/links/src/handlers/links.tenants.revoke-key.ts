import { handler } from './handler.js';

/** Revokes a key, and has every gateway forget it now rather than when its key cache runs out. */
export default handler('links.tenants.revoke-key', ({ registry, broadcasts }) => async (req) => {
  const revoked = await registry.revokeKey(req.tenantId, req.keyId);
  await broadcasts.keyRevoked(revoked.keyId);
  return revoked;
});
