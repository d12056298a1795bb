import { handler } from './handler.js';

/** A page of the sendings to an email and of its links, for its export (docs/api.md, "Privacy"). */
export default handler('links.privacy.link-deliveries', ({ privacy }) => (req) => privacy.deliveries(req.tenantId, req.email, req.after, req.limit));
