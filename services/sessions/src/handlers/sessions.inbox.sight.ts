import { handler } from './handler.js';

/** The teams whose escalations an operator's inbox stream passes on besides the tenant's queue and their own. */
export default handler('sessions.inbox.sight', ({ escalations }) => (req) => escalations.sight(req.tenantId, req.memberId));
