import { handler } from './handler.js';

/** Every delivery of a link's URL. */
export default handler('links.links.deliveries', ({ links }) => (req) => links.deliveries(req.tenantId, req.linkId));
