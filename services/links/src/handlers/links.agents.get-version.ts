import { handler } from './handler.js';

/** One version of an agent with its config, drafts included. */
export default handler('links.agents.get-version', ({ registry }) => (req) => registry.getVersion(req.tenantId, req.name, req.version));
