import { handler } from './handler.js';

/** A tenant's new agent, its config the first version. */
export default handler('links.agents.create', ({ registry }) => (req) => registry.createAgent(req.tenantId, req.name, req.config));
