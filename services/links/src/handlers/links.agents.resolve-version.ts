import { handler } from './handler.js';

/** The version a new session runs: the pinned one if it exists, else the active one. */
export default handler('links.agents.resolve-version', ({ registry }) => (req) => registry.resolveVersion(req.tenantId, req.agentId, req.version));
