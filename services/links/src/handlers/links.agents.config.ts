import { handler } from './handler.js';

/** A version's config (versions never change, so callers cache it for good). */
export default handler('links.agents.config', ({ registry }) => (req) => registry.config(req.agentId, req.version));
