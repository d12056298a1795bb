import { handler } from './handler.js';

/** The tenant's keys, revoked and expired ones too; never a key or its hash. */
export default handler('links.tenants.list-keys', ({ registry }) => (req) => registry.listKeys(req.tenantId));
