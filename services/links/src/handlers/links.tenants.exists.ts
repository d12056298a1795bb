import { handler } from './handler.js';

/** Whether a tenant exists. */
export default handler('links.tenants.exists', ({ registry }) => async (req) => ({ exists: await registry.tenantExists(req.tenantId) }));
