import { handler } from './handler.js';

/** A tenant API key, shown this once (only its SHA-256 is kept). */
export default handler('links.tenants.create-key', ({ registry }) => (req) => registry.createKey(req.tenantId, req.name, req.role, req.expiresAt));
