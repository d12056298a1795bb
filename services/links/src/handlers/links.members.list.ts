import { handler } from './handler.js';

/** The tenant's members. */
export default handler('links.members.list', ({ members }) => (req) => members.list(req.tenantId));
