import { handler } from './handler.js';

/** Which version new sessions of the agent run. */
export default handler('links.agents.set-active-version', ({ registry }) => (req) => registry.setActiveVersion(req.tenantId, req.name, req.version));
