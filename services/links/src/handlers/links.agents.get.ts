import { handler } from './handler.js';

/** An agent of the tenant, by name. */
export default handler('links.agents.get', ({ registry }) => (req) => registry.getAgent(req.tenantId, req.name));
