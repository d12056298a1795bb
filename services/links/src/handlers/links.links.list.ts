import { handler } from './handler.js';

/** An agent's links. */
export default handler('links.links.list', ({ links }) => (req) => links.list(req.tenantId, req.agentName));
