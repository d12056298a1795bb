import { handler } from './handler.js';

/** A new version of an agent's config. */
export default handler('links.agents.create-version', ({ registry }) => (req) => registry.createVersion(req.tenantId, req.name, req.config));
