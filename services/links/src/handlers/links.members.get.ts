import { handler } from './handler.js';

/** A member of the tenant. */
export default handler('links.members.get', ({ members }) => (req) => members.get(req.tenantId, req.memberId));
