import { handler } from './handler.js';

/** A key's tenant, by the key's SHA-256: how the gateway authenticates management requests. */
export default handler('links.tenants.resolve-key', ({ registry }) => (req) => registry.resolveKey(req.keyHash));
