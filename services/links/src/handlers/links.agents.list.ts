import { handler } from './handler.js';

/** The tenant's agents. */
export default handler('links.agents.list', ({ registry }) => (req) => registry.listAgents(req.tenantId));
