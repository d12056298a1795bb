import { handler } from './handler.js';

/** Erases an email's share of the links service, in one transaction (docs/api.md, "Privacy"). */
export default handler('links.privacy.erase-link-data', ({ privacy }) => (req) => privacy.eraseEmail(req.tenantId, req.email));
