import { handler } from './handler.js';

/** A page of an email's personalised links, for its export (docs/api.md, "Privacy"). */
export default handler('links.privacy.links', ({ privacy }) => (req) => privacy.links(req.tenantId, req.email, req.after, req.limit));
