import { handler } from './handler.js';

/** A member of the tenant (docs/api.md, "Members"). */
export default handler('links.members.create', ({ members }) => (req) => members.create(req.tenantId, req.email, req.name, req.role));
