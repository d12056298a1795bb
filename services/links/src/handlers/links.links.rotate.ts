import { handler } from './handler.js';

/** A new token for the link, optionally sent. */
export default handler('links.links.rotate', ({ links }) => (req) => links.rotate(req.tenantId, req.agentName, req.linkId, req.send, req.publicBaseUrl));
