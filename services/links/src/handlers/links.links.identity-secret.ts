import { handler } from './handler.js';

/** A new identity secret for the link, the only time it leaves the links service. */
export default handler('links.links.identity-secret', ({ links }) => (req) => links.rotateIdentitySecret(req.tenantId, req.agentName, req.linkId));
