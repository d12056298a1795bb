import { handler } from './handler.js';

/** Every tenant, or only the one a console signed in with a key may act on. */
export default handler('links.tenants.list', ({ registry }) => (req) => registry.listTenants(req.tenantId));
